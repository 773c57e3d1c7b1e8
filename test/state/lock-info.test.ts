import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StatewardError } from '../../src/errors.ts';
import { parseLockInfo, RESTORE_OPERATION, restoreLockInfo, serializeLockInfo } from '../../src/state/lock-info.ts';

// Verbatim from the reference recording (terraform 1.11.4, reference §2).
const TERRAFORM_LOCK =
  '{"ID":"0702e68b-ef53-2612-e436-a5da91b92d48","Operation":"OperationTypeApply","Info":"","Who":"root@vm","Version":"1.11.4","Created":"2026-11-22T02:20:51.607141654Z","Path":"tfstate/proj/app/terraform.tfstate"}';
const SOURCE = 's3://tfstate-web-123456789012/web/terraform.tfstate.tflock';

describe('parseLockInfo', () => {
  it("reads terraform's own lock JSON, nanosecond timestamp included", () => {
    const info = parseLockInfo(TERRAFORM_LOCK, SOURCE);
    assert.equal(info.ID, '0702e68b-ef53-2612-e436-a5da91b92d48');
    assert.equal(info.Operation, 'OperationTypeApply');
    assert.equal(info.Who, 'root@vm');
    assert.equal(new Date(info.Created).toISOString(), '2026-11-22T02:20:51.607Z');
  });

  const corrupt: Array<[string, string, RegExp]> = [
    ['not JSON', '{"ID": "x"', /is not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['no ID', TERRAFORM_LOCK.replace('"ID":"0702e68b-ef53-2612-e436-a5da91b92d48",', ''), /field "ID" is missing/],
    ['an empty Who', TERRAFORM_LOCK.replace('"Who":"root@vm"', '"Who":""'), /field "Who"/],
    [
      'a bad time',
      TERRAFORM_LOCK.replace('2026-11-22T02:20:51.607141654Z', 'yesterday'),
      /"Created" is not an RFC 3339 time: yesterday/,
    ],
    ['an empty body', '', /is not JSON/],
  ];
  for (const [what, body, why] of corrupt) {
    it(`reports ${what} as a corrupt lock naming the object`, () => {
      assert.throws(
        () => parseLockInfo(body, SOURCE),
        (error: unknown) => {
          assert.ok(error instanceof StatewardError);
          assert.equal(error.code, 'STATE_CORRUPT_LOCK');
          assert.ok(error.message.includes(`The lock at ${SOURCE} is corrupt`), error.message);
          assert.match(error.message, why);
          assert.ok(error.fix.includes(SOURCE));
          return true;
        },
      );
    });
  }
});

describe('restore lock info', () => {
  it("is written in Go's field order and names stateward's operation", () => {
    const info = restoreLockInfo({
      id: 'abc',
      who: 'alice@host',
      version: '0.1.0',
      now: new Date('2026-01-02T03:04:05.678Z'),
      path: 'b/k',
      info: 'restore of version v1',
    });
    assert.equal(
      serializeLockInfo(info),
      '{"ID":"abc","Operation":"stateward restore","Info":"restore of version v1","Who":"alice@host","Version":"0.1.0","Created":"2026-01-02T03:04:05.678Z","Path":"b/k"}',
    );
    assert.equal(info.Operation, RESTORE_OPERATION);
  });

  it('reads back what it writes, for any holder and path', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }),
        (id, who, path, now) => {
          const info = restoreLockInfo({ id, who, version: '1.2.3', now, path });
          assert.deepEqual(parseLockInfo(serializeLockInfo(info), 'x'), info);
        },
      ),
    );
  });
});
