// Data explorer benchmark: a large Parquet file opened in the data explorer in headless Chromium
// (its first page decoded in JavaScript while DuckDB-WASM starts, then DuckDB-WASM), against native
// DuckDB (Python `duckdb` with its httpfs extension) reading the same object in the same run.
// BENCH_SOURCE=minio (default; the stack must run): the file is uploaded once to alice's bucket on
// the stack's MinIO, alice logs in through the OIDC provider and opens `s3://user-alice/<key>`;
// native DuckDB reads the same s3:// URI with alice's STS credentials, obtained by the bench
// beforehand (it does not pay STS). Both go through a counting proxy in front of MinIO
// (bench/lib/counting-proxy.ts), which gives the bytes transferred and the requests.
// BENCH_SOURCE=http: the file is served by a local range server (bytes counted there), anonymous.
//   node --import tsx bench/data-explorer.ts
// env: BENCH_ROWS (default 16,000,000 ≈ 1 GiB), BENCH_DIR (where the file is kept and reused),
//      BENCH_SKIP_BUILD=1 (http: reuse packages/web/dist), PYTHON (default python3),
//      BENCH_VERBOSE=1 (ranges and the warm run's timeline), BENCH_TRACE=<file> (Chromium trace),
//      BENCH_ROUNDS=<n> (more warm/native rounds),
//      BENCH_BASELINE_DIST=<dir> (another build of packages/web, compared in the same rounds).
// Native DuckDB: `pip install duckdb==1.4.4 duckdb-ext-httpfs==1.4.4.20260205` (the extension
// comes from PyPI; nothing is downloaded at run time).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { chromium } from "playwright-core";
import { build } from "vite";
import { chromiumLaunchOptions } from "../packages/web/test/support/chromium.ts";
import { startDatalabServer } from "../packages/web/test/support/datalabServer.ts";
import { startRangeServer } from "../packages/web/test/support/rangeServer.ts";

const mode = process.env["BENCH_SOURCE"] ?? "minio";
if (mode !== "minio" && mode !== "http") throw new Error(`BENCH_SOURCE=${mode}: minio or http`);
const rows = Number(process.env["BENCH_ROWS"] ?? 16_000_000);
const dir = process.env["BENCH_DIR"] ?? path.join(tmpdir(), "onyxia-bench-data-explorer");
const python = process.env["PYTHON"] ?? "python3";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webRoot = path.join(repoRoot, "packages/web");
const fileName = `bench-${rows}.parquet`;
const file = path.join(dir, fileName);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

