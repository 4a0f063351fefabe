// The S3 explorer on the local stack, in Debian's Chromium: alice logs in through the real OIDC
// provider, her browser gets STS credentials from the stack's MinIO with her access token and
// talks to MinIO directly. She drops a nested folder, sees it listed with its count, shares a
// file and the link is fetched, then deletes the folder after a confirmation naming the count.
// Runs in the `stack` project (its globalSetup exports the stack's variables).
import { createHash, randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3_ENDPOINT, stackS3RegionData } from "../../../stack/components/minio/config.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import { s3Adapter } from "../src/core/adapters/s3Client.ts";
import { deleteSelection, listAll } from "../src/core/usecases/s3/explorerActions.ts";
import { openProfileSession, regionS3Profiles } from "../src/core/usecases/s3/profiles.ts";
import {
  canRunStackE2e,
  dropFolder,
  logIn,
  stackE2eConfig,
  startStackE2e,
  type StackE2e,
} from "./support/stackE2e.ts";

const BUCKET = "user-alice";
const run = `e2e-s3-${randomBytes(3).toString("hex")}`;
const regionData = stackS3RegionData({ personalBookmark: true });
/** The dropped folder: five files in three levels. */
const dropped: Record<string, string> = {
  "nested/a.txt": "alpha\n",
  "nested/b.csv": "id,name\n1,one\n2,two\n",
  "nested/c.txt": "gamma\n",
  "nested/sub/d.txt": "delta\n",
  "nested/sub/deeper/e.txt": "epsilon\n",
};

let e2e: StackE2e;
let origin = "";
let page: Page;
const pageErrors: string[] = [];

async function aliceS3() {
  const token = await getToken("alice");
  const { profiles } = regionS3Profiles(regionData, { preferred_username: "alice" });
  const { client } = openProfileSession(profiles[0]!, {
    getAccessToken: async () => token,
    adapter: s3Adapter,
  });
  return { s3: client };
}

