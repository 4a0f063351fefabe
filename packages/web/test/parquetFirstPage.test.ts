// The first page decoded in JavaScript (hyparquet) must look exactly like the same rows read by the
// engine, DuckDB-WASM (the same WASM build the browser runs, here in Node), so nothing changes on
// screen when the engine takes over: compared cell by cell and type by type on a generated file
// with nulls, signed and unsigned integers, big integers, floats, text, dates and timestamps before
// 1970, millisecond and UTC timestamps, decimals of the three physical layouts and lists, in files
// written with Snappy, without compression, with ZSTD (left to hyparquet) and as Parquet v2 (delta
// encodings, left to hyparquet). The rows-only decoding (chunk-rows.ts, snappy-prefix.ts) is also
// compared with hyparquet's whole-page decoding, on pages cut short and on chunks of two pages.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrowColumns, toCell } from "../src/core/adapters/duckdb-wasm/values.ts";
import { parquetMetadata, parquetReadObjects, parquetSchema, snappyUncompress } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { chunkRows } from "../src/core/adapters/parquet-first-page/chunk-rows.ts";
import {
  chunkDecoder,
  chunkRange,
  createParquetFirstPageReader,
  rawDecimals,
} from "../src/core/adapters/parquet-first-page/parquet-first-page.ts";
import {
  NeedMoreBytes,
  snappyPrefix,
} from "../src/core/adapters/parquet-first-page/snappy-prefix.ts";
import type { QueryResult, Row } from "../src/core/ports/tabularEngine.ts";
import { startRangeServer, type RangeServer } from "./support/rangeServer.ts";

