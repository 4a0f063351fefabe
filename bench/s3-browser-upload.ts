// The S3 explorer's upload in Chromium vs the AWS SDK from Node, in one run, against the stack's
// MinIO as alice (STS credentials): N small files in nested folders dropped on the explorer (as
// the stack test does), timed from the drop until the uploads panel says "N of N files" and then
// until the folder is listed again; the baseline is the plain SDK from Node on the same files
// (PutObject, as many in flight as the explorer: UPLOAD_CONCURRENCY). It also prints where the browser's time went: S3 requests by kind, the
// most in flight at once, the main thread's busy time (CDP Performance metrics) and the number of
// DOM commits in the explorer (a MutationObserver: one per React commit that changed something).
// Run (stack up): node --import tsx bench/s3-browser-upload.ts
//   env BENCH_FILES (default 200), BENCH_RUNS (browser runs, default 2), BENCH_PROFILE=1 (prints
//   a CPU profile of the browser's main thread by file and function)
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { CDPSession, Page } from "playwright-core";
import { s3Adapter } from "../packages/web/src/core/adapters/s3Client.ts";
import { deleteSelection, listAll } from "../packages/web/src/core/usecases/s3/explorerActions.ts";
import { UPLOAD_CONCURRENCY } from "../packages/web/src/core/usecases/s3/explorerStore.ts";
import {
  openProfileSession,
  regionS3Profiles,
} from "../packages/web/src/core/usecases/s3/profiles.ts";
import { S3_ENDPOINT, S3_REGION } from "../stack/components/minio/config.ts";
import { getToken, OIDC_ISSUER } from "../stack/components/oidc/index.ts";

// The e2e support reads the issuer from the environment (the stack project's globalSetup sets it).
process.env["OIDC_ISSUER"] ??= OIDC_ISSUER;
// The app as users get it: Vite builds React's development build when NODE_ENV says so (vitest
// sets "test": the stack tests run that build, several times slower to render).
process.env["NODE_ENV"] = "production";
const { dropFolder, logIn, stackE2eConfig, startStackE2e } =
  await import("../packages/web/test/support/stackE2e.ts");

const files = Number(process.env["BENCH_FILES"] ?? 200);
const runs = Number(process.env["BENCH_RUNS"] ?? 2);
const profile = process.env["BENCH_PROFILE"] === "1";
const BUCKET = "user-alice";
const root = `bench-s3b-${randomBytes(3).toString("hex")}`;
const regionData = {
  S3: {
    URL: S3_ENDPOINT,
    region: S3_REGION,
    pathStyleAccess: true,
    sts: {
      durationSeconds: 3600,
      role: { profileName: "default", roleARN: "", roleSessionName: "bench" },
    },
  },
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** The same tree as the stack test: d0..d3 / e0..e6 / f-NNN.txt. */
const tree: Record<string, string> = {};
for (let i = 0; i < files; i++)
  tree[`bulk/d${i % 4}/e${i % 7}/f-${String(i).padStart(4, "0")}.txt`] = `file ${i}\n`;

const token = await getToken("alice");
const { profiles } = regionS3Profiles(regionData, { preferred_username: "alice" });
const ours = openProfileSession(profiles[0]!, {
  getAccessToken: async () => token,
  adapter: s3Adapter,
}).client;
const credentials = (await ours.currentCredentials())!;
const sdk = new S3Client({
  endpoint: S3_ENDPOINT,
  region: S3_REGION,
  forcePathStyle: true,
  credentials,
  requestChecksumCalculation: "WHEN_REQUIRED",
});

async function count(prefix: string): Promise<number> {
  return (await listAll({ s3: ours }, BUCKET, prefix, { recursive: true, log: false })).objects
    .length;
}

async function nodeBaseline(prefix: string): Promise<number> {
  const entries = Object.entries(tree);
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      while (next < entries.length) {
        const [relative, content] = entries[next++]!;
        await sdk.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `${prefix}${relative}`,
            Body: new TextEncoder().encode(content),
          }),
        );
      }
    }),
  );
  const ms = performance.now() - start;
  if ((await count(prefix)) !== files) throw new Error(`node baseline: not all ${files} uploaded`);
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

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
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
  if ((await count(prefix)) !== files) throw new Error(`browser: not all ${files} uploaded`);
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

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `S3 upload in Chromium vs Node — ${files} files, MinIO ${S3_ENDPOINT}, ${cpus().length} cores, load ${load()}`,
);
const e2e = await startStackE2e(stackE2eConfig("bench-s3-browser.yaml", { data: regionData }));
try {
  const context = await e2e.newContext();
  // tsx keeps function names with a helper the page does not have (evaluated functions use it).
  await context.addInitScript({ content: "window.__name = (f) => f;" });
  const page = await context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${e2e.origin}/my-services`);
  await logIn(page, "alice");
  for (let r = 1; r <= runs; r++) {
    const nodeMs = await nodeBaseline(`${root}/node-${r}/`);
    const run = await browserRun(page, cdp, e2e.origin, `${root}/browser-${r}/`);
    const { stats } = run;
    const putMs = [...stats.putMs].sort((a, b) => a - b);
    console.log(`\nrun ${r} (load ${load()})`);
    console.log(`  Node, plain SDK PutObject (${UPLOAD_CONCURRENCY} in flight)   ${s(nodeMs)}`);
    console.log(
      `  Chromium, drop → "${files} of ${files} files"     ${s(run.uploadMs)}  (×${(run.uploadMs / nodeMs).toFixed(2)} of Node)`,
    );
    console.log(`  Chromium, drop → folder listed again      ${s(run.listedMs)}`);
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
  }
} finally {
  await e2e.close();
  await deleteSelection({ s3: ours }, BUCKET, { keys: [], prefixes: [`${root}/`] });
  sdk.destroy();
}