mkdirSync(dir, { recursive: true });
if (!existsSync(file)) {
  const started = Date.now();
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  // Hard-to-compress columns so the file is large: ids, hashes, doubles, 32-character strings, dates.
  await conn.run(`COPY (SELECT i AS id, hash(i) AS h, (hash(i * 7) % 1000000) / 1000.0 AS x,
      md5(CAST(i AS VARCHAR)) AS label, 'group_' || (i % 97) AS grp,
      DATE '2000-01-01' + CAST(i % 9000 AS INTEGER) AS day
    FROM range(${rows}) t(i)) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 122880)`);
  conn.closeSync();
  instance.closeSync();
  process.stdout.write(`wrote ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
const size = statSync(file).size;
process.stdout.write(`file: ${rows.toLocaleString("en-US")} rows, ${mib(size)}\n`);

/** Where the explorer and native DuckDB read the file, and what was sent for it. */
interface Setup {
  /** The explorer's `source` (a URL or an s3:// URI), and native DuckDB's. */
  source: string;
  /** The app's origin, and a page of it (logged in, for MinIO). */
  origin: string;
  page: import("playwright-core").Page;
  browser: import("playwright-core").Browser;
  /** Body bytes sent for the file, and the requests (method, range) since `reset`. */
  bytes(): number;
  requests(): string[];
  reset(): void;
  /** Native DuckDB's S3 settings (environment of the Python process), or none. */
  nativeEnv: Record<string, string>;
  close(): Promise<void>;
  /** BENCH_BASELINE_DIST: another build of the web app served beside, a page of it (logged in). */
  baseline(dist: string): Promise<{ origin: string; page: Setup["page"]; close(): Promise<void> }>;
}

async function httpSetup(): Promise<Setup> {
  if (process.env["BENCH_SKIP_BUILD"] !== "1")
    await build({
      root: webRoot,
      configFile: path.join(webRoot, "vite.config.ts"),
      logLevel: "error",
    });
  const files = await startRangeServer(dir);
  const server = await startDatalabServer({
    webDistDirectory: path.join(webRoot, "dist"),
    region: (region) => ({ ...region, data: { S3: { URL: files.url } } }),
  });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const page = await (await browser.newContext()).newPage();
  return {
    source: `${files.url}/${fileName}`,
    origin: server.url,
    page,
    browser,
    bytes: () => files.bytesSent.get(fileName) ?? 0,
    requests: () =>
      files.requests
        .filter((r) => r.file === fileName)
        .map((r) => `${r.method} ${r.range ?? "whole"}`),
    reset: () => files.reset(),
    nativeEnv: {},
    async baseline(dist) {
      const other = await startDatalabServer({
        webDistDirectory: dist,
        region: (region) => ({ ...region, data: { S3: { URL: files.url } } }),
      });
      const otherPage = await (await browser.newContext()).newPage();
      return { origin: other.url, page: otherPage, close: () => other.close() };
    },
    async close() {
      await browser.close();
      await server.close();
      await files.close();
    },
  };
}

async function minioSetup(): Promise<Setup> {
  const { S3_ENDPOINT, S3_REGION } = await import("../stack/components/minio/config.ts");
  const { BUCKET, openAliceS3, regionData } = await import("./lib/s3-alice.ts");
  const { startCountingProxy } = await import("./lib/counting-proxy.ts");
  const key = `bench-data-explorer/${fileName}`;
  const objectPath = `/${BUCKET}/${key}`;
  const alice = await openAliceS3();
  const head = await alice.ours.headObject(BUCKET, key);
  if (head?.size !== size) {
    const started = Date.now();
    await alice.aws("s3", "cp", "--only-show-errors", file, `s3://${BUCKET}/${key}`);
    process.stdout.write(
      `uploaded s3://${BUCKET}/${key} in ${((Date.now() - started) / 1000).toFixed(0)} s (kept for later runs)\n`,
    );
  }
  // Native DuckDB is given ready credentials: alice's STS ones, asked for here, not timed.
  const credentials = (await alice.ours.currentCredentials())!;
  alice.sdk.destroy();
  const proxy = await startCountingProxy(S3_ENDPOINT);
  const { openExplorerBrowser } = await import("./lib/s3-browser.ts");
  const data = { S3: { ...regionData.S3, URL: proxy.url } };
  const explorer = await openExplorerBrowser("bench-data-explorer.yaml", data);
  return {
    source: `s3://${BUCKET}/${key}`,
    origin: explorer.origin,
    page: explorer.page,
    browser: explorer.e2e.browser,
    bytes: () => proxy.bytesSent.get(objectPath) ?? 0,
    requests: () =>
      proxy.requests.map(
        (r) =>
          `${r.method} ${r.path === objectPath ? "(file)" : r.path === "/" ? "/ (STS)" : r.path}${r.query ? " ?" : ""} ${r.range ?? ""}`,
      ),
    reset: () => proxy.reset(),
    nativeEnv: {
      BENCH_S3_ENDPOINT: new URL(proxy.url).host,
      BENCH_S3_REGION: S3_REGION,
      BENCH_S3_KEY_ID: credentials.accessKeyId,
      BENCH_S3_SECRET: credentials.secretAccessKey,
      BENCH_S3_TOKEN: credentials.sessionToken ?? "",
    },
    async close() {
      await explorer.close();
      await proxy.close();
    },
    // On the stack OIDC client's other accepted port, alice logged in there too.
    async baseline(dist) {
      const support = await import("../packages/web/test/support/stackE2e.ts");
      const { buildApp } = await import("../packages/server/src/app.ts");
      const port = support.STACK_E2E_PORTS.find((p) => !explorer.origin.endsWith(`:${p}`))!;
      const app = await buildApp({
        config: support.stackE2eConfig("bench-data-explorer-baseline.yaml", { data }),
        webDistDirectory: dist,
      });
      await app.onyxia.catalogs.start();
      await app.listen({ port, host: "127.0.0.1" });
      const origin = `http://127.0.0.1:${port}`;
      const context = await explorer.e2e.newContext();
      await context.addInitScript({ content: "window.__name = (f) => f;" });
      const otherPage = await context.newPage();
      await otherPage.goto(`${origin}/my-services`);
      await support.logIn(otherPage, "alice");
      return { origin, page: otherPage, close: () => app.close() };
    },
  };
}

