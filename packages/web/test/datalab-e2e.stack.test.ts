// The datalab end to end on the local stack, in Debian's Chromium: the real OIDC provider's login
// form, the real server (OIDC mode, one namespace per user and group) serving the built app,
// helm installing into the stack's Kubernetes, KWOK making pods Ready.
// Runs in the `stack` project (its globalSetup starts or reuses the stack and exports .stack/env).
// @stack-components kwok
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kube } from "../../../stack/lib/testing/kube.ts";
import {
  canRunStackE2e,
  logIn,
  stackE2eConfig,
  startStackE2e,
  type StackE2e,
} from "./support/stackE2e.ts";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = path.resolve(webRoot, "../..");
const artifacts = path.join(repoRoot, "test-artifacts");
/** One of the origins the stack's OIDC clients accept (support/stackE2e.ts). */
let origin = "";
const prefix = `e2e${randomBytes(2).toString("hex")}-`;
const groupNamespace = `${prefix}projet-team-a`;

let e2e: StackE2e;
/** Uncaught errors and React's error logs (a crashed page shows the error panel and logs here). */
const pageErrors: string[] = [];

const serverConfig = () =>
  stackE2eConfig("datalab-e2e.yaml", {
    services: {
      type: "KUBERNETES",
      singleNamespace: false,
      userNamespace: true,
      allowNamespaceCreation: true,
      namespacePrefix: `${prefix}user-`,
      groupNamespacePrefix: `${prefix}projet-`,
      expose: { domain: "lab.localhost" },
      monitoring: {
        URLPattern:
          "https://grafana.example.test/d/pods?var-namespace=$NAMESPACE&var-instance=$INSTANCE",
      },
      quotas: {
        groupEnabled: true,
        group: { "requests.cpu": "2", "requests.memory": "16Gi", "count/pods": "10" },
      },
    },
  });

async function newUserContext(): Promise<BrowserContext> {
  const context = await e2e.newContext({ colorScheme: "light" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  return context;
}

async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // 401/403/404 answers are expected (anonymous calls, quotas disabled): the browser logs each one.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      pageErrors.push(message.text().slice(0, 1500));
  });
  await page.goto(origin + url);
  return page;
}

/** Light, then dark (the header toggle), then back to light. */
async function shots(page: Page, name: string): Promise<void> {
  // Full-page shots of a scrolled page draw the fixed header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(artifacts, `datalab-${name}-light.png`),
    fullPage: true,
  });
  await page.getByTestId("theme-toggle").click();
  await page.screenshot({ path: path.join(artifacts, `datalab-${name}-dark.png`), fullPage: true });
  await page.getByTestId("theme-toggle").click();
}

async function selectGroupProject(page: Page): Promise<void> {
  const select = page.getByTestId("project-select");
  await select.selectOption(groupNamespace);
}

const card = (page: Page, release: string) => page.getByTestId(`service-card-${release}`);

async function waitForState(
  page: Page,
  release: string,
  state: string,
  timeout = 120_000,
): Promise<void> {
  await page
    .locator(`[data-testid="service-card-${release}"][data-state="${state}"]`)
    .waitFor({ timeout });
}

