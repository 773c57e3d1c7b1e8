// The GitHub Action as GitHub reads it: third-party actions pinned to commits, inputs reaching shell steps only
// through env, and the documented workflow accepted by GitHub's own parser and calling the action with inputs
// it declares.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../support/cli.ts';
import { type ActionStep, action } from './action-file.ts';

const EXAMPLE = 'examples/github/stateward-audit.yml';

describe('action.yml', () => {
  it('is a composite action whose shell steps all name their shell', () => {
    assert.equal(action.runs.using, 'composite');
    for (const step of action.runs.steps.filter((s) => s.run)) assert.equal(step.shell, 'bash', step.name);
  });

  it('pins every action it uses to a full commit SHA, with the version in a comment', () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const uses = [...text.matchAll(/uses: (\S+)(.*)/g)];
    assert.ok(uses.length >= 3);
    for (const [, ref, comment] of uses) {
      assert.match(ref!, /^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/, ref);
      assert.match(comment!, /# v\d+\.\d+\.\d+/, ref);
    }
  });

  it('passes inputs to shell steps through env only, so no input can inject shell code', () => {
    for (const step of action.runs.steps.filter((s) => s.run)) assert.doesNotMatch(step.run!, /\$\{\{/, step.name);
  });

  it('declares every input it reads', () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const read = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]!));
    assert.deepEqual(
      [...read].filter((name) => !(name in action.inputs)),
      [],
    );
  });
});

describe(`the documented workflow (${EXAMPLE})`, () => {
  const content = readFileSync(join(ROOT, EXAMPLE), 'utf8');

  it("parses without errors in GitHub's workflow parser", async () => {
    const parsed = parseWorkflow({ name: EXAMPLE, content }, new NoOperationTraceWriter());
    assert.deepEqual(
      parsed.context.errors.getErrors().map((e) => e.message),
      [],
    );
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    assert.deepEqual(
      template.errors?.map((e) => e.Message),
      undefined,
    );
  });

  it('grants what the action needs and calls it with inputs it declares, the required ones included', () => {
    const workflow = parseYaml(content) as {
      permissions: Record<string, string>;
      jobs: Record<string, { steps: ActionStep[] }>;
    };
    assert.equal(workflow.permissions['id-token'], 'write');
    assert.equal(workflow.permissions['security-events'], 'write');
    const step = Object.values(workflow.jobs)[0]!.steps.find((s) => s.uses?.startsWith('stateward/stateward@'));
    assert.ok(step, 'no step uses stateward/stateward');
    const given = Object.keys(step.with ?? {});
    assert.deepEqual(
      given.filter((name) => !(name in action.inputs)),
      [],
    );
    const required = Object.entries(action.inputs).filter(([, input]) => input.required);
    assert.deepEqual(
      required.map(([name]) => name).filter((name) => !given.includes(name)),
      [],
    );
  });
});
