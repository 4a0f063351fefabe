// In Chromium against the real server: the account page's declarative profile form (the example
// profile schema of catalogs/examples plus a list: fill, keep an item out of launches, save,
// reload, then a launch whose chart reads user.profile.* and whose list suggests the kept-out
// item), and an organisation's web customisation applied (home page texts,
// logo, main asset and button, HEADER_HIDE_ONYXIA, FONT, files served from CUSTOM_RESOURCES).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zip } from "../../server/test/support/zip.ts";
import { buildWebApp } from "./support/buildWebApp.ts";
import { chromiumLaunchOptions, chromiumPath } from "./support/chromium.ts";
import { startDatalabServer, type DatalabServer } from "./support/datalabServer.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const logoSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="10"/></svg>';

let server: DatalabServer;
let resources: Server;
let context: BrowserContext;
let profileDir: string;
let profileSchemaDir: string;

/** The shipped example profile schema, plus a list of S3 endpoints (array items get a switch). */
function profileSchemaFolder(): string {
  const example = JSON.parse(
    readFileSync(path.join(repoRoot, "catalogs/examples/profile/default"), "utf8"),
  ) as { properties: Record<string, unknown> };
  example.properties["s3Profiles"] = {
    type: "array",
    default: [],
    items: {
      type: "object",
      properties: {
        host: { type: "string", default: "" },
        accessKeyId: { type: "string", default: "" },
      },
    },
  };
  const dir = mkdtempSync(path.join(tmpdir(), "datalab-profile-schema-"));
  writeFileSync(path.join(dir, "default"), JSON.stringify(example));
  return dir;
}

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(server.url + url);
  return page;
}

