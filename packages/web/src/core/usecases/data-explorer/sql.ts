// SQL text the explorer runs: the `data` view over the source, pages, counts, profiles, exports,
// and the equivalent duckdb command line. Pure functions, no engine.

import type { DetectedFormat } from "./format.ts";

export const SOURCE_TABLE = "data";
/** Where a user's query result is kept for paging (capped). */
export const RESULT_TABLE = "result";

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(text: string): string {
  if (text.includes("\0")) throw new Error("NUL characters are not allowed in SQL strings");
  return `'${text.replaceAll("'", "''")}'`;
}

export interface ReaderOptions {
  /** A CSV delimiter detected from the content (else DuckDB's sniffer decides). */
  delimiter?: string;
}

/** The table function reading `location` (a registered file name, URL or s3:// URI). */
export function readerSql(
  location: string,
  detected: DetectedFormat,
  options: ReaderOptions = {},
): string {
  const file = quoteLiteral(location);
  switch (detected.format) {
    case "parquet":
      return `read_parquet(${file})`;
    case "csv":
    case "tsv": {
      const delimiter = options.delimiter ?? (detected.format === "tsv" ? "\t" : undefined);
      const parts = [file, "header = true"];
      if (delimiter !== undefined) parts.push(`delim = ${quoteLiteral(delimiter)}`);
      return `read_csv_auto(${parts.join(", ")})`;
    }
    case "json":
      return `read_json_auto(${file})`;
    case "jsonl":
      return `read_json_auto(${file}, format = 'newline_delimited')`;
  }
}

/** Strips comments and trailing semicolons; for classification only. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .trim()
    .replace(/;+\s*$/, "")
    .trim();
}

/** Whether the text holds more than one statement (a `;` outside strings, identifiers and comments). */
export function hasSeveralStatements(sql: string): boolean {
  const text = normalizeSql(sql);
  let quote: string | undefined;
  for (const char of text) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === ";") return true;
  }
  return false;
}

/**
 * A single query whose result can be wrapped as a subquery (paged, counted, copied):
 * SELECT, WITH, FROM-first, VALUES, TABLE, or a parenthesised query.
 */
export function isWrappableQuery(sql: string): boolean {
  if (hasSeveralStatements(sql)) return false;
  return (
    /^(select|with|from|values|table|\()\b/i.test(normalizeSql(sql)) ||
    /^\(/.test(normalizeSql(sql))
  );
}

export function pageSql(relationSql: string, page: number, rowsPerPage: number): string {
  const offset = Math.max(0, (page - 1) * rowsPerPage);
  return `SELECT * FROM ${relationSql} LIMIT ${rowsPerPage} OFFSET ${offset}`;
}

export function countSql(relationSql: string): string {
  return `SELECT count(*) AS n FROM ${relationSql}`;
}

/** Keeps at most `cap + 1` rows of a user's query in RESULT_TABLE (the extra row tells it was cut). */
export function materializeSql(userSql: string, cap: number): string {
  return `CREATE OR REPLACE TEMP TABLE ${RESULT_TABLE} AS SELECT * FROM (${normalizeSql(userSql)}) LIMIT ${cap + 1}`;
}

export type ExportFormat = "csv" | "parquet";

export function copySql(querySql: string, target: string, format: ExportFormat): string {
  const options = format === "csv" ? "FORMAT CSV, HEADER" : "FORMAT PARQUET";
  return `COPY (${normalizeSql(querySql)}) TO ${quoteLiteral(target)} (${options})`;
}

// ——— Column profile ———

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/i;

export function isNumericType(type: string): boolean {
  return NUMERIC.test(type.trim());
}

/** One row: total, nulls, distinct, min and max (as text). */
export function profileSql(relationSql: string, column: string): string {
  const c = quoteIdentifier(column);
  return [
    "SELECT count(*) AS total,",
    `count(*) - count(${c}) AS nulls,`,
    `count(DISTINCT ${c}) AS distinct_count,`,
    `CAST(min(${c}) AS VARCHAR) AS min_value,`,
    `CAST(max(${c}) AS VARCHAR) AS max_value`,
    `FROM ${relationSql}`,
  ].join(" ");
}

/**
 * Equal-width histogram over [low, high] in `bins` bins: rows (bin, n) for non-empty bins, bin in
 * 0..bins-1 (the maximum falls in the last bin; a constant column in bin 0).
 */
export function histogramSql(
  relationSql: string,
  column: string,
  low: number,
  high: number,
  bins: number,
): string {
  const c = `CAST(${quoteIdentifier(column)} AS DOUBLE)`;
  const width = high - low;
  const bin =
    width > 0 && Number.isFinite(width)
      ? `LEAST(CAST(floor((${c} - (${low})) / (${width}) * ${bins}) AS INTEGER), ${bins - 1})`
      : "0";
  return `SELECT ${bin} AS bin, count(*) AS n FROM ${relationSql} WHERE ${quoteIdentifier(column)} IS NOT NULL GROUP BY 1 ORDER BY 1`;
}

export interface HistogramBin {
  low: number;
  high: number;
  count: number;
}

/** Fills the bins histogramSql's rows left empty. */
export function histogramBins(
  rows: { bin: number; n: number }[],
  low: number,
  high: number,
  bins: number,
): HistogramBin[] {
  const width = (high - low) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const row of rows) if (row.bin >= 0 && row.bin < bins) counts[row.bin] = row.n;
  return counts.map((count, index) => ({
    low: low + index * width,
    high: index === bins - 1 ? high : low + (index + 1) * width,
    count,
  }));
}

// ——— The equivalent command line ———

export interface CommandSource {
  /** https URL or s3:// URI */
  location: string;
  detected: DetectedFormat;
  delimiter?: string;
  /** For s3:// sources: the endpoint and region (credentials come from the environment). */
  s3?: { endpoint: string; region: string };
}

export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A `duckdb` CLI line doing the same: the `data` view over the source, then `query`. S3
 * credentials are read from AWS_* variables by getenv(), never written in the command.
 */
export function duckdbCommand(source: CommandSource, query: string): string {
  const statements: string[] = [];
  if (source.s3) {
    const endpoint = new URL(source.s3.endpoint);
    statements.push(
      [
        "CREATE SECRET (TYPE S3",
        "KEY_ID getenv('AWS_ACCESS_KEY_ID')",
        "SECRET getenv('AWS_SECRET_ACCESS_KEY')",
        "SESSION_TOKEN getenv('AWS_SESSION_TOKEN')",
        `ENDPOINT ${quoteLiteral(endpoint.host)}`,
        "URL_STYLE 'path'",
        `USE_SSL ${endpoint.protocol === "https:" ? "true" : "false"}`,
        `REGION ${quoteLiteral(source.s3.region)})`,
      ].join(", "),
    );
  }
  const reader = readerSql(
    source.location,
    source.detected,
    source.delimiter === undefined ? {} : { delimiter: source.delimiter },
  );
  statements.push(`CREATE VIEW ${SOURCE_TABLE} AS SELECT * FROM ${reader}`);
  statements.push(normalizeSql(query));
  return `duckdb -c ${shellQuote(statements.join("; ") + ";")}`;
}
