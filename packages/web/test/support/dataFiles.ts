// Test data written by native DuckDB (@duckdb/node-api): a 1,000,000-row Parquet file with several
// types, a CSV, JSON lines, and broken files. Values follow formulas of the row number i, so tests
// compute expected figures independently in JavaScript.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

export const BIG_ROWS = 1_000_000;

/** The formulas, as the SQL that writes them and the JS that checks them. */
export const formula = {
  grp: (i: number) => i % 5,
  category: (i: number) => `cat_${i % 13}`,
  value: (i: number): number | null => (i % 11 === 0 ? null : ((i * 7919) % 100003) / 10),
};

const BIG_SELECT = `SELECT i::INTEGER AS id, (i % 5)::INTEGER AS grp, 'cat_' || (i % 13) AS category,
  CASE WHEN i % 11 = 0 THEN NULL ELSE CAST(((i * 7919) % 100003) AS DOUBLE) / 10 END AS value,
  CAST(DATE '2020-01-01' + CAST(i % 1000 AS INTEGER) AS DATE) AS day, (i % 2 = 0) AS flag,
  TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i) AS ts
  FROM range(${BIG_ROWS}) t(i)`;

export async function writeDataFiles(
  directory: string,
  options: { bigRows?: number } = {},
): Promise<void> {
  mkdirSync(directory, { recursive: true });
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const file = (name: string) => `'${path.join(directory, name).replaceAll("'", "''")}'`;
    const big =
      options.bigRows === undefined
        ? BIG_SELECT
        : BIG_SELECT.replace(`range(${BIG_ROWS})`, `range(${options.bigRows})`);
    await conn.run(
      `COPY (${big}) TO ${file("big.parquet")} (FORMAT PARQUET, ROW_GROUP_SIZE 100000)`,
    );
    const small = `SELECT i AS id, 'name ' || i AS name, i * 1.5 AS score, i % 3 = 0 AS even3 FROM range(2000) t(i)`;
    await conn.run(`COPY (${small}) TO ${file("people.csv")} (FORMAT CSV, HEADER)`);
    await conn.run(
      `COPY (${small}) TO ${file("people.csv.gz")} (FORMAT CSV, HEADER, COMPRESSION gzip)`,
    );
    await conn.run(`COPY (${small}) TO ${file("people.jsonl")} (FORMAT JSON)`);
    await conn.run(
      `COPY (SELECT * FROM (${small}) LIMIT 50) TO ${file("caret.csv")} (FORMAT CSV, HEADER, DELIMITER '^')`,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  writeFileSync(path.join(directory, "ragged.csv"), "a,b,c\n1,2,3\n4,5\n6,7,8,9\n");
  writeFileSync(path.join(directory, "not-parquet.parquet"), "a,b\n1,2\n");
  const parquet = readFileSync(path.join(directory, "big.parquet"));
  // The first 4 KiB of a Parquet file: the magic is there, the footer is not.
  writeFileSync(path.join(directory, "corrupt.parquet"), parquet.subarray(0, 4096));
  writeFileSync(path.join(directory, "forbidden.parquet"), parquet.subarray(0, 16));
}
