// The S3 explorer's upload in Chromium vs the reference client (`aws s3 cp`, PyPI's awscli) and
// the AWS SDK from Node, in one run, against the stack's MinIO as alice (STS credentials). Per
// round, back to back:
//  1. N small files in nested folders: the plain SDK from Node (PutObject, as many in flight as
//     the explorer: UPLOAD_CONCURRENCY), `aws s3 cp --recursive` of the same tree on disk, and the
//     tree dropped on the explorer (as the stack test does), timed from the drop until the uploads
//     panel says "N of N files" and then until the folder is listed again; then the same drop in
//     a Chromium Playwright has left (its network instrumentation slows uploads: runUninstrumented);
//  2. one large file: `aws s3 cp`, then the same file picked in the explorer's file input in a
//     Chromium Playwright has left, timed until the panel says "1 of 1 files" (BENCH_LARGE_MIB=0
//     leaves it out).
// It also prints where the browser's time went: S3 requests by kind, the most in flight at once,
// the main thread's busy time (CDP Performance metrics) and the number of DOM commits in the
// explorer (a MutationObserver: one per React commit that changed something).
// Run (stack up): node --import tsx bench/s3-browser-upload.ts
//   env BENCH_FILES (default 1000), BENCH_FILE_KIB (4), BENCH_LARGE_MIB (1024), BENCH_RUNS
//   (rounds, default 2), BENCH_PROFILE=1 (prints a CPU profile of the browser's main thread by
//   file and function)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { UPLOAD_CONCURRENCY } from "../packages/web/src/core/usecases/s3/explorerStore.ts";
import { S3_ENDPOINT } from "../stack/components/minio/config.ts";
import { BUCKET, load, openAliceS3, seconds as s, timed } from "./lib/s3-alice.ts";
import {
  dispatchFolderDrop,
  dropFolder,
  metrics,
  openExplorerBrowser,
  runUninstrumented,
  type CDPSession,
  type Page,
} from "./lib/s3-browser.ts";
import { writeLargeFile } from "./lib/s3-files.ts";

const files = Number(process.env["BENCH_FILES"] ?? 1000);
const fileKiB = Number(process.env["BENCH_FILE_KIB"] ?? 4);
const largeMiB = Number(process.env["BENCH_LARGE_MIB"] ?? 1024);
const runs = Number(process.env["BENCH_RUNS"] ?? 2);
const profile = process.env["BENCH_PROFILE"] === "1";
const root = `bench-s3b-${randomBytes(3).toString("hex")}`;

/** The stack test's tree (d0..d3 / e0..e6 / f-NNNN.txt), files of BENCH_FILE_KIB of text. */
const tree: Record<string, string> = {};
for (let i = 0; i < files; i++)
  tree[`bulk/d${i % 4}/e${i % 7}/f-${String(i).padStart(4, "0")}.txt`] = randomBytes(
    (fileKiB * 1024 * 3) / 4,
  ).toString("base64");
// The same tree and the large file on disk, for the reference client (and the file input).
const work = mkdtempSync(path.join(tmpdir(), "bench-s3b-"));
for (const [relative, content] of Object.entries(tree)) {
  mkdirSync(path.dirname(path.join(work, relative)), { recursive: true });
  writeFileSync(path.join(work, relative), content);
}
const large = path.join(work, "large.bin");
if (largeMiB > 0) await writeLargeFile(large, largeMiB * 1024 * 1024);

const s3 = await openAliceS3();

async function nodeBaseline(prefix: string): Promise<number> {
  const entries = new Map(Object.entries(tree).map(([k, v]) => [`${prefix}${k}`, v]));
  const ms = await timed(() =>
    s3.putMany(
      [...entries.keys()],
      (key) => new TextEncoder().encode(entries.get(key)),
      UPLOAD_CONCURRENCY,
    ),
  );
  if ((await s3.count(prefix)) !== files)
    throw new Error(`node baseline: not all ${files} uploaded`);
  return ms;
}

