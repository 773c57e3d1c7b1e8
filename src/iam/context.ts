// The request context as IAM sees it: condition keys are case-insensitive, and a key is
// either missing, single-valued, or multivalued (an array, even an empty one).

export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];

/** One API request as IAM sees it. */
export interface RequestContext {
  /** The caller; for a role session the `arn:aws:sts::A:assumed-role/R/S` ARN, for web identity the provider ARN. */
  principal: { arn: string; accountId: string };
  /** e.g. 's3:GetObject' */
  action: string;
  /** e.g. 'arn:aws:s3:::bucket/key' */
  resource: string;
  /** Condition keys, e.g. { 'aws:PrincipalArn': '...', 'aws:MultiFactorAuthPresent': true }. */
  context: Readonly<Record<string, ContextValue>>;
}

export type ContextEntry =
  | { kind: 'missing' }
  | { kind: 'single'; value: string }
  | { kind: 'multi'; values: string[] };

export type ContextIndex = ReadonlyMap<string, ContextEntry>;

function asText(value: ContextScalar): string {
  return typeof value === 'string' ? value : String(value);
}

function toEntry(value: ContextValue): ContextEntry {
  if (Array.isArray(value)) return { kind: 'multi', values: value.map(asText) };
  return { kind: 'single', value: asText(value as ContextScalar) };
}

export function indexContext(context: Readonly<Record<string, ContextValue>>): ContextIndex {
  const index = new Map<string, ContextEntry>();
  for (const [key, value] of Object.entries(context)) index.set(key.toLowerCase(), toEntry(value));
  return index;
}

export function lookupKey(index: ContextIndex, key: string): ContextEntry {
  return index.get(key.toLowerCase()) ?? { kind: 'missing' };
}

/** The value a policy variable `${key}` stands for; a multivalued key has none. */
export function variableValue(index: ContextIndex, key: string): string | undefined {
  const entry = lookupKey(index, key);
  return entry.kind === 'single' ? entry.value : undefined;
}
