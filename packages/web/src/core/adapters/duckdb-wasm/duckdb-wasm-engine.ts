// The adapter: DuckDB-WASM 1.28 (DuckDB 0.9, whose wasm build links the Parquet reader in) in a
// Web Worker. Its WASM bundles and workers are assets of our build (Vite `?url`), so nothing is
// fetched from elsewhere: the app works offline. This module is only imported by the data explorer
// page, so DuckDB stays out of the initial bundle.
//
// Parquet is read in place with HTTP range requests (only the footer and the needed column
// chunks); CSV and JSON are fetched whole (bounded), checked, then loaded into a table.
import * as duckdb from "@duckdb/duckdb-wasm";
import ehWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import mvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import ehWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import mvpWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url";
import type {
  OpenOptions,
  OpenedSource,
  QueryResult,
  RunOptions,
  Row,
  TabularEngine,
} from "../../ports/tabularEngine.ts";
import {
  DataExplorerError,
  classifyQueryError,
  classifyReadError,
  isDataExplorerError,
} from "../../usecases/data-explorer/errors.ts";
import {
  contentMismatch,
  formatFromPath,
  formatFromSniff,
  raggedLines,
  sniffBytes,
  sniffDelimiter,
  SUPPORTED_EXTENSIONS,
  type DetectedFormat,
} from "../../usecases/data-explorer/format.ts";
import {
  copySql,
  quoteIdentifier,
  quoteLiteral,
  readerSql,
  SOURCE_TABLE,
  type ExportFormat,
} from "../../usecases/data-explorer/sql.ts";
import type { ParsedSource, S3Access } from "../../usecases/data-explorer/source.ts";
import { timed } from "../../usecases/data-explorer/timing.ts";
import { toJsonRowArray } from "./json-rows.ts";
import { arrowColumns, toCell } from "./values.ts";

const DEFAULT_MAX_ROWS = 100_000;
const DEFAULT_MAX_DOWNLOAD = 512 * 1024 * 1024;
const DEFAULT_MAX_EXPORT = 512 * 1024 * 1024;
/** After a cancel, how long DuckDB gets to stop before its worker is terminated. */
const CANCEL_GRACE_MS = 1500;
const PROBE_BYTES = 64 * 1024;

export interface DuckDbEngineOptions {
  /** Rows a query result may hold in the tab (default 100 000). */
  maxRows?: number;
}

interface ArrowField {
  name: string;
  type: unknown;
}

interface Instance {
  db: duckdb.AsyncDuckDB;
  conn: duckdb.AsyncDuckDBConnection;
  worker: Worker;
}

export async function createDuckDbEngine(
  options: DuckDbEngineOptions = {},
): Promise<TabularEngine> {
  const engine = new DuckDbEngine(options.maxRows ?? DEFAULT_MAX_ROWS);
  await engine.start();
  return engine;
}

async function startInstance(): Promise<Instance> {
  try {
    const bundle = await duckdb.selectBundle({
      mvp: {
        mainModule: new URL(mvpWasm, location.href).href,
        mainWorker: new URL(mvpWorker, location.href).href,
      },
      eh: {
        mainModule: new URL(ehWasm, location.href).href,
        mainWorker: new URL(ehWorker, location.href).href,
      },
    });
    if (!bundle.mainWorker) throw new Error("no DuckDB worker for this browser");
    const worker = new Worker(bundle.mainWorker);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await timed("engine-instantiate", () => db.instantiate(bundle.mainModule));
    await db.open({
      filesystem: { allowFullHTTPReads: true },
      query: { castBigIntToDouble: false },
    });
    const conn = await db.connect();
    // Never reach out for extensions: everything needed is built in. The object cache keeps a
    // Parquet file's metadata between queries (schema, page, count): its footer is read once.
    for (const setting of [
      "autoinstall_known_extensions = false",
      "autoload_known_extensions = false",
      "enable_object_cache = true",
    ])
      await conn.query(`SET ${setting}`).catch(() => undefined);
    return { db, conn, worker };
  } catch (error) {
    throw new DataExplorerError("engine", "DuckDB could not start in this browser.", String(error));
  }
}

function abortError(signal: AbortSignal): DataExplorerError {
  const reason: unknown = signal.reason;
  if (isDataExplorerError(reason)) return reason;
  return new DataExplorerError("cancelled", "Cancelled.");
}

class DuckDbEngine implements TabularEngine {
  private instance: Instance | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private opened: { source: ParsedSource; options: OpenOptions } | undefined;

  constructor(private readonly maxRows: number) {}

  async start(): Promise<void> {
    this.instance = await timed("engine-start", startInstance);
  }