async function cliBaseline(prefix: string): Promise<number> {
  const ms = await timed(() =>
    s3.aws(
      "s3",
      "cp",
      "--only-show-errors",
      "--recursive",
      path.join(work, "bulk"),
      `s3://${BUCKET}/${prefix}bulk/`,
    ),
  );
  if ((await s3.count(prefix)) !== files) throw new Error(`aws s3 cp: not all ${files} uploaded`);
  return ms;
}

interface RequestStats {
  byKind: Record<string, number>;
  maxInFlight: number;
  firstPut?: number;
  lastPutEnd?: number;
  putMs: number[];
}

/** Watches the page's requests to MinIO (Playwright does not report CORS preflights). */
function watchRequests(page: Page): RequestStats {
  const stats: RequestStats = { byKind: {}, maxInFlight: 0, putMs: [] };
  const started = new Map<object, number>();
  page.on("request", (request) => {
    if (!request.url().startsWith(S3_ENDPOINT)) return;
    const url = new URL(request.url());
    const kind =
      request.method() === "PUT"
        ? "PUT object"
        : url.searchParams.has("list-type")
          ? "GET list"
          : request.method() === "POST" && (request.postData() ?? "").includes("AssumeRole")
            ? "POST STS"
            : `${request.method()} other`;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    const now = performance.now();
    if (kind === "PUT object") stats.firstPut ??= now;
    started.set(request, now);
    stats.maxInFlight = Math.max(stats.maxInFlight, started.size);
  });
  const end = (request: { method(): string }) => {
    const at = started.get(request);
    if (at === undefined) return;
    started.delete(request);
    if (request.method() === "PUT") {
      const now = performance.now();
      stats.putMs.push(now - at);
      stats.lastPutEnd = now;
    }
  };
  page.on("requestfinished", end);
  page.on("requestfailed", end);
  return stats;
}

interface BrowserRun {
  start: number;
  uploadMs: number;
  listedMs: number;
  stats: RequestStats;
  busy: Record<string, number>;
  commits: number;
}

