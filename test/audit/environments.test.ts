// audit in the environment accounts (seed 002): a deploy role trusted beyond its admin role, a missing deploy
// role and an unconfigured tf-* role are found; the fix each names, applied to the account or the config, clears it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditSnapshot } from '../../src/audit/run.ts';
import type { AuditEnvironment, AuditSnapshot } from '../../src/audit/snapshot.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/types.ts';
import { buildDesired } from '../../src/desired/build.ts';

const ADMIN = '111122223333';
const PRODUCTION = '333344445555';
const yaml = (apiEnvironments: string) => `version: 1
account: "${ADMIN}"
region: eu-west-1
github: { org: acme }
environments:
  production: { account: "${PRODUCTION}" }
projects:
  - name: web
    environments: { production: {} }
  - name: api
${apiEnvironments}`;

/** The environment accounts exactly as apply leaves them for `config`. */
function applied(config: Config): AuditEnvironment[] {
  return buildDesired(config).environments!.map((e) => ({
    name: e.name,
    account: e.account,
    roles: e.roles.map(({ project, kind, role }) => ({
      name: role.name,
      arn: role.arn,
      project,
      ...(kind ? { kind } : {}),
      managedPolicies: [],
      observed: {
        name: role.name,
        status: 'present',
        arn: role.arn,
        trust: structuredClone(role.trust),
        tags: { ...role.tags },
      },
    })),
  }));
}

function environmentFindings(config: Config, environments: AuditEnvironment[]) {
  const snapshot: AuditSnapshot = {
    account: ADMIN,
    region: 'eu-west-1',
    now: 0,
    buckets: [],
    roles: [],
    operators: { status: 'present', policies: [] },
    locks: [],
    errors: [],
    config,
    environments,
  };
  return auditSnapshot(snapshot).findings.filter((f) => f.rule.startsWith('SW-ENV-'));
}

describe('audit: environment accounts', () => {
  const config = parseConfig(yaml(''), 'stateward.yaml');

  it('the accounts as apply leaves them have no finding', () => {
    assert.deepEqual(environmentFindings(config, applied(config)), []);
  });

  it('SW-ENV-001 on a plan counterpart: trusted by the apply role instead of the plan role', () => {
    const swapped = applied(config);
    const plan = swapped[0]!.roles.find((r) => r.name === 'tf-web.plan')!;
    plan.observed!.trust!.Statement[0]!.Principal = { AWS: `arn:aws:iam::${ADMIN}:role/tf-web` };
    assert.deepEqual(
      environmentFindings(config, swapped).map((f) => [f.rule, f.resource]),
      [['SW-ENV-001', `arn:aws:iam::${PRODUCTION}:role/tf-web.plan`]],
    );
  });

  it('SW-ENV-001: a deploy role trusting another principal; apply’s trust clears it', () => {
    const tampered = applied(config);
    tampered[0]!.roles[0]!.observed!.trust!.Statement.push({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ADMIN}:role/tf-api` },
      Action: 'sts:AssumeRole',
    });
    const findings = environmentFindings(config, tampered);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.resource]),
      [['SW-ENV-001', 'high', `arn:aws:iam::${PRODUCTION}:role/tf-web`]],
    );
    assert.match(findings[0]!.fix, /stateward apply/);
    assert.deepEqual(environmentFindings(config, applied(config)), []);
  });

  it('SW-ENV-002: a deploy role the config wants is missing', () => {
    const missing = applied(config);
    missing[0]!.roles = [];
    assert.deepEqual(
      environmentFindings(config, missing).map((f) => [f.rule, f.resource]),
      [
        ['SW-ENV-002', `arn:aws:iam::${PRODUCTION}:role/tf-web`],
        ['SW-ENV-002', `arn:aws:iam::${PRODUCTION}:role/tf-web.plan`],
      ],
    );
  });

  it('SW-ENV-003: a tf-* role of a project that does not deploy there; adding the environment (the fix) clears it', () => {
    const extra = applied(config);
    const role = {
      ...structuredClone(extra[0]!.roles[0]!),
      name: 'tf-api',
      project: 'api',
      arn: `arn:aws:iam::${PRODUCTION}:role/tf-api`,
    };
    extra[0]!.roles.push(role);
    const findings = environmentFindings(config, extra);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.resource]),
      [['SW-ENV-003', `arn:aws:iam::${PRODUCTION}:role/tf-api`]],
    );
    assert.match(findings[0]!.fix, /Add production under environments of project api/);
    const fixed = parseConfig(yaml('    environments: { production: {} }\n'), 'stateward.yaml');
    assert.deepEqual(environmentFindings(fixed, applied(fixed)), []);
  });
});
