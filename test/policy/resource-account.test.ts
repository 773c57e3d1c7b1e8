// Issue 12 §2: a bucket of our predictable name in another account, open to everyone, must not receive
// the state: every S3 grant of stateward-state-access holds only in the config's account.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asArray, type NamedPolicy } from '../../src/iam/document.ts';
import { evaluateRequest } from '../../src/iam/index.ts';
import { exampleDesired } from '../plan/fixtures.ts';

const desired = exampleDesired();
const SNIPER = '999999999999';

test('every S3 statement of every state-access policy, reads included, names the config account', () => {
  for (const project of desired.projects) {
    for (const statement of project.role.inlinePolicies['stateward-state-access']!.Statement) {
      if (!asArray(statement.Action).every((a) => a.startsWith('s3:'))) continue;
      assert.equal(statement.Condition?.StringEquals?.['s3:ResourceAccount'], '111122223333', statement.Sid);
    }
  }
});

test("a same-named bucket in another account that allows '*' gets no write and no read from the role", () => {
  const proxmox = desired.projects.find((p) => p.name === 'proxmox')!;
  const open: NamedPolicy = {
    name: 'sniper bucket policy',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
    },
  };
  const cases: Array<[string, string]> = [
    ['s3:PutObject', `${proxmox.bucket.arn}/proxmox/terraform.tfstate`],
    ['s3:GetObject', `${proxmox.bucket.arn}/proxmox/terraform.tfstate`],
    // proxmox reads network: the read grant is bound to the account too.
    ['s3:GetObject', 'arn:aws:s3:::tfstate-network-111122223333/network/terraform.tfstate'],
  ];
  for (const [action, resource] of cases) {
    const decide = (account: string) =>
      evaluateRequest({
        identityPolicies: [{ name: 'state-access', document: proxmox.role.inlinePolicies['stateward-state-access']! }],
        resourcePolicy: open,
        resourceAccount: account,
        request: {
          principal: { arn: 'arn:aws:sts::111122223333:assumed-role/tf-proxmox/ci', accountId: '111122223333' },
          action,
          resource,
          context: {
            'aws:PrincipalArn': proxmox.role.arn,
            'aws:SecureTransport': true,
            's3:ResourceAccount': account,
          },
        },
      }).decision;
    assert.equal(decide(SNIPER), 'ImplicitDeny', `${action} ${resource} in another account`);
    assert.equal(decide('111122223333'), 'Allow', `${action} ${resource} in the config's account`);
  }
});