async function browserRun(page: Page, cdp: CDPSession, origin: string, prefix: string) {
  await page.goto(`${origin}/s3/${BUCKET}/${prefix}?profile=default`);
  await page.getByTestId("s3-empty").waitFor({ timeout: 60_000 });
  const stats = watchRequests(page);

  await page.getByTestId("s3-explorer").evaluate((node) => {
    const w = window as unknown as { benchCommits: number };
    w.benchCommits = 0;
    new MutationObserver(() => (w.benchCommits += 1)).observe(node, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  if (profile) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.start");
  }
  const before = await metrics(cdp);
  const start = performance.now();
  await dropFolder(page, tree);
  await page.waitForFunction(
    (n) =>
      document
        .querySelector('[data-testid="s3-uploads-summary"]')
        ?.textContent?.includes(`${n} of ${n} files`),
    files,
    { polling: 50, timeout: 600_000 },
  );
  const uploadMs = performance.now() - start;
  await page
    .locator(`[data-testid="s3-count"][data-complete="true"][data-folders="1"]`)
    .waitFor({ timeout: 60_000 });
  const listedMs = performance.now() - start;
  const after = await metrics(cdp);

  if (profile) printProfile((await cdp.send("Profiler.stop")).profile);
  const busy = Object.fromEntries(
    ["TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"].map((k) => [
      k,
      (after[k]! - before[k]!) * 1000,
    ]),
  );
  const commits = await page.evaluate(
    () => (window as unknown as { benchCommits: number }).benchCommits,
  );
  if ((await s3.count(prefix)) !== files) throw new Error(`browser: not all ${files} uploaded`);
  return { start, uploadMs, listedMs, stats, busy, commits } satisfies BrowserRun;
}

/** Self time by script file and the top functions of a CPU profile (BENCH_PROFILE=1). */
function printProfile(p: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  (p.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const ms = (p.timeDeltas?.[i] ?? 0) / 1000;
    const file = frame.url.split("/").pop() || `(${frame.functionName || "program"})`;
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const fn = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `      ${ms.toFixed(0).padStart(6)} ms  ${k}`)
      .join("\n");
  console.log(`    CPU profile, self time by file:\n${top(byFile, 8)}`);
  console.log(`    by function:\n${top(byFunction, 15)}`);
}

/** The same drop in a Chromium Playwright is no longer attached to (see runUninstrumented). */
async function browserDropUninstrumented(origin: string, prefix: string): Promise<number> {
  const ms = await runUninstrumented<number>({
    origin,
    path: `/s3/${BUCKET}/${prefix}?profile=default`,
    prepare: (page) => page.getByTestId("s3-empty").waitFor({ timeout: 60_000 }),
    script: `async (files) => {
      const drop = ${String(dispatchFolderDrop)};
      const n = Object.keys(files).length;
      const start = performance.now();
      drop(document.querySelector('[data-testid="s3-explorer"]'), files);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const summary = document.querySelector('[data-testid="s3-uploads-summary"]');
        if (summary?.textContent?.includes(n + " of " + n + " files")) break;
        if (performance.now() - start > 600000) throw new Error("upload timed out");
      }
      return performance.now() - start;
    }`,
    arg: tree,
  });
  if ((await s3.count(prefix)) !== files) throw new Error(`browser: not all ${files} uploaded`);
  return ms;
}

/**
 * The large file picked in the explorer's file input, until the panel says "1 of 1 files", in a
 * Chromium Playwright is no longer attached to (runUninstrumented: its network instrumentation
 * slows byte-body uploads tenfold). Times and counts come from the page itself.
 */
async function browserLarge(origin: string, prefix: string) {
  const result = await runUninstrumented<{ ms: number; requests: number; busy: string }>({
    origin,
    path: `/s3/${BUCKET}/${prefix}?profile=default`,
    prepare: async (page) => {
      await page.getByTestId("s3-empty").waitFor({ timeout: 60_000 });
      await page.evaluate(() => {
        const input = document.createElement("input");
        input.type = "file";
        input.id = "bench-file";
        input.hidden = true;
        document.body.append(input);
      });
    },
    files: { selector: "#bench-file", paths: [large] },
    script: String(async (s3Origin: string) => {
      const picked = document.querySelector<HTMLInputElement>("#bench-file")!.files![0]!;
      const input = document.querySelector<HTMLInputElement>('[data-testid="s3-file-input"]')!;
      const transfer = new DataTransfer();
      transfer.items.add(picked);
      input.files = transfer.files;
      let longTasks = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longTasks += entry.duration;
      }).observe({ type: "longtask" });
      const start = performance.now();
      input.dispatchEvent(new Event("change", { bubbles: true }));
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const summary = document.querySelector('[data-testid="s3-uploads-summary"]');
        if (summary?.textContent?.includes("1 of 1 files")) break;
        if (performance.now() - start > 1_200_000) throw new Error("upload timed out");
      }
      const ms = performance.now() - start;
      const requests = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.startsWith(s3Origin)).length;
      return { ms, requests, busy: `long tasks ${(longTasks / 1000).toFixed(2)} s` };
    }),
    arg: S3_ENDPOINT,
  });
  const head = await s3.ours.headObject(BUCKET, `${prefix}large.bin`);
  if (head?.size !== largeMiB * 1024 * 1024)
    throw new Error(`browser: large.bin size ${head?.size}`);
  return result;
}

