// Issue 17: the admin page in Chromium, against the real server (mode none: the default user is
// not an admin, so the real /api/admin/** answers 403). A second page plays an admin: /user/info
// is answered with `admin: true` and the admin API with fixtures (page.route), and the test reads
// what the page sends back: the sort and filters, the action with its reason, the CSV download.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AdminServicesResponse } from "@onyxia-ts/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBrowserSession, type BrowserSession } from "./support/browserSession.ts";
import { chromiumPath } from "./support/chromium.ts";

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

/** Serious and critical axe violations of the admin page's content (not the shell), as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run: (c: unknown) => Promise<{ violations: unknown }> } }
    ).axe;
    return (await axe.run(document.querySelector('[data-testid="admin-page"]'))).violations;
  })) as { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
}

let session: BrowserSession;
let server: BrowserSession["server"];
let context: BrowserSession["context"];

const service = (namespace: string, release: string, owner: string, cpu: number) => ({
  namespace,
  release,
  friendlyName: release,
  owner,
  catalogId: "ide",
  chart: "jupyter",
  chartVersion: "2.0.0",
  createdAt: Date.now() - 3 * 3_600_000,
  state: "running",
  suspendable: true,
  suspended: false,
  requests: { cpu, memory: 2 ** 30, gpu: 0 },
  idleSince: owner === "bob" ? new Date(Date.now() - 2 * 3_600_000).toISOString() : null,
});
const LISTING: AdminServicesResponse = {
  items: [service("user-alice", "nb-alice", "alice", 2), service("user-bob", "nb-bob", "bob", 0.5)],
  total: 2,
  page: 1,
  pageSize: 50,
  facets: { projects: ["user-alice", "user-bob"], owners: ["alice", "bob"], charts: ["jupyter"] },
} as AdminServicesResponse;

describe.skipIf(!existsSync(chromiumPath))("the admin page in Chromium", () => {
  beforeAll(async () => {
    session = await startBrowserSession({
      viewport: { width: 1400, height: 900 },
      bypassCSP: true,
    });
    ({ server, context } = session);
  }, 180_000);

  afterAll(() => session?.close());

  it("has no admin link for a user who is not an admin, and the page says so (the server's 403)", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    await page.getByTestId("admin-forbidden").waitFor();
    expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
    await page.close();
  }, 60_000);

  it("lists, sorts, filters, acts with a reason and downloads CSV for an admin", async () => {
    const page: Page = await context.newPage();
    const asked: string[] = [];
    const posted: unknown[] = [];
    await page.route("**/api/user/info", async (route) => {
      const answer = await route.fetch();
      await route.fulfill({ response: answer, json: { ...(await answer.json()), admin: true } });
    });
    await page.route("**/api/admin/**", async (route) => {
      const url = new URL(route.request().url());
      asked.push(url.pathname + url.search);
      if (url.pathname.endsWith("/services/suspend")) {
        posted.push(route.request().postDataJSON());
        return route.fulfill({
          json: { namespace: "user-bob", release: "nb-bob", action: "suspend", changed: true },
        });
      }
      if (url.pathname.endsWith("/services.csv"))
        return route.fulfill({
          contentType: "text/csv",
          body: "namespace,release\r\nuser-bob,nb-bob\r\n",
        });
      if (url.pathname.endsWith("/services")) return route.fulfill({ json: LISTING });
      if (url.pathname.endsWith("/quotas"))
        return route.fulfill({
          json: {
            projects: [
              {
                namespace: "user-alice",
                services: 1,
                requests: { cpu: 2, memory: 2 ** 30, gpu: 0 },
                quota: { hard: { cpu: 4 }, used: { cpu: 2 } },
              },
            ],
          },
        });
      return route.fulfill({
        json: {
          label: "type",
          pools: [
            {
              pool: "kwok",
              nodes: 2,
              allocatable: { cpu: 32, memory: 128 * 2 ** 30, gpu: 0 },
              requested: { cpu: 2.5, memory: 2 ** 31, gpu: 0 },
            },
          ],
          pending: { cpu: 0, memory: 0, gpu: 0 },
        },
      });
    });
    await page.goto(`${server.url}/home`);
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByTestId("admin-row-user-bob-nb-bob").waitFor();
    expect(await page.getByTestId("admin-row-user-alice-nb-alice").textContent()).toContain(
      "alice",
    );
    expect(await page.getByTestId("admin-row-user-bob-nb-bob").textContent()).toContain("2h 0m");
    await page.getByTestId("admin-pool-kwok").waitFor();
    expect(await page.getByTestId("admin-quotas").textContent()).toContain("user-alice");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId("admin-sort-cpu").click();
    await expect.poll(() => asked.some((a) => a.includes("sort=cpu&order=asc"))).toBe(true);
    await page.getByTestId("admin-search").fill("bob");
    await expect.poll(() => asked.some((a) => a.includes("q=bob"))).toBe(true);

    // The reason dialog: no confirmation without a reason, then the reason is what is sent.
    await page
      .getByTestId("admin-row-user-bob-nb-bob")
      .getByRole("button", { name: "Suspend" })
      .click();
    const confirm = page.getByTestId("admin-reason-confirm");
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId("admin-reason").fill("Idle GPU for a week");
    await confirm.click();
    await expect
      .poll(() => posted)
      .toEqual([{ namespace: "user-bob", release: "nb-bob", reason: "Idle GPU for a week" }]);
    await page.getByTestId("admin-reason-dialog").waitFor({ state: "detached" });

    const download = page.waitForEvent("download");
    await page.getByTestId("admin-csv").click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^services-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(asked.some((a) => a.startsWith("/api/admin/services.csv?") && a.includes("q=bob"))).toBe(
      true,
    );
    await page.close();
  }, 90_000);
});
