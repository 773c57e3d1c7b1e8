// Seeded mutations of a stateward.yaml: structural (drop, duplicate, retype, rename keys, move values)
// and textual (cut lines, indent, unicode), so the loader meets every kind of bad input.
import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { seededRandom } from '../support/seeded-random.ts';

type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const ODD_VALUES: unknown[] = [
  null,
  '',
  0,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  {},
  ['x'],
  { a: 1 },
  'ünïcödé',
  '*',
  'repo:*',
  '../..',
  'a'.repeat(300),
  '111122223333',
  'arn:aws:iam::aws:policy/x',
  '${aws:username}',
  'tf-*',
];
const KEYS = [
  'name',
  'repo',
  'locking',
  'encryption',
  'humans',
  'reads',
  'access',
  'apply',
  'plan',
  'read',
  'key',
  'workspaces',
  'admins',
  'fence',
  'account',
  'region',
  'unknownKey',
];

function nodes(root: Node | null): Node[] {
  if (!root) return [];
  if (isMap(root)) return [root, ...root.items.flatMap((p) => nodes(p.value as Node | null))];
  if (isSeq(root)) return [root, ...root.items.flatMap((n) => nodes(n as Node))];
  return [root];
}

const STRUCTURAL = [
  (doc: ReturnType<typeof parseDocument>, r: Random) => {
    const maps = nodes(doc.contents as Node).filter(isMap);
    const map = pick(r, maps);
    if (map.items.length > 0) map.items.splice(Math.floor(r() * map.items.length), 1);
  },
  (doc: ReturnType<typeof parseDocument>, r: Random) => {
    const maps = nodes(doc.contents as Node).filter(isMap);
    pick(r, maps).set(pick(r, KEYS), doc.createNode(pick(r, ODD_VALUES)));
  },
  (doc: ReturnType<typeof parseDocument>, r: Random) => {
    const scalars = nodes(doc.contents as Node).filter(isScalar);
    const scalarValues = ODD_VALUES.filter((v) => v === null || typeof v !== 'object');
    if (scalars.length > 0) pick(r, scalars).value = pick(r, scalarValues);
  },
  (doc: ReturnType<typeof parseDocument>, r: Random) => {
    const seqs = nodes(doc.contents as Node).filter(isSeq);
    if (seqs.length > 0) {
      const seq = pick(r, seqs);
      if (seq.items.length > 0) seq.items.push(seq.items[Math.floor(r() * seq.items.length)]!);
    }
  },
];

const TEXTUAL = [
  (text: string, r: Random) =>
    text
      .split('\n')
      .filter(() => r() > 0.1)
      .join('\n'),
  (text: string, r: Random) => {
    const lines = text.split('\n');
    const i = Math.floor(r() * lines.length);
    lines.splice(i, 0, lines[i] ?? '');
    return lines.join('\n');
  },
  (text: string, r: Random) => {
    const i = Math.floor(r() * text.length);
    return text.slice(0, i) + pick(r, [' ', '\t', ':', '-', '{', '[', '"', '\u0000', '\ufeff', '#']) + text.slice(i);
  },
  (text: string, r: Random) => text.slice(0, Math.floor(r() * text.length)),
];

export function mutate(source: string, seed: number): string {
  const random = seededRandom(seed);
  if (random() < 0.3) return pick(random, TEXTUAL)(source, random);
  const doc = parseDocument(source);
  const rounds = 1 + Math.floor(random() * 3);
  for (let i = 0; i < rounds; i++) pick(random, STRUCTURAL)(doc, random);
  return doc.toString();
}
