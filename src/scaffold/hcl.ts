// A small HCL writer whose output is already in `terraform fmt` style: two-space indents, and the `=`
// of consecutive one-line attributes aligned (a comment, blank line, block or multi-line value ends a run).

export type HclValue = string | boolean | number | HclExpression;

/** An expression written as is, e.g. a string with a `${...}` template. */
export interface HclExpression {
  expression: string;
}

export type HclItem =
  | { kind: 'attribute'; name: string; value: HclValue }
  | { kind: 'object'; name: string; items: HclItem[] }
  | { kind: 'block'; type: string; labels: string[]; items: HclItem[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

export const attr = (name: string, value: HclValue): HclItem => ({ kind: 'attribute', name, value });
export const object = (name: string, items: HclItem[]): HclItem => ({ kind: 'object', name, items });
export const block = (type: string, labels: string[], items: HclItem[]): HclItem => ({
  kind: 'block',
  type,
  labels,
  items,
});
export const comment = (text: string): HclItem => ({ kind: 'comment', text });
export const blank: HclItem = { kind: 'blank' };
export const expression = (text: string): HclExpression => ({ expression: text });

/** A quoted HCL string; `${` and `%{` are escaped so the value is taken literally. */
export function quoted(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

function valueText(value: HclValue): string {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return value.expression;
}

export function renderHcl(items: HclItem[]): string {
  return `${renderItems(items, '').join('\n')}\n`;
}

function renderItems(items: HclItem[], indent: string): string[] {
  const lines: string[] = [];
  let run: Array<{ name: string; value: string }> = [];
  const flush = () => {
    const width = Math.max(...run.map((a) => a.name.length));
    for (const a of run) lines.push(`${indent}${a.name.padEnd(width)} = ${a.value}`);
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'attribute') {
      run.push({ name: item.name, value: valueText(item.value) });
      continue;
    }
    if (run.length > 0) flush();
    lines.push(...renderOther(item, indent));
  }
  if (run.length > 0) flush();
  return lines;
}

function renderOther(item: Exclude<HclItem, { kind: 'attribute' }>, indent: string): string[] {
  const inner = `${indent}  `;
  switch (item.kind) {
    case 'blank':
      return [''];
    case 'comment':
      return item.text.split('\n').map((line) => `${indent}#${line === '' ? '' : ` ${line}`}`);
    case 'object':
      return [`${indent}${item.name} = {`, ...renderItems(item.items, inner), `${indent}}`];
    case 'block': {
      const head = [item.type, ...item.labels.map(quoted)].join(' ');
      return [`${indent}${head} {`, ...renderItems(item.items, inner), `${indent}}`];
    }
  }
}
