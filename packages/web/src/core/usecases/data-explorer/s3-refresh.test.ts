// Expired S3 credentials while a tab stays open: a read S3 refuses is retried once after a
// credentials refresh; SQL errors and persistent refusals are shown as they are.
import { describe, expect, it } from "vitest";
import type { QueryResult, TabularEngine } from "../../ports/tabularEngine.ts";
import { DataExplorerError } from "./errors.ts";
import { isS3Refusal, withS3Refresh } from "./s3-refresh.ts";

const expired = new DataExplorerError(
  "query",
  "IO Error: Range request for s3://user-a/big.parquet did returned non-success status: 400",
  "IO Error: Range request for s3://user-a/big.parquet did returned non-success status: 400",
);
const ok: QueryResult = {
  columns: [{ name: "n", type: "BIGINT" }],
  rows: [{ n: 1 }],
  truncated: false,
};

function fakeEngine(failures: DataExplorerError[], refreshes: boolean | undefined) {
  const calls: string[] = [];
  const engine: TabularEngine = {
    open: async () => ({
      detected: { format: "parquet", gzip: false },
      location: "s3://b/k",
      readInPlace: true,
    }),
    run: async (sql) => {
      calls.push(`run ${sql}`);
      const failure = failures.shift();
      if (failure) throw failure;
      return ok;
    },
    export: async () => {
      calls.push("export");
      const failure = failures.shift();
      if (failure) throw failure;
      return new Uint8Array([1]);
    },
    ...(refreshes === undefined
      ? {}
      : {
          refreshS3: async () => {
            calls.push("refresh");
            return refreshes;
          },
        }),
    dispose: async () => undefined,
  };
  return { engine, calls };
}

describe("S3 credentials refreshed on a refusal", () => {
  it("tells S3 refusals from SQL errors", () => {
    expect(isS3Refusal(expired)).toBe(true);
    expect(isS3Refusal(new DataExplorerError("access-denied", "refused"))).toBe(true);
    expect(
      isS3Refusal(new DataExplorerError("query", 'Binder Error: column "x403" not found')),
    ).toBe(false);
    expect(isS3Refusal(new Error("403 request"))).toBe(false);
    // What DuckDB-WASM 1.28 reports for a failed request of its file system (seen on the stack).
    expect(
      isS3Refusal(new DataExplorerError("query", "Invalid Error: [object WebAssembly.Exception]")),
    ).toBe(true);
  });

  it("retries a refused read once after a refresh", async () => {
    const { engine, calls } = fakeEngine([expired], true);
    expect(await withS3Refresh(engine).run("SELECT 1")).toEqual(ok);
    expect(calls).toEqual(["run SELECT 1", "refresh", "run SELECT 1"]);
    const exporting = fakeEngine([expired], true);
    expect(await withS3Refresh(exporting.engine).export("SELECT 1", "csv")).toEqual(
      new Uint8Array([1]),
    );
    expect(exporting.calls).toEqual(["export", "refresh", "export"]);
  });

  it("shows a refusal that persists, a SQL error, and a refusal of a non-S3 source as they are", async () => {
    const twice = fakeEngine([expired, expired], true);
    await expect(withS3Refresh(twice.engine).run("q")).rejects.toBe(expired);
    expect(twice.calls).toEqual(["run q", "refresh", "run q"]);
    const sql = new DataExplorerError("query", "Parser Error: syntax error");
    const bad = fakeEngine([sql], true);
    await expect(withS3Refresh(bad.engine).run("q")).rejects.toBe(sql);
    expect(bad.calls).toEqual(["run q"]);
    const http = fakeEngine([expired], false);
    await expect(withS3Refresh(http.engine).run("q")).rejects.toBe(expired);
    expect(http.calls).toEqual(["run q", "refresh"]);
    const plain = fakeEngine([expired], undefined);
    expect(withS3Refresh(plain.engine)).toBe(plain.engine);
  });
});
