// Environment accounts (seed 002) in the config: the example loads with its defaults, and each mistake
// is one error at its line:column whose fix, applied, loads.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { StatewardErrors } from '../../src/errors.ts';

const HEAD = `version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
`;

const ENVIRONMENTS = `environments:
  staging: { account: "222233334444" }
  production: { account: "333344445555", managementRole: OrgAdmin }
`;

const WEB = `projects:
  - name: web
    environments:
      staging: { managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
      production: { managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"], oidcSubjects: ["repo:acme/terraform-web:environment:production"] }
`;

function errorsOf(yaml: string): Array<{ code: string; line?: number; column?: number; fix: string; message: string }> {
  try {
    parseConfig(yaml, 'stateward.yaml');
  } catch (error) {
    assert.ok(error instanceof StatewardErrors, String(error));
    return error.errors.map((e) => ({
      code: e.code,
      line: e.location?.line,
      column: e.location?.column,
      fix: e.fix,
      message: e.message,
    }));
  }
  return [];
}

describe('environment accounts in the config', () => {
  it("the issue's example loads: default management role, per-environment policies, one workspace per environment", () => {
    const config = parseConfig(HEAD + ENVIRONMENTS + WEB, 'stateward.yaml');
    assert.deepEqual(config.environments, [
      { name: 'staging', account: '222233334444', managementRole: 'OrganizationAccountAccessRole' },
      { name: 'production', account: '333344445555', managementRole: 'OrgAdmin' },
    ]);
    const web = config.projects[0]!;
    assert.deepEqual(web.environments, [
      {
        name: 'staging',
        managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
        oidcSubjects: [],
        planManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
      {
        name: 'production',
        managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'],
        oidcSubjects: ['repo:acme/terraform-web:environment:production'],
        planManagedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
    ]);
    assert.deepEqual(web.access.read, [
      { key: 'web/terraform.tfstate', workspaces: [], defaultWorkspace: true, workspaceKeyPrefix: 'env:' },
    ]);
    assert.deepEqual(web.access.apply, [
      {
        key: 'web/terraform.tfstate',
        workspaces: ['staging', 'production'],
        defaultWorkspace: false,
        workspaceKeyPrefix: 'env:',
      },
    ]);
  });

  it('a config without environments has no environments field and the default grant of before', () => {
    const config = parseConfig(`${HEAD}projects: [{ name: web }]\n`, 'stateward.yaml');
    assert.equal('environments' in config, false);
    assert.equal('environments' in config.projects[0]!, false);
    assert.deepEqual(config.projects[0]!.access.apply[0]!.workspaces, ['*']);
  });

  const cases: Array<{ name: string; yaml: string; code: string; line: number; column: number; fixed: string }> = [
    {
      name: 'an unknown environment name, with the closest declared one',
      yaml: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { prodution: {} }\n`,
      code: 'CONFIG_ENVIRONMENT_UNKNOWN',
      line: 10,
      column: 21,
      fixed: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { production: {} }\n`,
    },
    {
      name: 'an environment named after the default workspace',
      yaml: `${HEAD}environments:\n  default: { account: "222233334444" }\nprojects: [{ name: web }]\n`,
      code: 'CONFIG_ENVIRONMENT_NAME',
      line: 6,
      column: 3,
      fixed: `${HEAD}environments:\n  staging: { account: "222233334444" }\nprojects: [{ name: web }]\n`,
    },
    {
      name: 'two environments in one account',
      yaml: `${HEAD}environments:\n  staging: { account: "222233334444" }\n  production: { account: "222233334444" }\nprojects: [{ name: web }]\n`,
      code: 'CONFIG_ENVIRONMENT_ACCOUNT_DUPLICATE',
      line: 7,
      column: 26,
      fixed: `${HEAD}environments:\n  staging: { account: "222233334444" }\nprojects: [{ name: web }]\n`,
    },
    {
      name: 'an environment in the administrative account',
      yaml: `${HEAD}environments:\n  production: { account: "111122223333" }\nprojects: [{ name: web }]\n`,
      code: 'CONFIG_ENVIRONMENT_IN_ADMIN_ACCOUNT',
      line: 6,
      column: 26,
      fixed: `${HEAD}environments:\n  production: { account: "333344445555" }\nprojects: [{ name: web }]\n`,
    },
    {
      name: 'an account id that is not 12 digits',
      yaml: `${HEAD}environments:\n  staging: { account: "2222-3333-4444" }\nprojects: [{ name: web }]\n`,
      code: 'CONFIG_ENVIRONMENT_ACCOUNT',
      line: 6,
      column: 23,
      fixed: `${HEAD}environments:\n  staging: { account: "222233334444" }\nprojects: [{ name: web }]\n`,
    },
    {
      name: 'a management role given as an ARN',
      yaml: `${HEAD}environments:\n  staging: { account: "222233334444", managementRole: "arn:aws:iam::222233334444:role/Admin" }\nprojects: [{ name: web }]\n`,
      code: 'CONFIG_MANAGEMENT_ROLE',
      line: 6,
      column: 55,
      fixed: `${HEAD}environments:\n  staging: { account: "222233334444", managementRole: Admin }\nprojects: [{ name: web }]\n`,
    },
    {
      name: 'infrastructure permissions on the administrative role of a project with environments',
      yaml: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"]\n    environments: { staging: {} }\n`,
      code: 'CONFIG_ENVIRONMENTS_ADMIN_PERMISSIONS',
      line: 10,
      column: 5,
      fixed: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { staging: { managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"] } }\n`,
    },
    {
      name: 'explicit grants that miss an environment workspace',
      yaml: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { staging: {}, production: {} }\n    access: { apply: [{ key: web/terraform.tfstate, workspaces: [staging] }] }\n`,
      code: 'CONFIG_ENVIRONMENT_WORKSPACE',
      line: 11,
      column: 22,
      fixed: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { staging: {}, production: {} }\n    access: { apply: [{ key: web/terraform.tfstate, workspaces: [staging, production] }] }\n`,
    },
    {
      name: 'an OIDC subject of another repository',
      yaml: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { production: { oidcSubjects: ["repo:acme/other:environment:production"] } }\n`,
      code: 'CONFIG_OIDC_SUBJECT',
      line: 10,
      column: 50,
      fixed: `${HEAD + ENVIRONMENTS}projects:\n  - name: web\n    environments: { production: { oidcSubjects: ["repo:acme/terraform-web:environment:production"] } }\n`,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.code} at its place, and the fix loads`, () => {
      const errors = errorsOf(c.yaml);
      assert.deepEqual(
        errors.map((e) => [e.code, e.line, e.column]),
        [[c.code, c.line, c.column]],
        JSON.stringify(errors),
      );
      assert.ok(errors[0]!.fix.length > 0);
      assert.deepEqual(errorsOf(c.fixed), []);
    });
  }
});
