// Terraform state (format version 4) reduced to what history and diff need. Every shape problem is an error
// naming the version it came from, so a corrupt old version is identified rather than silently skipped.
import { StatewardError } from '../errors.ts';
import { type IndexKey, instanceAddress, type ResourceId } from './address.ts';
import { parseSensitivePaths, unwrapDynamic, type ValuePath } from './sensitive.ts';

export interface StateOutput {
  value: unknown;
  sensitive: boolean;
}

export interface StateInstance extends ResourceId {
  /** Unique per instance object: the address, plus ` (deposed <key>)` for a deposed object. */
  address: string;
  provider: string;
  indexKey?: IndexKey;
  deposed?: string;
  status?: string;
  attributes: Record<string, unknown>;
  sensitive: ValuePath[];
}

export interface ParsedState {
  formatVersion: number;
  terraformVersion: string;
  serial: number;
  lineage: string;
  outputs: Record<string, StateOutput>;
  instances: StateInstance[];
}

type Json = Record<string, unknown>;

/** `label` says which state this is, e.g. `version 3HL4kqtJ… of s3://bucket/key`. */
export function parseState(text: string, label: string): ParsedState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptState(label, `it is not valid JSON (${(error as Error).message})`);
  }
  const state = asObject(value, label, 'the state');
  const formatVersion = state.version;
  if (formatVersion !== 4)
    throw corruptState(
      label,
      `its format version is ${JSON.stringify(formatVersion)}; stateward reads format 4 (Terraform >= 0.12, OpenTofu)`,
    );
  const serial = state.serial;
  if (typeof serial !== 'number' || !Number.isSafeInteger(serial) || serial < 0)
    throw corruptState(label, `"serial" is not a whole number: ${JSON.stringify(serial)}`);
  if (typeof state.lineage !== 'string' || state.lineage === '') throw corruptState(label, '"lineage" is missing');
  return {
    formatVersion,
    terraformVersion: typeof state.terraform_version === 'string' ? state.terraform_version : '',
    serial,
    lineage: state.lineage,
    outputs: parseOutputs(state.outputs, label),
    instances: asArray(state.resources ?? [], label, '"resources"').flatMap((resource, i) =>
      parseResource(resource, label, i),
    ),
  };
}

function parseOutputs(value: unknown, label: string): Record<string, StateOutput> {
  const outputs = asObject(value ?? {}, label, '"outputs"');
  const result: Record<string, StateOutput> = {};
  for (const [name, raw] of Object.entries(outputs)) {
    const output = asObject(raw, label, `output "${name}"`);
    result[name] = { value: output.value, sensitive: output.sensitive === true };
  }
  return result;
}

function parseResource(value: unknown, label: string, index: number): StateInstance[] {
  const where = `resources[${index}]`;
  const raw = asObject(value, label, where);
  const mode = raw.mode;
  if (mode !== 'managed' && mode !== 'data')
    throw corruptState(label, `${where}.mode is ${JSON.stringify(mode)}, not "managed" or "data"`);
  if (typeof raw.type !== 'string' || typeof raw.name !== 'string')
    throw corruptState(label, `${where} has no type or name`);
  const resource: ResourceId = {
    mode,
    type: raw.type,
    name: raw.name,
    ...(typeof raw.module === 'string' && raw.module !== '' ? { module: raw.module } : {}),
  };
  const provider = typeof raw.provider === 'string' ? raw.provider : '';
  return asArray(raw.instances ?? [], label, `${where}.instances`).map((instance, i) =>
    parseInstance(instance, resource, provider, label, `${where}.instances[${i}]`),
  );
}

function parseInstance(
  value: unknown,
  resource: ResourceId,
  provider: string,
  label: string,
  where: string,
): StateInstance {
  const raw = asObject(value, label, where);
  const key = raw.index_key;
  if (key !== undefined && typeof key !== 'string' && typeof key !== 'number')
    throw corruptState(label, `${where}.index_key is neither a string nor a number`);
  const address = instanceAddress(resource, key);
  const deposed = typeof raw.deposed === 'string' ? raw.deposed : undefined;
  return {
    ...resource,
    address: deposed ? `${address} (deposed ${deposed})` : address,
    provider,
    ...(key !== undefined ? { indexKey: key } : {}),
    ...(deposed ? { deposed } : {}),
    ...(typeof raw.status === 'string' ? { status: raw.status } : {}),
    attributes: unwrapDynamic(asObject(raw.attributes ?? {}, label, `${where}.attributes`)) as Record<string, unknown>,
    sensitive: parseSensitivePaths(raw.sensitive_attributes, (why) =>
      corruptState(label, `${where}.sensitive_attributes ${why}`),
    ),
  };
}

function asObject(value: unknown, label: string, what: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw corruptState(label, `${what} is not a JSON object`);
}

function asArray(value: unknown, label: string, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw corruptState(label, `${what} is not a JSON array`);
}

export function corruptState(label: string, why: string): StatewardError {
  return new StatewardError(
    'STATE_CORRUPT',
    `The state in ${label} cannot be read: ${why}.`,
    'Pick another version (`stateward history` lists them); to look at this one, download it with `aws s3api get-object --version-id`.',
  );
}
