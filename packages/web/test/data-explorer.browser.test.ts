// The data explorer in Chromium: the real server serves the freshly built app (DuckDB-WASM's
// bundles among its assets) and a range-capable file server serves files written by native
// DuckDB. Every request to any other origin is blocked, so the whole run proves the app needs no
// internet. Figures are checked against values computed here from the files' formulas.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebApp } from "./support/buildWebApp.ts";
import { chromiumLaunchOptions, chromiumPath } from "./support/chromium.ts";
import { BIG_ROWS, formula, writeDataFiles } from "./support/dataFiles.ts";
import { startDatalabServer, type DatalabServer } from "./support/datalabServer.ts";
import { startRangeServer, type RangeServer } from "./support/rangeServer.ts";

let server: DatalabServer;
let files: RangeServer;
let context: BrowserContext;
let workDir: string;
const blocked: string[] = [];
const served: string[] = [];

async function open(query: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(`${server.url}/data-explorer?${query}`);
  return page;
}

const source = (name: string) => `source=${encodeURIComponent(`${files.url}/${name}`)}`;
const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

async function rowValues(page: Page, column: string, count: number): Promise<string[]> {
  const values: string[] = [];
  for (let i = 0; i < count; i += 1)
    values.push(
      await page.getByTestId(`de-row-${i}`).locator(`[data-column="${column}"]`).innerText(),
    );
  return values;
}

/** Every cell of the rows the (virtualised) table renders, by row number and column name. */
function tableCells(page: Page): Promise<[string, Record<string, string>][]> {
  return page
    .locator('[data-testid^="de-row-"][role="row"]')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute("data-testid") ?? "",
        Object.fromEntries(
          [...row.querySelectorAll("[data-column]")].map((cell) => [
            cell.getAttribute("data-column"),
            (cell as HTMLElement).innerText,
          ]),
        ),
      ]),
    );
}

