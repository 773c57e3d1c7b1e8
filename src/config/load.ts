// stateward.yaml -> Config: YAML with positions -> schema -> defaults -> semantic rules.
// Every problem is collected and reported at once, each at its file:line:col.
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { StatewardError, StatewardErrors } from '../errors.ts';
import { writtenPath } from './inheritance.ts';
import { normalizeConfig } from './normalize.ts';
import { type ReadText, readPolicyFiles, readTextFile } from './policy-files.ts';
import { accessRules } from './rules/access.ts';
import { accountRules } from './rules/account.ts';
import { environmentsRules } from './rules/environments.ts';
import { projectsRules } from './rules/projects.ts';
import { pullRequestRules } from './rules/pull-requests.ts';
import { configSchema } from './schema.ts';
import { issueToError } from './schema-issues.ts';
import type { Config } from './types.ts';
import { locate, parseYamlSource } from './yaml-source.ts';

const rules = [...accountRules, ...projectsRules, ...pullRequestRules, ...accessRules, ...environmentsRules];

export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StatewardError(
      missing ? 'CONFIG_NOT_FOUND' : 'CONFIG_UNREADABLE',
      missing ? `config file ${file} does not exist` : `cannot read config file ${file}: ${(cause as Error).message}`,
      missing
        ? 'pass the path with -c/--config, or create stateward.yaml (see examples/stateward.yaml)'
        : 'check the path and its permissions',
      { cause },
    );
  }
  return parseConfig(text, file);
}

/** `readText` reads the policy files of `inlinePolicies` (paths relative to `file`). */
export function parseConfig(text: string, file: string, readText: ReadText = readTextFile): Config {
  const { source, errors } = parseYamlSource(text, file);
  if (errors.length > 0) throw new StatewardErrors(errors);
  if (source.data === null || source.data === undefined) {
    throw new StatewardErrors([
      new StatewardError('CONFIG_EMPTY', `${file} is empty`, 'start from examples/stateward.yaml', {
        location: { file, line: 1, column: 1 },
      }),
    ]);
  }
  const parsed = v.safeParse(configSchema, source.data, { abortEarly: false });
  if (!parsed.success) throw new StatewardErrors(sortByPosition(parsed.issues.map((i) => issueToError(i, source))));
  const policyFiles = readPolicyFiles(parsed.output, source, readText);
  if (policyFiles.errors.length > 0) throw new StatewardErrors(policyFiles.errors);
  const config = normalizeConfig(parsed.output, file, policyFiles.documents);
  const problems = rules
    .flatMap((rule) => rule(config))
    .map(
      (p) =>
        new StatewardError(p.code, p.message, p.fix, {
          location: locate(source, writtenPath(source, p.path), p.target),
        }),
    );
  if (problems.length > 0) throw new StatewardErrors(sortByPosition(unique(problems)));
  return config;
}

/** One error per place and message: an inherited setting is checked once per project that inherits it. */
function unique(errors: StatewardError[]): StatewardError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.location?.line}:${e.location?.column}:${e.code}:${e.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function sortByPosition(errors: StatewardError[]): StatewardError[] {
  return [...errors].sort(
    (a, b) =>
      (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}
