// The data explorer's pure parts (format detection, source parsing, SQL building, the URL codec,
// error classification) and its model (ExplorerSession) driven by native DuckDB (@duckdb/node-api)
// through the same TabularEngine port, so the profile/paging SQL is checked by a real DuckDB.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  FirstPageReader,
  QueryResult,
  Row,
  TabularEngine,
} from "../src/core/ports/tabularEngine.ts";
import { deferredEngine } from "../src/core/usecases/data-explorer/deferred-engine.ts";
import { classifyReadError, DataExplorerError } from "../src/core/usecases/data-explorer/errors.ts";
import {
  contentMismatch,
  formatFromPath,
  formatFromSniff,
  raggedLines,
  sniffBytes,
  sniffDelimiter,
} from "../src/core/usecases/data-explorer/format.ts";
import { toJsonRowArray } from "../src/core/adapters/duckdb-wasm/json-rows.ts";
import {
  startFirstPageEarly,
  takeFirstPageEarly,
} from "../src/core/usecases/data-explorer/early-first-page.ts";
import { ExplorerSession } from "../src/core/usecases/data-explorer/session.ts";
import {
  parseSource,
  s3ObjectUrl,
  type ParsedSource,
} from "../src/core/usecases/data-explorer/source.ts";
import {
  copySql,
  duckdbCommand,
  hasSeveralStatements,
  histogramBins,
  histogramSql,
  isNumericType,
  isWrappableQuery,
  materializeSql,
  pageSql,
  profileSql,
  quoteIdentifier,
  quoteLiteral,
  readerSql,
  shellQuote,
} from "../src/core/usecases/data-explorer/sql.ts";
import {
  dataExplorerLinkForS3Object,
  formatParams,
  parseParams,
} from "../src/core/usecases/data-explorer/url-params.ts";
import { toCell } from "../src/core/adapters/duckdb-wasm/values.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("format detection", () => {
  it("reads the extension, with .gz and case-insensitively", () => {
    expect(formatFromPath("/a/b/x.CSV")).toEqual({ format: "csv", gzip: false });
    expect(formatFromPath("x.tsv")).toEqual({ format: "tsv", gzip: false });
    expect(formatFromPath("dir/x.parquet")).toEqual({ format: "parquet", gzip: false });
    expect(formatFromPath("x.json.gz")).toEqual({ format: "json", gzip: true });
    expect(formatFromPath("x.csv.gz")).toEqual({ format: "csv", gzip: true });
    expect(formatFromPath("x.ndjson")).toEqual({ format: "jsonl", gzip: false });
    expect(formatFromPath("x.jsonl")).toEqual({ format: "jsonl", gzip: false });
    expect(formatFromPath("x.xlsx")).toBeUndefined();
    expect(formatFromPath("noextension")).toBeUndefined();
    expect(formatFromPath("x.parquet.gz")).toBeUndefined();
  });

  it("sniffs the first bytes", () => {
    expect(sniffBytes(bytes("PAR1\x15\x04"))).toBe("parquet");
    expect(sniffBytes(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe("gzip");
    expect(sniffBytes(bytes('[{"a":1}]'))).toBe("json");
    expect(sniffBytes(bytes('{"a":1}\n{"a":2}\n'))).toBe("jsonl");
    expect(sniffBytes(bytes('{\n  "a": [1, 2]\n}'))).toBe("json");
    expect(sniffBytes(bytes("a,b\n1,2\n"))).toBe("text");
    expect(sniffBytes(bytes("<!DOCTYPE html><html>"))).toBe("html");
    expect(sniffBytes(new Uint8Array([0, 1, 2, 3]))).toBe("binary");
    expect(formatFromSniff("text")).toEqual({ format: "csv", gzip: false });
    expect(formatFromSniff("binary")).toBeUndefined();
  });

  it("says when the content is not what the extension says", () => {
    expect(contentMismatch({ format: "parquet", gzip: false }, "text")).toMatch(
      /not Parquet.*plain text/,
    );
    expect(contentMismatch({ format: "csv", gzip: false }, "parquet")).toMatch(/not CSV.*Parquet/);
    expect(contentMismatch({ format: "csv", gzip: true }, "text")).toMatch(/not gzip/);
    expect(contentMismatch({ format: "json", gzip: false }, "html")).toMatch(/HTML page/);
    expect(contentMismatch({ format: "parquet", gzip: false }, "parquet")).toBeUndefined();
    expect(contentMismatch({ format: "jsonl", gzip: false }, "jsonl")).toBeUndefined();
  });

  it("finds the delimiter, odd ones included, and ragged lines", () => {
    expect(sniffDelimiter("a,b,c\n1,2,3\n4,5,6\n")).toBe(",");
    expect(sniffDelimiter("a;b\n1;2\n")).toBe(";");
    expect(sniffDelimiter("a^b^c\n1^2^3\n")).toBe("^");
    expect(sniffDelimiter('a|b\n"x|y"|2\n')).toBe("|");
    expect(sniffDelimiter("single\nvalue\n")).toBeUndefined();
    expect(raggedLines("a,b,c\n1,2,3\n1,2\n4,5,6,7\n", ",")).toEqual([3, 4]);
    expect(raggedLines("a,b\n1,2\n", ",")).toEqual([]);
  });

  it("turns JSON lines and objects into what DuckDB-WASM's JSON reader takes", () => {
    expect(toJsonRowArray('{"a":1}\n\n{"a":2}\n', true)).toEqual({
      text: '[{"a":1},{"a":2}]',
      shape: "rows",
      keys: ["a"],
    });
    expect(toJsonRowArray('[{"z":"a{\\"}","b":{"c":1}},{"z":2}]', false).keys).toEqual(["z", "b"]);
    expect(toJsonRowArray('{"a":[1,2],"b":[3,4]}', false).keys).toEqual(["a", "b"]);
    expect(toJsonRowArray('{"a":[1,2],"b":[3,4]}', false).shape).toBe("columns");
    expect(toJsonRowArray('{"a":1}', false)).toEqual({
      text: '[{"a":1}]',
      shape: "rows",
      keys: ["a"],
    });
    expect(() => toJsonRowArray('{"a":1}\nnot json\n', true)).toThrow(/line 2/);
  });
});

