// Typed errors of the data explorer: each kind has a message a user can act on, shown next to the
// source or the query. DuckDB's own message is kept in `detail` (and shown) when it helps.

export type DataExplorerErrorKind =
  | "invalid-source" // not an http(s) URL nor an s3:// URI
  | "unsupported-format" // the extension (and the content) is none of csv/tsv/parquet/json/jsonl
  | "not-found" // HTTP 404 / no such key
  | "access-denied" // HTTP 401/403, S3 AccessDenied, no credentials
  | "network" // unreachable, CORS refused, other HTTP status
  | "wrong-format" // the content is not what the extension says
  | "csv-malformed" // ragged rows, unknown delimiter
  | "parquet-corrupt" // Parquet header present but footer/metadata unreadable
  | "json-malformed"
  | "query" // DuckDB refused the SQL (syntax, binder, conversion…)
  | "timeout"
  | "cancelled"
  | "too-large" // the file or the result exceeds what the tab may hold
  | "engine"; // DuckDB could not start (bundle not loaded…)

export class DataExplorerError extends Error {
  override readonly name = "DataExplorerError";
  constructor(
    readonly kind: DataExplorerErrorKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isDataExplorerError(error: unknown): error is DataExplorerError {
  return error instanceof DataExplorerError;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Turns an error thrown by DuckDB while reading `sourceName` (a file of format `format`) into a
 * typed error. Messages are DuckDB 0.9's (duckdb-wasm 1.28) and the wasm runtime's XHR errors.
 */
export function classifyReadError(error: unknown, format: string): DataExplorerError {
  if (isDataExplorerError(error)) return error;
  const detail = messageOf(error);
  const text = detail.toLowerCase();
  if (/\b(401|403)\b/.test(detail) || text.includes("access denied") || text.includes("forbidden"))
    return new DataExplorerError("access-denied", "Access to the source was refused.", detail);
  if (/\b404\b/.test(detail) || text.includes("no files found") || text.includes("nosuchkey"))
    return new DataExplorerError("not-found", "The source does not exist (404).", detail);
  if (format === "parquet") {
    if (text.includes("no magic bytes") || text.includes("too small to be a parquet file"))
      return new DataExplorerError(
        "parquet-corrupt",
        "This is not a readable Parquet file: its footer (the metadata at the end) is missing or corrupt.",
        detail,
      );
    if (text.includes("parquet") || text.includes("thrift") || text.includes("metadata"))
      return new DataExplorerError(
        "parquet-corrupt",
        "The Parquet file's metadata could not be read (corrupt footer?).",
        detail,
      );
  }
  if (format === "csv" || format === "tsv") {
    if (
      text.includes("expected number of columns") ||
      text.includes("too many columns") ||
      text.includes("error when sniffing") ||
      text.includes("could not convert") ||
      text.includes("csv")
    )
      return new DataExplorerError(
        "csv-malformed",
        "The CSV file could not be parsed: rows with different numbers of fields, or an unexpected delimiter or quote.",
        detail,
      );
  }
  if (format === "json")
    return new DataExplorerError("json-malformed", "The JSON file could not be parsed.", detail);
  if (
    text.includes("network") ||
    text.includes("failed to fetch") ||
    text.includes("xmlhttprequest")
  )
    return new DataExplorerError("network", "The source could not be reached.", detail);
  return new DataExplorerError("query", detail, detail);
}

/** Errors of a user's SQL: DuckDB's message as is. */
export function classifyQueryError(error: unknown): DataExplorerError {
  if (isDataExplorerError(error)) return error;
  const detail = messageOf(error);
  return new DataExplorerError("query", detail, detail);
}
