// The S3 explorer's listing of a prefix of 10,000 objects in Chromium vs `aws s3 ls --recursive`
// (PyPI's awscli, the reference client) on the same prefix of the stack's MinIO, as alice with
// STS credentials, in one run. Per round, back to back:
//  - `aws s3 ls --recursive`: first line on stdout (its first screen) and the whole listing;
//  - the SDK from Node: one ListObjectsV2 page (1,000 keys), and our listing use case to the end
//    (the explorer's code without the page);
//  - the explorer opened on the prefix (a page load: app, session, STS, listing): first row on
//    screen and the full count shown, timed in the page from the navigation's start;
//  - the same folder refreshed in the open app (the listing and rendering only).
// Then, once: rows in the DOM while scrolling the whole list (it must stay bounded: a virtualised
// list), frame times while scrolling, and the tab's JS heap and DOM nodes against an empty folder.
// Run (stack up): node --import tsx bench/s3-listing.ts
//   env BENCH_OBJECTS (default 10000), BENCH_RUNS (rounds, default 2)
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { listAll } from "../packages/web/src/core/usecases/s3/explorerActions.ts";
import { S3_ENDPOINT } from "../stack/components/minio/config.ts";
import { BUCKET, load, openAliceS3, seconds, timed } from "./lib/s3-alice.ts";
import { metrics, openExplorerBrowser, type CDPSession, type Page } from "./lib/s3-browser.ts";

const objects = Number(process.env["BENCH_OBJECTS"] ?? 10_000);
const runs = Number(process.env["BENCH_RUNS"] ?? 2);
const root = `bench-s3l-${randomBytes(3).toString("hex")}`;
const prefix = `${root}/list/`;
const keys = Array.from(
  { length: objects },
  (_, i) => `${prefix}obj-${String(i).padStart(6, "0")}.txt`,
);
const countSelector = `[data-testid="s3-count"][data-complete="true"][data-count="${objects}"]`;

console.log(
  `S3 listing of ${objects} objects: explorer in Chromium vs aws s3 ls --recursive — MinIO ${S3_ENDPOINT}, ${cpus().length} cores, load ${load()}`,
);
const s3 = await openAliceS3();
const seedMs = await timed(() => s3.putMany(keys, () => new TextEncoder().encode("x\n"), 32));
if ((await s3.count(prefix)) !== objects) throw new Error(`seeding: not all ${objects} objects`);
console.log(`seeded s3://${BUCKET}/${prefix} in ${seconds(seedMs)} (PutObject, 32 in flight)`);

/** Opens the folder with a page load; times from the navigation's start, read in the page. */
async function coldOpen(page: Page, origin: string) {
  await page.goto(`${origin}/s3/${BUCKET}/${prefix}?profile=default`, { waitUntil: "commit" });
  const firstRow = await page.waitForFunction(
    () => document.querySelector('[data-testid="s3-row"]') !== null && performance.now(),
    undefined,
    { polling: "raf", timeout: 120_000 },
  );
  const full = await page.waitForFunction(
    (selector) => document.querySelector(selector) !== null && performance.now(),
    countSelector,
    { polling: "raf", timeout: 120_000 },
  );
  return {
    firstRowMs: (await firstRow.jsonValue()) as number,
    fullMs: (await full.jsonValue()) as number,
  };
}

/** Refreshes the open folder: the listing and its rendering, timed at animation frames. */
function warmRefresh(page: Page) {
  return page.evaluate(async (selector) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const start = performance.now();
    document.querySelector<HTMLButtonElement>('button[aria-label="Refresh"]')!.click();
    while (document.querySelector('[data-testid="s3-count"][data-complete="false"]') === null)
      await frame();
    while (document.querySelector('[data-testid="s3-row"]') === null) await frame();
    const firstRowMs = performance.now() - start;
    while (document.querySelector(selector) === null) await frame();
    return { firstRowMs, fullMs: performance.now() - start };
  }, countSelector);
}

/**
 * Scrolls the list from the top by `step` px per frame (a screen: every row replaced each frame;
 * 120 px: a fast mouse wheel), `frames` frames or to the end: rows in the DOM and frame times.
 */
function scrollThrough(page: Page, step: number | "screen", frames = Infinity) {
  return page.evaluate(
    async ({ step, frames }) => {
      const list = document.querySelector<HTMLElement>('[data-testid="s3-list"]')!;
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const rows = () => list.querySelectorAll('[data-testid="s3-row"]').length;
      list.scrollTop = 0;
      let last = await frame();
      let maxRows = rows();
      const times: number[] = [];
      while (times.length < frames && list.scrollTop + list.clientHeight < list.scrollHeight - 1) {
        list.scrollTop += step === "screen" ? list.clientHeight : step;
        const now = await frame();
        times.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, rows());
      }
      await frame();
      const rendered = Array.from(list.querySelectorAll<HTMLElement>('[data-testid="s3-row"]'));
      return {
        times,
        maxRows,
        lastKey: rendered.at(-1)?.dataset["key"],
        height: list.scrollHeight,
      };
    },
    { step, frames: frames === Infinity ? Number.MAX_SAFE_INTEGER : frames },
  );
}

