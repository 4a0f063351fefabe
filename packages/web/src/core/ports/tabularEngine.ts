// The port: a tabular engine that opens one source as the table `data` and runs SQL on it.
// The DuckDB-WASM adapter implements it (adapters/duckdb-wasm); tests may use another.

import type { DetectedFormat } from "../usecases/data-explorer/format.ts";
import type { ExportFormat } from "../usecases/data-explorer/sql.ts";
import type {
  ParsedSource,
  S3AccessProvider,
  S3RangeReader,
} from "../usecases/data-explorer/source.ts";

export type CellValue = string | number | boolean | null;
export type Row = Record<string, CellValue>;

export interface TableColumn {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: TableColumn[];
  rows: Row[];
  /** More rows existed than `maxRows`: only the first ones are here. */
  truncated: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Stop reading after this many rows (default: the engine's cap). */
  maxRows?: number;
  /** Cancel the query after this long (then fail with kind "timeout"). */
  timeoutMs?: number;
}

export interface OpenOptions {
  signal?: AbortSignal;
  /** For s3:// sources. */
  s3Access?: S3AccessProvider;
  /** CSV and JSON are loaded whole into the tab: refuse files larger than this (default 512 MiB). */
  maxDownloadBytes?: number;
}

export interface OpenedSource {
  detected: DetectedFormat;
  /** CSV delimiter used. */
  delimiter?: string;
  /** Size in bytes when the server told it. */
  sizeBytes?: number;
  /** http(s) URL or s3:// URI, for the command line. */
  location: string;
  s3?: { endpoint: string; region: string };
  /** Parquet is read in place with range requests; other formats are loaded into the tab. */
  readInPlace: boolean;
}

export interface TabularEngine {
  /** Opens the source as `data` (a view for Parquet, a table otherwise), replacing any previous one. */
  open(source: ParsedSource, options?: OpenOptions): Promise<OpenedSource>;
  run(sql: string, options?: RunOptions): Promise<QueryResult>;
  /** The result of a query as a file (COPY … TO), its bytes. */
  export(
    querySql: string,
    format: ExportFormat,
    options?: { signal?: AbortSignal; maxBytes?: number },
  ): Promise<Uint8Array>;
  /**
   * For an s3:// source: asks for its credentials again (temporary STS credentials expire while a
   * tab stays open) and reads with them from now on. False when the source is not read from S3.
   */
  refreshS3?(): Promise<boolean>;
  /** Stops the engine (its worker). */
  dispose(): Promise<void>;
}

/** Rows of a Parquet file decoded without the engine, and the row count its footer gives. */
export interface FirstPage {
  columns: TableColumn[];
  rows: Row[];
  rowCount: number;
}

/**
 * Reads a page of a Parquet source directly (its footer, then only the column chunks of those
 * rows, with range requests) while the engine starts. Its cells and column types are exactly the
 * engine's for the same rows; a file with a column type it cannot render that way gives
 * undefined (the engine then shows the page).
 */
export interface FirstPageReader {
  read(
    source: ParsedSource,
    options: {
      offset: number;
      limit: number;
      signal?: AbortSignal;
      /** For s3:// sources: the object's bytes (and size), read with the user's profile. */
      s3Read?: S3RangeReader;
    },
  ): Promise<FirstPage | undefined>;
}