describe("sources", () => {
  it("parses https URLs and s3 URIs, refusing the rest with a reason", () => {
    expect(parseSource(" https://example.org/d/x.parquet?v=1 ")).toMatchObject({
      kind: "http",
      path: "/d/x.parquet",
    });
    expect(parseSource("s3://my-bucket/dir/x.csv")).toEqual({
      kind: "s3",
      uri: "s3://my-bucket/dir/x.csv",
      bucket: "my-bucket",
      key: "dir/x.csv",
      path: "dir/x.csv",
    });
    const kind = (text: string) => {
      try {
        parseSource(text);
        return "ok";
      } catch (error) {
        return (error as DataExplorerError).kind + ": " + (error as Error).message;
      }
    };
    expect(kind("")).toMatch(/^invalid-source/);
    expect(kind("ftp://x/y.csv")).toMatch(/Unsupported protocol "ftp:"/);
    expect(kind("s3://Bad_Bucket/x.csv")).toMatch(/not a valid S3 bucket/);
    expect(kind("s3://bucket/dir/")).toMatch(/folder/);
    expect(kind("https://user:pw@example.org/x.csv")).toMatch(/Credentials in the URL/);
    expect(kind("not a url")).toMatch(/neither a URL/);
    expect(s3ObjectUrl("http://minio:9000/", "b", "a b/c.csv")).toBe(
      "http://minio:9000/b/a%20b/c.csv",
    );
  });
});

