// An identity policy document as a user writes it in a file the config names: what IAM would refuse,
// each problem with the JSON path it is at, so the loader can point at its line and column.
import type { ConfigPath } from './yaml-source.ts';

export interface DocumentProblem {
  path: ConfigPath;
  message: string;
  fix: string;
}

const STATEMENT_KEYS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

export function identityPolicyProblems(value: unknown): DocumentProblem[] {
  if (!isObject(value))
    return [{ path: [], message: 'is not a JSON object', fix: 'write {"Version": "2012-10-17", "Statement": [...]}' }];
  const problems: DocumentProblem[] = [];
  if (value.Version !== '2012-10-17')
    problems.push({
      path: ['Version'],
      message: `Version is ${JSON.stringify(value.Version)}`,
      fix: 'write "Version": "2012-10-17" (the only version with policy variables and today\'s semantics)',
    });
  for (const key of Object.keys(value).filter((k) => !['Version', 'Id', 'Statement'].includes(k)))
    problems.push({ path: [key], message: `unknown top-level key "${key}"`, fix: 'keep Version, Id and Statement' });
  const statements = value.Statement;
  if (statements === undefined)
    return [...problems, { path: [], message: 'has no Statement', fix: 'add "Statement": [ ... ]' }];
  if (Array.isArray(statements)) {
    if (statements.length === 0)
      problems.push({ path: ['Statement'], message: 'Statement is empty', fix: 'add at least one statement' });
    for (const [i, s] of statements.entries()) problems.push(...statementProblems(s, ['Statement', i]));
  } else problems.push(...statementProblems(statements, ['Statement']));
  return problems;
}

function statementProblems(statement: unknown, at: ConfigPath): DocumentProblem[] {
  if (!isObject(statement))
    return [{ path: at, message: 'a statement is not an object', fix: 'write { "Effect": ... }' }];
  const problems: DocumentProblem[] = [];
  for (const key of Object.keys(statement).filter((k) => !STATEMENT_KEYS.includes(k)))
    problems.push({
      path: [...at, key],
      message: `"${key}" is not allowed in a role's own policy`,
      fix:
        key === 'Principal' || key === 'NotPrincipal'
          ? 'remove it: an identity policy applies to the role that holds it'
          : `use only ${STATEMENT_KEYS.join(', ')}`,
    });
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
    problems.push({
      path: [...at, 'Effect'],
      message: 'Effect is not "Allow" or "Deny"',
      fix: 'write "Allow" or "Deny"',
    });
  problems.push(
    ...exactlyOne(statement, at, 'Action', 'NotAction'),
    ...exactlyOne(statement, at, 'Resource', 'NotResource'),
  );
  if (statement.Sid !== undefined && (typeof statement.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(statement.Sid)))
    problems.push({ path: [...at, 'Sid'], message: 'Sid is not alphanumeric', fix: 'use letters and digits only' });
  if (statement.Condition !== undefined && !isObject(statement.Condition))
    problems.push({
      path: [...at, 'Condition'],
      message: 'Condition is not an object',
      fix: 'write { "Operator": { "key": "value" } }',
    });
  return problems;
}

function exactlyOne(statement: Record<string, unknown>, at: ConfigPath, key: string, not: string): DocumentProblem[] {
  const present = [key, not].filter((k) => statement[k] !== undefined);
  if (present.length !== 1)
    return [
      {
        path: at,
        message:
          present.length === 0 ? `a statement has neither ${key} nor ${not}` : `a statement has both ${key} and ${not}`,
        fix: `give it exactly one of ${key} and ${not}`,
      },
    ];
  const value = statement[present[0]!];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === ''))
    return [
      {
        path: [...at, present[0]!],
        message: `${present[0]} is not a string or a list of strings`,
        fix: 'write e.g. "s3:GetObject" or ["s3:GetObject"]',
      },
    ];
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
