// Environment accounts (seed 002) in the pure planner: what an empty organisation needs, per account; a plan
// applied converges; drift of a deploy role's trust is planned in its own account; a snapshot of the wrong
// account is refused.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import type { PolicyDocument } from '../../src/iam/document.ts';
import type { Observed } from '../../src/model/observed.ts';
import { diff, emptyObserved, renderPlanText } from '../../src/plan/index.ts';
import { applyAll } from './apply-to-observed.ts';

const ADMIN = '111122223333';
const STAGING = '222233334444';
const PRODUCTION = '333344445555';
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READ = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

const YAML = `version: 1
account: "${ADMIN}"
region: eu-west-1
github: { org: acme }
environments:
  staging: { account: "${STAGING}" }
  production: { account: "${PRODUCTION}", managementRole: OrgAdmin }
projects:
  - name: web
    environments:
      staging: { managedPolicies: ["${POWER}"] }
      production: { managedPolicies: ["${POWER}"], oidcSubjects: ["repo:acme/terraform-web:environment:production"] }
  - name: api
    environments:
      production: { managedPolicies: ["${READ}"], permissionsBoundary: "arn:aws:iam::${PRODUCTION}:policy/boundary" }
  - name: tools
`;

const desired = buildDesired(parseConfig(YAML, 'stateward.yaml'));
const offline = diff(desired, emptyObserved(desired));
const inAccount = (account: string | undefined) => offline.changes.filter((c) => c.account === account);
const created = (account: string | undefined, type: string) =>
  inAccount(account)
    .filter((c) => c.resourceType === type && c.action === 'create')
    .map((c) => c.resourceName)
    .sort();