  /** Runs jobs one at a time on the single connection. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ready(): Promise<Instance> {
    if (this.instance) return this.instance;
    // The worker was terminated by a hard cancel: start again and reopen the source.
    this.instance = await startInstance();
    if (this.opened) await this.openNow(this.opened.source, this.opened.options);
    return this.instance;
  }

  open(source: ParsedSource, options: OpenOptions = {}): Promise<OpenedSource> {
    return this.serial(async () => {
      await this.ready();
      const opened = await this.openNow(source, options);
      this.opened = { source, options: { ...options, signal: undefined } };
      return opened;
    });
  }

  private async openNow(source: ParsedSource, options: OpenOptions): Promise<OpenedSource> {
    const instance = this.instance;
    if (!instance) throw new DataExplorerError("engine", "DuckDB is not running.");
    const { db, conn } = instance;
    await db.dropFiles();
    await conn.query(`DROP VIEW IF EXISTS ${SOURCE_TABLE}`).catch(() => undefined);
    await conn.query(`DROP TABLE IF EXISTS ${SOURCE_TABLE}`).catch(() => undefined);
    const maxDownload = options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD;
    let s3: S3Access | undefined;
    let head: Uint8Array | undefined;
    let sizeBytes: number | undefined;
    let protocol: duckdb.DuckDBDataProtocol;
    let url: string;
    if (source.kind === "s3") {
      if (!options.s3Access)
        throw new DataExplorerError(
          "access-denied",
          "No S3 profile is available to read s3:// sources.",
        );
      const access = options.s3Access;
      s3 = await timed("s3-access", () => access({ bucket: source.bucket, key: source.key }));
      await setS3(conn, s3);
      protocol = duckdb.DuckDBDataProtocol.S3;
      url = source.uri;
      sizeBytes = s3.size;
    } else {
      const probe = await timed("probe", () => probeHttp(source.url, options.signal));
      head = probe.head;
      sizeBytes = probe.size;
      protocol = duckdb.DuckDBDataProtocol.HTTP;
      url = source.url;
    }
    let detected = formatFromPath(source.path);
    if (head) {
      const sniffed = sniffBytes(head);
      detected ??= formatFromSniff(sniffed);
      if (detected) {
        const problem = contentMismatch(detected, sniffed);
        if (problem)
          throw new DataExplorerError(
            "wrong-format",
            `The file is not what its name says: ${problem}.`,
          );
      }
    }
    if (!detected)
      throw new DataExplorerError(
        "unsupported-format",
        `Unsupported file type: the name should end with one of ${SUPPORTED_EXTENSIONS.join(", ")}.`,
      );
    const base = {
      location: source.kind === "s3" ? source.uri : source.url,
      ...(s3 ? { s3: { endpoint: s3.endpoint, region: s3.region } } : {}),
      ...(sizeBytes === undefined ? {} : { sizeBytes }),
    };
    if (detected.format === "parquet") {
      await db.registerFileURL("source.parquet", url, protocol, false);
      try {
        // Binding the view reads the footer now, so a corrupt file fails here, next to the source.
        await timed("open-parquet", () =>
          conn.query(
            `CREATE VIEW ${SOURCE_TABLE} AS SELECT * FROM ${readerSql("source.parquet", detected)}`,
          ),
        );
      } catch (error) {
        throw classifyReadError(error, "parquet");
      }
      return { ...base, detected, readInPlace: true };
    }
    // CSV / JSON: bring the whole file into the tab (bounded), then load it.
    if (sizeBytes !== undefined && sizeBytes > maxDownload)
      throw tooLargeFile(sizeBytes, maxDownload);
    let bytes: Uint8Array;
    if (source.kind === "s3") {
      await db.registerFileURL("source.raw", url, protocol, false);
      try {
        bytes = await db.copyFileToBuffer("source.raw");
      } catch (error) {
        throw classifyReadError(error, detected.format);
      }
      const mismatch = contentMismatch(detected, sniffBytes(bytes.subarray(0, PROBE_BYTES)));
      if (mismatch)
        throw new DataExplorerError(
          "wrong-format",
          `The file is not what its name says: ${mismatch}.`,
        );
    } else {
      bytes = await downloadBounded(source.url, maxDownload, options.signal);
    }
    if (bytes.length > maxDownload) throw tooLargeFile(bytes.length, maxDownload);
    if (detected.gzip) bytes = await gunzipBounded(bytes, maxDownload);
    const inner: DetectedFormat = { format: detected.format, gzip: false };
    const text = new TextDecoder().decode(bytes.subarray(0, PROBE_BYTES));
    if (inner.format === "csv" || inner.format === "tsv") {
      const delimiter = inner.format === "tsv" ? "\t" : sniffDelimiter(text);
      if (delimiter === undefined && text.includes("\n") && text.split("\n")[0]?.length)
        // One column is possible, but a consistent delimiter was not found either.
        void 0;
      if (delimiter !== undefined) {
        const ragged = raggedLines(text, delimiter);
        if (ragged.length > 0)
          throw new DataExplorerError(
            "csv-malformed",
            `Ragged CSV: line${ragged.length > 1 ? "s" : ""} ${ragged.join(", ")} ${ragged.length > 1 ? "have" : "has"} a different number of fields than the header (delimiter ${JSON.stringify(delimiter)}).`,
          );
      }
      await db.registerFileBuffer("source.csv", bytes);
      try {
        await conn.query(
          `CREATE TABLE ${SOURCE_TABLE} AS SELECT * FROM ${readerSql("source.csv", inner, delimiter === undefined ? {} : { delimiter })}`,
        );
      } catch (error) {
        throw classifyReadError(error, "csv");
      }
      return {
        ...base,
        detected,
        ...(delimiter === undefined ? {} : { delimiter }),
        readInPlace: false,
      };
    }
    // JSON: DuckDB-WASM's own JSON reader (the json extension is not in this build).
    const full = new TextDecoder().decode(bytes);
    const arrayText = toJsonRowArray(full, inner.format === "jsonl");
    await db.registerFileText("source.json", arrayText.text);
    try {
      // The shape is detected by the reader (passing it explicitly fails in this version).
      await conn.insertJSONFromPath("source.json", { name: "json_load" });
      // The reader sorts columns by name: restore the file's order.
      const loaded = await conn.query("DESCRIBE json_load");
      const names = loaded
        .toArray()
        .map((row: unknown) => String((row as { column_name: unknown }).column_name));
      const ordered = [
        ...arrayText.keys.filter((key: string) => names.includes(key)),
        ...names.filter((name: string) => !arrayText.keys.includes(name)),
      ];
      await conn.query(
        `CREATE TABLE ${SOURCE_TABLE} AS SELECT ${ordered.map(quoteIdentifier).join(", ")} FROM json_load`,
      );
      await conn.query("DROP TABLE json_load");
    } catch (error) {
      throw classifyReadError(error, "json");
    }
    return { ...base, detected, readInPlace: false };
  }

  refreshS3(): Promise<boolean> {
    return this.serial(async () => {
      const opened = this.opened;
      const access = opened?.options.s3Access;
      if (opened?.source.kind !== "s3" || !access) return false;
      const instance = await this.ready();
      await setS3(
        instance.conn,
        await access({ bucket: opened.source.bucket, key: opened.source.key }),
      );
      return true;
    });
  }

  run(sql: string, options: RunOptions = {}): Promise<QueryResult> {
    return this.serial(() => this.runNow(sql, options));
  }

  private async runNow(sql: string, options: RunOptions): Promise<QueryResult> {
    const controller = new AbortController();
    const forward = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) throw abortError(options.signal);
    options.signal?.addEventListener("abort", forward, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              controller.abort(
                new DataExplorerError(
                  "timeout",
                  `The query took longer than ${Math.round(options.timeoutMs! / 1000)} s and was cancelled.`,
                ),
              ),
            options.timeoutMs,
          );
    try {
      const instance = await this.ready();
      return await this.withCancel(instance, controller.signal, () =>
        this.read(instance, sql, options.maxRows ?? this.maxRows),
      );
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener("abort", forward);
    }
  }

  /** Races the job against the signal: cancel the pending query, then kill the worker if it does not stop. */
  private async withCancel<T>(
    instance: Instance,
    signal: AbortSignal,
    job: () => Promise<T>,
  ): Promise<T> {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        void instance.conn.cancelSent().catch(() => undefined);
        const grace = setTimeout(() => {
          if (this.instance === instance) {
            this.instance = undefined;
            void instance.db.terminate().catch(() => undefined);
          }
          reject(abortError(signal));
        }, CANCEL_GRACE_MS);
        running
          .finally(() => {
            clearTimeout(grace);
            reject(abortError(signal));
          })
          .catch(() => undefined);
      };
    });
    const running = job();
    signal.addEventListener("abort", () => onAbort?.(), { once: true });
    try {
      return await Promise.race([running, aborted]);
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      throw classifyQueryError(error);
    }
  }

  private async read(instance: Instance, sql: string, maxRows: number): Promise<QueryResult> {
    const sent = await instance.conn.send(sql);
    // The schema is known once the stream is opened.
    const reader = sent.schema ? sent : await sent.open();
    const { columns, kinds } = arrowColumns(reader.schema.fields as ArrowField[]);
    const rows: Row[] = [];
    let truncated = false;
    for await (const batch of reader) {
      const vectors = columns.map((_column, index) => batch.getChildAt(index));
      for (let r = 0; r < batch.numRows; r += 1) {
        if (rows.length >= maxRows) {
          truncated = true;
          break;
        }
        const row: Row = {};
        columns.forEach((column, index) => {
          row[column.name] = toCell(vectors[index]?.get(r), kinds[index]);
        });
        rows.push(row);
      }
      if (truncated) {
        await instance.conn.cancelSent().catch(() => undefined);
        break;
      }
    }
    return { columns, rows, truncated };
  }

  export(
    querySql: string,
    format: ExportFormat,
    options: { signal?: AbortSignal; maxBytes?: number } = {},
  ): Promise<Uint8Array> {
    return this.serial(async () => {
      const instance = await this.ready();
      const target = `export.${format}`;
      await instance.db.registerEmptyFileBuffer(target);
      try {
        const controller = new AbortController();
        options.signal?.addEventListener("abort", () => controller.abort(options.signal?.reason), {
          once: true,
        });
        await this.withCancel(instance, controller.signal, () =>
          instance.conn.query(copySql(querySql, target, format)),
        );
        const bytes = await instance.db.copyFileToBuffer(target);
        const max = options.maxBytes ?? DEFAULT_MAX_EXPORT;
        if (bytes.length > max)
          throw new DataExplorerError(
            "too-large",
            `The export is ${formatBytes(bytes.length)}, more than the ${formatBytes(max)} allowed in the tab.`,
          );
        return bytes;
      } finally {
        await instance.db.dropFile(target).catch(() => undefined);
      }
    });
  }

  async dispose(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) await instance.db.terminate().catch(() => undefined);
  }
}

