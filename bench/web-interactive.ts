// Web benchmark: the initial JavaScript the browser must download (gzip, from the build output),
// and the time until the catalog page is interactive in headless Chromium on localhost, against
// a baseline measured in the same run (an empty HTML page from a bare Node server).
// Run: node --import tsx bench/web-interactive.ts   (env BENCH_RUNS=n, BENCH_SKIP_BUILD=1)
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { startDatalabServer } from "../packages/web/test/support/datalabServer.ts";
import { chromiumLaunchOptions } from "../packages/web/test/support/chromium.ts";

const runs = Number(process.env["BENCH_RUNS"] ?? 9);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webRoot = path.join(repoRoot, "packages/web");
const dist = path.join(webRoot, "dist");

if (process.env["BENCH_SKIP_BUILD"] !== "1") {
  await build({
    root: webRoot,
    configFile: path.join(webRoot, "vite.config.ts"),
    logLevel: "error",
  });
}

// 1. Initial JS: the entry script and the modules index.html preloads (what loads before any route chunk).
const html = readFileSync(path.join(dist, "index.html"), "utf8");
const initial = [
  ...html.matchAll(
    /<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g,
  ),
].map((m) => m[1]!);
let rawBytes = 0;
let gzipBytes = 0;
for (const asset of initial) {
  const content = readFileSync(path.join(dist, asset));
  rawBytes += content.length;
  gzipBytes += gzipSync(content, { level: 9 }).length;
}

// 2. Time to interactive, median of `runs` cold loads (a new browser context each: empty cache).
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function measure(
  browser: Browser,
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit" });
    await ready(page);
    // performance.now() counts from the navigation start, in the page's own clock.
    const elapsed = await page.evaluate(() => performance.now());
    await context.close();
    if (i > 0) times.push(elapsed); // the first run warms the server and the OS caches
  }
  return times;
}

const empty = createServer((_, res) =>
  res
    .writeHead(200, { "content-type": "text/html" })
    .end("<!doctype html><title>empty</title><p id=ready>ready</p>"),
);
await new Promise<void>((resolve) => empty.listen(0, "127.0.0.1", resolve));
const emptyUrl = `http://127.0.0.1:${(empty.address() as AddressInfo).port}/`;
const server = await startDatalabServer();
const browser = await chromium.launch({
  ...chromiumLaunchOptions,
});

try {
  const baseline = await measure(browser, emptyUrl, async (page) => {
    await page.locator("#ready").waitFor();
  });
  // Interactive: the chart cards are rendered and the search box accepts input.
  const catalog = await measure(browser, `${server.url}/catalog/databases`, async (page) => {
    await page.getByTestId("chart-card-postgresql").waitFor();
    await page.getByTestId("catalog-search").waitFor();
    await page.getByTestId("catalog-search").fill("p", { timeout: 10_000 });
  });
  const result = {
    initialJs: {
      files: initial,
      rawKiB: +(rawBytes / 1024).toFixed(1),
      gzipKiB: +(gzipBytes / 1024).toFixed(1),
    },
    runs,
    baselineEmptyPageMs: {
      median: +median(baseline).toFixed(1),
      min: +Math.min(...baseline).toFixed(1),
      max: +Math.max(...baseline).toFixed(1),
    },
    catalogInteractiveMs: {
      median: +median(catalog).toFixed(1),
      min: +Math.min(...catalog).toFixed(1),
      max: +Math.max(...catalog).toFixed(1),
    },
    catalogMinusBaselineMs: +(median(catalog) - median(baseline)).toFixed(1),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  await server.close();
  empty.close();
}
