import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatewardError } from '../../src/errors.ts';
import { instanceAddress } from '../../src/state/address.ts';
import { summarizeState } from '../../src/state/history.ts';
import { parseState } from '../../src/state/state-file.ts';
import { realisticState, stateDocument } from './fixtures.ts';

const LABEL = 'version v1 of s3://b/k';

describe('parseState', () => {
  it('reads serial, lineage, terraform version and every instance address as `terraform state list` prints it', () => {
    const state = parseState(JSON.stringify(realisticState(), null, 2), LABEL);
    assert.equal(state.serial, 5);
    assert.equal(state.lineage, '37a3648b-d448-d4d0-4a6b-ab69bd899349');
    assert.equal(state.terraformVersion, '1.11.4');
    assert.deepEqual(
      state.instances.map((i) => i.address),
      [
        'data.terraform_remote_state.r',
        'terraform_data.a["x"]',
        'terraform_data.a["y"]',
        'module.m.terraform_data.b[0]',
        'module.m.terraform_data.b[1]',
      ],
    );
    assert.deepEqual(summarizeState(state), {
      serial: 5,
      lineage: '37a3648b-d448-d4d0-4a6b-ab69bd899349',
      terraformVersion: '1.11.4',
      resources: 5,
    });
  });

  it('unwraps dynamic values, so sensitive paths address the value itself', () => {
    const state = parseState(JSON.stringify(realisticState()), LABEL);
    const a = state.instances.find((i) => i.address === 'terraform_data.a["x"]');
    assert.deepEqual(a?.attributes.input, { name: 'x', pw: 's3cret-value' });
    assert.deepEqual(a?.sensitive, [['input', 'pw']]);
  });

  it('tells deposed objects apart from the current one and does not count them as resources', () => {
    const doc = stateDocument({
      instances: [
        { name: 'a', attributes: { id: '1' } },
        { name: 'a', deposed: '00000001', attributes: { id: '0' } },
      ],
    });
    const state = parseState(JSON.stringify(doc), LABEL);
    assert.deepEqual(
      state.instances.map((i) => i.address),
      ['terraform_data.a', 'terraform_data.a (deposed 00000001)'],
    );
    assert.equal(summarizeState(state).resources, 1);
  });

  it('quotes for_each keys the way terraform does', () => {
    assert.equal(
      instanceAddress({ mode: 'managed', type: 't', name: 'n', module: 'module.a["k"].module.b' }, 'a "q"'),
      'module.a["k"].module.b.t.n["a \\"q\\""]',
    );
    assert.equal(instanceAddress({ mode: 'data', type: 't', name: 'n' }, 3), 'data.t.n[3]');
  });

  const corrupt: Array<[string, string, RegExp]> = [
    ['truncated JSON', '{"version": 4, "serial": ', /not valid JSON/],
    ['a format-3 state', JSON.stringify({ ...stateDocument(), version: 3 }), /format version is 3/],
    ['a fractional serial', JSON.stringify({ ...stateDocument(), serial: 1.5 }), /"serial" is not a whole number/],
    ['no lineage', JSON.stringify({ ...stateDocument(), lineage: undefined }), /"lineage" is missing/],
    [
      'resources that are not a list',
      JSON.stringify({ ...stateDocument(), resources: {} }),
      /"resources" is not a JSON array/,
    ],
    [
      'a resource of unknown mode',
      JSON.stringify({ ...stateDocument(), resources: [{ mode: 'other', type: 't', name: 'n', instances: [] }] }),
      /resources\[0\]\.mode is "other"/,
    ],
  ];
  for (const [what, text, why] of corrupt) {
    it(`names the version when the state is ${what}`, () => {
      assert.throws(
        () => parseState(text, LABEL),
        (error: unknown) => {
          assert.ok(error instanceof StatewardError);
          assert.equal(error.code, 'STATE_CORRUPT');
          assert.ok(error.message.startsWith(`The state in ${LABEL} cannot be read`), error.message);
          assert.match(error.message, why);
          return true;
        },
      );
    });
  }
});
