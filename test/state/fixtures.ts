// State documents shaped exactly like terraform 1.11 writes them (taken from a real `terraform apply` with
// terraform_data for_each + a sensitive variable, a module with count, and a terraform_remote_state data source).

export const SECRET = 's3cret-value';

export interface InstanceSpec {
  module?: string;
  mode?: 'managed' | 'data';
  type?: string;
  name: string;
  index_key?: string | number;
  deposed?: string;
  status?: string;
  attributes: Record<string, unknown>;
  sensitive_attributes?: unknown[];
}

export function stateDocument(
  options: { serial?: number; lineage?: string; outputs?: Record<string, unknown>; instances?: InstanceSpec[] } = {},
): Record<string, unknown> {
  const resources = new Map<string, Record<string, unknown>>();
  for (const spec of options.instances ?? []) {
    const id = `${spec.module ?? ''}|${spec.mode ?? 'managed'}|${spec.type ?? 'terraform_data'}|${spec.name}`;
    const resource = resources.get(id) ?? {
      ...(spec.module ? { module: spec.module } : {}),
      mode: spec.mode ?? 'managed',
      type: spec.type ?? 'terraform_data',
      name: spec.name,
      provider: 'provider["terraform.io/builtin/terraform"]',
      instances: [],
    };
    (resource.instances as unknown[]).push({
      ...(spec.index_key !== undefined ? { index_key: spec.index_key } : {}),
      ...(spec.status ? { status: spec.status } : {}),
      ...(spec.deposed ? { deposed: spec.deposed } : {}),
      schema_version: 0,
      attributes: spec.attributes,
      sensitive_attributes: spec.sensitive_attributes ?? [],
    });
    resources.set(id, resource);
  }
  return {
    version: 4,
    terraform_version: '1.11.4',
    serial: options.serial ?? 5,
    lineage: options.lineage ?? '37a3648b-d448-d4d0-4a6b-ab69bd899349',
    outputs: options.outputs ?? {},
    resources: [...resources.values()],
    check_results: null,
  };
}

/** terraform_data's dynamic `input`/`output` as stored: {"value": …, "type": …}. */
export const dynamic = (value: unknown, type: unknown = 'string') => ({ value, type });

/** sensitive_attributes path [input, pw] as terraform writes it. */
export const INPUT_PW_PATH = [
  [
    { type: 'get_attr', value: 'input' },
    { type: 'get_attr', value: 'pw' },
  ],
];

export function realisticState(
  overrides: { serial?: number; pw?: string; names?: string[]; moduleCount?: number } = {},
): Record<string, unknown> {
  const names = overrides.names ?? ['x', 'y'];
  const pw = overrides.pw ?? SECRET;
  const objType = ['object', { name: 'string', pw: 'string' }];
  return stateDocument({
    serial: overrides.serial ?? 5,
    outputs: { pw: { value: pw, type: 'string', sensitive: true }, count: { value: names.length, type: 'number' } },
    instances: [
      {
        mode: 'data',
        type: 'terraform_remote_state',
        name: 'r',
        attributes: { backend: 'local', outputs: dynamic({ a: 1 }, ['object', { a: 'number' }]) },
      },
      ...names.map((name) => ({
        name: 'a',
        index_key: name,
        attributes: {
          id: `id-${name}`,
          input: dynamic({ name, pw }, objType),
          output: dynamic({ name, pw }, objType),
          triggers_replace: null,
        },
        sensitive_attributes: INPUT_PW_PATH,
      })),
      ...Array.from({ length: overrides.moduleCount ?? 2 }, (_, i) => ({
        module: 'module.m',
        name: 'b',
        index_key: i,
        attributes: { id: `b-${i}`, input: dynamic(i, 'number') },
      })),
    ],
  });
}
