// Accessibility in a real browser: axe-core runs inside the built app served by the real server
// (real databases catalog), in both themes, and the catalog → launcher path works with the keyboard.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebApp } from "./support/buildWebApp.ts";
import { startDatalabServer, type DatalabServer } from "./support/datalabServer.ts";
import { chromiumPath, chromiumLaunchOptions } from "./support/chromium.ts";

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

// Each page, and the element that says its content has loaded (axe on a skeleton proves nothing).
const pages = [
  { name: "home", url: "/", ready: "main" },
  { name: "catalog", url: "/catalog/databases", ready: '[data-testid="chart-card-postgresql"]' },
  { name: "launcher", url: "/launcher/databases/postgresql", ready: '[data-testid="copy-link"]' },
  { name: "account", url: "/account/user-interface", ready: "main" },
  {
    name: "account Kubernetes",
    url: "/account/k8sCodeSnippets",
    ready: '[data-testid="no-token"]',
  },
  {
    name: "account Vault",
    url: "/account/vault",
    ready: '[data-testid="vault-token-unavailable"]',
  },
] as const;

let server: DatalabServer;
let context: BrowserContext;
let profileDir: string;

async function openInTheme(url: string, theme: "light" | "dark"): Promise<Page> {
  const page = await context.newPage();
  // The theme is read from localStorage at start (ThemeModeProvider).
  await page.addInitScript((mode) => localStorage.setItem("datalab.themeMode", mode), theme);
  await page.goto(server.url + url);
  return page;
}

/** Serious and critical violations only, as "rule: target" lines, readable in a failure. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (c: unknown) => Promise<{ violations: unknown }> } }
    ).axe;
    const result = await axe.run(document);
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary ?? ""}`),
    );
}

describe.skipIf(!existsSync(chromiumPath))("accessibility in Chromium", () => {
  beforeAll(async () => {
    server = await startDatalabServer({
      webDistDirectory: await buildWebApp(),
      // The account's CLI tabs exist only for a region offering them.
      region: (region) => ({
        ...region,
        services: {
          ...(region.services as object),
          k8sPublicEndpoint: { URL: "https://k8s.datalab.example:6443" },
        },
        vault: { URL: "https://vault.datalab.example", kvEngine: "onyxia-kv", role: "onyxia-user" },
      }),
    });
    profileDir = mkdtempSync(path.join(tmpdir(), "datalab-a11y-"));
    context = await chromium.launchPersistentContext(profileDir, {
      ...chromiumLaunchOptions,
      viewport: { width: 1360, height: 900 },
      locale: "en-US",
      // The app's CSP (script-src 'self') would block injecting axe; the app itself is unchanged.
      bypassCSP: true,
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  for (const theme of ["light", "dark"] as const) {
    for (const { name, url, ready } of pages) {
      it(`${name} page, ${theme} theme: no serious or critical axe violation`, async () => {
        const page = await openInTheme(url, theme);
        await page.locator(ready).first().waitFor();
        // Let transitions (fades of cards and tabs) end, or contrast is measured mid-fade.
        await page.waitForTimeout(600);
        const found = await seriousViolations(page);
        await page.close();
        expect(found).toEqual([]);
      }, 60_000);
    }
  }

  it("reaches the catalog search and the first chart's Launch with Tab; Enter opens the launcher", async () => {
    const page = await openInTheme("/catalog/databases", "light");
    await page.getByTestId("chart-card-postgresql").waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          testId: el?.getAttribute("data-testid") ?? null,
          card: el?.closest('[data-testid^="chart-card-"]')?.getAttribute("data-testid") ?? null,
          text: el?.textContent ?? "",
        };
      });
    let reachedSearch = false;
    let reachedLaunch = false;
    for (let i = 0; i < 60 && !reachedLaunch; i++) {
      await page.keyboard.press("Tab");
      const now = await focused();
      if (now.testId === "catalog-search") reachedSearch = true;
      // Highlighted charts come first: postgresql is the first card.
      if (now.card === "chart-card-postgresql" && /launch/i.test(now.text)) reachedLaunch = true;
    }
    expect(reachedSearch).toBe(true);
    expect(reachedLaunch).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/launcher\/databases\/postgresql/);
    await page.getByTestId("copy-link").waitFor();
    await page.close();
  }, 60_000);

  it("offers the Kubernetes and Vault tabs of a region that has them, without a token when logged out", async () => {
    const page = await openInTheme("/account/vault", "light");
    await page.getByTestId("vault-tab").waitFor();
    const tabs = await page.getByRole("tab").allTextContents();
    expect(tabs).toEqual(["Profile", "Git", "Kubernetes", "Vault", "Interface preferences"]);
    // Auth mode "none": no OIDC token to log in to Vault with, so no Vault token and nothing to reveal.
    await page.getByTestId("vault-token-unavailable").waitFor();
    expect(await page.getByTestId("vault-token-unavailable").textContent()).toContain(
      "No Vault token",
    );
    expect(await page.getByTestId("reveal-token").count()).toBe(0);
    await page.getByRole("tab", { name: "Kubernetes" }).click();
    await page.waitForURL(/\/account\/k8sCodeSnippets$/);
    await page.close();
  }, 60_000);
});
