// The statement-level diff the default plan shows: statements matched by Sid, added and removed, and
// for a statement in both only the fields that changed; spelling IAM ignores is no change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PolicyDocument, Statement } from '../../src/iam/document.ts';
import { policiesEqual } from '../../src/plan/canonical.ts';
import { statementDiff } from '../../src/plan/statement-diff.ts';
import { statementArbitrary } from '../iam/arbitraries.ts';
import { reshape } from './arbitraries.ts';

const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const read: Statement = { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/k' };

test('statements are matched by Sid: added, removed, changed with the fields that changed', () => {
  const table: Array<[string, PolicyDocument | null, PolicyDocument, ReturnType<typeof statementDiff>]> = [
    ['from nothing, every statement is added', null, doc(read), [{ kind: 'added', label: 'Read' }]],
    ['a statement gone', doc(read, { ...read, Sid: 'Old' }), doc(read), [{ kind: 'removed', label: 'Old' }]],
    [
      'an action added and one removed',
      doc(read),
      doc({ ...read, Action: ['s3:PutObject', 's3:ListBucket'] }),
      [
        {
          kind: 'changed',
          label: 'Read',
          fields: [{ path: 'Action', added: ['s3:ListBucket', 's3:PutObject'], removed: ['s3:GetObject'] }],
        },
      ],
    ],
    [
      'Effect and a condition value',
      doc({ ...read, Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }),
      doc({ ...read, Effect: 'Deny', Condition: { StringEquals: { 'aws:SourceVpc': ['vpc-2'] } } }),
      [
        {
          kind: 'changed',
          label: 'Read',
          fields: [
            { path: 'Effect', added: ['Deny'], removed: ['Allow'] },
            { path: 'Condition.StringEquals.aws:sourcevpc', added: ['vpc-2'], removed: ['vpc-1'] },
          ],
        },
      ],
    ],
    [
      'a principal added',
      doc({ ...read, Principal: { AWS: 'arn:aws:iam::111122223333:role/a' } }),
      doc({ ...read, Principal: { AWS: ['arn:aws:iam::111122223333:role/a', '444455556666'] } }),
      [
        {
          kind: 'changed',
          label: 'Read',
          fields: [{ path: 'Principal.AWS', added: ['arn:aws:iam::444455556666:root'], removed: [] }],
        },
      ],
    ],
    [
      'a statement without Sid that changes reads as removed and added',
      doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
      [
        { kind: 'removed', label: '(no Sid: Allow s3:GetObject)' },
        { kind: 'added', label: '(no Sid: Allow s3:GetObject)' },
      ],
    ],
    [
      'spelling IAM ignores is no change',
      doc(read, { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' }),
      doc({ Effect: 'Allow', Action: 'S3:LISTBUCKET', Resource: ['*'] }, { ...read, Action: 's3:getobject' }),
      [],
    ],
  ];
  for (const [name, old, next, expected] of table) assert.deepEqual(statementDiff(old, next), expected, name);
});

const focus = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} };
const documentArb = fc
  .uniqueArray(statementArbitrary('iso', focus), { maxLength: 4, selector: (s) => s.Sid ?? JSON.stringify(s) })
  .map((Statement) => doc(...Statement));

test('property: no change between a document and itself, however reshaped; a change whenever they differ', () => {
  fc.assert(
    fc.property(documentArb, documentArb, (a, b) => {
      assert.deepEqual(statementDiff(a, reshape(a)), []);
      const equal = policiesEqual(a, b, { withSid: true });
      assert.equal(statementDiff(a, b).length === 0, equal, JSON.stringify({ a, b }));
    }),
  );
});

test('property: the diff of b against a mirrors the diff of a against b', () => {
  fc.assert(
    fc.property(documentArb, documentArb, (a, b) => {
      const forth = statementDiff(a, b);
      const back = statementDiff(b, a);
      const labels = (d: typeof forth, kind: string) =>
        d
          .filter((c) => c.kind === kind)
          .map((c) => c.label)
          .sort();
      assert.deepEqual(labels(forth, 'added'), labels(back, 'removed'));
      assert.deepEqual(labels(forth, 'changed'), labels(back, 'changed'));
    }),
  );
});