function printScroll(what: string, scroll: Awaited<ReturnType<typeof scrollThrough>>) {
  console.log(
    `  ${what} (${scroll.times.length} frames): rows in the DOM at most ${scroll.maxRows}; frame time p50 ${quantile(scroll.times, 0.5).toFixed(1)} ms, p95 ${quantile(scroll.times, 0.95).toFixed(1)} ms, max ${Math.max(...scroll.times).toFixed(1)} ms`,
  );
  if (scroll.maxRows > 100)
    throw new Error(`${scroll.maxRows} rows in the DOM: the list is not virtualised`);
}

async function heap(page: Page, cdp: CDPSession) {
  await cdp.send("HeapProfiler.collectGarbage");
  const m = await metrics(cdp);
  const dom = await page.evaluate(() => document.getElementsByTagName("*").length);
  return { heapMiB: m["JSHeapUsedSize"]! / 2 ** 20, elements: dom };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
};
const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;

const browser = await openExplorerBrowser("bench-s3-listing.yaml");
const results: Record<string, number>[] = [];
try {
  const { page, cdp, origin } = browser;
  for (let r = 1; r <= runs; r++) {
    console.log(`\nround ${r} (load ${load()})`);
    const cli = await s3.awsStreamed("s3", "ls", "--recursive", `s3://${BUCKET}/${prefix}`);
    if (cli.lines !== objects) throw new Error(`aws s3 ls printed ${cli.lines} lines`);
    let firstPageKeys = 0;
    const sdkPageMs = await timed(async () => {
      const out = await s3.sdk.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, Delimiter: "/" }),
      );
      firstPageKeys = out.Contents?.length ?? 0;
    });
    const oursNodeMs = await timed(() =>
      listAll({ s3: s3.ours }, BUCKET, prefix, { log: false }).then((l) => {
        if (l.objects.length !== objects) throw new Error(`listAll: ${l.objects.length}`);
      }),
    );
    const cold = await coldOpen(page, origin);
    const warm = await warmRefresh(page);
    results.push({
      cliFirst: cli.firstOutputMs,
      cliFull: cli.ms,
      coldFirst: cold.firstRowMs,
      coldFull: cold.fullMs,
      warmFirst: warm.firstRowMs,
      warmFull: warm.fullMs,
    });
    console.log(
      `  aws s3 ls --recursive            first line ${seconds(cli.firstOutputMs)}, all ${objects} lines ${seconds(cli.ms)}`,
    );
    console.log(
      `  SDK from Node                    one ListObjectsV2 page (${firstPageKeys} keys) ${seconds(sdkPageMs)}; our listAll to the end ${seconds(oursNodeMs)}`,
    );
    console.log(
      `  explorer, page load              first row ${seconds(cold.firstRowMs)} (${ratio(cold.firstRowMs, cli.firstOutputMs)} of aws' first line), count ${objects} shown ${seconds(cold.fullMs)} (${ratio(cold.fullMs, cli.ms)} of aws)`,
    );
    console.log(
      `  explorer, refresh in the app     first row ${seconds(warm.firstRowMs)} (${ratio(warm.firstRowMs, cli.firstOutputMs)}), count shown ${seconds(warm.fullMs)} (${ratio(warm.fullMs, cli.ms)})`,
    );
  }

  console.log(`\nscrolling the list of ${objects} rows (load ${load()})`);
  printScroll("fast wheel, 120 px per frame", await scrollThrough(page, 120, 300));
  const toEnd = await scrollThrough(page, "screen");
  printScroll(`a screen per frame to the end (${toEnd.height} px)`, toEnd);
  if (toEnd.lastKey !== keys.at(-1))
    throw new Error(`scrolled to the end but the last row is ${toEnd.lastKey}`);
  const full = await heap(page, cdp);
  await page.goto(`${origin}/s3/${BUCKET}/${root}/empty/?profile=default`);
  await page.getByTestId("s3-empty").waitFor({ timeout: 60_000 });
  const empty = await heap(page, cdp);
  console.log(
    `tab after GC: JS heap ${full.heapMiB.toFixed(1)} MiB with the ${objects} objects listed, ${empty.heapMiB.toFixed(1)} MiB on an empty folder (+${(full.heapMiB - empty.heapMiB).toFixed(1)} MiB, ${(((full.heapMiB - empty.heapMiB) * 2 ** 20) / objects).toFixed(0)} B per object); DOM elements ${full.elements} / ${empty.elements}`,
  );
} finally {
  await browser.close();
  await s3.cleanUp(`${root}/`);
}

console.log(`\nSummary (load ${load()}; ratio = explorer / aws s3 ls --recursive, per round):`);
for (const [i, r] of results.entries())
  console.log(
    `  round ${i + 1}: first screen ${ratio(r["coldFirst"]!, r["cliFirst"]!)} page load, ${ratio(r["warmFirst"]!, r["cliFirst"]!)} refresh; full count ${ratio(r["coldFull"]!, r["cliFull"]!)} page load, ${ratio(r["warmFull"]!, r["cliFull"]!)} refresh`,
  );
