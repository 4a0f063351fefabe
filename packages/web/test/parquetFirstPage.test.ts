// The first page decoded in JavaScript (hyparquet) must look exactly like the same rows read by the
// engine, DuckDB-WASM (the same WASM build the browser runs, here in Node), so nothing changes on
// screen when the engine takes over: compared cell by cell and type by type on a generated file
// with nulls, signed and unsigned integers, big integers, floats, text, dates and timestamps before
// 1970, millisecond and UTC timestamps, decimals of the three physical layouts and lists.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrowColumns, toCell } from "../src/core/adapters/duckdb-wasm/values.ts";
import { createParquetFirstPageReader } from "../src/core/adapters/parquet-first-page/parquet-first-page.ts";
import type { QueryResult, Row } from "../src/core/ports/tabularEngine.ts";
import { startRangeServer, type RangeServer } from "./support/rangeServer.ts";

const ROWS = 250_000;
const GROUP = 100_000;
const TYPES_SELECT = `SELECT i::INTEGER AS id,
  (i % 100 - 50)::TINYINT AS tiny, ((i * 37) % 30000 - 15000)::SMALLINT AS small,
  CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 1234567891234)::BIGINT END AS big,
  (i % 200)::UTINYINT AS utiny, (i * 3000000000)::UBIGINT AS ubig,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS dbl, (i / 3.0)::FLOAT AS flt,
  CASE WHEN i % 3 = 0 THEN NULL ELSE 'név_' || i || '_😀' END AS txt,
  CASE WHEN i % 4 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
  DATE '1960-01-01' + (i % 40000)::INTEGER AS day,
  TIMESTAMP '1969-12-31 23:59:59' + to_microseconds(i * 1000003) AS ts,
  CAST(TIMESTAMP '2024-01-01' + to_milliseconds(i * 7) AS TIMESTAMP_MS) AS ts_ms,
  TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1001) AS tstz,
  CASE WHEN i % 11 = 0 THEN NULL ELSE ((i % 20001) - 10000) / 100 END::DECIMAL(9,2) AS dec4,
  (((i * 7919) % 1000000) - 500000)::DECIMAL(18,3) / 7 AS dec8,
  (i::HUGEINT * 100000000000000 - 7)::DECIMAL(30,5) AS dec16,
  CASE WHEN i % 13 = 0 THEN NULL ELSE [i, NULL, i * 2] END::INTEGER[] AS ints,
  ['a' || i, NULL] AS strs, [i::BIGINT * 10000000000] AS bigs, []::DOUBLE[] AS empty
  FROM range(${ROWS}) t(i)`;

let dir: string;
let files: RangeServer;
let conn: {
  query(sql: string): {
    schema: { fields: { name: string; type: unknown }[] };
    numRows: number;
    getChildAt(i: number): { get(r: number): unknown } | null;
  };
};

/** What the engine adapter shows for a query: the same conversion as its `read`. */
function engineRows(sql: string): QueryResult {
  const table = conn.query(sql);
  const { columns, kinds } = arrowColumns(table.schema.fields);
  const rows: Row[] = [];
  for (let r = 0; r < table.numRows; r += 1) {
    const row: Row = {};
    columns.forEach((column, index) => {
      row[column.name] = toCell(table.getChildAt(index)?.get(r), kinds[index]);
    });
    rows.push(row);
  }
  return { columns, rows, truncated: false };
}

