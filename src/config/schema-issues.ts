// Turns valibot issues into StatewardErrors that say what is wrong, where, and what to write instead.
import type { BaseIssue } from 'valibot';
import { StatewardError } from '../errors.ts';
import { closestName } from './closest-name.ts';
import { allowedKeysAt } from './schema-keys.ts';
import { type ConfigPath, formatPath, locate, type YamlSource } from './yaml-source.ts';

export function issueToError(issue: BaseIssue<unknown>, source: YamlSource): StatewardError {
  const path: ConfigPath = (issue.path ?? []).map((item) => item.key as string | number);
  const where = formatPath(path) || 'the file';
  const isUnknownKey = issue.type.endsWith('object') && issue.expected === 'never';
  const isMissingKey = issue.type.endsWith('object') && issue.received === 'undefined';
  if (isUnknownKey) {
    const key = String(path[path.length - 1]);
    const allowed = allowedKeysAt(path.slice(0, -1));
    const suggestion = closestName(key, allowed);
    return new StatewardError(
      'CONFIG_UNKNOWN_KEY',
      `unknown key "${key}" in ${formatPath(path.slice(0, -1)) || 'the top level'}`,
      suggestion
        ? `did you mean "${suggestion}"? Allowed keys: ${allowed.join(', ')}`
        : `remove it; allowed keys here: ${allowed.join(', ')}`,
      { location: locate(source, path, 'key') },
    );
  }
  if (isMissingKey) {
    return new StatewardError(
      'CONFIG_MISSING_KEY',
      `${where} is required`,
      `add "${String(path[path.length - 1])}:" here`,
      {
        location: locate(source, path),
      },
    );
  }
  if (issue.kind === 'validation') {
    return new StatewardError(
      'CONFIG_INVALID_VALUE',
      `${where}: ${describeValidation(issue)}`,
      fixForValidation(issue),
      {
        location: locate(source, path),
      },
    );
  }
  return new StatewardError(
    'CONFIG_WRONG_TYPE',
    `${where} must be ${describeExpected(issue)}, not ${issue.received}`,
    fixForType(issue, path),
    {
      location: locate(source, path),
    },
  );
}

function describeExpected(issue: BaseIssue<unknown>): string {
  const expected = issue.expected ?? issue.type;
  if (issue.type === 'picklist' || issue.type === 'literal' || issue.type === 'variant')
    return `one of ${expected.replaceAll(' | ', ', ').replace(/^\(|\)$/g, '')}`;
  if (expected === 'Array') return 'a list';
  if (expected === 'Object') return 'a mapping';
  return `a ${expected}`;
}

function fixForType(issue: BaseIssue<unknown>, path: ConfigPath): string {
  if (path[0] === 'account' && issue.expected === 'string')
    return 'quote the account id so YAML keeps it as text, e.g. account: "111122223333"';
  if (issue.expected === 'Array') return 'write a YAML list, e.g. [a, b] or one "- item" per line';
  if (issue.expected === 'Object') return 'write a mapping of "key: value" lines';
  return `write ${describeExpected(issue)}`;
}

function describeValidation(issue: BaseIssue<unknown>): string {
  switch (issue.type) {
    case 'integer':
      return `must be a whole number, not ${issue.received}`;
    case 'min_value':
      return `must be at least ${issue.expected?.replace(/^>=/, '')}, not ${issue.received}`;
    case 'min_length':
      return 'must not be empty';
    default:
      return issue.message;
  }
}

function fixForValidation(issue: BaseIssue<unknown>): string {
  switch (issue.type) {
    case 'integer':
      return 'write a whole number';
    case 'min_value':
      return `write a number of at least ${issue.expected?.replace(/^>=/, '')}`;
    case 'min_length':
      return 'add at least one entry';
    default:
      return 'correct the value';
  }
}
