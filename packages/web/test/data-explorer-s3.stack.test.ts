// The data explorer on s3:// sources against the stack's MinIO, in Debian's Chromium (issue 14):
// alice logs in through the OIDC provider's form; her browser gets STS credentials with her access
// token through the S3 feature (as the S3 explorer does); the first page of a Parquet file is read
// in JavaScript through the S3 feature's client and DuckDB-WASM reads her bucket, both with signed
// range requests. She opens a Parquet and a CSV file the test uploaded, runs a GROUP BY, saves the
// result to her bucket (read back here), and is refused bob's bucket. The session token
// the browser sends to MinIO never appears in a URL (of the page, of any request) nor in the
// command shown, and no request to our server carries it.
// @stack-components minio, oidc
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackE2eConfig, stackIssuer } from "./support/stackE2e.ts";
import { S3_ENDPOINT, stackS3RegionData } from "../../../stack/components/minio/config.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import { buildApp } from "../../server/src/app.ts";
import { s3Adapter } from "../src/core/adapters/s3Client.ts";
import { deleteSelection } from "../src/core/usecases/s3/explorerActions.ts";
import { openProfileSession, regionS3Profiles } from "../src/core/usecases/s3/profiles.ts";
import { buildWebApp } from "./support/buildWebApp.ts";
import { chromiumLaunchOptions, chromiumPath } from "./support/chromium.ts";
import { formula, writeDataFiles } from "./support/dataFiles.ts";
import {
  routeOrigin,
  routedOriginChromiumArgs,
  type RoutedOrigin,
} from "./support/routedOrigin.ts";

const BUCKET = "user-alice";
const ROWS = 200_000;
const run = `e2e-de-${randomBytes(3).toString("hex")}`;
const regionData = stackS3RegionData({ personalBookmark: true });

async function aliceS3() {
  const token = await getToken("alice");
  const { profiles } = regionS3Profiles(regionData, { preferred_username: "alice" });
  return openProfileSession(profiles[0]!, {
    getAccessToken: async () => token,
    adapter: s3Adapter,
  }).client;
}