const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
const mibps = (ms: number) => `${((largeMiB / ms) * 1000).toFixed(1)} MiB/s`;
console.log(
  `S3 upload in Chromium vs aws s3 cp and Node — ${files} files of ${fileKiB} KiB, one of ${largeMiB} MiB, MinIO ${S3_ENDPOINT}, ${cpus().length} cores, load ${load()}`,
);
const summary: string[] = [];
const browser = await openExplorerBrowser("bench-s3-browser.yaml");
try {
  const { page, cdp, origin } = browser;
  for (let r = 1; r <= runs; r++) {
    console.log(`\nround ${r}, ${files} files (load ${load()})`);
    const nodeMs = await nodeBaseline(`${root}/node-${r}/`);
    console.log(`  Node, plain SDK PutObject (${UPLOAD_CONCURRENCY} in flight)   ${s(nodeMs)}`);
    const cliMs = await cliBaseline(`${root}/cli-${r}/`);
    console.log(`  aws s3 cp --recursive (reference)         ${s(cliMs)}`);
    const run = await browserRun(page, cdp, origin, `${root}/browser-${r}/`);
    const { stats } = run;
    const putMs = [...stats.putMs].sort((a, b) => a - b);
    console.log(
      `  Chromium, drop → "${files} of ${files} files"   ${s(run.uploadMs)}  (${ratio(run.uploadMs, cliMs)} of aws s3 cp, ${ratio(run.uploadMs, nodeMs)} of Node)`,
    );
    console.log(`  Chromium, drop → folder listed again      ${s(run.listedMs)}`);
    const bare = await browserDropUninstrumented(origin, `${root}/bare-${r}/`);
    console.log(
      `  same, Playwright detached                 ${s(bare)}  (${ratio(bare, cliMs)} of aws s3 cp, ${ratio(bare, nodeMs)} of Node)`,
    );
    console.log(
      `    drop → first PUT ${s((stats.firstPut ?? run.start) - run.start)} (walking the drop, key checks, existing-keys listing)`,
    );
    console.log(
      `    PUTs: first → last ${s((stats.lastPutEnd ?? 0) - (stats.firstPut ?? 0))}, median ${putMs[putMs.length >> 1]?.toFixed(0)} ms, p95 ${putMs[Math.floor(putMs.length * 0.95)]?.toFixed(0)} ms, most in flight ${stats.maxInFlight}`,
    );
    console.log(
      `    requests: ${Object.entries(stats.byKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`,
    );
    console.log(
      `    main thread: ${Object.entries(run.busy)
        .map(([k, ms]) => `${k.replace("Duration", "")} ${s(ms)}`)
        .join(", ")}; DOM commits in the explorer ${run.commits}`,
    );
    let line = `  round ${r}: ${files} files ${ratio(bare, cliMs)} of aws s3 cp --recursive's time (${ratio(run.uploadMs, cliMs)} with Playwright attached; Node SDK ${ratio(nodeMs, cliMs)})`;
    if (largeMiB > 0) {
      console.log(`round ${r}, one file of ${largeMiB} MiB (load ${load()})`);
      const prefix = `${root}/large-${r}/`;
      const cliLarge = await timed(() =>
        s3.aws("s3", "cp", "--only-show-errors", large, `s3://${BUCKET}/${prefix}cli.bin`),
      );
      console.log(`  aws s3 cp (reference)                     ${s(cliLarge)}  ${mibps(cliLarge)}`);
      const big = await browserLarge(origin, `${prefix}browser/`);
      console.log(
        `  Chromium, file input → "1 of 1 files"     ${s(big.ms)}  ${mibps(big.ms)} = ${((100 * cliLarge) / big.ms).toFixed(0)} % of aws s3 cp`,
      );
      console.log(`    S3 requests ${big.requests} (resource timing); main thread ${big.busy}`);
      await s3.ours.deleteObjects(BUCKET, [`${prefix}cli.bin`, `${prefix}browser/large.bin`]);
      line += `; ${largeMiB} MiB file ${mibps(big.ms)} = ${((100 * cliLarge) / big.ms).toFixed(0)} % of aws s3 cp's ${mibps(cliLarge)}`;
    }
    summary.push(line);
  }
} finally {
  await browser.close();
  await s3.cleanUp(`${root}/`);
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\nResults (load ${load()}; goals: ${files} files ≤ 1.5× the reference's time, large file ≥ 80 % of its throughput)`,
);
console.log(summary.join("\n"));
