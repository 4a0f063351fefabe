// Which objects the explorer previews inline, and how: text (the first 64 KiB), images (a
// short-lived pre-signed URL) and CSV/TSV (the first rows as a table). Pure helpers.

export type PreviewKind = "text" | "image" | "csv" | "none";

/** Bytes read for a text or CSV preview (a range request: big files are never downloaded). */
export const PREVIEW_BYTES = 64 * 1024;
/** Rows shown for a CSV preview (the header included). */
export const PREVIEW_ROWS = 21;

const TEXT =
  /\.(txt|md|json|jsonl|ndjson|ya?ml|toml|ini|cfg|conf|log|py|r|rmd|qmd|ipynb|sql|sh|js|ts|html|xml|tex|properties|env)$/i;
const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|avif)$/i;
const CSV = /\.(csv|tsv)$/i;

export function previewKind(key: string, contentType?: string): PreviewKind {
  if (CSV.test(key) || contentType === "text/csv") return "csv";
  if (IMAGE.test(key) || contentType?.startsWith("image/")) return "image";
  if (TEXT.test(key) || contentType?.startsWith("text/") || contentType === "application/json")
    return "text";
  return "none";
}

/** Decodes the first bytes as UTF-8, dropping a character cut at the end. */
export function decodeHead(bytes: Uint8Array, truncated: boolean): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return truncated ? text.replace(/\uFFFD$/, "") : text;
}

/**
 * The first `maxRows` rows of CSV text (RFC 4180 quotes, "," or tab from the file name or the
 * first line). A row cut by the end of the preview bytes is dropped when `truncated`.
 */
export function parseCsvHead(
  text: string,
  options: { maxRows?: number; truncated?: boolean; delimiter?: string } = {},
): string[][] {
  const maxRows = options.maxRows ?? PREVIEW_ROWS;
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n"));
  const delimiter =
    options.delimiter ??
    (firstLine.split("\t").length > firstLine.split(",").length
      ? "\t"
      : firstLine.split(";").length > firstLine.split(",").length
        ? ";"
        : ",");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  let complete = true;
  for (; i < text.length && rows.length < maxRows; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (rows.length < maxRows && (field !== "" || row.length > 0)) {
    complete = !options.truncated && !quoted;
    if (complete) {
      row.push(field);
      rows.push(row);
    }
  }
  return rows;
}