describe.skipIf(!existsSync(chromiumPath))("data explorer in Chromium, offline", () => {
  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "data-explorer-"));
    const dataDir = path.join(workDir, "data");
    mkdirSync(dataDir);
    await writeDataFiles(dataDir);
    files = await startRangeServer(dataDir);
    // The file server stands in for the region's S3 endpoint (so the CSP lets the browser reach it).
    server = await startDatalabServer({
      webDistDirectory: await buildWebApp(),
      region: (region) => ({ ...region, data: { S3: { URL: files.url, pathStyleAccess: true } } }),
    });
    context = await chromium.launchPersistentContext(path.join(workDir, "profile"), {
      ...chromiumLaunchOptions,
      viewport: { width: 1360, height: 1000 },
      locale: "en-US",
      acceptsDownloads: true,
    } as Parameters<typeof chromium.launchPersistentContext>[1]);
    const allowed = new Set([new URL(server.url).origin, new URL(files.url).origin]);
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("blob:") || url.startsWith("data:") || allowed.has(new URL(url).origin)) {
        served.push(url);
        return route.continue();
      }
      blocked.push(url);
      return route.abort("internetdisconnected");
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await files?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("shows the first page of a 1,000,000-row Parquet file with its row count, reading only part of it", async () => {
    files.reset();
    const page = await open(source("big.parquet"));
    await page.getByTestId("de-row-0").waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), { timeout: 60_000 })
      .toBe(String(BIG_ROWS));
    expect(await rowValues(page, "id", 3)).toEqual(["0", "1", "2"]);
    expect(await rowValues(page, "category", 3)).toEqual([0, 1, 2].map(formula.category));
    expect(await page.getByTestId("de-row-0").locator('[data-column="ts"]').innerText()).toBe(
      "2024-01-01 00:00:00",
    );
    // The schema is DuckDB's DESCRIBE, read after the first page.
    await expect.poll(() => text(page, "de-schema"), { timeout: 60_000 }).toContain("ts: ");
    const schema = await text(page, "de-schema");
    for (const column of [
      "id: INTEGER",
      "value: DOUBLE",
      "day: DATE",
      "flag: BOOLEAN",
      "ts: TIMESTAMP",
    ])
      expect(schema).toContain(column);
    const size = statSync(path.join(workDir, "data", "big.parquet")).size;
    const sent = files.bytesSent.get("big.parquet") ?? 0;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(size / 2);
    expect(files.requests.some((r) => r.file === "big.parquet" && r.range !== undefined)).toBe(
      true,
    );
    // DuckDB's WASM and worker came from our server.
    expect(
      served.some((u) => u.startsWith(server.url) && /duckdb-(eh|mvp)-.*\.wasm$/.test(u)),
    ).toBe(true);
    expect(await text(page, "de-command")).toContain(
      `read_parquet('\\''${files.url}/big.parquet'\\'')`,
    );
    await page.close();
  });

  it("shows the first page decoded in JavaScript, then DuckDB shows the same cells for it", async () => {
    files.reset();
    const page = await open(source("big.parquet"));
    await page.getByTestId("de-row-0").waitFor({ timeout: 60_000 });
    // The file's tail (size and footer) was asked for once, as the app started, and only the
    // start of each column chunk after it: the page is a small part of the row group.
    const suffixes = files.requests.filter(
      (r) => r.file === "big.parquet" && r.range?.startsWith("bytes=-"),
    );
    expect(suffixes).toHaveLength(1);
    const measures = await page.evaluate(() =>
      performance.getEntriesByType("measure").map((measure) => measure.name),
    );
    // The page came from the JavaScript reader (DuckDB did not read it again), its read started
    // with the app (before the page was mounted) and taken over, not read a second time…
    expect(measures.filter((name) => name === "data-explorer:preview")).toHaveLength(1);
    const marks = await page.evaluate(() =>
      performance.getEntriesByType("mark").map((mark) => mark.name),
    );
    expect(marks).toContain("data-explorer:first-page-started-with-app");
    expect(measures).not.toContain("data-explorer:first-page");
    const decodedInJs = await tableCells(page);
    expect(decodedInJs.length).toBeGreaterThan(5);
    expect(decodedInJs[0]).toEqual([
      "de-row-0",
      expect.objectContaining({ id: "0", value: "NULL", ts: "2024-01-01 00:00:00" }),
    ]);
    // …and once DuckDB has opened the file, its first page is the same, cell by cell.
    await page.getByTestId("de-schema").waitFor({ timeout: 60_000 });
    await page.getByTestId("de-next-page").click();
    await expect.poll(() => rowValues(page, "id", 1)).toEqual(["25"]);
    await page.getByTestId("de-previous-page").click();
    await expect.poll(() => rowValues(page, "id", 1)).toEqual(["0"]);
    expect(await tableCells(page)).toEqual(decodedInJs);
    await page.close();
  });

  it("pages, keeps Onyxia's URL parameters, hides columns and shows a selected row", async () => {
    const page = await open(
      `${source("big.parquet")}&rowsPerPage=50&page=3&selectedRow=2&columnVisibility=${encodeURIComponent('{"ts":false}')}`,
    );
    await page.getByTestId("de-row-0").waitFor({ timeout: 60_000 });
    expect(await rowValues(page, "id", 1)).toEqual(["100"]);
    expect(await page.getByTestId("de-row-0").locator('[data-column="ts"]').count()).toBe(0);
    expect(await text(page, "de-detail-id")).toBe("102");
    await page.getByTestId("de-next-page").click();
    await expect.poll(() => rowValues(page, "id", 1)).toEqual(["150"]);
    const url = new URL(page.url());
    expect(url.searchParams.get("page")).toBe("4");
    expect(url.searchParams.get("rowsPerPage")).toBe("50");
    expect(url.searchParams.get("selectedRow")).toBeNull();
    await page.getByTestId("de-column-toggle-ts").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("columnVisibility")).toBeNull();
    await page.getByTestId("de-row-0").locator('[data-column="ts"]').waitFor();
    await page.close();
  });

  it("runs a GROUP BY, profiles a column and exports the result as CSV and Parquet", async () => {
    const page = await open(source("big.parquet"));
    await page.getByTestId("de-row-0").waitFor({ timeout: 60_000 });
    await page
      .getByTestId("de-sql")
      .fill(
        "SELECT grp, count(*) AS n, count(value) AS with_value FROM data GROUP BY grp ORDER BY grp",
      );
    await page.getByTestId("de-run").click();
    await expect
      .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), { timeout: 60_000 })
      .toBe("5");
    const expected = new Map<number, { n: number; withValue: number }>();
    for (let i = 0; i < BIG_ROWS; i += 1) {
      const entry = expected.get(formula.grp(i)) ?? { n: 0, withValue: 0 };
      entry.n += 1;
      if (formula.value(i) !== null) entry.withValue += 1;
      expected.set(formula.grp(i), entry);
    }
    expect(await rowValues(page, "n", 5)).toEqual(
      [0, 1, 2, 3, 4].map((g) => String(expected.get(g)!.n)),
    );
    expect(await rowValues(page, "with_value", 5)).toEqual(
      [0, 1, 2, 3, 4].map((g) => String(expected.get(g)!.withValue)),
    );

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("de-export-csv").click(),
    ]);
    const csvText = readFileSync((await csv.path())!, "utf8")
      .trim()
      .split("\n");
    expect(csvText[0]).toBe("grp,n,with_value");
    expect(csvText.slice(1)).toEqual(
      [0, 1, 2, 3, 4].map((g) => `${g},${expected.get(g)!.n},${expected.get(g)!.withValue}`),
    );
    const [parquet] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("de-export-parquet").click(),
    ]);
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const back = (
      await conn.runAndReadAll(
        `SELECT grp, n FROM read_parquet('${(await parquet.path())!}') ORDER BY grp`,
      )
    ).getRowObjects();
    conn.closeSync();
    instance.closeSync();
    expect(back.map((r) => [Number(r["grp"]), Number(r["n"])])).toEqual(
      [0, 1, 2, 3, 4].map((g) => [g, expected.get(g)!.n]),
    );

    // Back to the whole file, then the profile of `value`.
    await page.getByTestId("de-reset").click();
    await expect
      .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), { timeout: 60_000 })
      .toBe(String(BIG_ROWS));
    await page.getByTestId("de-profile-value").click();
    await page.getByTestId("de-profile-distinct").waitFor({ timeout: 60_000 });
    const values: number[] = [];
    let nulls = 0;
    for (let i = 0; i < BIG_ROWS; i += 1) {
      const v = formula.value(i);
      if (v === null) nulls += 1;
      else values.push(v);
    }
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect(Number(await page.getByTestId("de-profile-nulls").getAttribute("data-value"))).toBe(
      nulls,
    );
    expect(Number(await page.getByTestId("de-profile-distinct").getAttribute("data-value"))).toBe(
      new Set(values).size,
    );
    expect(Number(await text(page, "de-profile-min"))).toBe(min);
    expect(Number(await text(page, "de-profile-max"))).toBe(max);
    const bins = new Array<number>(10).fill(0);
    for (const v of values) bins[Math.min(9, Math.floor(((v - min) / (max - min)) * 10))]! += 1;
    const shown = await page
      .getByTestId("de-hist-bin")
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
    expect(shown).toEqual(bins);
    await page.close();
  });

  it("shows DuckDB's message for a bad query and cancels a long one", async () => {
    const page = await open(source("big.parquet"));
    await page.getByTestId("de-row-0").waitFor({ timeout: 60_000 });
    await page.getByTestId("de-sql").fill("SELECT no_such_column FROM data");
    await page.getByTestId("de-run").click();
    await expect.poll(() => text(page, "de-query-error")).toMatch(/no_such_column/);
    await page
      .getByTestId("de-sql")
      .fill("SELECT sum(hash(a.range * b.range)) FROM range(100000) a, range(100000) b");
    await page.getByTestId("de-run").click();
    await page.getByTestId("de-cancel").click({ timeout: 10_000 });
    await expect
      .poll(() => page.getByTestId("de-query-error").getAttribute("data-kind"), { timeout: 20_000 })
      .toBe("cancelled");
    // The engine still answers afterwards.
    await page.getByTestId("de-sql").fill("SELECT count(*) AS n FROM data");
    await page.getByTestId("de-run").click();
    await expect
      .poll(() => rowValues(page, "n", 1), { timeout: 60_000 })
      .toEqual([String(BIG_ROWS)]);
    await page.close();
  });

  it("opens CSV (plain, gzip, odd delimiter) and JSON lines", async () => {
    for (const name of ["people.csv", "people.csv.gz", "people.jsonl"]) {
      const page = await open(source(name));
      await expect
        .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), {
          timeout: 60_000,
        })
        .toBe("2000");
      expect(await rowValues(page, "name", 2)).toEqual(["name 0", "name 1"]);
      await page.close();
    }
    const page = await open(source("caret.csv"));
    await expect
      .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), { timeout: 60_000 })
      .toBe("50");
    expect(await text(page, "de-command")).toContain("delim = '\\''^'\\''");
    await page.close();
  });

  it("explains bad sources next to the source", async () => {
    const cases: [string, string, RegExp][] = [
      ["missing.parquet", "not-found", /404/],
      ["not-parquet.parquet", "wrong-format", /not Parquet/],
      ["ragged.csv", "csv-malformed", /lines 3, 4/],
      ["corrupt.parquet", "parquet-corrupt", /footer|metadata/i],
      ["forbidden.parquet", "access-denied", /403/],
    ];
    for (const [name, kind, message] of cases) {
      const page = await open(source(name));
      const error = page.getByTestId("de-source-error");
      await error.waitFor({ timeout: 60_000 });
      expect([name, await error.getAttribute("data-kind")]).toEqual([name, kind]);
      expect(await error.innerText()).toMatch(message);
      await page.close();
    }
    const page = await open("source=s3%3A%2F%2Fbucket%2Fkey.parquet");
    await page.getByTestId("de-source-error").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("de-source-error").getAttribute("data-kind")).toBe(
      "access-denied",
    );
    await page.close();
  });

  it("never needed a request outside our origin and the data server", () => {
    expect(served.length).toBeGreaterThan(0);
    expect(blocked).toEqual([]);
  });
});
