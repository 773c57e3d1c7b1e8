// Seed 002 on one moto with several accounts, IAM enforced with conditions over TLS: the administrative account
// holds the state and tf-<project>; two environment accounts hold the deploy roles, managed through their
// OrganizationAccountAccessRole. Apply converges; each deploy role exists only where configured, trusted only by
// its admin role; A's admin role reaches A's production role and is refused B's; terraform's backend works
// through the admin role with one workspace per environment, and the unused default workspace stays unwritten.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as IAM from '@aws-sdk/client-iam';
import * as STS from '@aws-sdk/client-sts';
import { stateward } from '../aws/e2e-cli.ts';
import {
  ALLOW_EVERYTHING,
  type AwsClients,
  assumeRole,
  assumeRoleWithMfa,
  attempt,
  awsClients,
  createAdmin,
  createAdminInAccount,
  createUserWithPolicy,
  enableVirtualMfa,
} from '../support/aws.ts';
import type { AwsCredentials } from '../support/aws-env.ts';
import { type Moto, startMoto, TEST_ACCOUNT_ID, TEST_REGION } from '../support/moto.ts';
import { type TerraformProject, terraformProject } from '../support/terraform.ts';

const ADMIN = TEST_ACCOUNT_ID;
const STAGING = '222233334444';
const PRODUCTION = '333344445555';
const ACCOUNTS = { staging: STAGING, production: PRODUCTION } as const;
const deployPolicy = (account: string) => `arn:aws:iam::${account}:policy/deploy`;
/** Where each project deploys: web to both, api to production only, tools nowhere (single-account). */
const DEPLOYS: Record<string, Array<keyof typeof ACCOUNTS>> = {
  web: ['staging', 'production'],
  api: ['production'],
  tools: [],
};

const CONFIG = [
  'version: 1',
  `account: "${ADMIN}"`,
  `region: ${TEST_REGION}`,
  'github: { org: acme }',
  'humans: [alice]',
  `admins: ["arn:aws:iam::${ADMIN}:user/admin"]`,
  'environments:',
  `  staging: { account: "${STAGING}" }`,
  `  production: { account: "${PRODUCTION}" }`,
  'projects:',
  '  - name: web',
  '    environments:',
  `      staging: { managedPolicies: ["${deployPolicy(STAGING)}"] }`,
  `      production: { managedPolicies: ["${deployPolicy(PRODUCTION)}"], oidcSubjects: ["repo:acme/terraform-web:environment:production"] }`,
  '  - name: api',
  '    environments:',
  `      production: { managedPolicies: ["${deployPolicy(PRODUCTION)}"] }`,
  '  - name: tools',
].join('\n');

