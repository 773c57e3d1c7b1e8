// The rules of the house that the import graph can show (docs/architecture.md): the top-level directories of
// src/ depend on each other without a cycle, only src/aws/ reaches the AWS SDK, and only src/cli/ writes to
// the terminal or sets the exit code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const IMPORT = /(?:from\s+|import\s*\(\s*)'([^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** `aws` for src/aws/observe/role.ts, `errors` for src/errors.ts. */
const layerOf = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.ts$/, '');

const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const importsOf = (text: string) => [...text.matchAll(IMPORT)].map((m) => m[1]!);

function layerGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const { path, text } of files) {
    const from = layerOf(path);
    for (const spec of importsOf(text).filter((s) => s.startsWith('.'))) {
      const to = layerOf(normalize(join(dirname(path), spec)));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SRC, path)} imports ${spec}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** A path of layers from `start` back to itself, each step with the import that makes it; or undefined. */
function cycleThrough(graph: Map<string, Map<string, string>>, start: string): string[] | undefined {
  const search = (at: string, path: string[], seen: Set<string>): string[] | undefined => {
    for (const [next, why] of graph.get(at) ?? []) {
      if (next === start) return [...path, why];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = search(next, [...path, why], seen);
      if (found) return found;
    }
    return undefined;
  };
  return search(start, [], new Set([start]));
}

describe('layers of src/', () => {
  it('the top-level directories import each other without a cycle', () => {
    const graph = layerGraph();
    assert.ok(graph.size > 5, 'the graph was read');
    const cycles = [...graph.keys()].flatMap((layer) => {
      const cycle = cycleThrough(graph, layer);
      return cycle ? [`${layer}: ${cycle.join(' -> ')}`] : [];
    });
    assert.deepEqual(cycles, []);
  });

  it('only src/aws/ imports the AWS SDK', () => {
    const outside = files.filter(
      ({ path, text }) => layerOf(path) !== 'aws' && importsOf(text).some((s) => /^@(aws-sdk|smithy)\//.test(s)),
    );
    assert.deepEqual(
      outside.map((f) => relative(SRC, f.path)),
      [],
    );
  });

  it('only src/cli/ prints or sets the exit code', () => {
    const terminal = /\bconsole\.|process\.(stdout|stderr)\b|process\.exit(Code)?\b/;
    const outside = files.filter(({ path, text }) => layerOf(path) !== 'cli' && terminal.test(text));
    assert.deepEqual(
      outside.map((f) => relative(SRC, f.path)),
      [],
    );
  });
});
