// The SARIF 2.1.0 JSON schema, as Microsoft's SARIF SDK ships it (@microsoft/jest-sarif), compiled with the
// project's ajv 8. The file is draft-04 (`id`), which ajv 8 reads once `id` is spelled `$id`; the schema
// uses no other draft-04-only keyword. One of its patterns (run.language) is not valid under the u flag,
// so patterns compile without it, as draft-04 validators do. Its formats (uri, uri-reference, date-time) are checked here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

export function sarifSchema(): Record<string, unknown> {
  const dir = dirname(require.resolve('@microsoft/jest-sarif/package.json'));
  const raw = JSON.parse(readFileSync(join(dir, 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const { $schema: _draft, id, ...rest } = raw;
  return { $id: id, ...rest };
}

export function sarifValidator(): ValidateFunction {
  const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat(
    'date-time',
    (value: string) =>
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)),
  );
  return ajv.compile(sarifSchema());
}