const setup = mode === "minio" ? await minioSetup() : await httpSetup();
process.stdout.write(`source: ${setup.source}\n`);

interface Figures {
  firstPageMs: number;
  countMs: number;
  firstPageBytes: number;
  countBytes: number;
  /** The page's `data-explorer:<phase>` measures (ms), in the order they ended. */
  phases: [string, number][];
  /** Requests to the file (HEAD/GET with their range). */
  fileRequests: number;
  ranges: string[];
  /** The JavaScript first page's own time (footer, column chunks, decoding). */
  previewMs: number;
  /** Whether the first page shown was the one decoded in JavaScript. */
  previewed: boolean;
  /** Measures and fetched resources on the page's clock (ms since navigation start). */
  timeline: string[];
  /** Row 0's `label` cell, compared with native DuckDB's. */
  firstLabel: string;
}

async function browserRun(
  page: import("playwright-core").Page,
  app = setup.origin,
): Promise<Figures> {
  setup.reset();
  const started = Date.now();
  await page.goto(`${app}/data-explorer?source=${encodeURIComponent(setup.source)}`);
  // Timed in the page at each animation frame (Playwright's locator waits poll at 20, 50, 100,
  // 100, then every 500 ms: up to half a second late), from the navigation's start.
  const shownHandle = await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid="de-row-0"]') ??
        document.querySelector('[data-testid="de-source-error"]')) &&
      performance.now(),
    undefined,
    { timeout: 300_000, polling: "raf" },
  );
  const shownAt = (await shownHandle.jsonValue()) as number;
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  const firstPageMs = Math.round(timeOrigin + shownAt - started);
  const firstPageBytes = setup.bytes();
  const ranges = setup.requests();
  if (!(await page.getByTestId("de-row-0").isVisible()))
    throw new Error(`no first row: ${await page.getByTestId("de-source-error").innerText()}`);
  const firstLabel = await page
    .getByTestId("de-row-0")
    .locator('[data-column="label"]')
    .innerText();
  // The count shown first comes from the Parquet footer (read with the first page); DuckDB's
  // count(*) ends with the measure `data-explorer:count`.
  await page.waitForFunction(
    () => performance.getEntriesByName("data-explorer:count").length > 0,
    undefined,
    { timeout: 300_000, polling: 20 },
  );
  const countMs = Date.now() - started;
  const count = await page.getByTestId("de-row-count").getAttribute("data-count");
  if (Number(count) !== rows)
    throw new Error(`the explorer counted ${count} rows, expected ${rows}`);
  const phases = await page.evaluate(() =>
    performance
      .getEntriesByType("measure")
      .filter((m) => m.name.startsWith("data-explorer:"))
      .map(
        (m) => [m.name.slice("data-explorer:".length), Math.round(m.duration)] as [string, number],
      ),
  );
  const navigation = await page.evaluate(() => {
    // A PerformanceNavigationTiming (the bench's lib has no DOM types).
    const nav = performance.getEntriesByName(
      (globalThis as unknown as { location: { href: string } }).location.href,
    )[0] as unknown as {
      domContentLoadedEventEnd: number;
    };
    return Math.round(nav?.domContentLoadedEventEnd ?? 0);
  });
  const phase = (name: string) => phases.find(([n]) => n === name)?.[1] ?? 0;
  // What ran when (verbose output): the measures and the resources, start → end.
  const timeline = await page.evaluate(() =>
    [
      ...performance
        .getEntriesByType("measure")
        .filter((m) => m.name.startsWith("data-explorer:"))
        .map((m) => ({
          name: m.name.slice("data-explorer:".length),
          start: m.startTime,
          end: m.startTime + m.duration,
        })),
      ...performance.getEntriesByType("resource").map((r) => ({
        name: `(${(r as unknown as { initiatorType: string }).initiatorType}) ${r.name.replace(/^.*\/\/[^/]+/, "").slice(0, 60)}`,
        start: r.startTime,
        end: (r as unknown as { responseEnd: number }).responseEnd,
      })),
    ]
      .sort((a, b) => a.start - b.start)
      .map(
        ({ name, start, end }) =>
          `${Math.round(start).toString().padStart(6)} → ${Math.round(end).toString().padStart(6)}  ${name}`,
      ),
  );
  timeline.push(
    `${Math.round(shownAt).toString().padStart(6)}            first row seen by the bench`,
  );
  return {
    firstLabel,
    timeline,
    previewed: phases.some(([name]) => name === "preview") && phase("first-page") === 0,
    previewMs: phase("preview"),
    firstPageMs,
    countMs,
    firstPageBytes,
    countBytes: setup.bytes(),
    phases: [["page load (DOMContentLoaded)", navigation], ...phases],
    fileRequests: ranges.length,
    ranges,
  };
}

