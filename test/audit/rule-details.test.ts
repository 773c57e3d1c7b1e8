// The finer points of the rules: what counts as MFA, as one repo, as another account, as a reads grant,
// and that each fix document is one that would pass the audit.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT, bucketArnOf, cleanSnapshot, findings, ids, role, roleArnOf, statementsOfBucket } from './fixtures.ts';

const GH = 'token.actions.githubusercontent.com';

test('BoolIfExists on MFA is not MFA (long-term keys carry no MFA key), and the fix writes Bool instead', () => {
  const snapshot = cleanSnapshot();
  const humans = role(snapshot, 'proxmox').observed.trust!.Statement[1]!;
  humans.Condition = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } };
  const [finding] = findings(snapshot);
  assert.equal(finding?.rule, 'SW-TRUST-004');
  assert.match(finding!.evidence, /BoolIfExists/);
  const document = JSON.parse(/--policy-document '(.*)'$/.exec(finding!.fix)![1]!);
  role(snapshot, 'proxmox').observed.trust = document;
  assert.deepEqual(findings(snapshot), []);
  assert.equal(JSON.stringify(document).includes('BoolIfExists'), false);
});

test('the fix for a widened subject, applied, passes the audit', () => {
  const snapshot = cleanSnapshot();
  role(snapshot, 'dns').observed.trust!.Statement[0]!.Condition = {
    StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
    StringLike: { [`${GH}:sub`]: ['repo:acme/terraform-dns:environment:*-prod', 'repo:acme/*:ref:refs/heads/main'] },
  };
  const [finding, ...rest] = findings(snapshot);
  assert.equal(finding?.rule, 'SW-TRUST-002');
  const document = JSON.parse(/--policy-document '(.*)'$/.exec(finding!.fix)![1]!);
  assert.deepEqual(
    document.Statement[0].Condition.StringLike[`${GH}:sub`],
    'repo:acme/terraform-dns:environment:*-prod',
  );
  // The environment wildcard admits any branch that names such an environment: SW-TRUST-006 says so apart.
  assert.deepEqual(
    rest.map((f) => f.rule),
    ['SW-TRUST-006'],
  );
  role(snapshot, 'dns').observed.trust = document;
  const [remaining] = findings(snapshot);
  assert.equal(remaining?.rule, 'SW-TRUST-006');
  role(snapshot, 'dns').observed.trust = JSON.parse(/--policy-document '(.*)'$/.exec(remaining!.fix)![1]!);
  assert.deepEqual(findings(snapshot), []);
});

test('SW-TRUST-006: the fix for an apply role that trusts every workflow (named and immutable forms), applied, audits clean', () => {
  const snapshot = cleanSnapshot();
  role(snapshot, 'proxmox').observed.trust!.Statement[0]!.Condition = {
    StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
    StringLike: {
      [`${GH}:sub`]: [
        'repo:acme/terraform-proxmox:*',
        'repo:acme@123456/terraform-proxmox@456789:*',
        'repo:acme/terraform-proxmox:environment:production',
      ],
    },
  };
  const [finding, ...rest] = findings(snapshot);
  assert.deepEqual([finding?.rule, rest.length], ['SW-TRUST-006', 0]);
  assert.match(finding!.message, /can apply from a pull request or any branch/);
  const fixed = JSON.parse(/--policy-document '(.*)'$/.exec(finding!.fix)![1]!);
  assert.deepEqual(fixed.Statement[0].Condition.StringEquals[`${GH}:sub`], [
    'repo:acme/terraform-proxmox:environment:production',
    'repo:acme/terraform-proxmox:ref:refs/heads/main',
    'repo:acme@123456/terraform-proxmox@456789:ref:refs/heads/main',
  ]);
  role(snapshot, 'proxmox').observed.trust = fixed;
  assert.deepEqual(findings(snapshot), []);
});

