// Data explorer benchmark: a large Parquet file served over HTTP with range support (bytes counted
// at the server), opened in the data explorer in headless Chromium (its first page decoded in
// JavaScript while DuckDB-WASM starts, then DuckDB-WASM), against native
// DuckDB (Python `duckdb` with its httpfs extension) reading the same URL in the same run.
//   node --import tsx bench/data-explorer.ts
// env: BENCH_ROWS (default 16,000,000 ≈ 1 GiB), BENCH_DIR (where the file is kept and reused),
//      BENCH_SKIP_BUILD=1 (reuse packages/web/dist), PYTHON (default python3),
//      BENCH_VERBOSE=1 (ranges and the warm run's timeline), BENCH_TRACE=<file> (Chromium trace),
//      BENCH_ROUNDS=<n> (more warm/native rounds), BENCH_BASELINE_DIST=<dir> (another build, compared).
// Native DuckDB: `pip install duckdb==1.4.4 duckdb-ext-httpfs==1.4.4.20260205` (the extension
// comes from PyPI; nothing is downloaded at run time).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { chromium } from "playwright-core";
import { build } from "vite";
import { chromiumLaunchOptions } from "../packages/web/test/support/chromium.ts";
import { startDatalabServer } from "../packages/web/test/support/datalabServer.ts";
import { startRangeServer } from "../packages/web/test/support/rangeServer.ts";

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
const url = `${files.url}/${fileName}`;

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
}

async function browserRun(
  warm: boolean,
  page: import("playwright-core").Page,
  app = server.url,
): Promise<Figures> {
  files.reset();
  const started = Date.now();
  await page.goto(`${app}/data-explorer?source=${encodeURIComponent(url)}`);
  await page.getByTestId("de-row-0").waitFor({ timeout: 300_000 });
  const firstPageMs = Date.now() - started;
  const shownAt = await page.evaluate(() => performance.now());
  const firstPageBytes = files.bytesSent.get(fileName) ?? 0;
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
  void warm;
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
    timeline,
    previewed: phases.some(([name]) => name === "preview") && phase("first-page") === 0,
    previewMs: phase("preview"),
    firstPageMs,
    countMs,
    firstPageBytes,
    countBytes: files.bytesSent.get(fileName) ?? 0,
    phases: [["page load (DOMContentLoaded)", navigation], ...phases],
    fileRequests: files.requests.filter((r) => r.file === fileName).length,
    ranges: files.requests
      .filter((r) => r.file === fileName)
      .map((r) => `${r.method} ${r.range ?? "whole"}`),
  };
}

const browser = await chromium.launch(chromiumLaunchOptions);
const context = await browser.newContext();
const page = await context.newPage();
const cold = await browserRun(false, page);
// BENCH_TRACE=<file>: a Chromium performance trace of the warm run (chrome://tracing, Perfetto).
const trace = process.env["BENCH_TRACE"];
if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
const warm = await browserRun(true, page);
if (trace) await browser.stopTracing();

// Native DuckDB over httpfs, a fresh process per measurement (no cache between runs).
const nativeScript = `
import duckdb, glob, sys, time, os, site
ext = glob.glob(os.path.join(site.getsitepackages()[0], "duckdb_ext/extensions/*/*/httpfs.duckdb_extension"))
c = duckdb.connect()
c.sql("SET autoinstall_known_extensions=false")
c.sql("LOAD '%s'" % ext[0])
t = time.time()
if sys.argv[2] == "page":
    r = c.sql("SELECT * FROM read_parquet('%s') LIMIT 25" % sys.argv[1]).fetchall()
else:
    r = c.sql("SELECT count(*) FROM read_parquet('%s')" % sys.argv[1]).fetchall()
print(int((time.time() - t) * 1000), len(r) if sys.argv[2] == "page" else r[0][0])
`;
// Asynchronous: the file server runs in this process and must keep answering.
async function native(
  kind: "page" | "count",
): Promise<{ ms: number; bytes: number; wallMs: number }> {
  files.reset();
  const started = Date.now();
  const { stdout } = await promisify(execFile)(python, ["-c", nativeScript, url, kind]);
  const wallMs = Date.now() - started;
  const out = stdout.trim().split(/\s+/);
  const expected = kind === "page" ? 25 : rows;
  if (Number(out[1]) !== expected)
    throw new Error(`native DuckDB returned ${out[1]}, expected ${expected}`);
  return { ms: Number(out[0]), bytes: files.bytesSent.get(fileName) ?? 0, wallMs };
}
let nativePage: { ms: number; bytes: number; wallMs: number } | undefined;
let nativeCount: { ms: number; bytes: number; wallMs: number } | undefined;
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
const baseline = baselineDist
  ? await startDatalabServer({
      webDistDirectory: baselineDist,
      region: (region) => ({ ...region, data: { S3: { URL: files.url } } }),
    })
  : undefined;
const baselinePage = baseline ? await (await browser.newContext()).newPage() : undefined;
if (baseline && baselinePage && roundCount > 0) await browserRun(false, baselinePage, baseline.url);
const rounds: { warm: number; baseline?: number; native: number; load: number }[] = [];
for (let round = 0; round < roundCount; round += 1) {
  const current = await browserRun(true, page);
  const before =
    baseline && baselinePage ? await browserRun(true, baselinePage, baseline.url) : undefined;
  const nativeRound = await native("page");
  rounds.push({
    warm: current.firstPageMs,
    ...(before ? { baseline: before.firstPageMs } : {}),
    native: nativeRound.wallMs,
    load: (await import("node:os")).loadavg()[0]!,
  });
}
await browser.close();
await baseline?.close();
await server.close();
await files.close();

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
      `  ${i + 1}. load ${r.load.toFixed(1)}: warm ${r.warm} ms${r.baseline !== undefined ? `, baseline ${r.baseline} ms` : ""}, native end to end ${r.native} ms → ${(r.warm / r.native).toFixed(2)}×${r.baseline !== undefined ? ` (baseline ${(r.baseline / r.native).toFixed(2)}×)` : ""}`,
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
requests to the file: cold ${cold.fileRequests}, warm ${warm.fileRequests}${process.env["BENCH_VERBOSE"] ? `\n  ${warm.ranges.join("\n  ")}\nwarm timeline (ms since navigation start):\n  ${warm.timeline.join("\n  ")}` : ""}
load average: ${(await import("node:os"))
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(" ")}
${roundsReport()}file size ${mib(size)}; explorer bytes for the first page = ${((cold.firstPageBytes / size) * 100).toFixed(2)} % of the file
(explorer times include opening the page; the first page is read in JavaScript while DuckDB-WASM starts,
 which then opens the file, reads its schema and counts; count(*) comes from the Parquet footer in both engines)
`);