describe("SQL building", () => {
  it("quotes identifiers, literals and shell words", () => {
    expect(quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(shellQuote("a'b")).toBe("'a'\\''b'");
    expect(readerSql("f.csv", { format: "csv", gzip: false }, { delimiter: "^" })).toBe(
      "read_csv_auto('f.csv', header = true, delim = '^')",
    );
    expect(readerSql("f.tsv", { format: "tsv", gzip: false })).toContain("delim = '\t'");
    expect(readerSql("x'.parquet", { format: "parquet", gzip: false })).toBe(
      "read_parquet('x''.parquet')",
    );
  });

  it("classifies statements and builds pages, materialisation and copies", () => {
    expect(isWrappableQuery("SELECT 1;")).toBe(true);
    expect(isWrappableQuery("  -- c\nwith t as (select 1) select * from t")).toBe(true);
    expect(isWrappableQuery("FROM data")).toBe(true);
    expect(isWrappableQuery("DESCRIBE data")).toBe(false);
    expect(isWrappableQuery("select 1; drop table data")).toBe(false);
    expect(hasSeveralStatements("select ';' as x")).toBe(false);
    expect(pageSql("data", 3, 25)).toBe("SELECT * FROM data LIMIT 25 OFFSET 50");
    expect(materializeSql("select 1;", 10)).toBe(
      "CREATE OR REPLACE TEMP TABLE result AS SELECT * FROM (select 1) LIMIT 11",
    );
    expect(copySql("select 1", "o.parquet", "parquet")).toBe(
      "COPY (select 1) TO 'o.parquet' (FORMAT PARQUET)",
    );
    expect(isNumericType("DECIMAL(18,3)")).toBe(true);
    expect(isNumericType("VARCHAR")).toBe(false);
  });

  it("gives a duckdb command line with the same query, S3 credentials from the environment", () => {
    const http = duckdbCommand(
      { location: "https://h/x.parquet", detected: { format: "parquet", gzip: false } },
      "SELECT k, count(*) FROM data GROUP BY k",
    );
    expect(http).toBe(
      "duckdb -c 'CREATE VIEW data AS SELECT * FROM read_parquet('\\''https://h/x.parquet'\\''); SELECT k, count(*) FROM data GROUP BY k;'",
    );
    const s3 = duckdbCommand(
      {
        location: "s3://b/k.csv",
        detected: { format: "csv", gzip: false },
        delimiter: ";",
        s3: { endpoint: "http://127.0.0.1:9000", region: "us-east-1" },
      },
      "FROM data",
    );
    expect(s3).toContain("getenv('\\''AWS_SECRET_ACCESS_KEY'\\'')");
    expect(s3).toContain("ENDPOINT '\\''127.0.0.1:9000'\\''");
    expect(s3).toContain("USE_SSL false");
    expect(s3).toContain("delim = '\\'';'\\''");
  });
});

describe("URL parameters (Onyxia's names and defaults)", () => {
  it("links an S3 object to the explorer only when the explorer can open it", () => {
    const link = dataExplorerLinkForS3Object("user-alice", "dir/a b.csv.gz");
    expect(link).toBe("/data-explorer?source=s3%3A%2F%2Fuser-alice%2Fdir%2Fa+b.csv.gz");
    expect(parseParams(link!.split("?")[1]!).source).toBe("s3://user-alice/dir/a b.csv.gz");
    for (const key of ["x.parquet", "x.tsv", "x.jsonl", "x.json.gz", "x.ndjson"])
      expect(dataExplorerLinkForS3Object("b-1", key)).toBeDefined();
    for (const key of ["x.txt", "x.parquet.gz", "noextension", "x.zip"])
      expect(dataExplorerLinkForS3Object("b-1", key)).toBeUndefined();
  });

  it("parses, falls back on bad values, and formats back", () => {
    const params = parseParams(
      "source=s3%3A%2F%2Fb%2Fk.parquet&rowsPerPage=50&page=3&selectedRow=4&columnVisibility=%7B%22a%22%3Afalse%7D",
    );
    expect(params).toEqual({
      source: "s3://b/k.parquet",
      rowsPerPage: 50,
      page: 3,
      selectedRow: 4,
      columnVisibility: { a: false },
    });
    expect(parseParams(formatParams(params))).toEqual(params);
    expect(parseParams("page=0&rowsPerPage=-3&selectedRow=x&columnVisibility=%5B1%5D")).toEqual({
      source: undefined,
      rowsPerPage: 25,
      page: 1,
      selectedRow: undefined,
      columnVisibility: {},
    });
    expect(
      formatParams({
        ...params,
        rowsPerPage: 25,
        page: 1,
        selectedRow: undefined,
        columnVisibility: { a: true },
      }),
    ).toBe("source=s3%3A%2F%2Fb%2Fk.parquet");
  });
});

describe("errors and values", () => {
  it("classifies DuckDB's read errors", () => {
    expect(
      classifyReadError(
        new Error("Invalid Input Error: No magic bytes found at end of file 'x'"),
        "parquet",
      ).kind,
    ).toBe("parquet-corrupt");
    expect(classifyReadError(new Error("HTTP 403 Forbidden"), "parquet").kind).toBe(
      "access-denied",
    );
    expect(
      classifyReadError(new Error("IO Error: No files found that match the pattern"), "csv").kind,
    ).toBe("not-found");
    expect(
      classifyReadError(new Error("Invalid Input Error: Error when sniffing file"), "csv").kind,
    ).toBe("csv-malformed");
    expect(classifyReadError(new Error("whatever"), "json").kind).toBe("json-malformed");
  });

  it("converts Arrow values to cells", () => {
    expect(toCell(12n)).toBe(12);
    expect(toCell(2n ** 60n)).toBe("1152921504606846976");
    expect(toCell(0, "timestamp")).toBe("1970-01-01 00:00:00");
    expect(toCell(86_400_000, "date")).toBe("1970-01-02");
    expect(toCell(new Date(86_400_000), "date")).toBe("1970-01-02");
    expect(toCell(new Uint8Array([1, 255]))).toBe("\\x01\\xFF");
    expect(toCell({ toJSON: () => ({ a: 1n }) })).toBe('{"a":"1"}');
    expect(toCell(null)).toBeNull();
    // Decimals: the unscaled integer and the column's scale, as DuckDB prints them.
    expect(toCell(1230n, { decimalScale: 2 })).toBe("12.30");
    expect(toCell(-5n, { decimalScale: 2 })).toBe("-0.05");
    expect(toCell(7n, { decimalScale: 0 })).toBe("7");
  });
});

// ——— The model, on native DuckDB through the port ———

function cell(value: unknown): Row[string] {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  return String(value);
}

class NativeEngine implements TabularEngine {
  constructor(private readonly conn: DuckDBConnection) {}
  async open() {
    await this.conn.run(
      "CREATE OR REPLACE TABLE data AS SELECT i AS id, i % 7 AS k, CASE WHEN i % 10 = 0 THEN NULL ELSE i * 0.5 END AS x, 'n' || (i % 100) AS s FROM range(1000) t(i)",
    );
    return {
      detected: { format: "parquet" as const, gzip: false },
      location: "https://h/t.parquet",
      readInPlace: true,
    };
  }
  async run(sql: string, options: { maxRows?: number } = {}): Promise<QueryResult> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const all = reader
      .getRowObjects()
      .map((row) => Object.fromEntries(names.map((n) => [n, cell(row[n])])));
    const max = options.maxRows ?? 100_000;
    return {
      columns: names.map((name, i) => ({ name, type: String(types[i]) })),
      rows: all.slice(0, max),
      truncated: all.length > max,
    };
  }
  async export(): Promise<Uint8Array> {
    return new Uint8Array();
  }
  async dispose() {}
}

