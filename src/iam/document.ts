// The IAM policy language as data. Builders produce these; the evaluator consumes them.

export type OneOrMany<T> = T | T[];

export type ConditionValue = string | number | boolean;

/** Condition block: operator -> condition key -> value(s), e.g. { StringEquals: { 'aws:username': 'x' } }. */
export type ConditionBlock = Record<string, Record<string, OneOrMany<ConditionValue>>>;

export type Principal =
  | '*'
  | {
      AWS?: OneOrMany<string>;
      Federated?: OneOrMany<string>;
      Service?: OneOrMany<string>;
      CanonicalUser?: OneOrMany<string>;
    };

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Id?: string;
  Statement: Statement[];
}

export function asArray<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A policy document with the name a decision refers to (e.g. "stateward-state-access", "bucket policy"). */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}
