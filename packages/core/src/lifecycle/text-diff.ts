// A unified line diff (like `diff -u`) of two texts, e.g. the rendered manifests before and after
// an edit. Longest-common-subsequence on lines; manifests are small enough for O(n·m).

export interface TextDiff {
  /** Unified diff text; "" when the texts are equal. */
  text: string;
  added: number;
  removed: number;
}

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

const MAX_CELLS = 25_000_000;

function lineOps(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: edits usually touch a few lines.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: " ", line: a[i]!, a: i, b: i });
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    // Too big for the table: report the middle as replaced (still a correct diff, just coarse).
    midA.forEach((line, i) => ops.push({ kind: "-", line, a: start + i, b: start }));
    midB.forEach((line, j) => ops.push({ kind: "+", line, a: endA, b: start + j }));
  } else {
    const n = midA.length;
    const m = midB.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i]![j] =
          midA[i] === midB[j]
            ? lcs[i + 1]![j + 1]! + 1
            : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        ops.push({ kind: " ", line: midA[i]!, a: start + i, b: start + j });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
        // Removals before additions, as `diff -u` writes them.
        ops.push({ kind: "-", line: midA[i]!, a: start + i, b: start + j });
        i++;
      } else {
        ops.push({ kind: "+", line: midB[j]!, a: start + i, b: start + j });
        j++;
      }
    }
  }
  const tailShift = endB - endA;
  for (let i = endA; i < a.length; i++)
    ops.push({ kind: " ", line: a[i]!, a: i, b: i + tailShift });
  return ops;
}

const splitLines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));

export function unifiedDiff(
  before: string,
  after: string,
  options: { context?: number; fromLabel?: string; toLabel?: string } = {},
): TextDiff {
  const context = options.context ?? 3;
  const ops = lineOps(splitLines(before), splitLines(after));
  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return { text: "", added: 0, removed: 0 };
  const lines = [`--- ${options.fromLabel ?? "before"}`, `+++ ${options.toLabel ?? "after"}`];
  let added = 0;
  let removed = 0;
  let k = 0;
  while (k < changed.length) {
    // Group changes closer than 2×context into one hunk.
    let last = k;
    while (last + 1 < changed.length && changed[last + 1]! - changed[last]! <= 2 * context) last++;
    const from = Math.max(0, changed[k]! - context);
    const to = Math.min(ops.length - 1, changed[last]! + context);
    const hunk = ops.slice(from, to + 1);
    const aCount = hunk.filter((o) => o.kind !== "+").length;
    const bCount = hunk.filter((o) => o.kind !== "-").length;
    const aStart = hunk[0]!.a + (aCount > 0 ? 1 : 0);
    const bStart = hunk[0]!.b + (bCount > 0 ? 1 : 0);
    lines.push(`@@ -${aStart},${aCount} +${bStart},${bCount} @@`);
    for (const op of hunk) {
      if (op.kind === "+") added++;
      if (op.kind === "-") removed++;
      lines.push(op.kind + op.line);
    }
    k = last + 1;
  }
  return { text: lines.join("\n") + "\n", added, removed };
}