describe.skipIf(!canRunStackE2e)("the S3 explorer as alice", () => {
  beforeAll(async () => {
    e2e = await startStackE2e(
      stackE2eConfig("s3-e2e.yaml", {
        services: {
          type: "KUBERNETES",
          singleNamespace: false,
          userNamespace: true,
          namespacePrefix: `${run}-user-`,
          groupNamespacePrefix: `${run}-projet-`,
          expose: { domain: "lab.localhost" },
        },
        data: regionData,
      }),
    );
    origin = e2e.origin;
    page = await (await e2e.newContext()).newPage();
    page.on("pageerror", (error) => pageErrors.push(`page error: ${error.message}`));
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
    // Whatever the test left (it deletes the folder itself when it passes).
    const ctx = await aliceS3().catch(() => undefined);
    if (ctx)
      await deleteSelection(ctx, BUCKET, {
        keys: [],
        prefixes: [`${run}/`, `${run}-bulk/`, `${run}-retry/`],
      });
  });

  it("logs in and finds My files in the left bar", async () => {
    await page.goto(`${origin}/my-services`);
    await logIn(page, "alice");
    await page.getByRole("link", { name: "My files" }).click();
    await page.getByTestId("s3-profile").waitFor();
    // The profile panel: credentials from STS, with their env var names and an expiry.
    await expect
      .poll(() => page.getByTestId("s3-env").textContent())
      .toContain("AWS_SESSION_TOKEN");
    expect(await page.getByTestId("s3-expiry").textContent()).toMatch(/\d/);
    expect(await page.getByTestId("s3-region-bookmark").textContent()).toBe("Personal bucket");
  }, 120_000);

  it("the launcher's S3 section offers the profiles, the default one selected", async () => {
    await page.goto(`${origin}/launcher/examples/vscode-lite`);
    const section = page.getByTestId("group-s3");
    await section.click();
    const select = section.getByTestId("launcher-s3-profile");
    await select.waitFor({ state: "attached", timeout: 30_000 });
    expect(await select.inputValue()).toBe("default");
  }, 60_000);

  it("drops a nested folder and lists it with the count", async () => {
    await page.goto(`${origin}/s3/${BUCKET}/${run}/?profile=default`);
    await page.getByTestId("s3-empty").waitFor({ timeout: 30_000 });
    await dropFolder(page, dropped);
    await page
      .locator(`[data-testid="s3-count"][data-complete="true"][data-folders="1"]`)
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("s3-count").textContent()).toBe("1 folder, 0 files");
    expect(await page.getByTestId("s3-uploads-summary").textContent()).toContain("5 of 5 files");
    await page.locator(`[data-testid="s3-row"][data-key="${run}/nested/"] button`).first().click();
    await page
      .locator(`[data-testid="s3-count"][data-complete="true"][data-count="3"]`)
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("s3-count").textContent()).toBe("1 folder, 3 files");
    // Every key kept its relative path.
    const listed = await listAll(await aliceS3(), BUCKET, `${run}/`, {
      recursive: true,
      log: false,
    });
    expect(listed.objects.map((o) => o.key).sort()).toEqual(
      Object.keys(dropped)
        .map((k) => `${run}/${k}`)
        .sort(),
    );
    expect(await page.getByTestId("command-bar").textContent()).toContain("mc ls");
  }, 120_000);

  it("shares a file; the link downloads it", async () => {
    await page
      .locator(`[data-testid="s3-row"][data-key="${run}/nested/b.csv"]`)
      .getByTestId("s3-row-menu")
      .click();
    await page.getByTestId("s3-menu-share").click();
    await page.getByTestId("s3-share-1d").click();
    await expect
      .poll(() => page.getByTestId("s3-share-link").inputValue())
      .toContain("X-Amz-Expires=86400");
    const link = await page.getByTestId("s3-share-link").inputValue();
    const answer = await fetch(link);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(dropped["nested/b.csv"]);
    expect(await page.getByTestId("command-bar").textContent()).toContain(
      `mc share download --expire 24h s3/${BUCKET}/${run}/nested/b.csv`,
    );
    await page.keyboard.press("Escape");
  }, 60_000);

  it("deletes the folder after a confirmation naming the count", async () => {
    await page.getByTestId("s3-breadcrumbs").getByRole("button", { name: run }).click();
    await page
      .locator(`[data-testid="s3-row"][data-key="${run}/nested/"]`)
      .getByTestId("s3-row-menu")
      .click();
    await page.getByTestId("s3-menu-delete").click();
    const dialog = page.getByTestId("confirm-dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("5 files will be deleted for good");
    expect(await dialog.getByTestId("confirm").textContent()).toBe("Delete 5 files");
    await dialog.getByTestId("confirm").click();
    await page.getByTestId("s3-empty").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("s3-notice").textContent()).toContain("5 files deleted");
    const left = await listAll(await aliceS3(), BUCKET, `${run}/`, {
      recursive: true,
      log: false,
    });
    expect(left.objects).toEqual([]);
    // The command bar's log has every action's mc equivalent.
    await page.getByTestId("command-bar-toggle").click();
    const log = (await page.getByTestId("command-bar-log").textContent()) ?? "";
    expect(log).toContain(`mc cp --recursive ./nested s3/${BUCKET}/${run}/`);
    expect(log).toContain(`mc rm --recursive --force s3/${BUCKET}/${run}/nested/`);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("shows a refused file with its reason and a retry; the others go on", async () => {
    const dir = `${run}-retry`;
    await page.goto(`${origin}/s3/${BUCKET}/${dir}/?profile=default`);
    await page.getByTestId("s3-empty").waitFor({ timeout: 30_000 });
    // MinIO refuses the first PUT of one file (as S3 does without the right policy).
    let refused = 0;
    await page.route(
      (url) => url.href.startsWith(S3_ENDPOINT) && url.pathname.endsWith("/refused.txt"),
      async (route) => {
        if (route.request().method() !== "PUT" || refused > 0) return route.continue();
        refused += 1;
        await route.fulfill({
          status: 403,
          headers: {
            "content-type": "application/xml",
            "access-control-allow-origin": origin,
          },
          body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>`,
        });
      },
    );
    await dropFolder(page, {
      "batch/ok-1.txt": "one\n",
      "batch/refused.txt": "two\n",
      "batch/ok-3.txt": "three\n",
    });
    const row = page.getByTestId("s3-upload-row").filter({ hasText: "refused.txt" });
    await row.getByTestId("s3-upload-error").waitFor({ timeout: 60_000 });
    expect(await row.getByTestId("s3-upload-error").textContent()).toContain("Access Denied");
    expect(await row.getByTestId("s3-upload-status").textContent()).toBe("Failed");
    expect(await page.getByTestId("s3-uploads-summary").textContent()).toContain("2 of 3 files");
    await row.getByRole("button", { name: "Retry" }).click();
    await expect
      .poll(() => page.getByTestId("s3-uploads-summary").textContent(), { timeout: 60_000 })
      .toContain("3 of 3 files");
    expect(await page.getByTestId("s3-upload-row").count()).toBe(0);
    expect(refused).toBe(1);
    const listed = await listAll(await aliceS3(), BUCKET, `${dir}/`, {
      recursive: true,
      log: false,
    });
    expect(listed.objects.map((o) => o.key).sort()).toEqual(
      ["ok-1.txt", "ok-3.txt", "refused.txt"].map((k) => `${dir}/batch/${k}`),
    );
    await page.unrouteAll();
  }, 120_000);

  it("uploads a 20 MiB file picked in the input (multipart, the file's slices sent as they are); it arrives byte for byte", async () => {
    const bytes = randomBytes(20 * 1024 * 1024 + 7);
    await page.goto(`${origin}/s3/${BUCKET}/${run}-large/?profile=default`);
    await page.getByTestId("s3-empty").waitFor({ timeout: 30_000 });
    await page
      .getByTestId("s3-file-input")
      .setInputFiles({ name: "large.bin", mimeType: "application/octet-stream", buffer: bytes });
    await expect
      .poll(() => page.getByTestId("s3-uploads-summary").textContent(), { timeout: 120_000 })
      .toContain("1 of 1 files");
    const { s3 } = await aliceS3();
    const got = await s3.getObject(BUCKET, `${run}-large/large.bin`);
    const back = Buffer.from(await new Response(got.body).arrayBuffer());
    expect(back.length).toBe(bytes.length);
    expect(createHash("sha256").update(back).digest("hex")).toBe(
      createHash("sha256").update(bytes).digest("hex"),
    );
    await deleteSelection({ s3 }, BUCKET, { keys: [], prefixes: [`${run}-large/`] });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("drops 200 files in nested folders; all 200 keys arrive under their relative paths", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++)
      many[`bulk/d${i % 4}/e${i % 7}/f-${String(i).padStart(3, "0")}.txt`] = `file ${i}\n`;
    await page.goto(`${origin}/s3/${BUCKET}/${run}-bulk/?profile=default`);
    await page.getByTestId("s3-empty").waitFor({ timeout: 30_000 });
    await dropFolder(page, many);
    await expect
      .poll(() => page.getByTestId("s3-uploads-summary").textContent(), { timeout: 120_000 })
      .toContain("200 of 200 files");
    const listed = await listAll(await aliceS3(), BUCKET, `${run}-bulk/`, {
      recursive: true,
      log: false,
    });
    expect(listed.objects.map((o) => o.key).sort()).toEqual(
      Object.keys(many)
        .map((k) => `${run}-bulk/${k}`)
        .sort(),
    );
    await page.getByTestId("command-bar-toggle").click();
    expect(await page.getByTestId("command-bar-log").textContent()).toContain(
      `mc cp --recursive ./bulk s3/${BUCKET}/${run}-bulk/`,
    );
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
