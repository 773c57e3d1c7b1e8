// Who gets the apply role by default: the default branch and the configured environments, never pull
// requests; the opt-out keeps the old whole-repo trust.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { buildDesired } from '../../src/desired/build.ts';
import { diff } from '../../src/plan/diff.ts';
import { emptyObserved } from '../../src/plan/empty-observed.ts';

const HEAD = `version: 1
account: "111122223333"
region: eu-west-1
github: { org: acme }
`;

const load = (yaml: string) => parseConfig(`${HEAD}${yaml}`, 'stateward.yaml');

test('defaults: main only, ReadOnlyAccess for the plan role, no opt-out', () => {
  const [p] = load('projects: [{ name: net }]\n').projects;
  assert.deepEqual(p!.oidcSubjects, ['repo:acme/terraform-net:ref:refs/heads/main']);
  assert.equal(p!.defaultBranch, 'main');
  assert.deepEqual(p!.githubEnvironments, []);
  assert.equal(p!.allowPullRequestApply, false);
  assert.deepEqual(p!.planManagedPolicies, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
});

test('defaultBranch and githubEnvironments make the apply subjects; a project overrides defaults', () => {
  const config = load(
    `defaults: { defaultBranch: trunk, githubEnvironments: [production] }
projects:
  - name: net
  - name: app
    defaultBranch: release/v2
    githubEnvironments: [staging, production]
    planManagedPolicies: ["arn:aws:iam::111122223333:policy/tf-plan-read"]
`,
  );
  assert.deepEqual(config.projects[0]!.oidcSubjects, [
    'repo:acme/terraform-net:ref:refs/heads/trunk',
    'repo:acme/terraform-net:environment:production',
  ]);
  assert.deepEqual(config.projects[1]!.oidcSubjects, [
    'repo:acme/terraform-app:ref:refs/heads/release/v2',
    'repo:acme/terraform-app:environment:staging',
    'repo:acme/terraform-app:environment:production',
  ]);
  assert.deepEqual(config.projects[1]!.planManagedPolicies, ['arn:aws:iam::111122223333:policy/tf-plan-read']);
});

test('opt-out: allowPullRequestApply keeps the whole-repo trust, and admits explicit pull_request subjects', () => {
  const config = load(
    `projects:
  - name: net
    allowPullRequestApply: true
  - name: app
    allowPullRequestApply: true
    oidcSubjects: ["repo:acme/terraform-app:pull_request", "repo:acme/terraform-app:ref:refs/heads/main"]
`,
  );
  assert.deepEqual(config.projects[0]!.oidcSubjects, ['repo:acme/terraform-net:*']);
  assert.equal(config.projects[0]!.allowPullRequestApply, true);
  assert.deepEqual(config.projects[1]!.oidcSubjects, [
    'repo:acme/terraform-app:pull_request',
    'repo:acme/terraform-app:ref:refs/heads/main',
  ]);
});

test('explicit oidcSubjects without pull requests or wildcards override the defaults', () => {
  const [p] = load(
    'projects:\n  - name: net\n    oidcSubjects: ["repo:acme/terraform-net:environment:prod"]\n',
  ).projects;
  assert.deepEqual(p!.oidcSubjects, ['repo:acme/terraform-net:environment:prod']);
});

test('the opt-out is a warning on every plan, naming the project and the plan role it gives up', () => {
  const desired = buildDesired(load('projects:\n  - name: net\n    allowPullRequestApply: true\n  - name: app\n'));
  const notices = diff(desired, emptyObserved(desired)).notices.filter((n) => n.level === 'warning');
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.project, 'net');
  assert.match(notices[0]!.message, /pull requests included, gets tf-net .* anyone who can push a branch can apply/);
  assert.match(notices[0]!.message, /plan-only role tf-net\.plan/);
});
