// Where the members of a JSON document's top-level object sit in its text, so one value can be replaced
// while every other byte (formatting, number spelling, Go's \u003c escapes) stays exactly as written.

export interface MemberSpan {
  name: string;
  /** Offsets of the value's text: [start, end). */
  start: number;
  end: number;
}

/** Every member of the top-level object in `text`, in order; undefined if `text` is not such an object. */
export function topLevelMembers(text: string): MemberSpan[] | undefined {
  const members: MemberSpan[] = [];
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return members;
  for (;;) {
    if (text[i] !== '"') return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return undefined;
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return undefined;
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) return undefined;
    members.push({ name, start, end });
    i = skipSpace(text, end);
    if (text[i] === '}') return members;
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i += 1;
  return i;
}

/** Offset just past the string starting at `from` (a quote), or -1. */
function stringEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** Offset just past the value starting at `from`: strings, nested containers, or a scalar token. */
function valueEnd(text: string, from: number): number {
  if (text[from] === '"') return stringEnd(text, from);
  if (text[from] === '{' || text[from] === '[') {
    let depth = 0;
    for (let i = from; i < text.length; i += 1) {
      const c = text[i];
      if (c === '"') {
        i = stringEnd(text, i) - 1;
        if (i < 0) return -1;
      } else if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  let i = from;
  while (i < text.length && !/[\s,}\]]/.test(text[i] as string)) i += 1;
  return i > from ? i : -1;
}
