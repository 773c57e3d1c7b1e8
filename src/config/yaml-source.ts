// YAML text -> data, keeping the document so any config path can be mapped back to line:column.
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type SourceLocation, StatewardError } from '../errors.ts';

export type ConfigPath = ReadonlyArray<string | number>;

export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  data: unknown;
}

export function parseYamlSource(text: string, file: string): { source: YamlSource; errors: StatewardError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => ({ file, ...toLineCol(lineCounter, offset) });
  const errors = doc.errors.map((e) =>
    e.code === 'DUPLICATE_KEY'
      ? new StatewardError(
          'CONFIG_DUPLICATE_KEY',
          'this key appears twice in the same mapping',
          'keep one of them: YAML keeps only one, so the other would be silently lost',
          { location: at(e.pos[0]) },
        )
      : new StatewardError(
          'CONFIG_YAML_SYNTAX',
          `YAML syntax: ${e.message}`,
          'fix the YAML syntax at this place (indentation, quotes, brackets)',
          { location: at(e.pos[0]) },
        ),
  );
  const data = errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { source: { file, doc, lineCounter, data }, errors };
}

function toLineCol(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where a config path is written. For `target: 'key'` the mapping key itself (used for unknown keys);
 * otherwise the value. A path that does not exist (a missing key) resolves to its deepest existing parent.
 */
export function locate(source: YamlSource, path: ConfigPath, target: 'key' | 'value' = 'value'): SourceLocation {
  let node: unknown = source.doc.contents;
  let position: Node | undefined = node as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (isLast && target === 'key') {
        position = pair.key as Node;
        break;
      }
      node = pair.value;
      position = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      position = node as Node;
    } else {
      break;
    }
  }
  const offset = position?.range?.[0] ?? 0;
  return { file: source.file, ...toLineCol(source.lineCounter, offset) };
}

export function formatPath(path: ConfigPath): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  );
}
