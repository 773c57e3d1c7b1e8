// A compact line diff (longest common subsequence), for showing what changes in a policy document:
// changed lines with one line of context, runs of unchanged lines folded.

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string } | { kind: 'folded'; count: number };

export function lineDiff(
  before: string[],
  after: string[],
): Array<{ kind: 'same' | 'added' | 'removed'; text: string }> {
  const common = lcsTable(before, after);
  const lines: Array<{ kind: 'same' | 'added' | 'removed'; text: string }> = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ kind: 'same', text: before[i]! });
      i += 1;
      j += 1;
    } else if (i < before.length && (j === after.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      lines.push({ kind: 'removed', text: before[i]! });
      i += 1;
    } else {
      lines.push({ kind: 'added', text: after[j]! });
      j += 1;
    }
  }
  return lines;
}

/** Unchanged lines more than `context` lines away from a change fold into one marker. */
export function compactDiff(before: string[], after: string[], context = 1): DiffLine[] {
  const lines = lineDiff(before, after);
  const near = lines.map((_, index) =>
    lines.slice(Math.max(0, index - context), index + context + 1).some((l) => l.kind !== 'same'),
  );
  const result: DiffLine[] = [];
  lines.forEach((line, index) => {
    if (line.kind !== 'same' || near[index]) {
      result.push(line);
      return;
    }
    const last = result[result.length - 1];
    if (last?.kind === 'folded') last.count += 1;
    else result.push({ kind: 'folded', count: 1 });
  });
  return result;
}

/** common[i][j] = length of the longest common subsequence of before[i..] and after[j..]. */
function lcsTable(before: string[], after: string[]): number[][] {
  const table = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      table[i]![j] =
        before[i] === after[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  return table;
}