const source = (name: string) => ({
  kind: "http" as const,
  url: `${files.url}/${name}`,
  path: `/${name}`,
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "first-page-"));
  const instance = await DuckDBInstance.create(":memory:");
  const native = await instance.connect();
  const file = (name: string) => `'${path.join(dir, name).replaceAll("'", "''")}'`;
  await native.run("SET TimeZone = 'UTC'");
  await native.run(
    `COPY (${TYPES_SELECT}) TO ${file("types.parquet")} (FORMAT PARQUET, ROW_GROUP_SIZE ${GROUP})`,
  );
  await native.run(
    `COPY (SELECT i AS id, {'x': i} AS s FROM range(10) t(i)) TO ${file("struct.parquet")} (FORMAT PARQUET)`,
  );
  await native.run(
    `COPY (SELECT i AS id, 'ab'::BLOB AS b FROM range(10) t(i)) TO ${file("blob.parquet")} (FORMAT PARQUET)`,
  );
  native.closeSync();
  instance.closeSync();
  files = await startRangeServer(dir);

  // DuckDB-WASM, the browser's build, in Node (its synchronous bindings).
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs", {
    paths: [path.dirname(fileURLToPath(import.meta.url))],
  });
  const dist = path.dirname(entry);
  const duckdb = require(entry) as {
    createDuckDB(
      bundles: unknown,
      logger: unknown,
      runtime: unknown,
    ): Promise<{
      instantiate(): Promise<void>;
      open(config: unknown): void;
      connect(): typeof conn;
      registerFileBuffer(name: string, bytes: Uint8Array): void;
    }>;
    VoidLogger: new () => unknown;
    NODE_RUNTIME: unknown;
  };
  const module = (name: string) => ({ mainModule: path.join(dist, name), mainWorker: "" });
  const db = await duckdb.createDuckDB(
    { mvp: module("duckdb-mvp.wasm"), eh: module("duckdb-eh.wasm") },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: false } });
  db.registerFileBuffer("types.parquet", readFileSync(path.join(dir, "types.parquet")));
  conn = db.connect();
}, 120_000);

afterAll(async () => {
  await files?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the first page decoded in JavaScript", () => {
  it.each([
    ["the first page", 0, 25],
    ["a page across two row groups", GROUP - 10, 25],
    ["the last, short page", ROWS - 7, 25],
  ])("shows %s exactly as DuckDB-WASM does", async (_name, offset, limit) => {
    files.reset();
    const page = await createParquetFirstPageReader().read(source("types.parquet"), {
      offset,
      limit,
    });
    const engine = engineRows(`SELECT * FROM 'types.parquet' LIMIT ${limit} OFFSET ${offset}`);
    expect(page).toBeDefined();
    expect(page!.columns).toEqual(engine.columns);
    expect(page!.rows.length).toBe(Math.min(limit, ROWS - offset));
    expect(page!.rows).toEqual(engine.rows);
    expect(page!.rowCount).toBe(ROWS);
    // Every kind of value is there: nulls, decimals, timestamps, lists.
    const cells = engine.rows.flatMap((row) => Object.values(row));
    expect(cells).toContain(null);
    // Only part of the file was read, with range requests.
    const size = statSync(path.join(dir, "types.parquet")).size;
    expect(files.bytesSent.get("types.parquet")).toBeLessThan(size * 0.6);
    expect(files.requests.every((r) => r.range !== undefined)).toBe(true);
  });

  it("shows decimals, timestamps and lists as a user reads them", async () => {
    const page = await createParquetFirstPageReader().read(source("types.parquet"), {
      offset: 1,
      limit: 1,
    });
    const row = page!.rows[0]!;
    expect(row["dec4"]).toBe("-99.99");
    expect(row["dec16"]).toBe("99999999999993.00000");
    expect(row["ts"]).toBe("1970-01-01 00:00:00");
    expect(row["ints"]).toBe("[1,null,2]");
    expect(row["bigs"]).toBe('["10000000000"]');
    expect(page!.columns.find((c) => c.name === "dec4")?.type).toBe("DECIMAL(9,2)");
    expect(page!.columns.find((c) => c.name === "ints")?.type).toBe("INTEGER[]");
  });

  it("leaves to the engine a file with a column it does not render the engine's way", async () => {
    const reader = createParquetFirstPageReader();
    expect(await reader.read(source("struct.parquet"), { offset: 0, limit: 5 })).toBeUndefined();
    expect(await reader.read(source("blob.parquet"), { offset: 0, limit: 5 })).toBeUndefined();
  });
});