describe.skipIf(!existsSync(chromiumPath))("profile form and web customisation in Chromium", () => {
  beforeAll(async () => {
    const archive = zip([
      { name: "logo.svg", content: logoSvg },
      { name: "home.svg", content: logoSvg, deflate: true },
    ]);
    resources = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/zip" });
      res.end(archive);
    });
    await new Promise<void>((resolve) => resources.listen(0, "127.0.0.1", resolve));
    const zipUrl = `http://127.0.0.1:${(resources.address() as AddressInfo).port}/resources.zip`;
    server = await startDatalabServer({
      webDistDirectory: await buildWebApp(),
      profileSchemaDirectory: (profileSchemaDir = profileSchemaFolder()),
      webEnv: {
        CUSTOM_RESOURCES: zipUrl,
        HEADER_HIDE_ONYXIA: "true",
        HOMEPAGE_LOGO: "%PUBLIC_URL%/custom-resources/logo.svg",
        HOMEPAGE_MAIN_ASSET: "%PUBLIC_URL%/custom-resources/home.svg",
        HOMEPAGE_MAIN_ASSET_X_OFFSET: "10px",
        HOMEPAGE_HERO_TEXT_AUTHENTICATED: "{en: 'Hello %USER_FIRSTNAME%'}",
        HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED:
          "{label: 'Automate', url: '/catalog/automation'}",
        BACKGROUND_ASSET: "%PUBLIC_URL%/custom-resources/logo.svg",
        DISABLE_DISPLAY_ALL_CATALOG: "true",
        SAMPLE_DATASET_URL: "https://data.example/sample.csv",
        SAMPLE_DATA_COLLECTION_URL: "https://data.example/collection",
        FONT: "{fontFamily: 'TestFont', dirUrl: '%PUBLIC_URL%/custom-resources/fonts', '400': 'Test-Regular.woff2'}",
      },
    });
    profileDir = mkdtempSync(path.join(tmpdir(), "datalab-chromium-profile-"));
    context = await chromium.launchPersistentContext(profileDir, {
      ...chromiumLaunchOptions,
      viewport: { width: 1360, height: 900 },
      locale: "en-US",
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await new Promise<void>((resolve) =>
      resources ? resources.close(() => resolve()) : resolve(),
    );
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    if (profileSchemaDir) rmSync(profileSchemaDir, { recursive: true, force: true });
  });

  it("applies the home page variables, HEADER_HIDE_ONYXIA and FONT, with files from CUSTOM_RESOURCES", async () => {
    const user = (await (await fetch(`${server.url}/api/user/info`)).json()) as {
      idep: string;
      nomComplet?: string;
    };
    const firstName = user.nomComplet?.split(" ")[0] || user.idep;
    const page = await openPage("/");
    await expect.poll(() => page.getByTestId("home-hero").textContent()).toBe(`Hello ${firstName}`);
    const cta = page.getByTestId("home-call-to-action");
    expect(await cta.textContent()).toBe("Automate");
    expect(await cta.getAttribute("href")).toBe("/catalog/automation");
    // The images come from the archive the server fetched at start.
    for (const id of ["home-logo", "home-main-asset"]) {
      await expect
        .poll(() => page.getByTestId(id).evaluate((img) => (img as HTMLImageElement).naturalWidth))
        .toBe(40);
    }
    expect(
      await page.getByTestId("home-main-asset").evaluate((img) => getComputedStyle(img).transform),
    ).toMatch(/matrix\(1, 0, 0, 1, 10, 0\)/);
    expect(await page.getByTestId("brand").isVisible()).toBe(true);
    expect(await page.getByTestId("brand-onyxia").count()).toBe(0);
    expect(await page.locator("body").evaluate((b) => getComputedStyle(b).fontFamily)).toMatch(
      /^"?TestFont"?, /,
    );
    await cta.click();
    await page.waitForURL((url) => url.pathname === "/catalog/automation");
    await page.close();
  }, 60_000);

  it("applies BACKGROUND_ASSET, DISABLE_DISPLAY_ALL_CATALOG and the sample data links", async () => {
    const page = await openPage("/catalog");
    await page.waitForURL((url) => url.pathname === "/catalog/databases");
    expect(await page.getByTestId("catalog-tab-all").count()).toBe(0);
    expect(
      await page.getByTestId("main").evaluate((m) => getComputedStyle(m).backgroundImage),
    ).toMatch(/^url\("https?:\/\/[^"]+\/custom-resources\/logo\.svg"\)$/);

    // VAULT_DOCUMENTATION_LINK shows on the secrets page, which needs a region with Vault (not here).
    await page.goto(`${server.url}/data-explorer`);
    expect(await page.getByTestId("de-sample-collection").getAttribute("href")).toBe(
      "https://data.example/collection",
    );
    await page.getByTestId("de-sample-dataset").click();
    await page.waitForURL(
      (url) => url.searchParams.get("source") === "https://data.example/sample.csv",
    );
    await page.close();
  }, 60_000);

  it("fills and saves the profile form, keeps it over a reload; a launch reads user.profile and suggests kept-out items", async () => {
    const page = await openPage("/account/profile");
    await page.getByTestId("profile-form").waitFor();
    expect(await page.getByTestId("profile-save").isDisabled()).toBe(true);
    await page.getByTestId("group-aiAssistant").click();
    await page.getByTestId("field-aiAssistant.enabled").check();
    await page.getByTestId("field-aiAssistant.model").fill("qwen-test");
    await page.getByTestId("field-aiAssistant.apiKey").fill("sk-browser");
    // An item kept out of launches: only offered as a suggestion in the launcher.
    await page.getByTestId("array-s3Profiles").click();
    await page.getByTestId("field-s3Profiles-add").click();
    await page.getByTestId("field-s3Profiles.0.host").fill("minio.lab");
    await page.getByTestId("field-s3Profiles.0.accessKeyId").fill("AK");
    expect(await page.getByTestId("field-s3Profiles.0-injected").isChecked()).toBe(true);
    await page.getByTestId("field-s3Profiles.0-injected").uncheck();
    await page.getByTestId("profile-save").click();
    await page.getByTestId("profile-saved").waitFor();
    expect(await page.getByTestId("profile-save").isDisabled()).toBe(true);

    await page.reload();
    await page.getByTestId("profile-form").waitFor();
    await page.getByTestId("group-aiAssistant").click();
    expect(await page.getByTestId("field-aiAssistant.model").inputValue()).toBe("qwen-test");
    expect(await page.getByTestId("field-aiAssistant.enabled").isChecked()).toBe(true);
    await page.getByTestId("array-s3Profiles").click();
    expect(await page.getByTestId("field-s3Profiles.0-injected").isChecked()).toBe(false);

    // A chart of the interactive catalog reads the profile; this server's charts do not, so the
    // page gets such a schema, and the launch itself is answered here (no cluster).
    await page.route("**/api/my-lab/schemas/databases/charts/postgresql/versions/*", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          type: "object",
          properties: {
            s3: {
              type: "array",
              default: [],
              "x-onyxia": { overwriteDefaultWith: "{{user.profile.s3Profiles}}" },
              items: {
                type: "object",
                properties: {
                  host: { type: "string", default: "" },
                  accessKeyId: { type: "string", default: "" },
                },
              },
            },
            assistant: {
              type: "object",
              properties: Object.fromEntries(
                ["enabled", "model", "apiKey"].map((key) => [
                  key,
                  {
                    type: key === "enabled" ? "boolean" : "string",
                    default: key === "enabled" ? false : "",
                    "x-onyxia": { overwriteDefaultWith: `user.profile.aiAssistant.${key}` },
                  },
                ]),
              ),
            },
          },
        }),
      }),
    );
    const sent: { options?: unknown }[] = [];
    await page.route("**/api/my-lab/app", async (route) => {
      if (route.request().method() !== "PUT") return route.continue();
      sent.push(route.request().postDataJSON() as { options?: unknown });
      await route.fulfill({
        status: 200,
        headers: { "content-type": "application/json", "x-onyxia-release": "postgresql-profile" },
        body: "{}",
      });
    });
    await page.goto(`${server.url}/launcher/databases/postgresql`);
    await page.getByTestId("group-assistant").click();
    expect(await page.getByTestId("field-assistant.model").inputValue()).toBe("qwen-test");
    // Not injected: the list starts empty, and a new item's host suggests the kept-out one.
    await page.getByTestId("array-s3").click();
    await page.getByTestId("field-s3-add").click();
    await page.getByTestId("field-s3.0.host").fill("min");
    await page.getByRole("option", { name: "minio.lab" }).click();
    expect(await page.getByTestId("field-s3.0.accessKeyId").inputValue()).toBe("AK");
    await page.getByTestId("launch").click();
    await page.waitForURL((url) => url.pathname === "/my-services");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.options).toEqual({
      s3: [{ host: "minio.lab", accessKeyId: "AK" }],
      assistant: { enabled: true, model: "qwen-test", apiKey: "sk-browser" },
    });
    await page.close();
  }, 90_000);
});
