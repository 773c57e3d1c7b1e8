// Issue 4, end to end: terraform running with project A's role credentials (from sts:AssumeRole) can
// init, plan and apply A's state and is refused on B's bucket, with moto enforcing IAM. Issue 12 §4: with
// A's plan role (what pull requests get), terraform plans A's state, lock included, and cannot apply it.
//
// The buckets carry no stateward bucket policy: this test is about the role's own inline policy, that it alone
// keeps the role to its grants (the s3:if-none-match condition of the lock write included, which the harness's
// evaluator checks; docs/moto-notes.md section e). The fence, in every lock mode, is fence-terraform.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { STATE_ACCESS_POLICY_NAME } from '../../src/names/naming.ts';
import { assumeRole, awsClients, createAdmin, createBucket } from '../support/aws.ts';
import type { AwsCredentials } from '../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID } from '../support/moto.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';

const CONFIG = `version: 1
account: "${TEST_ACCOUNT_ID}"
region: eu-west-1
github: { org: acme }
projects:
  - name: alpha
  - name: beta
`;

describe('a project role under IAM enforcement', () => {
  let moto: Moto;
  let alpha: AwsCredentials;
  let alphaPlan: AwsCredentials;
  const projects: TerraformProject[] = [];

  before(async () => {
    moto = await startMoto({ enforceIam: true });
    const admin = awsClients(moto, await createAdmin(moto));
    const desired = buildDesired(parseConfig(CONFIG, 'e2e.yaml'));
    for (const project of desired.projects) await createBucket(admin.s3, project.bucket.name, { versioned: true });
    const { role, planRole } = desired.projects.find((p) => p.name === 'alpha')!;
    for (const r of [role, planRole!]) {
      // The trust is the test's own (moto cannot issue OIDC tokens); the permissions are exactly stateward's.
      await admin.iam.send(
        new CreateRoleCommand({
          RoleName: r.name,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
      await admin.iam.send(
        new PutRolePolicyCommand({
          RoleName: r.name,
          PolicyName: STATE_ACCESS_POLICY_NAME,
          PolicyDocument: JSON.stringify(r.inlinePolicies[STATE_ACCESS_POLICY_NAME]),
        }),
      );
    }
    alpha = await assumeRole(admin.sts, role.arn);
    alphaPlan = await assumeRole(admin.sts, planRole!.arn);
  });

  after(async () => {
    for (const p of projects) await p.cleanup();
    await moto?.stop();
  });

  const project = (bucket: string, key: string, credentials = alpha) => {
    const p = terraformProject({ moto, bucket, key, locking: 'lockfile', encrypt: true, credentials });
    projects.push(p);
    return p;
  };

  it('can init, apply and plan its own state, which lands at <project>/terraform.tfstate', async () => {
    const own = project(`tfstate-alpha-${TEST_ACCOUNT_ID}`, 'alpha/terraform.tfstate');
    await own.init();
    await own.apply({ message: 'from alpha' });
    const plan = await own.plan(['-detailed-exitcode', '-var', 'message=from alpha']);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.equal(await own.output('message'), 'from alpha');
  });

  it('with the plan role tf-alpha.plan, plans that state (taking the lock) and is refused writing it', async () => {
    const pr = project(`tfstate-alpha-${TEST_ACCOUNT_ID}`, 'alpha/terraform.tfstate', alphaPlan);
    await pr.init();
    const unchanged = await pr.plan(['-detailed-exitcode', '-var', 'message=from alpha']);
    assert.equal(unchanged.code, 0, unchanged.stdout + unchanged.stderr);
    const apply = await pr.run(['apply', '-auto-approve', '-var', 'message=from a pull request']);
    assert.notEqual(apply.code, 0, 'the plan role must not write the state');
    assert.match(apply.stderr, /AccessDenied|403/);
    assert.equal(await pr.output('message'), 'from alpha', 'the state is as alpha left it');
  });

  it("is refused on another project's bucket", async () => {
    const foreign = project(`tfstate-beta-${TEST_ACCOUNT_ID}`, 'beta/terraform.tfstate');
    const init = await foreign.run(['init', ...foreign.backendConfig]);
    const apply = init.code === 0 ? await foreign.run(['apply', '-auto-approve']) : init;
    assert.notEqual(apply.code, 0, 'terraform must fail on beta');
    assert.match(apply.stderr, /AccessDenied|403/);
  });

  it('is refused on a key of its own bucket that no grant names', async () => {
    const other = project(`tfstate-alpha-${TEST_ACCOUNT_ID}`, 'alpha/other/terraform.tfstate');
    const init = await other.run(['init', ...other.backendConfig]);
    const apply = init.code === 0 ? await other.run(['apply', '-auto-approve']) : init;
    assert.notEqual(apply.code, 0);
    assert.match(apply.stderr, /AccessDenied|403/);
  });
});
