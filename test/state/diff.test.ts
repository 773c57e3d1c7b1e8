import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { diffStates } from '../../src/state/diff.ts';
import { renderDiff } from '../../src/state/render-diff.ts';
import { MASK } from '../../src/state/sensitive.ts';
import { parseState } from '../../src/state/state-file.ts';
import { dynamic, realisticState, SECRET, stateDocument } from './fixtures.ts';

const parse = (doc: Record<string, unknown>) => parseState(JSON.stringify(doc), 'test');

describe('diffStates', () => {
  it('is empty between a state and itself', () => {
    const state = parse(realisticState());
    assert.deepEqual(diffStates(state, state), { added: [], removed: [], changed: [], outputs: [] });
  });

  it('names added and removed instances by address, with module and index keys', () => {
    const from = parse(realisticState({ names: ['x', 'y'], moduleCount: 1 }));
    const to = parse(realisticState({ names: ['y', 'z'], moduleCount: 2 }));
    const diff = diffStates(from, to);
    assert.deepEqual(diff.added, ['module.m.terraform_data.b[1]', 'terraform_data.a["z"]']);
    assert.deepEqual(diff.removed, ['terraform_data.a["x"]']);
    assert.deepEqual(diff.changed, []);
    // Two names on both sides: the `count` output did not change, and neither did the sensitive one.
    assert.deepEqual(diff.outputs, []);
  });

  it('shows changed attributes down to the leaf and masks the sensitive ones on both sides', () => {
    const from = parse(realisticState({ names: ['x'] }));
    const changed = realisticState({ names: ['x'], pw: 'another-secret' });
    const to = parse(changed);
    const diff = diffStates(from, to);
    assert.equal(diff.changed.length, 1);
    const [instance] = diff.changed;
    assert.equal(instance?.address, 'terraform_data.a["x"]');
    const input = instance?.changes.find((c) => c.path === 'input.pw');
    assert.deepEqual(input, { path: 'input.pw', before: MASK, after: MASK, sensitive: true });
    // terraform marks only input.pw; output.pw is not in sensitive_attributes, so it is shown as terraform would.
    assert.ok(instance?.changes.some((c) => c.path === 'output.pw'));
    assert.deepEqual(diff.outputs, [{ name: 'pw', action: 'changed', before: MASK, after: MASK, sensitive: true }]);
    const text = renderDiff(diff, 'a', 'b');
    assert.match(text, /input\.pw: \(sensitive value changed\)/);
    assert.match(text, /~ pw: "\(sensitive\)" -> "\(sensitive\)"/);
    assert.ok(!text.includes(`input.pw: "${SECRET}"`));
  });

  it('masks a whole attribute when a sensitive path does not fit its shape', () => {
    const doc = (value: unknown) =>
      stateDocument({
        instances: [
          {
            name: 'a',
            attributes: { id: '1', conn: value },
            sensitive_attributes: [
              [
                { type: 'get_attr', value: 'conn' },
                { type: 'get_attr', value: 'password' },
              ],
            ],
          },
        ],
      });
    // The path names conn.password, but conn is a plain string here: the string is hidden, not shown.
    const diff = diffStates(parse(doc('user:old-pass@host')), parse(doc('user:new-pass@host')));
    const change = diff.changed[0]?.changes[0];
    assert.equal(change?.path, 'conn');
    assert.equal(change?.before, MASK);
    assert.equal(change?.after, MASK);
  });

  it('reports provider and status changes (a tainted instance)', () => {
    const from = parse(stateDocument({ instances: [{ name: 'a', attributes: { id: '1' } }] }));
    const to = parse(stateDocument({ instances: [{ name: 'a', status: 'tainted', attributes: { id: '1' } }] }));
    assert.deepEqual(diffStates(from, to).changed, [
      {
        address: 'terraform_data.a',
        changes: [{ path: '(status)', before: 'ready', after: 'tainted', sensitive: false }],
      },
    ]);
  });

  it('never reveals a value under a sensitive path or a sensitive output, whatever changes', () => {
    const secret = fc.string({ minLength: 8, maxLength: 16 }).map((s) => `SECRET:${s}`);
    const value = fc.oneof(
      secret,
      fc.record({ inner: secret, plain: fc.string() }),
      fc.array(secret, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(value, value, secret, secret, fc.string(), fc.string(), (v1, v2, o1, o2, plain1, plain2) => {
        const doc = (v: unknown, o: string, plain: string) =>
          stateDocument({
            outputs: { token: { value: o, type: 'string', sensitive: true } },
            instances: [
              {
                name: 'a',
                attributes: { id: '1', plain, secret: dynamic(v, 'dynamic') },
                sensitive_attributes: [[{ type: 'get_attr', value: 'secret' }]],
              },
            ],
          });
        const diff = diffStates(parse(doc(v1, o1, plain1)), parse(doc(v2, o2, plain2)));
        const shown = JSON.stringify(diff) + renderDiff(diff, 'a', 'b');
        assert.ok(!shown.includes('SECRET:'), shown);
      }),
    );
  });
});
