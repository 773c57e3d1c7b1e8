// Random valid stateward configs, as YAML text, for property tests.
import fc from 'fast-check';
import { stringify } from 'yaml';

const NAMES = ['app', 'network', 'dns', 'vpc-core', 'unifi', 'proxmox', 'data-lake', 'ci', 'k8s-prod', 'billing'];
const HUMANS = ['alice', 'bob', 'carol', 'dave.ops'];
const WORKSPACES = ['*', 'dev', 'staging', 'prod-?', 'qa*'];

const encryption = fc.oneof(
  fc.constant({ type: 'sse-s3' }),
  fc.uuid().map((id) => ({ type: 'sse-kms', kmsKeyArn: `arn:aws:kms:eu-west-1:111122223333:key/${id}` })),
);

function grants(project: string, level: string) {
  return fc
    .uniqueArray(
      fc.record({
        sub: fc.constantFrom('terraform.tfstate', 'stacks/a.tfstate', 'stacks/b/terraform.tfstate', 'envs/*'),
        workspaces: fc.uniqueArray(fc.constantFrom(...WORKSPACES), { maxLength: 2 }),
        defaultWorkspace: fc.boolean(),
      }),
      { maxLength: 1 },
    )
    .map((list) =>
      list.map((g) => ({
        key: `${project}/${level}/${g.sub}`,
        workspaces: g.workspaces,
        defaultWorkspace: g.defaultWorkspace || g.workspaces.length === 0,
      })),
    );
}

function project(name: string, others: string[]) {
  return (
    fc
      .record(
        {
          name: fc.constant(name),
          locking: fc.constantFrom('lockfile', 'dynamodb', 'both'),
          encryption,
          oidcSubjects: fc.uniqueArray(
            fc.constantFrom(
              `repo:acme/terraform-${name}:*`,
              `repo:acme/terraform-${name}:ref:refs/heads/main`,
              `repo:acme/terraform-${name}:pull_request`,
              `repo:acme/terraform-${name}:environment:prod`,
            ),
            { minLength: 1, maxLength: 3 },
          ),
          repoId: fc.integer({ min: 1, max: 99999999 }),
          humans: fc.uniqueArray(fc.constantFrom(...HUMANS), { maxLength: 3 }),
          reads: fc
            .uniqueArray(fc.constantFrom(...(others.length > 0 ? others : ['__none__'])), { maxLength: 2 })
            .map((r) => r.filter((x) => x !== '__none__')),
          managedPolicies: fc.uniqueArray(
            fc.constantFrom('arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'),
            { maxLength: 1 },
          ),
          fence: fc.boolean(),
          access: fc.option(
            fc.record({ apply: grants(name, 'apply'), plan: grants(name, 'plan'), read: grants(name, 'read') }),
            { nil: undefined },
          ),
        },
        { requiredKeys: ['name', 'locking', 'encryption', 'oidcSubjects', 'humans', 'reads', 'fence'] },
      )
      .map((p) =>
        p.access && p.access.apply.length + p.access.plan.length + p.access.read.length === 0
          ? { ...p, access: undefined }
          : p,
      )
      // A subject that admits pull requests or any branch is refused unless the project accepts the risk.
      .map((p) =>
        p.oidcSubjects.some((s) => s.endsWith(':*') || s.endsWith(':pull_request'))
          ? { ...p, allowPullRequestApply: true }
          : p,
      )
      .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)))
  );
}

export const configYaml = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 })
  .chain((names) =>
    fc.record({
      projects: fc.tuple(
        ...names.map((name) =>
          project(
            name,
            names.filter((n) => n !== name),
          ),
        ),
      ),
      admins: fc.uniqueArray(
        fc.constantFrom('arn:aws:iam::111122223333:role/platform-admin', 'arn:aws:iam::111122223333:user/breakglass'),
        { maxLength: 2 },
      ),
    }),
  )
  .map(({ projects, admins }) =>
    stringify({
      version: 1,
      account: '111122223333',
      region: 'eu-west-1',
      github: { org: 'acme', ownerId: 123456 },
      humans: HUMANS,
      admins,
      projects,
    }),
  );
