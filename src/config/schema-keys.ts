// The keys a mapping accepts at a config path, read from the schema itself so messages never drift from it.
import { configSchema } from './schema.ts';
import type { ConfigPath } from './yaml-source.ts';

interface SchemaNode {
  type: string;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  wrapped?: SchemaNode;
  options?: SchemaNode[];
  value?: SchemaNode;
}

export function allowedKeysAt(path: ConfigPath): string[] {
  const keys = new Set<string>();
  for (const node of nodesAt([configSchema as unknown as SchemaNode], path)) {
    for (const key of Object.keys(node.entries ?? {})) keys.add(key);
  }
  return [...keys];
}

function nodesAt(nodes: SchemaNode[], path: ConfigPath): SchemaNode[] {
  const unwrapped = nodes.flatMap(unwrap);
  if (path.length === 0) return unwrapped;
  const [segment, ...rest] = path;
  const children = unwrapped.flatMap((node) => {
    if (node.entries && typeof segment === 'string' && node.entries[segment]) return [node.entries[segment]];
    if (node.item && typeof segment === 'number') return [node.item];
    if (node.value && typeof segment === 'string') return [node.value];
    return [];
  });
  return nodesAt(children, rest);
}

function unwrap(node: SchemaNode): SchemaNode[] {
  if (node.wrapped) return unwrap(node.wrapped);
  if (node.options) return node.options.flatMap(unwrap);
  return [node];
}
