// The check the fault test relies on (test/support/fault-weakening.ts): each kind of loss it must catch, and
// what it must let pass (protections added, resources created).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccountSnapshot } from '../support/fault-snapshot.ts';
import { weakenings } from '../support/fault-weakening.ts';

const DENY_HTTP = '{"Effect":"Deny","Sid":"StatewardDenyInsecureTransport"}';

function account(): AccountSnapshot {
  return {
    buckets: {
      'tfstate-a': {
        versioning: 'Enabled',
        publicAccessBlock: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
        encryption: 'AES256',
        ownership: 'BucketOwnerEnforced',
        policyStatements: [DENY_HTTP],
        lifecycleRuleIds: ['stateward-state-versions'],
      },
    },
    roles: {
      'tf-a': {
        trust: '{"t":1}',
        inlinePolicies: { 'stateward-state-access': '{"p":1}' },
        attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
    },
    groupMembers: { 'tf-operators': ['alice', 'bob'] },
    managedPolicies: { 'arn:aws:iam::1:policy/tf-assume-roles': '{"m":1}' },
    oidcClientIds: { 'arn:oidc': ['sts.amazonaws.com'] },
    tables: { 'terraform-locks': { policy: '{"fence":1}' } },
  };
}

function changed(edit: (snapshot: AccountSnapshot) => void): string[] {
  const after = account();
  edit(after);
  return weakenings(account(), after);
}

describe('weakenings between two account snapshots', () => {
  it('finds nothing when nothing changed, or when protections and resources were only added', () => {
    assert.deepEqual(weakenings(account(), account()), []);
    assert.deepEqual(
      changed((s) => {
        s.buckets['tfstate-a']!.policyStatements.push('{"Sid":"StatewardFence"}');
        s.buckets['tfstate-b'] = { ...s.buckets['tfstate-a']! };
        s.roles['tf-b'] = s.roles['tf-a']!;
        s.groupMembers['tf-operators']!.push('carol');
      }),
      [],
    );
  });

  it('names every weakened bucket protection', () => {
    const found = changed((s) => {
      const bucket = s.buckets['tfstate-a']!;
      bucket.versioning = 'Suspended';
      bucket.publicAccessBlock.RestrictPublicBuckets = false;
      bucket.encryption = null;
      bucket.ownership = 'ObjectWriter';
      bucket.policyStatements = [];
      bucket.lifecycleRuleIds = [];
    });
    assert.equal(found.length, 6, found.join('\n'));
    for (const pattern of [
      /versioning Suspended/,
      /RestrictPublicBuckets turned off/,
      /encryption removed/,
      /ownership ObjectWriter/,
      /StatewardDenyInsecureTransport/,
      /lifecycle rule/,
    ]) {
      assert.ok(
        found.some((line) => pattern.test(line)),
        `${pattern} not reported`,
      );
    }
  });

  it('names deleted or changed roles, policies, members, client ids and tables', () => {
    assert.deepEqual(
      changed((s) => delete s.buckets['tfstate-a']),
      ['bucket tfstate-a was deleted'],
    );
    assert.deepEqual(
      changed((s) => (s.roles['tf-a']!.trust = '{"t":2}')),
      ['role tf-a: trust policy changed'],
    );
    assert.deepEqual(
      changed((s) => (s.roles['tf-a']!.inlinePolicies = {})),
      ['role tf-a: inline policy stateward-state-access was deleted'],
    );
    assert.deepEqual(
      changed((s) => (s.roles['tf-a']!.attached = [])),
      ['role tf-a: managed policy arn:aws:iam::aws:policy/ReadOnlyAccess was detached'],
    );
    assert.deepEqual(
      changed((s) => (s.groupMembers['tf-operators'] = ['alice'])),
      ['group tf-operators: member bob was removed'],
    );
    assert.deepEqual(
      changed((s) => (s.managedPolicies['arn:aws:iam::1:policy/tf-assume-roles'] = '{"m":2}')),
      ['managed policy arn:aws:iam::1:policy/tf-assume-roles changed'],
    );
    assert.deepEqual(
      changed((s) => (s.oidcClientIds['arn:oidc'] = [])),
      ['OIDC provider arn:oidc: client id sts.amazonaws.com was removed'],
    );
    assert.deepEqual(
      changed((s) => (s.tables['terraform-locks'] = { policy: null })),
      ['table terraform-locks: resource policy was deleted'],
    );
  });
});