const { page, browser } = setup;
// Cold: DuckDB-WASM and the reader's chunks not cached (over MinIO, the app itself was loaded by
// the login just before).
const cold = await browserRun(page);
// BENCH_TRACE=<file>: a Chromium performance trace of the warm run (chrome://tracing, Perfetto).
const trace = process.env["BENCH_TRACE"];
if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
const warm = await browserRun(page);
if (trace) await browser.stopTracing();

// Native DuckDB over httpfs, a fresh process per measurement (no cache between runs).
const nativeScript = `
import duckdb, glob, sys, time, os, site
ext = glob.glob(os.path.join(site.getsitepackages()[0], "duckdb_ext/extensions/*/*/httpfs.duckdb_extension"))
c = duckdb.connect()
c.sql("SET autoinstall_known_extensions=false")
c.sql("SET enable_progress_bar=false")
c.sql("LOAD '%s'" % ext[0])
e = os.environ
if e.get("BENCH_S3_ENDPOINT"):
    q = lambda v: "'" + v.replace("'", "''") + "'"
    c.sql("SET s3_endpoint=" + q(e["BENCH_S3_ENDPOINT"]))
    c.sql("SET s3_url_style='path'")
    c.sql("SET s3_use_ssl=false")
    c.sql("SET s3_region=" + q(e["BENCH_S3_REGION"]))
    c.sql("SET s3_access_key_id=" + q(e["BENCH_S3_KEY_ID"]))
    c.sql("SET s3_secret_access_key=" + q(e["BENCH_S3_SECRET"]))
    c.sql("SET s3_session_token=" + q(e["BENCH_S3_TOKEN"]))
t = time.time()
if sys.argv[2] == "page":
    r = c.sql("SELECT * FROM read_parquet('%s') LIMIT 25" % sys.argv[1]).fetchall()
    print(int((time.time() - t) * 1000), len(r), r[0][3])
else:
    r = c.sql("SELECT count(*) FROM read_parquet('%s')" % sys.argv[1]).fetchall()
    print(int((time.time() - t) * 1000), r[0][0])
`;
// Asynchronous: the file server (or proxy) runs in this process and must keep answering. The
// credentials go in the environment, not in the command line.
interface NativeFigures {
  ms: number;
  bytes: number;
  wallMs: number;
  requests: string[];
  firstLabel?: string;
}
async function native(kind: "page" | "count"): Promise<NativeFigures> {
  setup.reset();
  const started = Date.now();
  const { stdout } = await promisify(execFile)(python, ["-c", nativeScript, setup.source, kind], {
    env: { ...process.env, ...setup.nativeEnv },
  });
  const wallMs = Date.now() - started;
  const out = stdout.trim().split(/\s+/);
  const expected = kind === "page" ? 25 : rows;
  if (Number(out[1]) !== expected)
    throw new Error(`native DuckDB returned ${out[1]}, expected ${expected}`);
  if (kind === "page" && out[2] !== warm.firstLabel)
    throw new Error(
      `native DuckDB's first row has label ${out[2]}, the explorer showed ${warm.firstLabel}`,
    );
  return {
    ms: Number(out[0]),
    bytes: setup.bytes(),
    wallMs,
    requests: setup.requests(),
    ...(out[2] ? { firstLabel: out[2] } : {}),
  };
}
let nativePage: NativeFigures | undefined;
let nativeCount: NativeFigures | undefined;
try {
  nativePage = await native("page");
  nativeCount = await native("count");
} catch (error) {
  process.stdout.write(`native DuckDB not measured: ${String(error).split("\n")[0]}\n`);
}

