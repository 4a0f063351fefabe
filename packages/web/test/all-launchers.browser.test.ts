// Every chart of the real catalogs (../shared/catalogs/*) gets its launcher opened in Chromium:
// the form must render without an error panel, page error or console error, with its fields, its
// launch button and its Helm commands. The charts come from the API, checked against the folders.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildWebApp } from "./support/buildWebApp.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startDatalabServer, type DatalabServer } from "./support/datalabServer.ts";
import { SHARED_CATALOGS_DIR } from "../../../testing/shared-dir.ts";
import { chromiumPath, chromiumLaunchOptions } from "./support/chromium.ts";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = path.resolve(webRoot, "../../test-artifacts");
const sharedCatalogs = SHARED_CATALOGS_DIR;

interface Launcher {
  catalogId: string;
  chart: string;
  version: string;
}

/** Chart names (Chart.yaml `name`, not the folder name) under <catalog>/charts/, per catalog. */
function chartsOnDisk(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const catalogId of readdirSync(sharedCatalogs).sort()) {
    const chartsDir = path.join(sharedCatalogs, catalogId, "charts");
    if (!existsSync(chartsDir)) continue;
    const names = readdirSync(chartsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => {
        const chartYaml = parse(
          readFileSync(path.join(chartsDir, entry.name, "Chart.yaml"), "utf8"),
        );
        return String((chartYaml as { name: unknown }).name);
      });
    result.set(catalogId, names.sort());
  }
  return result;
}

// 1×1 transparent PNG.
const transparentPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

let server: DatalabServer;
let context: BrowserContext;
let profileDir: string;
let launchers: Launcher[] = [];
const onDisk = chartsOnDisk();

/** Opens every collapsed accordion (groups, arrays, dependencies, values, commands) until none is left. */
async function expandAll(page: Page): Promise<number> {
  let opened = 0;
  for (let round = 0; round < 30; round++) {
    const clicked = await page.evaluate(() => {
      const collapsed = [
        ...document.querySelectorAll<HTMLElement>(
          'main .MuiAccordionSummary-root[aria-expanded="false"]',
        ),
      ];
      for (const summary of collapsed) summary.click();
      return collapsed.length;
    });
    if (clicked === 0) return opened;
    opened += clicked;
    // Let React render the newly mounted details (and their nested accordions).
    await page.waitForTimeout(50);
  }
  throw new Error("accordions kept appearing after 30 rounds of expanding");
}

