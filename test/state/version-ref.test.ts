import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatewardError } from '../../src/errors.ts';
import { parseVersionRef, resolveVersionRef } from '../../src/state/version-ref.ts';

const IDS = ['v3', 'v2', 'v1'];

describe('version references', () => {
  const table: Array<[string, number]> = [
    ['current', 0],
    ['-0', 0],
    ['-1', 1],
    ['-2', 2],
    ['v2', 1],
    ['v1', 2],
  ];
  for (const [text, index] of table)
    it(`${text} is the version at index ${index} of newest-first`, () =>
      assert.equal(resolveVersionRef(parseVersionRef(text), IDS, 'w'), index));

  it('accepts S3 ids as they are, including "null" for objects written before versioning', () => {
    assert.deepEqual(parseVersionRef('null'), { kind: 'id', id: 'null' });
    assert.deepEqual(parseVersionRef('3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY'), {
      kind: 'id',
      id: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
    });
  });

  for (const bad of ['', '-x', '--1', '-1.5', 'a b']) {
    it(`refuses ${JSON.stringify(bad)}`, () =>
      assert.throws(
        () => parseVersionRef(bad, 'FROM version'),
        (e: unknown) =>
          e instanceof StatewardError && e.code === 'CLI_BAD_VERSION_REF' && e.message.includes('FROM version'),
      ));
  }

  it('says how many versions there are when -N reaches too far', () => {
    assert.throws(
      () => resolveVersionRef(parseVersionRef('-3'), IDS, 's3://b/k'),
      (e: unknown) =>
        e instanceof StatewardError &&
        e.code === 'STATE_NO_SUCH_VERSION' &&
        /has no version -3: it has 3 \(current and -1 to -2\)/.test(e.message),
    );
    assert.throws(
      () => resolveVersionRef(parseVersionRef('-1'), ['v1'], 's3://b/k'),
      (e: unknown) => e instanceof StatewardError && /only the current one/.test(e.message),
    );
  });

  it('names an unknown id and a state with no versions', () => {
    assert.throws(
      () => resolveVersionRef(parseVersionRef('v9'), IDS, 's3://b/k'),
      (e: unknown) => e instanceof StatewardError && e.message === 's3://b/k has no version v9.',
    );
    assert.throws(
      () => resolveVersionRef(parseVersionRef('current'), [], 's3://b/k'),
      (e: unknown) => e instanceof StatewardError && e.code === 'STATE_NOT_FOUND',
    );
  });
});