// BENCH_ROUNDS=<n>: n more rounds of the warm first page and native DuckDB end to end, one after
// the other, each ratio within its round; BENCH_BASELINE_DIST=<dir>: another build of the web app
// (say, the previous commit's packages/web/dist) measured warm in the same rounds.
const roundCount = Number(process.env["BENCH_ROUNDS"] ?? 0);
const baselineDist = process.env["BENCH_BASELINE_DIST"];
const baseline = baselineDist ? await setup.baseline(baselineDist) : undefined;
if (baseline && roundCount > 0) await browserRun(baseline.page, baseline.origin);
const rounds: {
  warm: number;
  baseline?: number;
  native: number;
  nativeCount: number;
  load: number;
}[] = [];
for (let round = 0; round < roundCount; round += 1) {
  const current = await browserRun(page);
  const before = baseline ? await browserRun(baseline.page, baseline.origin) : undefined;
  const nativeRound = await native("page");
  const nativeCountRound = await native("count");
  rounds.push({
    warm: current.firstPageMs,
    ...(before ? { baseline: before.firstPageMs } : {}),
    native: nativeRound.wallMs,
    nativeCount: nativeCountRound.wallMs,
    load: loadavg()[0]!,
  });
  if (process.env["BENCH_VERBOSE"])
    process.stdout.write(
      `round ${round + 1}: warm ${current.firstPageMs} ms (count ${current.countMs} ms), native ${nativeRound.wallMs} ms (count ${nativeCountRound.wallMs} ms)\n  ${current.phases.map(([n, ms]) => `${n} ${ms}`).join(", ")}\n`,
    );
}
await baseline?.close();
await setup.close();

// The floor: native DuckDB in this process (@duckdb/node-api) on the local file, no HTTP at all.
const floor = await (async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const started = performance.now();
  await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}') LIMIT 25`);
  const pageMs = performance.now() - started;
  conn.closeSync();
  instance.closeSync();
  return pageMs;
})();

