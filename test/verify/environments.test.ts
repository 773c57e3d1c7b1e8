// verify's chain for environment accounts (seed 002), offline: who reaches each deploy role (its admin role yes;
// another project's role, a human directly, its role of another environment, another GitHub environment no) and
// the admin role's access to each environment's workspace; a tampered trust and a lost assume policy are caught.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { verifyWorld } from '../../src/verify/matrix.ts';
import { renderVerifyText } from '../../src/verify/render.ts';
import { worldFromDesired } from '../../src/verify/world.ts';

const ADMIN = '111122223333';
const STAGING = '222233334444';
const PRODUCTION = '333344445555';
const YAML = `version: 1
account: "${ADMIN}"
region: eu-west-1
github: { org: acme }
humans: [alice]
environments:
  staging: { account: "${STAGING}" }
  production: { account: "${PRODUCTION}" }
projects:
  - name: web
    environments:
      staging: { managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
      production: { managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"], oidcSubjects: ["repo:acme/terraform-web:environment:production"] }
  - name: api
    environments:
      production: { managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
  - name: tools
`;

const config = parseConfig(YAML, 'stateward.yaml');
const world = () => worldFromDesired(buildDesired(config), config);

describe('verify: the environment chain', () => {
  it('offline, every deploy role is reached by its admin role and its GitHub environment only, and each workspace is the admin role’s', () => {
    const report = verifyWorld(world());
    assert.deepEqual(report.environmentViolations, []);
    const chains = report.environments!.map((c) => `${c.project}/${c.environment}`);
    assert.deepEqual(chains, ['web/staging', 'web/production', 'api/production']);
    const production = report.environments!.find((c) => c.project === 'web' && c.environment === 'production')!;
    assert.deepEqual(
      production.reach.map((r) => [r.label, r.actual]),
      [
        ['tf-web (its administrative role)', true],
        ['tf-web.plan (its plan role)', false],
        ['tf-api (another project)', false],
        ['alice directly, with MFA', false],
        ['tf-web of environment staging', false],
        ['workflow repo:acme/terraform-web:environment:production', true],
        ['workflow of another GitHub environment (repo:acme/terraform-web:environment:staging-not-production)', false],
      ],
    );
    assert.deepEqual(
      production.state.filter((s) => s.actual).map((s) => s.operation),
      ['read', 'plan', 'apply', 'apply-new', 'workspace-new', 'workspace-delete', 'force-unlock'],
    );
    const text = renderVerifyText(report, { color: false });
    assert.match(text, /Environment accounts: who reaches each deploy role/);
    assert.match(text, /arn:aws:iam::333344445555:role\/tf-web \(production\)/);
  });

  it("a deploy role's trust tampered to admit another project's admin role is a violation", () => {
    const tampered = world();
    const role = tampered.environments!.find((e) => e.name === 'production')!.roles.find((r) => r.project === 'web')!;
    role.trust!.Statement.push({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ADMIN}:role/tf-api` },
      Action: 'sts:AssumeRole',
    });
    const report = verifyWorld(tampered);
    assert.deepEqual(
      report.environmentViolations!.map((v) => ('label' in v ? `${v.label} -> ${v.role}` : v.operation)),
      [`tf-api (another project) -> arn:aws:iam::${PRODUCTION}:role/tf-web`],
    );
    assert.match(renderVerifyText(report, { color: false }), /1 violation/);
  });

  it('an admin role without its assume policy no longer reaches its deploy roles: the trust alone is not enough across accounts', () => {
    const lost = world();
    const web = lost.roles.find((r) => r.project === 'web')!;
    web.inlinePolicies = web.inlinePolicies.filter((p) => p.name !== 'stateward-assume-environments');
    const report = verifyWorld(lost);
    assert.deepEqual(
      report.environmentViolations!.map((v) => ('label' in v ? `${v.label} ${v.environment}` : v.operation)),
      ['tf-web (its administrative role) staging', 'tf-web (its administrative role) production'],
    );
  });

  it('a config without environments has no chain in its report', () => {
    const single = parseConfig(
      'version: 1\naccount: "111122223333"\nregion: eu-west-1\ngithub: { org: acme }\nprojects: [{ name: web }]\n',
      'x.yaml',
    );
    const report = verifyWorld(worldFromDesired(buildDesired(single), single));
    assert.equal('environments' in report, false);
    assert.equal('environmentViolations' in report, false);
  });
});
