import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StatewardError } from '../../src/errors.ts';
import { topLevelMembers } from '../../src/state/json-members.ts';
import { planRestore, stateDigest, withSerial } from '../../src/state/restore-body.ts';
import { parseState } from '../../src/state/state-file.ts';
import { realisticState } from './fixtures.ts';

describe('withSerial', () => {
  it('changes only the serial digits of a terraform-formatted body', () => {
    const body = `${JSON.stringify(realisticState({ serial: 3 }), null, 2)}\n`;
    const raised = withSerial(body, 12, 'v1');
    assert.equal(raised, body.replace('"serial": 3,', '"serial": 12,'));
  });

  it("keeps Go's escapes and number spellings byte for byte", () => {
    const body =
      '{\n  "version": 4,\n  "serial": 7,\n  "lineage": "l",\n  "outputs": {"html": {"value": "\\u003cb\\u003e", "type": "string"}, "big": {"value": 1.0e+21, "type": "number"}},\n  "resources": []\n}\n';
    const raised = withSerial(body, 8, 'v1');
    assert.equal(raised, body.replace('"serial": 7', '"serial": 8'));
    assert.ok(raised.includes('\\u003cb\\u003e') && raised.includes('1.0e+21'));
  });

  it('does not touch a "serial" that is not the top-level one', () => {
    const body =
      '{"outputs":{"serial":{"value":1,"type":"number"}},"version":4,"serial":2,"lineage":"l","resources":[]}';
    assert.equal(withSerial(body, 9, 'v1'), body.replace('"serial":2', '"serial":9'));
  });

  it('refuses a body without a top-level serial, naming the version', () => {
    assert.throws(
      () => withSerial('{"version":4}', 2, 'version v9 of s3://b/k'),
      (error: unknown) =>
        error instanceof StatewardError &&
        error.code === 'STATE_CORRUPT' &&
        error.message.includes('version v9 of s3://b/k'),
    );
  });

  it('for any state and formatting, the result parses to the same document with only the serial changed', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== 'serial'),
          json,
          { maxKeys: 5 },
        ),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(0, 2, '\t'),
        (extra, oldSerial, newSerial, indent) => {
          const doc = { ...extra, serial: oldSerial };
          const body = JSON.stringify(doc, null, indent);
          const raised = withSerial(body, newSerial, 'v');
          // Compared through JSON because that is all a body can carry: -0 is written as 0.
          assert.deepEqual(JSON.parse(raised), JSON.parse(JSON.stringify({ ...doc, serial: newSerial })));
        },
      ),
    );
  });
});

describe('topLevelMembers', () => {
  it('finds each member value exactly where JSON.stringify put it', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.constantFrom(0, 2),
        (doc, indent) => {
          const text = JSON.stringify(doc, null, indent);
          const members = topLevelMembers(text) ?? assert.fail('not found');
          assert.deepEqual(
            members.map((m) => m.name),
            Object.keys(doc),
          );
          for (const member of members)
            assert.deepEqual(
              JSON.parse(text.slice(member.start, member.end)),
              JSON.parse(JSON.stringify(doc[member.name])),
            );
        },
      ),
    );
  });

  it('returns undefined for anything but an object', () => {
    for (const text of ['[]', '"x"', '{"a" 1}', '{"a":1', '']) assert.equal(topLevelMembers(text), undefined, text);
  });
});

describe('planRestore', () => {
  const version = (versionId: string, serial: number, lineage = 'L') => ({
    versionId,
    state: parseState(
      JSON.stringify(realisticState({ serial })).replace('37a3648b-d448-d4d0-4a6b-ab69bd899349', lineage),
      versionId,
    ),
  });

  it('raises the serial above the current one, not the restored one', () => {
    const plan = planRestore(version('cur', 9), version('old', 2), false);
    assert.equal(plan.newSerial, 10);
    assert.equal(plan.lineageChanges, false);
  });

  it('refuses another lineage, naming both, unless forced', () => {
    assert.throws(
      () => planRestore(version('cur', 9, 'A'), version('old', 2, 'B'), false),
      (error: unknown) => {
        assert.ok(error instanceof StatewardError);
        assert.equal(error.code, 'RESTORE_LINEAGE_MISMATCH');
        assert.match(error.message, /lineage B.*lineage A/);
        assert.match(error.fix, /--force-lineage/);
        return true;
      },
    );
    assert.equal(planRestore(version('cur', 9, 'A'), version('old', 2, 'B'), true).lineageChanges, true);
  });
});

describe('stateDigest', () => {
  it('is the hex MD5 of the UTF-8 bytes, as terraform stores in the -md5 item', () => {
    const body = '{"lineage":"ä"}';
    assert.equal(stateDigest(body), createHash('md5').update(Buffer.from(body, 'utf8')).digest('hex'));
    assert.equal(stateDigest(''), 'd41d8cd98f00b204e9800998ecf8427e');
  });
});