async function readObject(key: string): Promise<Uint8Array> {
  const object = await (await aliceS3()).getObject(BUCKET, key);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

describe.skipIf(!existsSync(chromiumPath) || !stackIssuer)(
  "the data explorer on s3:// sources (alice, the stack's MinIO)",
  () => {
    let app: FastifyInstance;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let routed: RoutedOrigin;
    let workDir: string;
    const pageErrors: string[] = [];
    /**
     * Every request the browser sent to MinIO: its method, URL, security token header, and whether
     * the AWS SDK (the S3 feature's client, not DuckDB-WASM) sent it.
     */
    const s3Requests: {
      method: string;
      url: string;
      token: string | undefined;
      sdk: boolean;
    }[] = [];
    /** The status MinIO answered, by the session token the request carried. */
    const s3Statuses: { token: string | undefined; status: number }[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), "de-s3-"));
      await writeDataFiles(workDir, { bigRows: ROWS });
      const s3 = await aliceS3();
      for (const name of ["big.parquet", "people.csv"])
        await s3.upload({
          bucket: BUCKET,
          key: `${run}/${name}`,
          body: new Blob([readFileSync(path.join(workDir, name))]),
        });
      const config = stackE2eConfig("de-s3.yaml", {
        services: {
          type: "KUBERNETES",
          singleNamespace: false,
          userNamespace: true,
          namespacePrefix: `${run}-user-`,
          groupNamespacePrefix: `${run}-projet-`,
          expose: { domain: "lab.localhost" },
        },
        data: regionData,
      });
      app = await buildApp({ config, webDistDirectory: await buildWebApp() });
      const address = await app.listen({ port: 0, host: "127.0.0.1" });
      browser = await chromium.launch({
        ...chromiumLaunchOptions,
        args: [...chromiumLaunchOptions.args, ...routedOriginChromiumArgs],
      });
      context = await browser.newContext({
        ignoreHTTPSErrors: true,
        locale: "en-US",
        viewport: { width: 1360, height: 1000 },
      });
      routed = await routeOrigin(context, address);
      context.on("request", (request) => {
        if (request.url().startsWith(S3_ENDPOINT))
          s3Requests.push({
            method: request.method(),
            url: request.url(),
            token: request.headers()["x-amz-security-token"],
            sdk: request.headers()["amz-sdk-invocation-id"] !== undefined,
          });
      });
      context.on("response", (response) => {
        if (response.url().startsWith(S3_ENDPOINT))
          s3Statuses.push({
            token: response.request().headers()["x-amz-security-token"],
            status: response.status(),
          });
      });
      page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
    }, 600_000);

    afterAll(async () => {
      await context?.close().catch(() => undefined);
      await browser?.close();
      await app?.close();
      const s3 = await aliceS3().catch(() => undefined);
      if (s3) await deleteSelection({ s3 }, BUCKET, { keys: [], prefixes: [`${run}/`] });
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    /** Waits for the first row, or fails with the message shown next to the source. */
    async function firstRow(): Promise<void> {
      // An engine that cannot start is reported next to the source too.
      const shown = page.getByTestId("de-row-0").or(page.getByTestId("de-source-error"));
      await shown.first().waitFor({ timeout: 120_000 });
      if (!(await page.getByTestId("de-row-0").isVisible()))
        throw new Error(`no first row: ${await shown.first().innerText()}`);
    }

    const rowCell = (row: number, column: string) =>
      page.getByTestId(`de-row-${row}`).locator(`[data-column="${column}"]`).innerText();

    it("alice logs in", async () => {
      await page.goto(`${routed.origin}/my-services`);
      await page.getByTestId("login").click();
      await page
        .locator("#username")
        .waitFor({ timeout: 60_000 })
        .catch(async (error: unknown) => {
          throw new Error(
            `no login form at ${page.url()}: ${(await page.locator("body").innerText()).slice(0, 500)} (${String(error)})`,
          );
        });
      await page.locator("#username").fill("alice");
      await page.locator("#password").fill("alice-password");
      await page.locator("#kc-login").click();
      await page.getByTestId("logout").waitFor({ timeout: 60_000 });
    }, 120_000);

    it("opens a Parquet file of her bucket: first page, row count, read with signed range requests", async () => {
      const source = `s3://${BUCKET}/${run}/big.parquet`;
      const before = s3Requests.length;
      await page.goto(`${routed.origin}/data-explorer?source=${encodeURIComponent(source)}`);
      await firstRow();
      await expect
        .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), {
          timeout: 60_000,
        })
        .toBe(String(ROWS));
      expect(await rowCell(0, "id")).toBe("0");
      expect(await rowCell(2, "category")).toBe(formula.category(2));
      // That page was decoded in JavaScript, read through the S3 feature's signed range requests.
      const [measures, marks] = await page.evaluate(() =>
        (["measure", "mark"] as const).map((type) =>
          performance.getEntriesByType(type).map((entry) => entry.name),
        ),
      );
      expect(measures).toContain("data-explorer:preview");
      expect(measures).not.toContain("data-explorer:first-page");
      // Started with the app (main.tsx), once the session was known, and taken over by the page.
      expect(marks).toContain("data-explorer:first-page-started-with-app");
      expect(measures).toContain("data-explorer:s3-access-early");
      // One open, one S3 access: at most one STS call (none if this tab had credentials) and
      // one HEAD from the S3 feature, shared by the first page and DuckDB-WASM.
      const opened = s3Requests.slice(before);
      const sts = opened.filter((r) => r.method === "POST" && new URL(r.url).pathname === "/");
      expect(sts.length).toBeLessThanOrEqual(1);
      const heads = opened.filter(
        (r) => r.sdk && r.method === "HEAD" && r.url.includes(`/${run}/big.parquet`),
      );
      expect(heads).toHaveLength(1);
      const reads = s3Requests.filter((r) => r.url.includes(`/${run}/big.parquet`));
      expect(reads.length).toBeGreaterThan(0);
      // STS credentials: each signed request carries the session token in a header.
      expect(reads.every((r) => r.token && r.token.length > 20)).toBe(true);
      const command = await page.getByTestId("de-command").innerText();
      expect(command).toContain("AWS_SESSION_TOKEN");
      expect(command).toContain(`s3://${BUCKET}/${run}/big.parquet`);
    }, 300_000);

    it("runs a GROUP BY on it; the figures match the file's formulas", async () => {
      await page
        .getByTestId("de-sql")
        .fill("SELECT grp, count(*) AS n FROM data GROUP BY grp ORDER BY grp");
      await page.getByTestId("de-run").click();
      await expect
        .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), {
          timeout: 60_000,
        })
        .toBe("5");
      const expected = new Map<number, number>();
      for (let i = 0; i < ROWS; i += 1)
        expected.set(formula.grp(i), (expected.get(formula.grp(i)) ?? 0) + 1);
      for (let g = 0; g < 5; g += 1) {
        expect(await rowCell(g, "grp")).toBe(String(g));
        expect(Number((await rowCell(g, "n")).replace(/,/g, ""))).toBe(expected.get(g));
      }
    }, 120_000);

    it("saves the result to her bucket as CSV and Parquet; both read back", async () => {
      for (const [name, check] of [
        [
          "grouped.csv",
          (bytes: Uint8Array) => {
            const lines = new TextDecoder().decode(bytes).trim().split("\n");
            expect(lines[0]).toBe("grp,n");
            expect(lines).toHaveLength(6);
            expect(lines[1]).toBe(`0,${Math.ceil(ROWS / 5)}`);
          },
        ],
        [
          "grouped.parquet",
          async (bytes: Uint8Array) => {
            const file = path.join(workDir, "back.parquet");
            await import("node:fs/promises").then((fs) => fs.writeFile(file, bytes));
            const instance = await DuckDBInstance.create(":memory:");
            const conn = await instance.connect();
            const rows = (
              await conn.runAndReadAll(`SELECT sum(n)::INTEGER AS total FROM '${file}'`)
            ).getRowObjects();
            conn.closeSync();
            instance.closeSync();
            expect(rows[0]?.["total"]).toBe(ROWS);
          },
        ],
      ] as const) {
        const uri = `s3://${BUCKET}/${run}/out/${name}`;
        await page.getByTestId("de-save-target").fill(uri);
        await page.getByTestId("de-save-s3").click();
        await page.getByTestId("de-save-done").waitFor({ timeout: 60_000 });
        expect(await page.getByTestId("de-save-done").innerText()).toContain(uri);
        await check(await readObject(`${run}/out/${name}`));
      }
    }, 180_000);

    it("credentials MinIO refuses (as expired ones) are renewed and the read retried", async () => {
      // Spoil the session token DuckDB signs with, as its expiry would, from the SQL box.
      await page.getByTestId("de-sql").fill("SET s3_session_token = 'spoiled-token'");
      await page.getByTestId("de-run").click();
      await expect.poll(() => page.getByTestId("de-run").isEnabled()).toBe(true);
      // An object not read yet (the CSV, by its s3:// URI), so DuckDB must ask MinIO again.
      await page
        .getByTestId("de-sql")
        .fill(
          `SELECT count(*) AS n, max(id) AS top FROM read_csv_auto('s3://${BUCKET}/${run}/people.csv')`,
        );
      await page.getByTestId("de-run").click();
      await expect
        .poll(
          async () =>
            (await page.getByTestId("de-query-error").count()) > 0
              ? await page.getByTestId("de-query-error").innerText()
              : await page.getByTestId("de-row-count").getAttribute("data-count"),
          { timeout: 60_000 },
        )
        .toBe("1");
      expect(await rowCell(0, "n")).toBe("2000");
      expect(await rowCell(0, "top")).toBe("1999");
      expect(await page.getByTestId("de-query-error").count()).toBe(0);
      // MinIO did refuse the spoiled token; the retry carried a real one.
      const refused = s3Statuses.filter((r) => r.token === "spoiled-token");
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((r) => r.status >= 400)).toBe(true);
      const last = s3Statuses.at(-1);
      expect(last?.token).not.toBe("spoiled-token");
      expect(last?.status).toBeLessThan(300);
    }, 180_000);

    it("opens a CSV of her bucket (loaded into the tab)", async () => {
      const source = `s3://${BUCKET}/${run}/people.csv`;
      await page.goto(`${routed.origin}/data-explorer?source=${encodeURIComponent(source)}`);
      await firstRow();
      await expect
        .poll(() => page.getByTestId("de-row-count").getAttribute("data-count"), {
          timeout: 60_000,
        })
        .toBe("2000");
      expect(await rowCell(1, "name")).toBe("name 1");
    }, 180_000);

    it("is refused bob's bucket, with a message next to the source", async () => {
      const source = `s3://user-bob/${run}/big.parquet`;
      await page.goto(`${routed.origin}/data-explorer?source=${encodeURIComponent(source)}`);
      const error = page.getByTestId("de-source-error");
      await error.waitFor({ timeout: 120_000 });
      expect(await error.getAttribute("data-kind")).toBe("access-denied");
      expect(await error.innerText()).toContain("user-bob");
    }, 180_000);

    it("never puts the S3 credentials in a URL, the command shown or a request to our server", async () => {
      const tokens = new Set(s3Requests.flatMap((r) => (r.token ? [r.token] : [])));
      expect(tokens.size).toBeGreaterThan(0);
      const urls = [...s3Requests.map((r) => r.url), ...routed.requests, page.url()];
      for (const token of tokens) {
        for (const url of urls) expect(url).not.toContain(encodeURIComponent(token));
        for (const url of urls) expect(url).not.toContain(token);
      }
      expect(s3Requests.some((r) => /X-Amz-(Signature|Credential)/i.test(r.url))).toBe(false);
      expect(pageErrors).toEqual([]);
    });
  },
);
