// The mapping file of `migrate --mapping`: many requests at once, the same fields as the flags. `discover
// --write-mapping` writes it with `renderMapping`, and what it writes is read back by `parseMapping` unchanged.
import * as v from 'valibot';
import { stringify } from 'yaml';
import { type ConfigPath, formatPath, locate, parseYamlSource } from '../config/yaml-source.ts';
import { StatewardError, StatewardErrors } from '../errors.ts';
import { checkRequest, describeSource, type MigrationRequest, parseSource } from './request.ts';

const entrySchema = v.strictObject({
  from: v.pipe(v.string(), v.minLength(1)),
  fromLockTable: v.optional(v.pipe(v.string(), v.minLength(1))),
  to: v.pipe(v.string(), v.minLength(1)),
  workspaces: v.optional(v.boolean()),
});

const mappingSchema = v.strictObject({
  version: v.literal(1),
  migrations: v.pipe(v.array(entrySchema), v.minLength(1)),
});

export type MappingEntry = v.InferOutput<typeof entrySchema>;

export function parseMapping(text: string, file: string): MigrationRequest[] {
  const { source, errors } = parseYamlSource(text, file);
  if (errors.length > 0) throw new StatewardErrors(errors);
  const parsed = v.safeParse(mappingSchema, source.data, { abortEarly: false });
  if (!parsed.success) {
    throw new StatewardErrors(
      parsed.issues.map((issue) => {
        const path: ConfigPath = (issue.path ?? []).map((item) => item.key as string | number);
        return new StatewardError(
          'MIGRATE_BAD_MAPPING',
          `${formatPath(path) || 'the mapping'}: ${issue.message}.`,
          'Write `version: 1` and `migrations:` entries with `from`, `to` and optionally `fromLockTable` and `workspaces` (see `stateward migrate --help`).',
          { location: locate(source, path, issue.expected === 'never' ? 'key' : 'value') },
        );
      }),
    );
  }
  return parsed.output.migrations.map((entry, index) => {
    const location = locate(source, ['migrations', index]);
    return checkRequest({
      from: parseSource(entry.from, location),
      ...(entry.fromLockTable ? { fromLockTable: entry.fromLockTable } : {}),
      to: entry.to,
      workspaces: entry.workspaces ?? false,
      location,
    });
  });
}

export function renderMapping(requests: MigrationRequest[], header: string[]): string {
  const migrations: MappingEntry[] = requests.map((request) => ({
    from: describeSource(request.from),
    ...(request.fromLockTable ? { fromLockTable: request.fromLockTable } : {}),
    to: request.to,
    ...(request.workspaces ? { workspaces: true } : {}),
  }));
  return `${header.map((line) => `# ${line}`).join('\n')}\n${stringify({ version: 1, migrations })}`;
}