/** DuckDB's S3 settings for the next reads: requests are signed in headers, never in URLs. */
async function setS3(conn: duckdb.AsyncDuckDBConnection, s3: S3Access): Promise<void> {
  const settings: [string, string][] = [
    ["s3_endpoint", s3.endpoint.replace(/\/+$/, "")],
    ["s3_region", s3.region],
    ["s3_access_key_id", s3.credentials?.accessKeyId ?? ""],
    ["s3_secret_access_key", s3.credentials?.secretAccessKey ?? ""],
    ["s3_session_token", s3.credentials?.sessionToken ?? ""],
  ];
  for (const [name, value] of settings) await conn.query(`SET ${name} = ${quoteLiteral(value)}`);
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function tooLargeFile(size: number, max: number): DataExplorerError {
  return new DataExplorerError(
    "too-large",
    `The file is ${formatBytes(size)}: CSV and JSON files are loaded whole into the tab, up to ${formatBytes(max)}. Convert it to Parquet to explore it here.`,
  );
}

async function probeHttp(
  url: string,
  signal: AbortSignal | undefined,
): Promise<{ head: Uint8Array; size: number | undefined }> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Range: `bytes=0-${PROBE_BYTES - 1}` },
      signal: signal ?? null,
      cache: "no-store",
    });
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    throw new DataExplorerError(
      "network",
      "The source could not be reached: network error, or its server does not allow this site to read it (CORS).",
      String(error),
    );
  }
  if (response.status === 404)
    throw new DataExplorerError("not-found", "The source does not exist (HTTP 404).");
  if (response.status === 401 || response.status === 403)
    throw new DataExplorerError(
      "access-denied",
      `Access to the source was refused (HTTP ${response.status}).`,
    );
  if (response.status === 416) throw new DataExplorerError("wrong-format", "The file is empty.");
  if (!response.ok)
    throw new DataExplorerError(
      "network",
      `The server answered HTTP ${response.status} for the source.`,
    );
  const range = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "");
  const length = response.headers.get("content-length");
  const size = range
    ? Number(range[1])
    : response.status === 200 && length
      ? Number(length)
      : undefined;
  const head = await readAtMost(response, PROBE_BYTES);
  return { head, size };
}

async function readAtMost(response: Response, max: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return concat(chunks).subarray(0, max);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

async function readBounded(
  stream: ReadableStream<Uint8Array>,
  max: number,
  what: string,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new DataExplorerError(
        "too-large",
        `${what} is larger than the ${formatBytes(max)} a tab may load. Convert it to Parquet to explore it here.`,
      );
    }
    chunks.push(value);
  }
  return concat(chunks);
}

async function downloadBounded(
  url: string,
  max: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    throw new DataExplorerError("network", "The source could not be downloaded.", String(error));
  }
  if (!response.ok || !response.body)
    throw new DataExplorerError(
      "network",
      `The server answered HTTP ${response.status} for the source.`,
    );
  return readBounded(response.body, max, "The file");
}

async function gunzipBounded(bytes: Uint8Array, max: number): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as BlobPart])
      .stream()
      .pipeThrough(new DecompressionStream("gzip"));
    return await readBounded(stream as ReadableStream<Uint8Array>, max, "The decompressed file");
  } catch (error) {
    if (isDataExplorerError(error)) throw error;
    throw new DataExplorerError(
      "wrong-format",
      "The gzip-compressed file is corrupt.",
      String(error),
    );
  }
}