describe('environment accounts in the plan', () => {
  it('each deploy role is planned only in the accounts its project deploys to, the OIDC provider only where a subject trusts GitHub', () => {
    assert.deepEqual(created(STAGING, 'role'), ['tf-web', 'tf-web.plan']);
    assert.deepEqual(created(PRODUCTION, 'role'), ['tf-api', 'tf-api.plan', 'tf-web', 'tf-web.plan']);
    assert.deepEqual(created(STAGING, 'oidc-provider'), []);
    assert.deepEqual(created(PRODUCTION, 'oidc-provider'), ['token.actions.githubusercontent.com']);
    assert.deepEqual(created(undefined, 'role'), [
      'tf-api',
      'tf-api.plan',
      'tf-tools',
      'tf-tools.plan',
      'tf-web',
      'tf-web.plan',
    ]);
    assert.ok(inAccount(STAGING).every((c) => c.id.startsWith(`${STAGING}:`) && c.environment === 'staging'));
  });

  it('a deploy role is trusted only by its project’s administrative role (and GitHub where configured), tagged with its environment', () => {
    const create = (account: string, role: string) =>
      inAccount(account).find((c) => c.resourceName === role && c.action === 'create')!.new as {
        trust: PolicyDocument;
        tags: Record<string, string>;
        permissionsBoundary: string | null;
      };
    const staging = create(STAGING, 'tf-web');
    assert.deepEqual(staging.trust.Statement, [
      {
        Sid: 'AdministrativeRole',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ADMIN}:role/tf-web` },
        Action: 'sts:AssumeRole',
      },
    ]);
    assert.equal(staging.tags.Environment, 'staging');
    assert.equal(staging.tags.Project, 'web');
    assert.equal(staging.tags.ManagedBy, 'stateward');
    assert.equal(staging.tags.Repo, 'acme/terraform-web');
    const production = create(PRODUCTION, 'tf-web');
    assert.equal(production.trust.Statement.length, 2);
    assert.deepEqual(production.trust.Statement[1]!.Principal, {
      Federated: `arn:aws:iam::${PRODUCTION}:oidc-provider/token.actions.githubusercontent.com`,
    });
    assert.deepEqual(
      production.trust.Statement[1]!.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'],
      'repo:acme/terraform-web:environment:production',
    );
    assert.equal(create(PRODUCTION, 'tf-api').permissionsBoundary, `arn:aws:iam::${PRODUCTION}:policy/boundary`);
    const attached = inAccount(PRODUCTION)
      .filter((c) => c.setting === 'managedPolicy')
      .map((c) => `${c.resourceName} ${c.key}`);
    assert.deepEqual(attached.sort(), [
      `tf-api ${READ}`,
      `tf-api.plan ${READ}`,
      `tf-web ${POWER}`,
      `tf-web.plan ${READ}`,
    ]);
  });

  it('the plan role reaches only its read-only counterparts (ReadOnlyAccess by default), which trust it alone; the apply role never reaches them', () => {
    const counterpart = inAccount(STAGING).find((c) => c.resourceName === 'tf-web.plan' && c.action === 'create')!
      .new as { trust: PolicyDocument; tags: Record<string, string> };
    assert.deepEqual(counterpart.trust.Statement, [
      {
        Sid: 'AdministrativePlanRole',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ADMIN}:role/tf-web.plan` },
        Action: 'sts:AssumeRole',
      },
    ]);
    assert.equal(counterpart.tags.Environment, 'staging');
    const web = desired.projects.find((p) => p.name === 'web')!;
    assert.deepEqual(web.planRole!.managedPolicyArns, [], 'the admin plan role holds no infrastructure permissions');
    assert.deepEqual(
      web.planRole!.inlinePolicies['stateward-assume-environments']!.Statement[0]!.Resource,
      [`arn:aws:iam::${STAGING}:role/tf-web.plan`, `arn:aws:iam::${PRODUCTION}:role/tf-web.plan`].sort(),
    );
    assert.doesNotMatch(JSON.stringify(web.role.inlinePolicies['stateward-assume-environments']), /\.plan/);
    const tools = desired.projects.find((p) => p.name === 'tools')!;
    assert.deepEqual(tools.planRole!.managedPolicyArns, [READ], 'a single-account project keeps ReadOnlyAccess');
  });

  it('the administrative role holds state access and sts:AssumeRole on exactly its own deploy roles, no infrastructure permissions', () => {
    const web = desired.projects.find((p) => p.name === 'web')!.role;
    assert.deepEqual(web.managedPolicyArns, []);
    assert.deepEqual(Object.keys(web.inlinePolicies).sort(), [
      'stateward-assume-environments',
      'stateward-state-access',
    ]);
    assert.deepEqual(web.inlinePolicies['stateward-assume-environments']!.Statement, [
      {
        Sid: 'AssumeEnvironmentRoles',
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: [`arn:aws:iam::${STAGING}:role/tf-web`, `arn:aws:iam::${PRODUCTION}:role/tf-web`].sort(),
      },
    ]);
    const tools = desired.projects.find((p) => p.name === 'tools')!.role;
    assert.deepEqual(
      Object.keys(tools.inlinePolicies),
      ['stateward-state-access'],
      'a single-account project is as before',
    );
    const state = JSON.stringify(web.inlinePolicies['stateward-state-access']);
    assert.match(state, /env:\/staging\/web\/terraform\.tfstate/);
    assert.match(state, /env:\/production\/web\/terraform\.tfstate/);
    const writes = JSON.stringify(
      web.inlinePolicies['stateward-state-access']!.Statement.filter((s) => s.Sid === 'WriteState'),
    );
    assert.match(writes, /env:\/staging\/web\/terraform\.tfstate/);
    assert.doesNotMatch(
      writes,
      /tfstate-web-111122223333\/web\/terraform\.tfstate"/,
      'the unused default workspace is not writable',
    );
  });

  it('a deploy role is created after its administrative role and its account’s OIDC provider', () => {
    const create = inAccount(PRODUCTION).find((c) => c.resourceName === 'tf-web' && c.action === 'create')!;
    assert.deepEqual(create.dependsOn.sort(), [
      `${PRODUCTION}:oidc-provider/token.actions.githubusercontent.com/resource`,
      'role/tf-web/resource',
    ]);
  });

  it('applied, the plan is empty; drift of a deploy role’s trust is planned in its account alone', () => {
    const applied = applyAll(emptyObserved(desired), offline.changes);
    assert.deepEqual(diff(desired, applied).changes, []);
    const tampered: Observed = structuredClone(applied);
    const role = tampered
      .environments!.find((e) => e.name === 'production')!
      .roles.find((r) => r.project === 'web')!.role;
    role.trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ADMIN}:role/tf-api` }, Action: 'sts:AssumeRole' },
      ],
    };
    const drift = diff(desired, tampered);
    assert.deepEqual(
      drift.changes.map((c) => c.id),
      [`${PRODUCTION}:role/tf-web/trust`],
    );
    assert.equal(drift.changes[0]!.account, PRODUCTION);
  });

  it('the rendered plan has a heading per account; a single-account plan has none', () => {
    const text = renderPlanText(offline, { color: false });
    const headings = text.split('\n').filter((line) => line.startsWith('==='));
    assert.deepEqual(headings, [
      `=== account ${ADMIN} (administrative) ===`,
      `=== account ${STAGING} (environment staging) ===`,
      `=== account ${PRODUCTION} (environment production) ===`,
    ]);
    const single = buildDesired(
      parseConfig(
        YAML.replace(/environments:[\s\S]*?projects:/, 'projects:')
          .replace(/ {4}environments:[\s\S]*?(?= {2}- name: api)/, '')
          .replace(/ {4}environments:[\s\S]*?(?= {2}- name: tools)/, ''),
        'x.yaml',
      ),
    );
    assert.doesNotMatch(renderPlanText(diff(single, emptyObserved(single)), { color: false }), /===/);
  });

  it('a snapshot whose environment credentials are of another account is refused, naming both', () => {
    const wrong: Observed = structuredClone(emptyObserved(desired));
    wrong.environments![1]!.account = STAGING;
    assert.throws(
      () => diff(desired, wrong),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'PLAN_ACCOUNT_MISMATCH');
        assert.match(e.message, new RegExp(`${STAGING}.*${PRODUCTION}`));
        return true;
      },
    );
  });
});
