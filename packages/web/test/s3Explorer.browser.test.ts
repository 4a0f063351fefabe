// The S3 page in Chromium without a stack (auth mode "none": no OIDC token, so no STS): the left
// bar offers "My files", the page shows the region's profile and says why there are no
// credentials (never a blank page), and a profile of the user's own is validated, saved in the
// browser with a notice, and selectable.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebApp } from "./support/buildWebApp.ts";
import { chromiumLaunchOptions, chromiumPath } from "./support/chromium.ts";
import { startDatalabServer, type DatalabServer } from "./support/datalabServer.ts";

let server: DatalabServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

describe.skipIf(!existsSync(chromiumPath))("the S3 page without credentials", () => {
  beforeAll(async () => {
    server = await startDatalabServer({
      webDistDirectory: await buildWebApp(),
      region: (region) => ({
        ...region,
        data: {
          S3: {
            URL: "http://127.0.0.1:9",
            sts: { role: { profileName: "default", roleARN: "", roleSessionName: "o" } },
          },
        },
      }),
    });
    browser = await chromium.launch({ ...chromiumLaunchOptions });
    page = await (await browser.newContext({ locale: "en-US" })).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens My files from the left bar and explains the missing credentials", async () => {
    await page.goto(`${server.url}/home`);
    await page.getByRole("link", { name: "My files" }).click();
    await page.getByTestId("s3-profile").waitFor();
    expect(await page.getByTestId("s3-profile").textContent()).toContain("http://127.0.0.1:9");
    await expect
      .poll(() => page.getByTestId("s3-profile").textContent())
      .toContain("S3 credentials need a login");
  }, 60_000);

  it("validates and saves a profile of the user's own, with the browser-storage notice", async () => {
    await page.getByRole("button", { name: "Add a profile" }).click();
    const dialog = page.getByTestId("s3-new-profile");
    await dialog.getByLabel("Profile name").fill("default");
    expect(await dialog.textContent()).toContain('"default" is a region profile');
    expect(await dialog.textContent()).toContain("Kept in this browser only");
    await dialog.getByLabel("Profile name").fill("mine");
    await dialog.getByLabel("Endpoint").fill("https://s3.example.org");
    await dialog.getByLabel("Anonymous access (no credentials)").check();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.url()).toContain("profile=mine");
    await expect
      .poll(() => page.getByTestId("s3-profile").textContent())
      .toContain("Profile “mine”");
    expect(await page.getByTestId("s3-expiry").textContent()).toBe(
      "Anonymous access (no credentials)",
    );
    // Kept for the project across a reload.
    await page.reload();
    await expect
      .poll(() => page.getByTestId("s3-profile").textContent())
      .toContain("s3.example.org");
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
