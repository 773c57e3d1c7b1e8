// The state bucket's policy: it must refuse plain HTTP, and grant nothing to everyone or to another account.
import type { Statement } from '../../iam/document.ts';
import { BUCKET_SIDS } from '../../policy/bucket-policy.ts';
import type { AuditContext } from '../context.ts';
import { applyOr, shellJson } from '../fixes.ts';
import { actionCovers, conditionsOn, listOf, resourceCovers, statementsOf } from '../statements.ts';
import type { Hit, Rule } from '../types.ts';

type Bucket = AuditContext['readableBuckets'][number];

const everyone = (s: Statement): boolean =>
  s.Principal === '*' || (typeof s.Principal === 'object' && listOf(s.Principal.AWS).includes('*'));

/** A Deny to everyone of every S3 action on the bucket and its objects while aws:SecureTransport is false. */
function deniesPlainHttp(statement: Statement, arn: string): boolean {
  if (statement.Effect !== 'Deny' || !everyone(statement)) return false;
  const covers = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'].every((a) => actionCovers(statement, a));
  const insecure = conditionsOn(statement, 'aws:SecureTransport').some(
    (e) => /^Bool(IfExists)?$/.test(e.operator) && e.values.map((v) => v.toLowerCase()).includes('false'),
  );
  return covers && insecure && resourceCovers(statement, `${arn}/x`) && resourceCovers(statement, arn);
}

export const noTlsDeny: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-005',
    severity: 'medium',
    title: 'State bucket policy does not refuse plain HTTP',
    rationale: 'A Deny on aws:SecureTransport=false keeps state (and its secrets) off unencrypted connections.',
  },
  check: (context) =>
    context.readableBuckets.flatMap((bucket): Hit[] => {
      const statements = statementsOf(bucket.settings.policy);
      if (statements.some((s) => deniesPlainHttp(s, bucket.arn))) return [];
      const statement = {
        Sid: BUCKET_SIDS.tls,
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      };
      return [
        {
          project: bucket.project,
          resource: bucket.arn,
          message: `The policy of ${bucket.name} lets requests over plain HTTP through.`,
          evidence: bucket.settings.policy
            ? `no Deny of s3:* to "*" on the bucket and its objects with Bool aws:SecureTransport = false among ${statements.length} statement(s)`
            : 'GetBucketPolicy: NoSuchBucketPolicy',
          fix: applyOr(
            context,
            bucket.project,
            `add this statement to the bucket policy (aws s3api get-bucket-policy, then put-bucket-policy --bucket ${bucket.name} --policy with it added): ${shellJson(statement)}`,
          ),
        },
      ];
    }),
};

/** Accounts other than ours that a statement's AWS principal names ('*' for everyone). */
function outsiders(statement: Statement, account: string): string[] {
  if (statement.Principal === '*') return ['*'];
  if (typeof statement.Principal !== 'object') return [];
  const named = [
    ...listOf(statement.Principal.AWS).map((entry) => (entry === '*' ? '*' : accountOf(entry))),
    ...listOf(statement.Principal.CanonicalUser).map((id) => `canonical user ${id}`),
  ];
  return [...new Set(named.filter((who) => who !== account))];
}

const accountOf = (entry: string): string => (/^\d{12}$/.test(entry) ? entry : (entry.split(':')[4] ?? entry));

/** A '*' grant limited to our own account by aws:PrincipalAccount (or to our ARNs by aws:PrincipalArn) is not public. */
function limitedToAccount(statement: Statement, account: string): boolean {
  const pinned = (key: string, valueIsOurs: (v: string) => boolean) =>
    conditionsOn(statement, key).some(
      (e) => /^(StringEquals|StringLike|ArnEquals|ArnLike)$/.test(e.operator) && e.values.every(valueIsOurs),
    );
  return (
    pinned('aws:PrincipalAccount', (v) => v === account) ||
    pinned('aws:PrincipalArn', (v) => v.split(':')[4] === account)
  );
}

function grantsOutside(bucket: Bucket, account: string): Array<{ label: string; who: string[] }> {
  return statementsOf(bucket.settings.policy).flatMap((statement, index) => {
    if (statement.Effect !== 'Allow') return [];
    let who = outsiders(statement, account);
    if (who.includes('*') && limitedToAccount(statement, account)) who = who.filter((w) => w !== '*');
    return who.length > 0 ? [{ label: `bucket policy statement ${statement.Sid ?? `#${index}`}`, who }] : [];
  });
}

export const grantsToOthers: Rule<AuditContext> = {
  meta: {
    id: 'SW-BUCKET-006',
    severity: 'high',
    title: 'State bucket policy grants access to everyone or another account',
    rationale: 'State must be reachable only through the project role of this account.',
  },
  check: (context) =>
    context.readableBuckets.flatMap((bucket) =>
      grantsOutside(bucket, context.snapshot.account).map(
        (grant): Hit => ({
          project: bucket.project,
          resource: bucket.arn,
          message: `The policy of ${bucket.name} allows ${grant.who.includes('*') ? 'everyone' : `account ${grant.who.join(', ')}`} in.`,
          evidence: `${grant.label}: Effect Allow, Principal ${grant.who.join(', ')}`,
          fix: `Remove ${grant.label.replace('bucket policy ', '')} from the policy of ${bucket.name} (aws s3api get-bucket-policy --bucket ${bucket.name}, delete it, then aws s3api put-bucket-policy); readers belong in \`reads\` of the config, which grants through IAM roles.`,
        }),
      ),
    ),
};
