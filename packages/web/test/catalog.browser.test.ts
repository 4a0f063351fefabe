// End to end in a real browser: the real server (buildApp) serves the freshly built web app and
// the real databases/automation catalogs; Debian's Chromium drives it through playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildWebApp } from "./support/buildWebApp.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatalabServer, type DatalabServer } from "./support/datalabServer.ts";
import { chromiumPath, chromiumLaunchOptions } from "./support/chromium.ts";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifacts = path.resolve(webRoot, "../../test-artifacts");

let server: DatalabServer;
let context: BrowserContext;
let profileDir: string;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(server.url + url);
  return page;
}

// Needs the `chromium` Debian package; without it there is no browser to drive.
describe.skipIf(!existsSync(chromiumPath))("catalog and launcher in Chromium", () => {
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
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("shows PROD catalogs as tabs and the charts as cards, highlighted first, without library charts", async () => {
    const page = await openPage("/catalog/databases");
    await page.getByTestId("chart-card-postgresql").waitFor();
    const tabs = await page
      .locator('[data-testid^="catalog-tab-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
    expect(tabs).toEqual(["catalog-tab-all", "catalog-tab-databases", "catalog-tab-automation"]);
    const cards = await page
      .locator('[data-testid^="chart-card-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")?.slice(11)));
    expect(cards.slice(0, 2)).toEqual(["postgresql", "elastic"]);
    expect(cards).toHaveLength(22);
    expect(cards).toContain("chromadb");
    // The Markdown description is rendered, not shown as raw text.
    expect(await page.locator("main strong", { hasText: "databases" }).count()).toBe(1);
    await shot(page, "catalog-databases");
    await page.close();
  }, 60_000);

  it("opens on the synthetic All catalog: every PROD catalog's charts, each naming its catalog", async () => {
    const page = await openPage("/catalog");
    await page.waitForURL((url) => url.pathname === "/catalog/all");
    await page.getByTestId("chart-card-postgresql").waitFor();
    const cards = await page
      .locator('[data-testid^="chart-card-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")?.slice(11)));
    expect(cards).toEqual(expect.arrayContaining(["postgresql", "airflow"]));
    expect(cards.length).toBeGreaterThan(22);
    await page.close();
  }, 60_000);

  it("searches across catalogs through ?search=", async () => {
    const page = await openPage("/catalog/databases");
    await page.getByTestId("catalog-search").fill("flow");
    await page.getByTestId("chart-card-mlflow").waitFor();
    expect(new URL(page.url()).searchParams.get("search")).toBe("flow");
    const cards = await page
      .locator('[data-testid^="chart-card-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")?.slice(11)));
    expect(cards).toEqual(
      expect.arrayContaining(["airflow", "argo-workflows", "mlflow", "metaflow"]),
    );
    expect(cards).not.toContain("postgresql");
    await shot(page, "catalog-search");
    await page.close();
  }, 60_000);

  it("reaches a TEST catalog by URL only", async () => {
    const page = await openPage("/catalog/beta");
    await page.getByTestId("catalog-tab-beta").waitFor();
    expect(await page.getByTestId("catalog-tab-beta").textContent()).toContain("Test catalog");
    await page.close();
  }, 60_000);

  it("warns about a malformed link and still opens the launcher", async () => {
    const page = await openPage("/launcher/databases/postgresql?shared=maybe");
    await page.getByTestId("link-error").waitFor();
    expect(await page.getByTestId("link-error").textContent()).toContain("shared");
    await page.getByTestId("copy-link").waitFor();
    await page.close();
  }, 60_000);

  it("hides the account's Kubernetes and Vault tabs when the region offers neither", async () => {
    const page = await openPage("/account/vault");
    await page.waitForURL(/\/404$/);
    await page.goto(server.url + "/account/profile");
    await page.getByRole("tab", { name: "Profile" }).waitFor();
    expect(await page.getByRole("tab").allTextContents()).toEqual([
      "Profile",
      "Git",
      "Interface preferences",
    ]);
    await page.close();
  }, 60_000);

  it("shows an error panel, not a blank page, when the API fails", async () => {
    const page = await openPage("/launcher/databases/no-such-chart");
    await page.getByTestId("error-panel").waitFor();
    expect(await page.getByTestId("error-panel").textContent()).toMatch(/404/);
    await page.close();
  }, 60_000);

  it("copies a launch link carrying a changed field, and the link restores it in a new page", async () => {
    const page = await openPage("/catalog/databases");
    await page.getByTestId("chart-card-postgresql").getByRole("link", { name: "Launch" }).click();
    await page.getByTestId("dependency-postgresql").click();
    await page.getByTestId("group-postgresql.auth").click();
    const username = page.getByTestId("field-postgresql.auth.username");
    // x-onyxia.overwriteDefaultWith "{{project.id}}": the no-auth server's single project.
    expect(await username.inputValue()).toBe("single-project");
    await username.fill("alice");
    await page.getByTestId("friendly-name").fill("my-db");
    await page.getByTestId("copy-link").click();
    const link = await page.getByTestId("launch-link").inputValue();
    expect(link).toBe(
      `${server.url}/launcher/databases/postgresql?name=my-db&postgresql.auth.username=%C2%ABalice%C2%BB`,
    );
    // The address bar follows the form, so a reload keeps the edits.
    await page.waitForURL((url) => url.search.includes("%C2%ABalice%C2%BB"));
    expect(page.url()).toBe(link);
    await page.reload();
    await page.getByTestId("dependency-postgresql").click();
    await page.getByTestId("group-postgresql.auth").click();
    expect(await page.getByTestId("field-postgresql.auth.username").inputValue()).toBe("alice");
    await page.getByTestId("helm-commands").click();
    expect(await page.getByTestId("helm-commands").textContent()).toContain("username: alice");
    await shot(page, "launcher-postgresql");

    const reopened = await openPage(link.slice(server.url.length));
    await reopened.getByTestId("dependency-postgresql").click();
    await reopened.getByTestId("group-postgresql.auth").click();
    expect(await reopened.getByTestId("field-postgresql.auth.username").inputValue()).toBe("alice");
    expect(await reopened.getByTestId("friendly-name").inputValue()).toBe("my-db");
    await shot(reopened, "launcher-from-link");
    await page.close();
    await reopened.close();
  }, 60_000);

  it("switches the chart version and keeps the user's changes", async () => {
    const page = await openPage("/launcher/beta/postgresql");
    const select = page.getByTestId("version-select");
    await select.waitFor({ state: "attached" });
    // Versions arrive newest first; the default is the newest stable one.
    expect(await select.inputValue()).toBe("1.0.12");
    await page.getByTestId("dependency-postgresql").click();
    await page.getByTestId("group-postgresql.auth").click();
    await page.getByTestId("field-postgresql.auth.database").fill("sales");
    await page.getByRole("combobox", { name: "Chart version" }).click();
    await page.getByRole("option", { name: "1.0.11" }).click();
    await page.waitForURL((url) => url.searchParams.get("version") === "1.0.11");
    await page.getByTestId("dependency-postgresql").click();
    await page.getByTestId("group-postgresql.auth").click();
    expect(await page.getByTestId("field-postgresql.auth.database").inputValue()).toBe("sales");
    await page.getByTestId("helm-commands").click();
    expect(await page.getByTestId("helm-commands").textContent()).toContain(
      "beta/postgresql --version 1.0.11 -f values.yaml",
    );
    await page.close();
  }, 60_000);

  it("keeps version= in the address bar when the link had it, even for the latest version", async () => {
    const page = await openPage("/launcher/beta/postgresql?version=1.0.12");
    await page.getByTestId("friendly-name").fill("pinned");
    await page.waitForURL((url) => url.searchParams.get("name") === "pinned");
    expect(new URL(page.url()).searchParams.get("version")).toBe("1.0.12");
    await page.getByTestId("copy-link").click();
    expect(await page.getByTestId("launch-link").inputValue()).toContain("version=1.0.12");
    await page.close();
  }, 60_000);

  /** Answers the launch itself (this server has no cluster) and records what the page sent. */
  async function fakeLaunch(page: Page): Promise<unknown[]> {
    const sent: unknown[] = [];
    await page.route("**/api/my-lab/app", async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      sent.push(route.request().postDataJSON());
      await route.fulfill({
        status: 200,
        headers: { "content-type": "application/json", "x-onyxia-release": "postgresql-auto" },
        body: "{}",
      });
    });
    return sent;
  }

  it("launches an autoLaunch=true link directly, as Onyxia's web does", async () => {
    const page = await context.newPage();
    const sent = await fakeLaunch(page);
    await page.goto(`${server.url}/launcher/databases/postgresql?name=auto-db&autoLaunch=true`);
    await page.waitForURL(
      (url) =>
        url.pathname === "/my-services" &&
        url.searchParams.get("autoOpenHelmReleaseName") === "postgresql-auto",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      catalogId: "databases",
      packageName: "postgresql",
      friendlyName: "auto-db",
    });
    await page.close();
  }, 60_000);

  it("asks first when DISABLE_AUTO_LAUNCH=true, and launches only once confirmed", async () => {
    const page = await context.newPage();
    const sent = await fakeLaunch(page);
    // The server injects the web customisation into index.html: this page gets DISABLE_AUTO_LAUNCH.
    await page.route(
      (url) => url.pathname.startsWith("/launcher/"),
      async (route) => {
        if (route.request().resourceType() !== "document") return route.continue();
        const response = await route.fetch();
        const html = await response.text();
        const tag = /<script type="application\/json" id="onyxia-web-env">(.*?)<\/script>/s;
        const env = { ...JSON.parse(tag.exec(html)?.[1] ?? "{}"), DISABLE_AUTO_LAUNCH: "true" };
        const script = `<script type="application/json" id="onyxia-web-env">${JSON.stringify(env)}</script>`;
        const body = tag.test(html)
          ? html.replace(tag, script)
          : html.replace("</head>", `${script}</head>`);
        await route.fulfill({ response, body });
      },
    );
    await page.goto(`${server.url}/launcher/databases/postgresql?autoLaunch=true`);
    await page.getByTestId("auto-launch-dialog").waitFor();
    expect(sent).toHaveLength(0);
    await page.getByRole("button", { name: "Review first" }).click();
    await page.getByTestId("auto-launch-dialog").waitFor({ state: "detached" });
    expect(sent).toHaveLength(0);
    expect(await page.getByTestId("launch").isEnabled()).toBe(true);
    await page.reload();
    await page.getByTestId("friendly-name").waitFor();
    // The address bar no longer carries autoLaunch: a reload never launches.
    expect(new URL(page.url()).searchParams.has("autoLaunch")).toBe(false);
    await page.getByTestId("launch").click();
    await page.waitForURL((url) => url.pathname === "/my-services");
    expect(sent).toHaveLength(1);
    await page.close();
  }, 60_000);

  it("applies hidden rules live as values change", async () => {
    const page = await openPage("/launcher/automation/mlflow");
    await page.getByTestId("group-s3").click();
    const accessKey = page.getByTestId("field-s3.accessKeyId");
    await accessKey.waitFor();
    // mlflow hides the S3 credentials when s3/enabled is false.
    await page.getByTestId("field-s3.enabled").uncheck();
    await accessKey.waitFor({ state: "detached" });
    await page.waitForURL((url) => url.search.includes("s3.enabled=false"));
    await page.getByTestId("field-s3.enabled").check();
    await accessKey.waitFor();
    await page.close();
  }, 60_000);

  it("adds and removes array items, and a link carries them", async () => {
    const page = await openPage("/launcher/automation/airflow");
    await page.getByTestId("dependency-airflow").click();
    await page.getByTestId("group-airflow.dags").click();
    await page.getByTestId("field-airflow.dags.enabled").check();
    await page.getByTestId("array-airflow.dags.repositories").click();
    await page.getByTestId("field-airflow.dags.repositories-add").click();
    const branch = page.getByTestId("field-airflow.dags.repositories.0.branch");
    expect(await branch.inputValue()).toBe("main");
    await branch.fill("dev");
    await page.waitForURL((url) =>
      url.search.includes("airflow.dags.repositories[0].branch=%C2%ABdev%C2%BB"),
    );

    const reopened = await openPage(page.url().slice(server.url.length));
    await reopened.getByTestId("dependency-airflow").click();
    await reopened.getByTestId("group-airflow.dags").click();
    await reopened.getByTestId("array-airflow.dags.repositories").click();
    expect(
      await reopened.getByTestId("field-airflow.dags.repositories.0.branch").inputValue(),
    ).toBe("dev");
    await reopened.close();

    await page.getByRole("button", { name: /^Remove/ }).click();
    await branch.waitFor({ state: "detached" });
    await page.close();
  }, 60_000);

  it("opens the navigation from the menu button on a phone-sized screen", async () => {
    const page = await openPage("/home");
    await page.setViewportSize({ width: 390, height: 800 });
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByRole("link", { name: "Catalog", exact: true }).click();
    await page.getByTestId("chart-card-postgresql").waitFor();
    // The Catalog entry opens the synthetic All catalog, as in Onyxia's web.
    expect(new URL(page.url()).pathname).toBe("/catalog/all");
    await shot(page, "catalog-phone");
    await page.close();
  }, 60_000);

  it("switches language and theme, and remembers both after a reload", async () => {
    const page = await openPage("/home");
    await page.getByTestId("theme-toggle").waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await background();
    await page.getByTestId("theme-toggle").click();
    const after = await background();
    expect(after).not.toBe(before);
    await page.getByTestId("language-select").selectOption("fr");
    await page.getByRole("link", { name: "Catalogue", exact: true }).waitFor();
    await page.reload();
    await page.getByRole("link", { name: "Catalogue", exact: true }).waitFor();
    await page.getByRole("heading", { name: /Bienvenue/ }).waitFor();
    expect(await background()).toBe(after);
    await shot(page, "home-fr-toggled-theme");
    await page.close();
  }, 60_000);

  it("starts in the browser's language, region variants included, loading its texts on demand", async () => {
    const browser = await chromium.launch(chromiumLaunchOptions);
    try {
      for (const [locale, catalog, lang] of [
        ["de-AT", "Katalog", "de"],
        ["nb-NO", "Katalog", "no"],
        ["zh-Hans-CN", "服务目录", "zh-CN"],
      ] as const) {
        const localized = await browser.newContext({ locale });
        const page = await localized.newPage();
        await page.goto(`${server.url}/home`);
        await page.getByRole("link", { name: catalog, exact: true }).waitFor();
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        await localized.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