test('SW-TRUST-006 spares plan roles (pull requests are theirs) and projects that opted out in the config', () => {
  const snapshot = cleanSnapshot({ withConfig: true });
  const plan = snapshot.roles.find((r) => r.name === 'tf-network.plan')!;
  assert.match(JSON.stringify(plan.observed!.trust), /:pull_request/);
  const network = role(snapshot, 'network');
  network.observed.trust!.Statement[0]!.Condition = {
    StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com', [`${GH}:sub`]: 'repo:acme/terraform-network:pull_request' },
  };
  assert.deepEqual(ids(findings(snapshot)), [`SW-TRUST-006 ${roleArnOf('network')}`]);
  snapshot.config!.projects.find((p) => p.name === 'network')!.allowPullRequestApply = true;
  assert.deepEqual(ids(findings(snapshot)), []);
});

test('subjects pinned to one repo pass in every form GitHub issues; wildcards in the repo or "*" do not', () => {
  const pinned = [
    'repo:acme/terraform-dns:environment:prod',
    'repo:acme@123456/terraform-dns@42:ref:refs/heads/main',
    'repo:acme/terraform-dns:ref:refs/heads/main',
  ];
  const wide = ['*', 'repo:*', 'repo:acme/terraform-*:*', 'repo:acme/*:pull_request'];
  for (const [values, expected] of [
    [pinned, []],
    ...wide.map((w) => [[w], [`SW-TRUST-002 ${roleArnOf('dns')}`]]),
  ] as Array<[string[], string[]]>) {
    const snapshot = cleanSnapshot();
    role(snapshot, 'dns').observed.trust!.Statement[0]!.Condition = {
      StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${GH}:sub`]: values },
    };
    assert.deepEqual(ids(findings(snapshot)), expected, values.join(' '));
  }
});

test('a "*" grant limited to this account by aws:PrincipalAccount is not public; limited to another account it is', () => {
  for (const [account, expected] of [
    [ACCOUNT, []],
    ['999988887777', [`SW-BUCKET-006 ${bucketArnOf('unifi')}`]],
  ] as const) {
    const snapshot = cleanSnapshot();
    statementsOfBucket(snapshot, 'unifi').push({
      Sid: 'Org',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:ListBucket',
      Resource: bucketArnOf('unifi'),
      Condition: { StringEquals: { 'aws:PrincipalAccount': account } },
    });
    assert.deepEqual(ids(findings(snapshot)), expected);
  }
});

test('with the config, a read grant on a state the project does not `reads` reaches beyond it; without, it is only a fence mismatch', () => {
  const grant = {
    Version: '2012-10-17' as const,
    Statement: [
      {
        Sid: 'ReadDns',
        Effect: 'Allow' as const,
        Action: 's3:GetObject',
        Resource: `${bucketArnOf('dns')}/dns/terraform.tfstate`,
      },
    ],
  };
  const withConfig = cleanSnapshot({ withConfig: true });
  role(withConfig, 'unifi').observed.inlinePolicies!.extra = grant;
  assert.deepEqual(ids(findings(withConfig)), [
    `SW-FENCE-003 ${roleArnOf('unifi')}`,
    `SW-ROLE-001 ${roleArnOf('unifi')}`,
  ]);
  const without = cleanSnapshot();
  role(without, 'unifi').observed.inlinePolicies!.extra = grant;
  assert.deepEqual(ids(findings(without)), [`SW-FENCE-003 ${roleArnOf('unifi')}`]);
});

test("a write grant on another project's state is reported even when that project is read", () => {
  const snapshot = cleanSnapshot();
  role(snapshot, 'proxmox').observed.inlinePolicies!.extra = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WriteNetwork',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: `${bucketArnOf('network')}/network/terraform.tfstate`,
      },
    ],
  };
  assert.deepEqual(ids(findings(snapshot)), [`SW-ROLE-001 ${roleArnOf('proxmox')}`]);
});

test('a fence Deny that carries another condition (here plain HTTP only) is no fence', () => {
  const snapshot = cleanSnapshot();
  const objects = statementsOfBucket(snapshot, 'unifi').find((s) => s.Sid === 'StatewardFenceStateObjects')!;
  objects.Condition = { ...objects.Condition, Bool: { 'aws:SecureTransport': 'false' } };
  role(snapshot, 'network').managedPolicies = [];
  assert.deepEqual(ids(findings(snapshot)), [`SW-FENCE-001 ${bucketArnOf('unifi')}`]);
  assert.match(findings(snapshot)[0]!.evidence, /objects \(StatewardFenceStateObjects\)/);
});