function roundsReport(): string {
  if (rounds.length === 0) return "";
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  };
  const lines = rounds.map(
    (r, i) =>
      `  ${i + 1}. load ${r.load.toFixed(1)}: warm ${r.warm} ms${r.baseline !== undefined ? `, baseline ${r.baseline} ms` : ""}, native end to end ${r.native} ms → ${(r.warm / r.native).toFixed(2)}×${r.baseline !== undefined ? ` (baseline ${(r.baseline / r.native).toFixed(2)}×)` : ""}; native count(*) end to end ${r.nativeCount} ms`,
  );
  const ratios = rounds.map((r) => r.warm / r.native);
  const baselineRatios = rounds.flatMap((r) =>
    r.baseline === undefined ? [] : [r.baseline / r.native],
  );
  return `rounds (warm first page vs native DuckDB end to end, each within its round):
${lines.join("\n")}
  median ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×)${baselineRatios.length ? `; baseline median ${median(baselineRatios).toFixed(2)}× (${Math.min(...baselineRatios).toFixed(2)}–${Math.max(...baselineRatios).toFixed(2)}×)` : ""}
`;
}

const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : "n/a");
const vs = (ms: number) =>
  `${ratio(ms, nativePage?.ms)} the native query, ${ratio(ms, nativePage?.wallMs)} native end to end`;
const phaseNames = [...new Set([...cold.phases, ...warm.phases].map(([name]) => name))];
const phaseOf = (figures: Figures, name: string) =>
  figures.phases.find(([n]) => n === name)?.[1] ?? "-";
process.stdout.write(`
                                   time        bytes read (at that moment)
explorer, cold (engine download):  first page ${cold.firstPageMs} ms   ${mib(cold.firstPageBytes)}   ${vs(cold.firstPageMs)}
                                   count(*)   ${cold.countMs} ms   ${mib(cold.countBytes)}
explorer, warm (engine cached):    first page ${warm.firstPageMs} ms   ${mib(warm.firstPageBytes)}   ${vs(warm.firstPageMs)}
                                   count(*)   ${warm.countMs} ms   ${mib(warm.countBytes)}
first page decoded in JavaScript (hyparquet) while DuckDB-WASM started: cold ${cold.previewed}, warm ${warm.previewed}
native DuckDB (Python, httpfs):    first page ${nativePage?.ms ?? "n/a"} ms   ${nativePage ? mib(nativePage.bytes) : "n/a"}
                                   count(*)   ${nativeCount?.ms ?? "n/a"} ms   ${nativeCount ? mib(nativeCount.bytes) : "n/a"}
native DuckDB end to end (process start, import, LOAD httpfs, query): first page ${nativePage?.wallMs ?? "n/a"} ms → warm explorer ${ratio(warm.firstPageMs, nativePage?.wallMs)}
the JavaScript first page alone (footer, column chunks, decoding): warm ${warm.previewMs} ms → ${ratio(warm.previewMs, nativePage?.ms)} the native query
native DuckDB (@duckdb/node-api, local file, no HTTP): first page ${floor.toFixed(0)} ms
where the explorer's first page went (ms; cold | warm):
${phaseNames.map((name) => `  ${name.padEnd(30)} ${String(phaseOf(cold, name)).padStart(6)} | ${phaseOf(warm, name)}`).join("\n")}
requests (${mode === "minio" ? "to MinIO: STS, HEAD, GET" : "to the file"}) by the first row: cold ${cold.fileRequests}, warm ${warm.fileRequests}; native DuckDB's page ${nativePage?.requests.length ?? "n/a"}${process.env["BENCH_VERBOSE"] ? `\n  cold:\n  ${cold.ranges.join("\n  ")}\n  warm:\n  ${warm.ranges.join("\n  ")}\n  native:\n  ${nativePage?.requests.join("\n  ") ?? ""}\nwarm timeline (ms since navigation start):\n  ${warm.timeline.join("\n  ")}` : ""}
load average: ${loadavg()
  .map((l) => l.toFixed(1))
  .join(" ")}
${roundsReport()}file size ${mib(size)}; explorer bytes for the first page = ${((cold.firstPageBytes / size) * 100).toFixed(2)} % of the file
(explorer times include opening the page; the first page is read in JavaScript while DuckDB-WASM starts,
 which then opens the file, reads its schema and counts; count(*) comes from the Parquet footer in both engines)
`);