const selfOnly = (user: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ADMIN}:user/${user}` }],
});

async function roleIn(aws: AwsClients, RoleName: string): Promise<IAM.Role | undefined> {
  try {
    return (await aws.iam.send(new IAM.GetRoleCommand({ RoleName }))).Role;
  } catch (error) {
    if (/^NoSuchEntity/.test((error as Error).name)) return undefined;
    throw error;
  }
}

describe('environment accounts (seed 002) on a multi-account moto enforcing IAM over TLS', () => {
  let moto: Moto;
  let adminKeys: AwsCredentials;
  let config: string;
  const inAccount = new Map<string, AwsClients>();
  const sessions = new Map<string, AwsCredentials>();
  const projects: TerraformProject[] = [];
  const sw = (args: string[]) => stateward(moto, ['-c', config, ...args], { credentials: adminKeys });

  before(async () => {
    moto = await startMoto({ enforceIam: true, tls: true });
    adminKeys = await createAdmin(moto, 'admin');
    const admin = awsClients(moto, adminKeys);
    config = join(mkdtempSync(join(tmpdir(), 'stateward-environments-')), 'stateward.yaml');
    writeFileSync(config, `${CONFIG}\n`);
    // What AWS Organizations gives each member account: a role the management account may assume, and here a
    // customer-managed policy for the deploy roles to carry.
    for (const account of [STAGING, PRODUCTION]) {
      const aws = awsClients(moto, await createAdminInAccount(moto, account, 'bootstrap'));
      inAccount.set(account, aws);
      await aws.iam.send(
        new IAM.CreateRoleCommand({
          RoleName: 'OrganizationAccountAccessRole',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ADMIN}:root` }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      );
      await aws.iam.send(
        new IAM.PutRolePolicyCommand({
          RoleName: 'OrganizationAccountAccessRole',
          PolicyName: 'admin',
          PolicyDocument: JSON.stringify(ALLOW_EVERYTHING),
        }),
      );
      await aws.iam.send(
        new IAM.CreatePolicyCommand({ PolicyName: 'deploy', PolicyDocument: JSON.stringify(ALLOW_EVERYTHING) }),
      );
    }
    const aliceKeys = await createUserWithPolicy(admin.iam, 'alice', selfOnly('alice'));
    const applied = await sw(['apply', '--auto-approve']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const SerialNumber = await enableVirtualMfa(admin.iam, 'alice');
    const alice = awsClients(moto, aliceKeys);
    for (const project of [...Object.keys(DEPLOYS), 'web.plan']) {
      sessions.set(
        project,
        await assumeRoleWithMfa(alice.sts, `arn:aws:iam::${ADMIN}:role/tf-${project}`, SerialNumber),
      );
    }
  });
  after(async () => {
    for (const tf of projects) await tf.cleanup();
    await moto?.stop();
  });

  it('after apply the plan of every account is empty', async () => {
    const plan = await sw(['plan', '--detailed-exitcode']);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
  });

  it('each deploy role exists only in the accounts its project deploys to, trusted only by its admin role, with its policy and tags', async () => {
    for (const [environment, account] of Object.entries(ACCOUNTS)) {
      const aws = inAccount.get(account)!;
      for (const [project, environments] of Object.entries(DEPLOYS)) {
        const role = await roleIn(aws, `tf-${project}`);
        const wanted = environments.includes(environment as keyof typeof ACCOUNTS);
        assert.equal(role !== undefined, wanted, `tf-${project} in ${environment}`);
        if (!role) continue;
        const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
        const principals = trust.Statement.map((s: { Principal: unknown }) => s.Principal);
        const github = project === 'web' && environment === 'production';
        assert.deepEqual(principals, [
          { AWS: `arn:aws:iam::${ADMIN}:role/tf-${project}` },
          ...(github
            ? [{ Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` }]
            : []),
        ]);
        const tags = Object.fromEntries((role.Tags ?? []).map((t) => [t.Key, t.Value]));
        assert.deepEqual(
          { Environment: tags.Environment, Project: tags.Project, ManagedBy: tags.ManagedBy, Repo: tags.Repo },
          { Environment: environment, Project: project, ManagedBy: 'stateward', Repo: `acme/terraform-${project}` },
        );
        const attached = await aws.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: `tf-${project}` }));
        assert.deepEqual(
          attached.AttachedPolicies?.map((p) => p.PolicyArn),
          [deployPolicy(account)],
        );
        // The plan role's read-only counterpart: ReadOnlyAccess, trusted by the administrative plan role alone.
        const plan = await roleIn(aws, `tf-${project}.plan`);
        assert.ok(plan, `tf-${project}.plan in ${environment}`);
        const planTrust = JSON.parse(decodeURIComponent(plan.AssumeRolePolicyDocument!));
        assert.deepEqual(
          planTrust.Statement.map((s: { Principal: unknown }) => s.Principal),
          [{ AWS: `arn:aws:iam::${ADMIN}:role/tf-${project}.plan` }],
        );
        const planAttached = await aws.iam.send(
          new IAM.ListAttachedRolePoliciesCommand({ RoleName: `tf-${project}.plan` }),
        );
        assert.deepEqual(
          planAttached.AttachedPolicies?.map((p) => p.PolicyArn),
          ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        );
      }
      const providers = await aws.iam.send(new IAM.ListOpenIDConnectProvidersCommand({}));
      assert.equal(providers.OpenIDConnectProviderList?.length ?? 0, environment === 'production' ? 1 : 0, environment);
    }
    const admin = awsClients(moto, adminKeys);
    const web = await admin.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: 'tf-web' }));
    assert.deepEqual(web.AttachedPolicies, [], 'the admin role carries no infrastructure permissions');
    const webPlan = await admin.iam.send(new IAM.ListAttachedRolePoliciesCommand({ RoleName: 'tf-web.plan' }));
    assert.deepEqual(webPlan.AttachedPolicies, [], 'nor does its plan role: ReadOnlyAccess is in the environments');
    const reach = await admin.iam.send(
      new IAM.GetRolePolicyCommand({ RoleName: 'tf-web', PolicyName: 'stateward-assume-environments' }),
    );
    assert.deepEqual(JSON.parse(decodeURIComponent(reach.PolicyDocument!)).Statement[0].Resource.sort(), [
      `arn:aws:iam::${STAGING}:role/tf-web`,
      `arn:aws:iam::${PRODUCTION}:role/tf-web`,
    ]);
  });

  it("web's admin role assumes web's production role; api's production role and web's own from api's admin role are refused; web's plan role reaches only the read-only counterpart", async () => {
    const web = awsClients(moto, sessions.get('web')!);
    const deployed = await assumeRole(web.sts, `arn:aws:iam::${PRODUCTION}:role/tf-web`);
    const identity = await awsClients(moto, deployed).sts.send(new STS.GetCallerIdentityCommand({}));
    assert.equal(identity.Account, PRODUCTION);
    assert.match(identity.Arn ?? '', /assumed-role\/tf-web\//);
    const refused = await attempt(
      web.sts.send(
        new STS.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PRODUCTION}:role/tf-api`, RoleSessionName: 'x' }),
      ),
    );
    assert.deepEqual(refused, { status: 403, code: 'AccessDenied' });
    const api = awsClients(moto, sessions.get('api')!);
    const crossed = await attempt(
      api.sts.send(
        new STS.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PRODUCTION}:role/tf-web`, RoleSessionName: 'x' }),
      ),
    );
    assert.deepEqual(crossed, { status: 403, code: 'AccessDenied' });
    // The plan role (pull requests) reaches the read-only counterpart, never the deploy role.
    const plan = awsClients(moto, sessions.get('web.plan')!);
    const readOnly = await assumeRole(plan.sts, `arn:aws:iam::${STAGING}:role/tf-web.plan`);
    const planIdentity = await awsClients(moto, readOnly).sts.send(new STS.GetCallerIdentityCommand({}));
    assert.match(planIdentity.Arn ?? '', new RegExp(`^arn:aws:sts::${STAGING}:assumed-role/tf-web\\.plan/`));
    const deploy = await attempt(
      plan.sts.send(
        new STS.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${STAGING}:role/tf-web`, RoleSessionName: 'x' }),
      ),
    );
    assert.deepEqual(deploy, { status: 403, code: 'AccessDenied' });
    // A human of the admin account cannot skip the admin role, even with everything allowed on her side.
    const admin = awsClients(moto, adminKeys);
    const direct = await attempt(
      admin.sts.send(
        new STS.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${STAGING}:role/tf-web`, RoleSessionName: 'x' }),
      ),
    );
    assert.deepEqual(direct, { status: 403, code: 'AccessDenied' });
  });

  it("terraform's backend through web's admin role: one workspace per environment; the default workspace is never written", async () => {
    const tf = terraformProject({
      moto,
      bucket: `tfstate-web-${ADMIN}`,
      key: 'web/terraform.tfstate',
      locking: 'lockfile',
      credentials: sessions.get('web')!,
    });
    projects.push(tf);
    await tf.init();
    for (const environment of Object.keys(ACCOUNTS)) {
      const created = await tf.run(['workspace', 'new', environment]);
      assert.equal(created.code, 0, created.stderr);
      await tf.apply({ message: `web-${environment}` });
      assert.equal(await tf.output('message'), `web-${environment}`);
    }
    const listed = await tf.run(['workspace', 'list']);
    assert.match(listed.stdout, /staging/);
    assert.match(listed.stdout, /production/);
    assert.equal((await tf.run(['workspace', 'select', 'default'])).code, 0);
    const refused = await tf.run(['apply', '-auto-approve', '-var=message=default']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /StatusCode: 403/);
    // api's admin role cannot reach web's state in any workspace.
    const other = terraformProject({
      moto,
      bucket: `tfstate-web-${ADMIN}`,
      key: 'web/terraform.tfstate',
      locking: 'lockfile',
      credentials: sessions.get('api')!,
    });
    projects.push(other);
    const crossed = await other.run(['init', ...other.backendConfig]);
    assert.equal(crossed.code, 1);
  });

  it('a management role that refuses is an error naming the account and the role, before anything is read', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'stateward-environments-')), 'stateward.yaml');
    writeFileSync(
      broken,
      `${CONFIG.replace(`staging: { account: "${STAGING}" }`, `staging: { account: "${STAGING}", managementRole: NoSuchRole }`)}\n`,
    );
    const plan = await stateward(moto, ['-c', broken, 'plan'], { credentials: adminKeys });
    assert.equal(plan.code, 1);
    assert.match(plan.stderr, /AWS_ENVIRONMENT_ASSUME_FAILED/);
    assert.match(plan.stderr, new RegExp(`arn:aws:iam::${STAGING}:role/NoSuchRole`));
    assert.match(plan.stderr, /environment "staging" \(account 222233334444\)/);
  });

  it('verify covers the chain offline and --live; a tampered deploy-role trust is caught by verify --live and audit, planned in its account, and apply repairs it', async () => {
    for (const args of [['verify'], ['verify', '--live']]) {
      const clean = await sw(args);
      assert.equal(clean.code, 0, `${args.join(' ')}: ${clean.stdout}${clean.stderr}`);
      assert.match(clean.stdout, /Environment accounts: who reaches each deploy role/);
      assert.match(clean.stdout, new RegExp(`arn:aws:iam::${PRODUCTION}:role/tf-web \\(production\\)`));
    }
    const production = inAccount.get(PRODUCTION)!;
    const role = await roleIn(production, 'tf-web');
    const trust = JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!));
    trust.Statement.push({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ADMIN}:role/tf-api` },
      Action: 'sts:AssumeRole',
    });
    await production.iam.send(
      new IAM.UpdateAssumeRolePolicyCommand({ RoleName: 'tf-web', PolicyDocument: JSON.stringify(trust) }),
    );
    const offline = await sw(['verify']);
    assert.equal(offline.code, 0, 'offline verify checks the generated documents, which are intact');
    const caught = await sw(['verify', '--live', '--json']);
    assert.equal(caught.code, 2, caught.stderr);
    const report = JSON.parse(caught.stdout);
    assert.deepEqual(
      report.environmentViolations.map((v: { label: string; role: string }) => `${v.label} -> ${v.role}`),
      [`tf-api (another project) -> arn:aws:iam::${PRODUCTION}:role/tf-web`],
    );
    const audited = await sw(['audit', '--json']);
    const envFindings = (out: string) =>
      JSON.parse(out)
        .findings.filter((f: { rule: string }) => f.rule.startsWith('SW-ENV-'))
        .map((f: { rule: string; resource: string }) => `${f.rule} ${f.resource}`);
    assert.deepEqual(envFindings(audited.stdout), [`SW-ENV-001 arn:aws:iam::${PRODUCTION}:role/tf-web`]);
    const plan = await sw(['plan', '--json', '--detailed-exitcode']);
    assert.equal(plan.code, 2);
    assert.deepEqual(
      JSON.parse(plan.stdout).changes.map((c: { id: string }) => c.id),
      [`${PRODUCTION}:role/tf-web/trust`],
    );
    // --project narrows every account: api's plan does not see web's deploy role; web's does.
    const api = await sw(['plan', '--json', '--detailed-exitcode', '--project', 'api']);
    assert.equal(api.code, 0, api.stdout + api.stderr);
    const web = await sw(['plan', '--json', '--project', 'web']);
    assert.deepEqual(
      JSON.parse(web.stdout).changes.map((c: { id: string; account?: string }) => `${c.id} ${c.account}`),
      [`${PRODUCTION}:role/tf-web/trust ${PRODUCTION}`],
    );
    const repaired = await sw(['apply', '--auto-approve']);
    assert.equal(repaired.code, 0, repaired.stdout + repaired.stderr);
    assert.equal((await sw(['verify', '--live'])).code, 0);
    assert.deepEqual(envFindings((await sw(['audit', '--json'])).stdout), [], 'the fix, stateward apply, clears it');
  });

  it("destroy of a project removes its deploy roles in every environment account, and no other project's", async () => {
    const destroyed = await sw(['destroy', '--project', 'api', '--auto-approve']);
    assert.equal(destroyed.code, 0, destroyed.stdout + destroyed.stderr);
    assert.match(destroyed.stdout, new RegExp(`role tf-api in account ${PRODUCTION} \\(production\\)`));
    assert.equal(await roleIn(inAccount.get(PRODUCTION)!, 'tf-api'), undefined);
    assert.equal(await roleIn(inAccount.get(PRODUCTION)!, 'tf-api.plan'), undefined);
    assert.equal(await roleIn(awsClients(moto, adminKeys), 'tf-api'), undefined);
    assert.ok(await roleIn(inAccount.get(PRODUCTION)!, 'tf-web'));
    assert.ok(await roleIn(inAccount.get(STAGING)!, 'tf-web'));
  });
});