// Needs the `chromium` Debian package; without it there is no browser to drive.
describe.skipIf(!existsSync(chromiumPath))(
  "every launcher of the real catalogs in Chromium",
  () => {
    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      // Always test the current sources, never a stale dist.
      server = await startDatalabServer({ webDistDirectory: await buildWebApp() });
      profileDir = mkdtempSync(path.join(tmpdir(), "datalab-chromium-"));
      context = await chromium.launchPersistentContext(profileDir, {
        ...chromiumLaunchOptions,
        viewport: { width: 1360, height: 900 },
        locale: "en-US",
      });

      const response = await fetch(`${server.url}/api/public/catalogs`);
      if (!response.ok) throw new Error(`/api/public/catalogs answered ${response.status}`);
      const body = (await response.json()) as {
        catalogs: {
          id: string;
          catalog: { latestPackages: Record<string, { version: string }> };
        }[];
      };
      launchers = body.catalogs
        .filter((catalog) => onDisk.has(catalog.id))
        .flatMap((catalog) =>
          Object.entries(catalog.catalog.latestPackages).map(([chart, entry]) => ({
            catalogId: catalog.id,
            chart,
            version: entry.version,
          })),
        );
    }, 300_000);

    afterAll(async () => {
      await context?.close();
      await server?.close();
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    });

    it("lists through the API exactly the charts of the shared catalog folders", () => {
      const folderCount = [...onDisk.values()].reduce((sum, names) => sum + names.length, 0);
      expect(onDisk.size).toBeGreaterThanOrEqual(2);
      expect(folderCount).toBeGreaterThan(0);
      expect(launchers).toHaveLength(folderCount);
      for (const [catalogId, names] of onDisk) {
        expect(
          launchers
            .filter((l) => l.catalogId === catalogId)
            .map((l) => l.chart)
            .sort(),
        ).toEqual(names);
      }
    });

    it("renders the launcher form of every chart without error", async () => {
      expect(launchers.length).toBeGreaterThan(0);
      const page = await context.newPage();
      const problems: string[] = [];
      const origin = new URL(server.url).origin;
      // Chart icons point to the Internet, which the test machine may not reach: answer them with an
      // empty image so a missing network is not a console error. Anything else off-site is a failure.
      const offsite = new Set<string>();
      await page.route(
        (url) => url.origin !== origin,
        async (route) => {
          const request = route.request();
          if (request.resourceType() === "image") {
            offsite.add(new URL(request.url()).host);
            await route.fulfill({ status: 200, contentType: "image/png", body: transparentPng });
          } else {
            problems.push(`off-site ${request.resourceType()} request: ${request.url()}`);
            await route.abort();
          }
        },
      );
      // The session's one-time Onyxia onboarding call answers 409 in this single-namespace region
      // (as Onyxia's API does); the app ignores it on purpose, and it is no part of the launcher.
      const isOnboarding409 = (url: string, status: number) =>
        status === 409 && new URL(url).pathname === "/api/onboarding";
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (/status of 409/.test(message.text()) && isOnboarding409(message.location().url, 409))
          return;
        problems.push(`console error: ${message.text()} (${message.location().url})`);
      });
      page.on("response", (res) => {
        if (res.status() >= 400 && !isOnboarding409(res.url(), res.status()))
          problems.push(`HTTP ${res.status()} for ${res.url()}`);
      });
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame() && !frame.url().startsWith(`${origin}/launcher/`))
          problems.push(`navigated away to ${frame.url()}`);
      });

      const failures: string[] = [];
      const stats: string[] = [];
      const started = performance.now();
      for (const { catalogId, chart, version } of launchers) {
        problems.length = 0;
        const chartStarted = performance.now();
        const fail = (reason: string) => failures.push(`${catalogId}/${chart}: ${reason}`);
        try {
          await page.goto(`${server.url}/launcher/${catalogId}/${chart}`);
          const launch = page.getByTestId("launch");
          const errorPanel = page.getByTestId("error-panel");
          await launch.or(errorPanel).first().waitFor({ timeout: 30_000 });
          if ((await errorPanel.count()) > 0) {
            fail(`error panel: ${await errorPanel.first().textContent()}`);
            continue;
          }
          const accordions = await expandAll(page);
          // Nothing failed while every section was open.
          const panels = await errorPanel.allTextContents();
          if (panels.length > 0) fail(`error panel after expanding: ${panels.join(" | ")}`);

          const fieldCount = await page
            .locator('[data-testid^="field-"], [data-testid^="range-"]')
            .evaluateAll(
              (els) =>
                els.filter(
                  (el) => !/-(add|value|schema-error)$/.test(el.getAttribute("data-testid") ?? ""),
                ).length,
            );
          if (fieldCount < 1) fail("no form field rendered");

          if (!(await launch.isEnabled())) fail("the Launch button is disabled");
          const blocked = page.getByTestId("launch-blocked");
          if ((await blocked.count()) > 0) fail(`launch blocked: ${await blocked.textContent()}`);
          const schemaErrors = await page
            .locator('[data-testid$="-schema-error"]')
            .evaluateAll((els) =>
              els.map((el) => `${el.getAttribute("data-testid")}: ${el.textContent}`),
            );
          if (schemaErrors.length > 0)
            fail(`schema errors on defaults: ${schemaErrors.join("; ")}`);
          const valuesErrors = page.getByTestId("values-errors");
          if ((await valuesErrors.count()) > 0)
            fail(`values errors: ${await valuesErrors.textContent()}`);

          const selected = await page.getByTestId("version-select").inputValue();
          if (selected !== version) fail(`version select shows ${selected}, latest is ${version}`);

          const commands = (await page.getByTestId("helm-commands").textContent()) ?? "";
          if (!commands.includes("helm install ") || !commands.includes(` ${catalogId}/${chart} `))
            fail(`helm commands do not install ${catalogId}/${chart}: ${commands.slice(0, 200)}`);

          // Late errors (effects, lazy chunks) land before the next chart is opened.
          await page.waitForLoadState("networkidle");
          for (const problem of problems) fail(problem);
          stats.push(
            `${catalogId}/${chart}: ${fieldCount} fields, ${accordions} sections, ${Math.round(performance.now() - chartStarted)} ms`,
          );
        } catch (error) {
          fail(error instanceof Error ? error.message.split("\n")[0]! : String(error));
          for (const problem of problems) fail(problem);
          fail(
            `page at ${page.url()}: ${(
              await page
                .locator("body")
                .innerText()
                .catch(() => "")
            ).slice(0, 120)}`,
          );
          await page
            .screenshot({
              path: path.join(artifacts, `launcher-failed-${catalogId}-${chart}.png`),
              fullPage: true,
            })
            .catch(() => undefined);
        }
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      await page.close();
      console.log(stats.join("\n"));
      console.log(`off-site images answered locally: ${[...offsite].sort().join(", ") || "none"}`);
      console.log(
        `${stats.length} launchers rendered in ${seconds} s (${failures.length} failures)`,
      );
      expect(failures).toEqual([]);
      expect(stats).toHaveLength(launchers.length);
    }, 900_000);
  },
);