const ROWS = 250_000;
// A multiple of DuckDB's 2,048-row vectors, so row groups have exactly this many rows.
const GROUP = 102_400;
const TYPES_SELECT = `SELECT i::INTEGER AS id,
  (i % 100 - 50)::TINYINT AS tiny, ((i * 37) % 30000 - 15000)::SMALLINT AS small,
  CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 1234567891234)::BIGINT END AS big,
  (i % 200)::UTINYINT AS utiny, (i * 3000000000)::UBIGINT AS ubig,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS dbl, (i / 3.0)::FLOAT AS flt,
  CASE WHEN i % 3 = 0 THEN NULL ELSE 'név_' || i || '_😀' END AS txt,
  CASE WHEN i % 4 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
  CASE WHEN i % 6 = 0 THEN NULL ELSE 'cat_' || (i % 5) END AS cat, (i % 3)::INTEGER AS few,
  CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 4) * 0.5 END::DOUBLE AS few_dbl,
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

/** The same rows written three ways (file name, COPY options), and once with ZSTD (declined). */
const VARIANTS: [string, string][] = [
  ["types.parquet", ""],
  ["types-uncompressed.parquet", ", COMPRESSION uncompressed"],
  ["types-v2.parquet", ", PARQUET_VERSION V2"],
  ["types-zstd.parquet", ", COMPRESSION zstd"],
];

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
  for (const [name, options] of VARIANTS)
    await native.run(
      `COPY (${TYPES_SELECT}) TO ${file(name)} (FORMAT PARQUET, ROW_GROUP_SIZE ${GROUP}${options})`,
    );
  await native.run(
    `COPY (SELECT i AS id, {'x': i} AS s FROM range(10) t(i)) TO ${file("struct.parquet")} (FORMAT PARQUET)`,
  );
  // The first rows' text far longer than the rest (incompressible): the start of the chunk the
  // reader asks for first is not enough, and it reads the chunk again, whole.
  await native.run(
    `COPY (WITH long AS (SELECT j // 2000 AS i, string_agg(md5(j::VARCHAR), '' ORDER BY j) AS s
        FROM range(60000) t(j) GROUP BY 1)
      SELECT r.i AS id, coalesce(long.s, 'short') AS s FROM range(${GROUP}) r(i)
      LEFT JOIN long ON long.i = r.i ORDER BY id) TO ${file("skewed.parquet")} (FORMAT PARQUET)`,
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
  for (const name of [...VARIANTS.map(([file]) => file), "skewed.parquet"])
    db.registerFileBuffer(name, readFileSync(path.join(dir, name)));
  conn = db.connect();
}, 120_000);

afterAll(async () => {
  await files?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the first page decoded in JavaScript", () => {
  it.each(
    VARIANTS.slice(0, 3).flatMap(([file]) =>
      (
        [
          ["the first page", 0, 25],
          ["a page inside a row group", 5_000, 100],
          ["a page across two row groups", GROUP - 10, 25],
          ["the last, short page", ROWS - 7, 25],
        ] as const
      ).map(([name, offset, limit]) => [name, file, offset, limit] as const),
    ),
  )("shows %s of %s exactly as DuckDB-WASM does", async (_name, file, offset, limit) => {
    files.reset();
    const page = await createParquetFirstPageReader().read(source(file), { offset, limit });
    const engine = engineRows(`SELECT * FROM '${file}' LIMIT ${limit} OFFSET ${offset}`);
    expect(page).toBeDefined();
    expect(page!.columns).toEqual(engine.columns);
    expect(page!.rows.length).toBe(Math.min(limit, ROWS - offset));
    expect(page!.rows).toEqual(engine.rows);
    expect(page!.rowCount).toBe(ROWS);
    // Every kind of value is there: nulls, decimals, timestamps, lists.
    const cells = engine.rows.flatMap((row) => Object.values(row));
    expect(cells).toContain(null);
    // Only part of the file was read, with range requests (v2's delta-encoded chunks are read
    // whole by hyparquet: two row groups' worth for a page across them).
    const size = statSync(path.join(dir, file)).size;
    if (file !== "types-v2.parquet") expect(files.bytesSent.get(file)).toBeLessThan(size * 0.6);
    expect(files.requests.every((r) => r.range !== undefined)).toBe(true);
  });

  it("reads only the start of the column chunks it decodes itself", async () => {
    const bytes = readFileSync(path.join(dir, "types-uncompressed.parquet"));
    const metadata = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    );
    const group = metadata.row_groups[0]!;
    const chunks = group.columns.reduce(
      (sum, c) => sum + Number(c.meta_data!.total_compressed_size),
      0,
    );
    const lists = group.columns
      .filter((c) => c.meta_data!.path_in_schema.length > 1)
      .reduce((sum, c) => sum + Number(c.meta_data!.total_compressed_size), 0);
    files.reset();
    await createParquetFirstPageReader().read(source("types-uncompressed.parquet"), {
      offset: 0,
      limit: 25,
    });
    // hyparquet reads whole chunks (lists still are); the flat ones are read from their start only.
    const read = files.bytesSent.get("types-uncompressed.parquet")!;
    expect(read).toBeGreaterThan(lists);
    expect(read - lists).toBeLessThan((chunks - lists) / 4);
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

  it("reads a column chunk whole when its start does not hold the rows", async () => {
    files.reset();
    const page = await createParquetFirstPageReader().read(source("skewed.parquet"), {
      offset: 0,
      limit: 25,
    });
    expect(page!.rows).toEqual(engineRows("SELECT * FROM 'skewed.parquet' LIMIT 25").rows);
    expect(String(page!.rows[24]!["s"])).toHaveLength(64_000);
    // The text chunk was read twice: its start (with the id chunk before it), then whole.
    const bytes = readFileSync(path.join(dir, "skewed.parquet"));
    const metadata = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    );
    const text = metadata.row_groups[0]!.columns[1]!.meta_data!;
    const [start, end] = chunkRange(text);
    const ranges = files.requests.map((r) => r.range);
    expect(ranges).toContain(`bytes=${start}-${end - 1}`);
    expect(files.bytesSent.get("skewed.parquet")).toBeGreaterThan(end - start);
  });

  it("leaves to the engine a file with a column or a codec it does not handle the engine's way", async () => {
    const reader = createParquetFirstPageReader();
    expect(await reader.read(source("struct.parquet"), { offset: 0, limit: 5 })).toBeUndefined();
    expect(await reader.read(source("blob.parquet"), { offset: 0, limit: 5 })).toBeUndefined();
    // A codec hyparquet does not decompress.
    expect(
      await reader.read(source("types-zstd.parquet"), { offset: 0, limit: 5 }),
    ).toBeUndefined();
  });
});

describe("decoding only the rows shown", () => {
  const local = (file: string) => {
    const bytes = readFileSync(path.join(dir, file));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    const metadata = rawDecimals(parquetMetadata(buffer));
    const tree = parquetSchema(metadata);
    const chunk = (group: number, name: string) => {
      const meta = metadata.row_groups[group]!.columns.find(
        (c) => c.meta_data!.path_in_schema.join(".") === name,
      )!.meta_data!;
      const [start, end] = chunkRange(meta);
      return {
        meta,
        bytes: new Uint8Array(buffer, start, end - start),
        decoder: chunkDecoder(tree, meta),
      };
    };
    const flat = metadata.schema
      .slice(1)
      .filter((e) => !e.num_children && e.repetition_type !== "REPEATED");
    const flatNames = flat
      .map((e) => e.name)
      .filter((name) => tree.children.some((c) => c.element.name === name));
    /** hyparquet's own decoding of the rows (whole pages), nulls as null. */
    const expected = async (name: string, rowStart: number, rowEnd: number) =>
      (
        await parquetReadObjects({
          file: buffer,
          metadata,
          columns: [name],
          rowStart,
          rowEnd,
          utf8: false,
          parsers: chunk(0, name).decoder.parsers,
        })
      ).map((row) => row[name] ?? null);
    return { chunk, flatNames, expected, metadata };
  };
  const nulls = (values: unknown[] | undefined) => values?.map((value) => value ?? null);

  it.each(VARIANTS.slice(0, 3).map(([file]) => file))(
    "gives hyparquet's values for every flat column of %s",
    async (file) => {
      const { chunk, flatNames, expected } = local(file);
      expect(flatNames.length).toBeGreaterThan(15);
      let decodedHere = 0;
      for (const name of flatNames)
        for (const [from, to] of [
          [0, 25],
          [5_000, 5_100],
          [GROUP - 7, GROUP],
        ] as const) {
          const { bytes, decoder, meta } = chunk(0, name);
          const values = chunkRows(bytes, decoder, from, to);
          if (values === undefined) {
            // Left to hyparquet: only Parquet v2's delta and byte-stream-split encodings.
            expect(
              meta.encodings.some((e) => e.startsWith("DELTA_") || e === "BYTE_STREAM_SPLIT"),
            ).toBe(true);
            continue;
          }
          decodedHere += 1;
          expect(nulls(values), `${name} [${from}, ${to})`).toEqual(await expected(name, from, to));
        }
      // Snappy and uncompressed files: every flat column; v2: dictionaries, booleans, doubles…
      expect(decodedHere).toBeGreaterThanOrEqual(
        file === "types-v2.parquet" ? 9 : flatNames.length * 3,
      );
    },
  );

  it("decodes from a column chunk cut short, or says it needs more bytes", async () => {
    const { chunk, flatNames, expected } = local("types.parquet");
    let short = 0;
    let enough = 0;
    for (const name of flatNames) {
      const { bytes, decoder } = chunk(0, name);
      const want = await expected(name, 0, 25);
      for (const length of [16, 1_024, 20_000, 70_000]) {
        if (length >= bytes.length) continue;
        try {
          expect(nulls(chunkRows(bytes.subarray(0, length), decoder, 0, 25))).toEqual(want);
          enough += 1;
        } catch (error) {
          expect(error).toBeInstanceOf(NeedMoreBytes);
          short += 1;
        }
      }
    }
    expect(short).toBeGreaterThan(0);
    expect(enough).toBeGreaterThan(flatNames.length);
    // The text column's 25 rows need a few kilobytes of a chunk of megabytes.
    const text = chunk(0, "txt");
    expect(text.bytes.length).toBeGreaterThan(200_000);
    expect(nulls(chunkRows(text.bytes.subarray(0, 20_000), text.decoder, 0, 25))).toEqual(
      await expected("txt", 0, 25),
    );
  });

  it("skips whole pages before the rows in a chunk of several pages", async () => {
    // DuckDB writes one page per chunk: two row groups' chunks of a dictionary-free column, end
    // to end, make a chunk of two pages.
    const { chunk, expected, metadata } = local("types.parquet");
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([
      GROUP,
      GROUP,
      ROWS - 2 * GROUP,
    ]);
    for (const name of ["id", "big", "dbl", "txt", "flag"]) {
      const first = chunk(0, name);
      const second = chunk(1, name);
      expect(first.meta.dictionary_page_offset).toBeUndefined();
      const both = new Uint8Array(first.bytes.length + second.bytes.length);
      both.set(first.bytes);
      both.set(second.bytes, first.bytes.length);
      for (const [from, to] of [
        [GROUP - 5, GROUP + 5],
        [GROUP + 3, GROUP + 30],
      ] as const)
        expect(nulls(chunkRows(both, first.decoder, from, to)), name).toEqual(
          await expected(name, from, to),
        );
      // The second page alone is enough when the rows are all in it.
      const page2 = both.subarray(first.bytes.length);
      expect(() =>
        chunkRows(both.subarray(0, first.bytes.length + 8), first.decoder, GROUP + 3, GROUP + 30),
      ).toThrow(NeedMoreBytes);
      expect(nulls(chunkRows(page2, first.decoder, 3, 30))).toEqual(
        await expected(name, GROUP + 3, GROUP + 30),
      );
    }
  });

  it("decompresses a Snappy page's prefix exactly as the whole page", () => {
    const { chunk } = local("types.parquet");
    for (const name of ["id", "txt", "day", "ubig"]) {
      const { bytes } = chunk(0, name);
      const reader = {
        view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
        offset: 0,
      };
      const header = parquetHeader(reader);
      const stored = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
      const whole = new Uint8Array(header.uncompressed_page_size);
      snappyUncompress(stored, whole);
      for (const length of [1, 100, 70_000, header.uncompressed_page_size]) {
        const prefix = snappyPrefix(stored, header.uncompressed_page_size);
        prefix.ensure(length);
        const end = Math.min(length, whole.length);
        // Compared as buffers: a deep comparison of megabytes would take seconds.
        const same = Buffer.from(prefix.bytes.buffer, 0, end).equals(
          Buffer.from(whole.buffer, 0, end),
        );
        expect(same, `${name}, ${length} bytes`).toBe(true);
      }
      // Cut short: the bytes it has are right, and asking beyond them says so.
      const cut = snappyPrefix(stored.subarray(0, 5_000), header.uncompressed_page_size);
      expect(() => cut.ensure(header.uncompressed_page_size)).toThrow(NeedMoreBytes);
    }
  });
});