describe("ExplorerSession on native DuckDB", () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  it("opens, pages, counts, runs a GROUP BY, caps a result and profiles a column", async () => {
    const session = new ExplorerSession(new NativeEngine(conn), { maxResultRows: 300 });
    await session.open("https://h/t.parquet", 2, 25);
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
    };
    await waitFor(() => session.getState().view.rowCount !== undefined);
    let state = session.getState();
    expect(state.schema.map((c) => c.name)).toEqual(["id", "k", "x", "s"]);
    expect(state.view.rows.map((r) => r["id"])).toEqual(
      Array.from({ length: 25 }, (_, i) => 25 + i),
    );
    expect(state.view.rowCount).toBe(1000);

    await session.runSql("SELECT k, count(*) AS n FROM data GROUP BY k ORDER BY k");
    state = session.getState();
    const expected = Array.from({ length: 7 }, (_, k) => ({
      k,
      n: Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 7 === k).length,
    }));
    expect(state.view.rows).toEqual(expected);
    expect(state.view.rowCount).toBe(7);
    expect(session.command()).toContain("GROUP BY k ORDER BY k;'");

    await session.runSql("SELECT * FROM data");
    state = session.getState();
    expect(state.view.truncatedAt).toBe(300);
    expect(state.view.rowCount).toBe(300);
    await session.loadPage(13, 25);
    expect(session.getState().view.rows.map((r) => r["id"])).toEqual([]);
    await session.loadPage(12, 25);
    expect(session.getState().view.rows.map((r) => r["id"])).toEqual(
      Array.from({ length: 25 }, (_, i) => 275 + i),
    );

    await session.runSql("");
    await session.profile("x");
    const profile = session.getState().profile?.result;
    const xs = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? null : i * 0.5));
    const present = xs.filter((v): v is number => v !== null);
    expect(profile).toMatchObject({
      total: 1000,
      nulls: xs.length - present.length,
      distinct: new Set(present).size,
      min: String(Math.min(...present)),
      max: String(Math.max(...present)),
    });
    const low = Math.min(...present);
    const high = Math.max(...present);
    const counts = new Array<number>(10).fill(0);
    for (const v of present) counts[Math.min(9, Math.floor(((v - low) / (high - low)) * 10))]! += 1;
    expect(profile?.histogram?.map((b) => b.count)).toEqual(counts);

    await session.runSql("SELECT nope FROM data");
    expect(session.getState().view.error?.message).toMatch(/nope/);
  });

  it("shows the first page read in JavaScript while the engine starts, then lets the engine page", async () => {
    let started!: () => void;
    const starting = new Promise<void>((resolve) => (started = resolve));
    const native = new NativeEngine(conn);
    const queries: string[] = [];
    const engine = deferredEngine(() =>
      starting.then(() => ({
        ...native,
        open: () => native.open(),
        run: (sql: string, options?: { maxRows?: number }) => {
          queries.push(sql);
          return native.run(sql, options);
        },
        export: () => native.export(),
        dispose: () => native.dispose(),
      })),
    );
    const reads: { offset: number; limit: number }[] = [];
    const firstPage: FirstPageReader = {
      async read(_source, { offset, limit }) {
        reads.push({ offset, limit });
        return {
          columns: [{ name: "id", type: "BIGINT" }],
          rows: Array.from({ length: limit }, (_, i) => ({ id: offset + i })),
          rowCount: 1000,
        };
      },
    };
    const session = new ExplorerSession(engine, { firstPage: async () => firstPage });
    const opening = session.open("https://h/t.parquet", 3, 10);
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
    };
    // The engine has not started: the page and the footer's row count are there already.
    await waitFor(() => session.getState().view.rows.length > 0);
    expect(reads).toEqual([{ offset: 20, limit: 10 }]);
    expect(session.getState().opened).toBeUndefined();
    expect(session.getState().view.rows.map((r) => r["id"])).toEqual(
      Array.from({ length: 10 }, (_, i) => 20 + i),
    );
    expect(session.getState().view.rowCount).toBe(1000);
    started();
    await opening;
    await waitFor(() => queries.some((q) => q.startsWith("SELECT count(*)")));
    // The engine did not read that page again; it reads the next one.
    expect(queries.filter((q) => q.includes("LIMIT"))).toEqual([]);
    await session.loadPage(4, 10);
    expect(session.getState().view.rows.map((r) => r["id"])).toEqual(
      Array.from({ length: 10 }, (_, i) => 30 + i),
    );
    // Not Parquet, or a file the reader declines: the engine shows the page.
    const csv = new ExplorerSession(new NativeEngine(conn), { firstPage: async () => firstPage });
    await csv.open("https://h/t.csv", 1, 5);
    expect(reads).toHaveLength(1);
    expect(csv.getState().view.rows.map((r) => r["id"])).toEqual([0, 1, 2, 3, 4]);
    const declined = new ExplorerSession(new NativeEngine(conn), {
      firstPage: async () => ({ read: async () => undefined }),
    });
    await declined.open("https://h/t.parquet", 1, 5);
    expect(declined.getState().view.rows.map((r) => r["id"])).toEqual([0, 1, 2, 3, 4]);
  });

  it("takes over a first page started with the app: same http(s) Parquet source and page, until read", async () => {
    const reads: string[] = [];
    const signals: AbortSignal[] = [];
    const reader: FirstPageReader = {
      async read(source, { offset, limit, signal }) {
        reads.push(`${source.kind === "http" ? source.url : source.uri} ${offset}+${limit}`);
        if (signal) signals.push(signal);
        return {
          columns: [{ name: "id", type: "BIGINT" }],
          rows: Array.from({ length: limit }, (_, i) => ({ id: offset + i })),
          rowCount: 1000,
        };
      },
    };
    // The loader is told the file and the read's signal (main.tsx fetches the file's tail at once).
    const loaded: string[] = [];
    const load = async (source?: ParsedSource, signal?: AbortSignal) => {
      if (source?.kind === "http" && signal) loaded.push(source.url);
      return reader;
    };
    const query = (source: string, extra = "") => `?source=${encodeURIComponent(source)}${extra}`;
    // Not started: an s3:// source without the S3 feature, not Parquet, no source.
    expect(startFirstPageEarly(query("s3://b/t.parquet"), load)).toBe(false);
    expect(startFirstPageEarly(query("https://h/t.csv"), load)).toBe(false);
    expect(startFirstPageEarly(query("not a url"), load)).toBe(false);
    expect(startFirstPageEarly("", load)).toBe(false);
    expect(startFirstPageEarly(query("https://h/e.parquet", "&page=3&rowsPerPage=10"), load)).toBe(
      true,
    );
    expect(loaded).toEqual(["https://h/e.parquet"]);
    // Another page, or another source, is not handed over.
    expect(takeFirstPageEarly(parseSource("https://h/e.parquet"), 0, 10)).toBeUndefined();
    expect(takeFirstPageEarly(parseSource("https://h/other.parquet"), 20, 10)).toBeUndefined();

    // The page's session opens the same page while the engine has not started: no second read.
    const engine = deferredEngine(() => new Promise<TabularEngine>(() => undefined));
    const session = new ExplorerSession(engine, {
      firstPage: load,
      earlyFirstPage: takeFirstPageEarly,
    });
    // Opened twice at once, as React's development mode does: both share the one read.
    void session.open("https://h/e.parquet", 3, 10);
    void session.open("https://h/e.parquet", 3, 10);
    for (let i = 0; i < 200 && session.getState().view.rows.length === 0; i += 1)
      await new Promise((r) => setTimeout(r, 5));
    expect(session.getState().view.rows.map((r) => r["id"])).toEqual(
      Array.from({ length: 10 }, (_, i) => 20 + i),
    );
    expect(reads).toEqual(["https://h/e.parquet 20+10"]);
    // Once read, it is gone.
    expect(takeFirstPageEarly(parseSource("https://h/e.parquet"), 20, 10)).toBeUndefined();

    // A read nobody takes is aborted.
    expect(
      startFirstPageEarly(query("https://h/late.parquet"), load, { unclaimedAfterMs: 10 }),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    expect(signals.at(-1)?.aborted).toBe(true);
    expect(takeFirstPageEarly(parseSource("https://h/late.parquet"), 0, 25)).toBeUndefined();
  });

  it("tries a failed engine start again at the next call", async () => {
    let starts = 0;
    const engine = deferredEngine(async () => {
      starts += 1;
      if (starts === 1) throw new DataExplorerError("engine", "DuckDB could not start.");
      return new NativeEngine(conn);
    });
    const session = new ExplorerSession(engine);
    await session.open("https://h/t.parquet", 1, 5);
    expect(session.getState().sourceError?.message).toBe("DuckDB could not start.");
    await session.open("https://h/t.parquet", 1, 5);
    expect(session.getState().sourceError).toBeUndefined();
    expect(session.getState().view.rows.map((r) => r["id"])).toEqual([0, 1, 2, 3, 4]);
    expect(starts).toBe(2);
  });

  it("clears the JavaScript first page when the engine cannot open the source", async () => {
    const failing: TabularEngine = {
      ...new NativeEngine(conn),
      open: async () => {
        await new Promise((r) => setTimeout(r, 50));
        throw new DataExplorerError("engine", "DuckDB could not start in this browser.");
      },
      run: async () => ({ columns: [], rows: [], truncated: false }),
      export: async () => new Uint8Array(),
      dispose: async () => undefined,
    };
    const session = new ExplorerSession(failing, {
      firstPage: async () => ({
        read: async () => ({
          columns: [{ name: "a", type: "INTEGER" }],
          rows: [{ a: 1 }],
          rowCount: 1,
        }),
      }),
    });
    await session.open("https://h/t.parquet");
    expect(session.getState().sourceError?.kind).toBe("engine");
    expect(session.getState().view.rows).toEqual([]);
  });

  it("computes histogram bins for a constant column and fills empty bins", async () => {
    const rows = (
      await conn.runAndReadAll(histogramSql("(SELECT 5 AS v FROM range(4))", "v", 5, 5, 10))
    ).getRowObjects();
    expect(rows.map((r) => Number(r["n"]))).toEqual([4]);
    expect(histogramBins([{ bin: 2, n: 3 }], 0, 10, 5).map((b) => b.count)).toEqual([
      0, 0, 3, 0, 0,
    ]);
    const stats = (
      await conn.runAndReadAll(profileSql("(SELECT NULL::INT AS v)", "v"))
    ).getRowObjects()[0];
    expect(Number(stats?.["nulls"])).toBe(1);
    expect(stats?.["min_value"]).toBeNull();
  });
});

describe("DataExplorerError", () => {
  it("keeps its kind and detail", () => {
    const error = new DataExplorerError("timeout", "too long", "detail");
    expect(error).toBeInstanceOf(Error);
    expect([error.kind, error.message, error.detail]).toEqual(["timeout", "too long", "detail"]);
  });
});
