// Terraform's resource instance addresses, as `terraform state list` prints them.

export type IndexKey = string | number;

export interface ResourceId {
  /** `module.a.module.b["x"]`, absent in the root module. */
  module?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
}

/** `module.m.data.aws_ami.x` style address of a resource (no instance key). */
export function resourceAddress(resource: ResourceId): string {
  const local = `${resource.mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}`;
  return resource.module ? `${resource.module}.${local}` : local;
}

/** The instance key as terraform writes it: `[0]` for count, `["key"]` for for_each. */
export function indexSuffix(key: IndexKey | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export function instanceAddress(resource: ResourceId, key: IndexKey | undefined): string {
  return `${resourceAddress(resource)}${indexSuffix(key)}`;
}
