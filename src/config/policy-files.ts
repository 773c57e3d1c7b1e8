// `inlinePolicies: { name: path }` of a project: each file, resolved relative to the config, read and
// checked as an identity policy document. Problems point into the policy file (line:column) when they
// are in it, and at the config entry when the file cannot be read.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type SourceLocation, StatewardError } from '../errors.ts';
import type { PolicyDocument } from '../iam/document.ts';
import { identityPolicyProblems } from './policy-document-check.ts';
import type { RawConfig } from './schema.ts';
import { locate, parseYamlSource, type YamlSource } from './yaml-source.ts';

/** Reads a file the config names; tests pass their own. */
export type ReadText = (path: string) => string;

export const readTextFile: ReadText = (path) => readFileSync(path, 'utf8');

export interface PolicyFiles {
  /** Per project index: policy name -> document. */
  documents: Array<Record<string, PolicyDocument>>;
  errors: StatewardError[];
}

export function readPolicyFiles(raw: RawConfig, source: YamlSource, readText: ReadText): PolicyFiles {
  const errors: StatewardError[] = [];
  const documents = raw.projects.map((project, index) =>
    Object.fromEntries(
      Object.entries(project.inlinePolicies ?? {}).flatMap(([name, written]) => {
        const at = locate(source, ['projects', index, 'inlinePolicies', name]);
        const read = readDocument(join(dirname(source.file), written), at, readText);
        if (read instanceof StatewardError || Array.isArray(read)) {
          errors.push(...(Array.isArray(read) ? read : [read]));
          return [];
        }
        return [[name, read] as const];
      }),
    ),
  );
  return { documents, errors };
}

function readDocument(
  path: string,
  namedAt: SourceLocation,
  readText: ReadText,
): PolicyDocument | StatewardError | StatewardError[] {
  const where = `(named at ${namedAt.file}:${namedAt.line}:${namedAt.column})`;
  let text: string;
  try {
    text = readText(path);
  } catch (cause) {
    return new StatewardError(
      'CONFIG_POLICY_FILE',
      `cannot read policy file ${path}: ${(cause as Error).message}`,
      'write the path relative to the config file, and check that the file exists',
      { location: namedAt, cause },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return new StatewardError(
      'CONFIG_POLICY_JSON',
      `policy file ${path} ${where} is not valid JSON: ${(cause as Error).message}`,
      'fix the JSON syntax at this place (quotes, commas, brackets)',
      { location: jsonErrorLocation(path, text, cause as Error) },
    );
  }
  const problems = identityPolicyProblems(value);
  if (problems.length === 0) return value as PolicyDocument;
  // JSON is YAML: the YAML parser maps each JSON path back to its line and column.
  const { source } = parseYamlSource(text, path);
  return problems.map(
    (p) =>
      new StatewardError('CONFIG_POLICY_DOCUMENT', `policy file ${path} ${where}: ${p.message}`, p.fix, {
        location: locate(source, p.path),
      }),
  );
}

/**
 * V8 names the offending place ("(line L column C)", or "at position N") in some messages only; for the
 * others the YAML parser, reading the same text, names where it breaks.
 */
function jsonErrorLocation(file: string, text: string, error: Error): SourceLocation {
  const lineColumn = /line (\d+) column (\d+)/.exec(error.message);
  if (lineColumn) return { file, line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(error.message)?.[1];
  const yamlError = parseYamlSource(text, file).errors[0]?.location;
  if (position === undefined && yamlError) return yamlError;
  const before = text.slice(0, Number(position ?? text.length)).split('\n');
  return { file, line: before.length, column: before[before.length - 1]!.length + 1 };
}
