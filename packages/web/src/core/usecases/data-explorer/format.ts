// Which reader a file needs: from its name first, then from its first bytes.

export type TabularFormat = "csv" | "tsv" | "parquet" | "json" | "jsonl";

export interface DetectedFormat {
  format: TabularFormat;
  gzip: boolean;
}

export const SUPPORTED_EXTENSIONS = [
  ".csv",
  ".tsv",
  ".parquet",
  ".json",
  ".jsonl",
  ".ndjson",
  ".csv.gz",
  ".tsv.gz",
  ".json.gz",
  ".jsonl.gz",
  ".ndjson.gz",
] as const;

/** From the path's extension (case-insensitive; query strings must already be removed). */
export function formatFromPath(path: string): DetectedFormat | undefined {
  const name = (path.split("/").pop() ?? "").toLowerCase();
  const gzip = name.endsWith(".gz");
  const base = gzip ? name.slice(0, -3) : name;
  const dot = base.lastIndexOf(".");
  if (dot < 0) return undefined;
  const extension = base.slice(dot + 1);
  switch (extension) {
    case "csv":
    case "tsv":
    case "json":
    case "jsonl":
      return { format: extension, gzip };
    case "ndjson":
      return { format: "jsonl", gzip };
    case "parquet":
    case "pq":
      return gzip ? undefined : { format: "parquet", gzip: false };
    default:
      return undefined;
  }
}

export type SniffedKind = "parquet" | "gzip" | "json" | "jsonl" | "text" | "binary" | "html";

/** What the first bytes of a file look like. */
export function sniffBytes(bytes: Uint8Array): SniffedKind {
  if (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x41 &&
    bytes[2] === 0x52 &&
    bytes[3] === 0x31
  )
    return "parquet";
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const sample = bytes.subarray(start, Math.min(bytes.length, start + 4096));
  let control = 0;
  for (const byte of sample) if (byte === 0 || (byte < 0x09 && byte !== 0x07)) control += 1;
  if (control > 0) return "binary";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(sample).trimStart();
  if (/^<(!doctype|html|\?xml)/i.test(text)) return "html";
  if (text.startsWith("[")) return "json";
  if (text.startsWith("{")) {
    // One object per line, or one object spread over lines (also JSON).
    const firstLine = text.split("\n", 1)[0]?.trim() ?? "";
    return firstLine.endsWith("}") ? "jsonl" : "json";
  }
  return "text";
}

/** Checks the sniffed content against the expected format; returns a problem description or undefined. */
export function contentMismatch(
  expected: DetectedFormat,
  sniffed: SniffedKind,
): string | undefined {
  if (sniffed === "html") return "the server answered with an HTML page, not a data file";
  if (expected.gzip && sniffed !== "gzip")
    return "the name ends in .gz but the content is not gzip-compressed";
  if (expected.gzip) return undefined;
  switch (expected.format) {
    case "parquet":
      return sniffed === "parquet"
        ? undefined
        : `the content is not Parquet (it starts like ${describeKind(sniffed)})`;
    case "csv":
    case "tsv":
      return sniffed === "text"
        ? undefined
        : `the content is not ${expected.format.toUpperCase()} text (it looks like ${describeKind(sniffed)})`;
    case "json":
    case "jsonl":
      return sniffed === "json" || sniffed === "jsonl"
        ? undefined
        : `the content is not JSON (it looks like ${describeKind(sniffed)})`;
  }
}

function describeKind(kind: SniffedKind): string {
  switch (kind) {
    case "parquet":
      return "a Parquet file";
    case "gzip":
      return "gzip-compressed data";
    case "json":
    case "jsonl":
      return "JSON";
    case "text":
      return "plain text";
    case "html":
      return "an HTML page";
    case "binary":
      return "binary data";
  }
}

/** Fallback when the name has no known extension: from the content. */
export function formatFromSniff(kind: SniffedKind): DetectedFormat | undefined {
  switch (kind) {
    case "parquet":
      return { format: "parquet", gzip: false };
    case "json":
      return { format: "json", gzip: false };
    case "jsonl":
      return { format: "jsonl", gzip: false };
    case "text":
      return { format: "csv", gzip: false };
    default:
      return undefined;
  }
}

const DELIMITER_CANDIDATES = [",", "\t", ";", "|", ":", "^", "~", " "];

/**
 * The delimiter of a delimited text: the candidate that appears the same, non-zero number of times
 * on the most of the first lines (quoted fields excluded). Undefined when none is consistent.
 */
export function sniffDelimiter(text: string): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .slice(0, 21)
    .filter((line, index, all) => line.length > 0 && (index < all.length - 1 || all.length === 1));
  if (lines.length === 0) return undefined;
  let best: { delimiter: string; score: number } | undefined;
  for (const delimiter of DELIMITER_CANDIDATES) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const agreeing = counts.filter((count) => count === first).length;
    // Prefer the delimiter most lines agree on, then the one giving more fields; spaces last.
    const score = agreeing * 1000 + Math.min(first, 999) - (delimiter === " " ? 500 : 0);
    if (agreeing / lines.length >= 0.5 && (best === undefined || score > best.score))
      best = { delimiter, score };
  }
  return best?.delimiter;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count += 1;
  }
  return count;
}

/** Rows whose field count differs from the header's (first 1-based line numbers, at most `limit`). */
export function raggedLines(text: string, delimiter: string, limit = 5): number[] {
  const lines = text.split(/\r?\n/);
  const expected = countOutsideQuotes(lines[0] ?? "", delimiter);
  const bad: number[] = [];
  for (let index = 1; index < lines.length && bad.length < limit; index += 1) {
    const line = lines[index] ?? "";
    if (line === "" && index === lines.length - 1) continue;
    if (line.includes('"')) continue; // multi-line quoted fields: leave those to DuckDB
    if (countOutsideQuotes(line, delimiter) !== expected) bad.push(index + 1);
  }
  return bad;
}