describe.skipIf(!canRunStackE2e)("the datalab on the local stack (alice and bob, team-a)", () => {
  let alice: BrowserContext;
  let alicePage: Page;
  let release = "";

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    e2e = await startStackE2e(serverConfig());
    origin = e2e.origin;
    alice = await newUserContext();
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
    const admin = kube();
    for (const ns of [groupNamespace, `${prefix}user-alice`, `${prefix}user-bob`])
      await admin.remove(`/api/v1/namespaces/${ns}`).catch(() => undefined);
  });

  it("alice logs in through the provider's form and gets her projects", async () => {
    alicePage = await openPage(alice, "/launcher/examples/vscode-lite");
    // The launcher needs a login (Onyxia's enforceLogin); the catalog does not.
    await alicePage.getByTestId("launcher-login-required").waitFor();
    await alicePage.goto(`${origin}/my-services`);
    await logIn(alicePage, "alice");
    // Back where she was, with the personal project selected and team-a offered.
    expect(new URL(alicePage.url()).pathname).toBe("/my-services");
    const options = await alicePage
      .getByTestId("project-select")
      .locator("option")
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining([`${prefix}user-alice`, groupNamespace]));
    expect(await alicePage.getByTestId("project-select").inputValue()).toBe(`${prefix}user-alice`);
    await selectGroupProject(alicePage);
    await alicePage.getByTestId("no-services").waitFor();
    await shots(alicePage, "my-services-empty");
  }, 120_000);

  it("edits a slider, a select and a checkbox; the launch link restores them in a new page", async () => {
    await alicePage.goto(`${origin}/launcher/examples/vscode-lite`);
    await alicePage.getByTestId("friendly-name").fill("alice-ide");
    // No volume provisioner on the stack: a persistent volume would keep the pod Pending.
    await alicePage.getByTestId("group-persistence").click();
    await alicePage.getByTestId("field-persistence.enabled").uncheck();
    await alicePage.getByTestId("group-resources").click();
    // CPU requests and limits are one range slider (sliderRangeId "cpu"): the lower thumb is the request.
    await alicePage.getByTestId("range-cpu").getByRole("slider").first().focus();
    for (let i = 0; i < 3; i++) await alicePage.keyboard.press("ArrowRight");
    expect(await alicePage.getByTestId("range-cpu").textContent()).toContain("guaranteed: 250m");
    await alicePage.getByTestId("group-service").click();
    await alicePage.getByTestId("group-service.image").click();
    await alicePage.getByRole("combobox", { name: "Pull policy" }).click();
    await alicePage.getByRole("option", { name: "Always" }).click();
    await alicePage.waitForURL((url) =>
      url.search.includes("service.image.pullPolicy=%C2%ABAlways%C2%BB"),
    );
    await alicePage.getByTestId("copy-link").click();
    const link = await alicePage.getByTestId("launch-link").inputValue();
    expect(link).toContain("resources.requests.cpu=%C2%AB250m%C2%BB");
    expect(link).toContain("persistence.enabled=false");
    await shots(alicePage, "launcher");

    const copy = await openPage(alice, link.slice(origin.length));
    await copy.getByTestId("friendly-name").waitFor();
    expect(await copy.getByTestId("friendly-name").inputValue()).toBe("alice-ide");
    await copy.getByTestId("group-resources").click();
    expect(await copy.getByTestId("range-cpu").textContent()).toContain("guaranteed: 250m");
    await copy.getByTestId("group-service").click();
    await copy.getByTestId("group-service.image").click();
    expect(await copy.getByRole("combobox", { name: "Pull policy" }).textContent()).toBe("Always");
    await copy.getByTestId("group-persistence").click();
    expect(await copy.getByTestId("field-persistence.enabled").isChecked()).toBe(false);
    // The YAML editor validates the whole values against the schema, without eval: an invalid
    // image name is shown and blocks the launch.
    await copy.getByTestId("values-editor").click();
    const yaml = copy.getByTestId("values-yaml");
    const text = await yaml.inputValue();
    await yaml.fill(text.replace("pullPolicy: Always", "pullPolicy: Sometimes"));
    await copy.getByTestId("values-errors").waitFor();
    expect(await copy.getByTestId("values-errors").textContent()).toContain(
      "service.image.pullPolicy",
    );
    expect(await copy.getByTestId("launch").isDisabled()).toBe(true);
    await copy.close();

    // autoLaunch=true launches directly, as Onyxia's web does (the dialog is for DISABLE_AUTO_LAUNCH,
    // covered by the browser tests). The launch is answered here so it creates no second service.
    const auto = await alice.newPage();
    const sent: unknown[] = [];
    await auto.route("**/api/my-lab/app", async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      sent.push(route.request().postDataJSON());
      await route.fulfill({
        status: 200,
        headers: { "content-type": "application/json", "x-onyxia-release": "vscode-lite-auto" },
        body: "{}",
      });
    });
    await auto.goto(`${link}&autoLaunch=true`);
    await auto.waitForURL(
      (url) => url.searchParams.get("autoOpenHelmReleaseName") === "vscode-lite-auto",
    );
    expect(sent).toEqual([
      expect.objectContaining({ packageName: "vscode-lite", friendlyName: "alice-ide" }),
    ]);
    await auto.close();
  }, 120_000);

  it("launches; the card becomes running (KWOK makes the pod Ready)", async () => {
    await alicePage.getByTestId("launch").click();
    await alicePage.waitForURL(
      (url) => url.pathname === "/my-services" && url.searchParams.has("autoOpenHelmReleaseName"),
      { timeout: 120_000 },
    );
    release = new URL(alicePage.url()).searchParams.get("autoOpenHelmReleaseName") ?? "";
    expect(release).toMatch(/^vscode-lite-\d+$/);
    await card(alicePage, release).waitFor();
    await waitForState(alicePage, release, "running");
    expect(await card(alicePage, release).getByTestId("service-title").textContent()).toBe(
      "alice-ide",
    );
    // The events stream is up: updates come from it, not from blind polling.
    await alicePage
      .locator('[data-testid="stream-status"][data-connected="true"]')
      .waitFor({ timeout: 30_000 });
    await alicePage.getByTestId("quota-gauges").waitFor();
    // Open copies the password from the NOTES first (§6.2).
    const opened = alice.waitForEvent("page");
    await card(alicePage, release).getByTestId("service-open").click();
    (await opened).close().catch(() => undefined);
    const clipboard = await alicePage.evaluate(() => navigator.clipboard.readText());
    await card(alicePage, release).getByTestId("service-readme").click();
    const notes = await alicePage.getByTestId("service-notes").textContent();
    expect(notes).toContain(`Password: ${clipboard}`);
    await alicePage.keyboard.press("Escape");
    await shots(alicePage, "my-services");
  }, 240_000);

  it("bob, in team-a too, sees alice's service only once she shares it", async () => {
    const bob = await newUserContext();
    const bobPage = await openPage(bob, "/my-services");
    await logIn(bobPage, "bob");
    await selectGroupProject(bobPage);
    await bobPage.getByTestId("no-services").waitFor();
    expect(await card(bobPage, release).count()).toBe(0);

    // The switch follows the server: it turns on once the share is recorded and the list refetched.
    await card(alicePage, release).getByTestId("service-share").click();
    await card(alicePage, release).locator('[data-testid="service-share"]:checked').waitFor();
    await bobPage.reload();
    await card(bobPage, release).waitFor();
    expect(await card(bobPage, release).textContent()).toContain("Shared by alice");
    // Not his: no delete, suspend or rename.
    expect(await card(bobPage, release).getByTestId("service-delete").count()).toBe(0);
    await shots(bobPage, "my-services-bob");
    // Logging out goes through the provider and back, anonymous (the stored user is gone).
    await bobPage.getByTestId("logout").click();
    await bobPage.waitForURL((url) => url.origin === origin && url.pathname === "/", {
      timeout: 30_000,
    });
    await bobPage.getByTestId("login").waitFor();
    await bobPage.close();
  }, 120_000);

  it("alice's service page: pods, events, monitoring link, suspend and resume", async () => {
    await card(alicePage, release).getByTestId("service-title").click();
    await alicePage.waitForURL(`${origin}/my-service/${release}`);
    await alicePage.getByTestId("pods-panel").waitFor();
    expect(await alicePage.locator('[data-testid^="pod-"]').count()).toBeGreaterThan(0);
    expect(await alicePage.getByTestId("monitoring-link").getAttribute("href")).toBe(
      `https://grafana.example.test/d/pods?var-namespace=${groupNamespace}&var-instance=${release}`,
    );
    expect(await alicePage.getByTestId("launch-timing").textContent()).toMatch(/install \d+ ms/);
    await shots(alicePage, "my-service");
    await alicePage.getByTestId("tab-events").click();
    await alicePage.getByTestId("event-row").first().waitFor({ timeout: 60_000 });
    expect(await alicePage.getByTestId("events-panel").textContent()).toContain(release);
    await shots(alicePage, "my-service-events");

    await alicePage.getByTestId("service-suspend").click();
    await alicePage
      .locator('[data-testid="service-state"]', { hasText: "Suspended" })
      .waitFor({ timeout: 120_000 });
    await alicePage.getByTestId("service-resume").click();
    await alicePage
      .locator('[data-testid="service-state"]', { hasText: "Running" })
      .waitFor({ timeout: 120_000 });
  }, 300_000);

  it("alice edits the running service: diff preview, apply, then rolls back", async () => {
    await alicePage.getByTestId("tab-edit").click();
    await alicePage.getByTestId("edit-panel").waitFor();
    // The form is pre-filled with the service's current values.
    await alicePage.getByTestId("group-service").click();
    await alicePage.getByTestId("group-service.image").click();
    const pullPolicy = alicePage.getByRole("combobox", { name: "Pull policy" });
    expect(await pullPolicy.textContent()).toBe("Always");
    await pullPolicy.click();
    await alicePage.getByRole("option", { name: "Never" }).click();
    const editErrors = alicePage.getByTestId("edit-errors");
    expect(
      await editErrors.count(),
      (await editErrors.count()) > 0 ? String(await editErrors.textContent()) : "",
    ).toBe(0);
    await alicePage.getByTestId("edit-preview").click();
    await alicePage.getByTestId("edit-diff").waitFor({ timeout: 60_000 });
    expect(await alicePage.getByTestId("edit-diff").textContent()).toContain(
      "~ service.image.pullPolicy: Always → Never",
    );
    await alicePage.getByTestId("edit-apply").click();
    await alicePage.getByText(/Applied: revision \d+/).waitFor({ timeout: 120_000 });
    await shots(alicePage, "my-service-edit");

    await alicePage.getByTestId("tab-revisions").click();
    await alicePage.getByTestId("revisions-panel").waitFor();
    const rollbacks = alicePage.locator('[data-testid^="rollback-"]');
    expect(await rollbacks.count()).toBeGreaterThan(0);
    await rollbacks.last().click();
    // The rollback is a new revision: one more row, and the oldest one can still be chosen.
    await expect
      .poll(() => alicePage.locator('[data-testid="revisions-panel"] tbody tr').count(), {
        timeout: 120_000,
      })
      .toBeGreaterThan(2);
  }, 300_000);

  it("alice renames it from its card", async () => {
    await alicePage.goto(`${origin}/my-services`);
    await card(alicePage, release).getByTestId("service-rename").click();
    await alicePage.getByTestId("rename-input").fill("alice-ide-renamed");
    await alicePage.getByTestId("rename-confirm").click();
    await card(alicePage, release)
      .getByTestId("service-title")
      .filter({ hasText: "alice-ide-renamed" })
      .waitFor({ timeout: 60_000 });
  }, 120_000);

  it("the command bar shows the commands of what alice just did", async () => {
    await alicePage.getByTestId("command-bar-toggle").click();
    const log = await alicePage.getByTestId("command-bar-log").textContent();
    // The log lives in the page: it holds what happened since the last full load (the rename).
    expect(log).toContain("POST /my-lab/app/rename");
    expect(log).toMatch(/\$ (helm|kubectl) /);
    await alicePage.getByTestId("command-bar-toggle").click();
  }, 60_000);

  it("alice deletes one service, then all of them, after confirming", async () => {
    // A second service, launched straight from a link.
    await alicePage.goto(
      `${origin}/launcher/examples/vscode-lite?name=second&persistence.enabled=false`,
    );
    await alicePage.getByTestId("launch").click();
    await alicePage.waitForURL((url) => url.searchParams.has("autoOpenHelmReleaseName"), {
      timeout: 120_000,
    });
    const second = new URL(alicePage.url()).searchParams.get("autoOpenHelmReleaseName") ?? "";
    await card(alicePage, second).waitFor();

    await card(alicePage, release).getByTestId("service-delete").click();
    await alicePage.getByTestId("confirm").click();
    await card(alicePage, release).waitFor({ state: "detached", timeout: 120_000 });
    expect(await card(alicePage, second).count()).toBe(1);

    await alicePage.getByTestId("delete-all").click();
    expect(await alicePage.getByTestId("confirm-dialog").textContent()).toContain("1 service(s)");
    await alicePage.getByTestId("confirm").click();
    await alicePage.getByTestId("no-services").waitFor({ timeout: 120_000 });
    await alicePage.goto(`${origin}/account/git`);
    await alicePage.getByTestId("git-tab").waitFor();
    await shots(alicePage, "account");
  }, 180_000);

  it("no page crashed or logged an error along the way", () => {
    expect(pageErrors).toEqual([]);
  });
});
