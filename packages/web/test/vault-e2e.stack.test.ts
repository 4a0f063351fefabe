// Secrets in Vault end to end on the local stack, in Debian's Chromium (issue 13 §3, §7): alice
// logs in through the OIDC provider's form, opens "My secrets" from the left bar, creates a folder
// and a secret (the command bar shows `vault kv put` with the value masked), renames it, uses it in
// a service (the launcher opens the example IDE with `vault.secret` set), launches; the release's
// values carry VAULT_ADDR/VAULT_TOKEN/VAULT_MOUNT/VAULT_TOP_DIR, and that token reads alice's secret
// but is refused bob's. Then she deletes the folder (the confirmation names the count).
// Every Vault path is below a run-specific folder; namespaces and folders are removed at the end.
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getToken } from "../../../stack/components/oidc/index.ts";
import {
  JWT_MOUNT,
  KV_MOUNT,
  USER_ROLE,
  VAULT_ADDR,
} from "../../../stack/components/openbao/config.ts";
import { kube } from "../../../stack/lib/testing/kube.ts";
import { createHttpVault } from "../src/core/adapters/vault/httpVault.ts";
import { MemoryStorage } from "../src/core/adapters/vault/localVault.ts";
import type { VaultPort } from "../src/core/ports/vault.ts";
import {
  canRunStackE2e,
  logIn,
  stackE2eConfig,
  startStackE2e,
  type StackE2e,
} from "./support/stackE2e.ts";

// The stack's OIDC clients accept redirects below two origins, Vault's CORS both (support/stackE2e.ts).
let origin = "";
const tag = randomBytes(2).toString("hex");
const prefix = `vlt${tag}-`;
const run = `e2e-${tag}`;
const personalNamespace = `${prefix}user-alice`;

const serverConfig = () =>
  stackE2eConfig("vault-e2e.yaml", {
    services: {
      type: "KUBERNETES",
      singleNamespace: false,
      userNamespace: true,
      allowNamespaceCreation: true,
      namespacePrefix: `${prefix}user-`,
      groupNamespacePrefix: `${prefix}projet-`,
      expose: { domain: "lab.localhost" },
    },
    // As `.stack/onyxia.yaml`: personal homes are `user-<idep>` (the stack's policies).
    vault: {
      URL: VAULT_ADDR,
      kvEngine: KV_MOUNT,
      role: USER_ROLE,
      authPath: JWT_MOUNT,
      prefix: "user-",
      groupPrefix: "",
    },
  });

function vaultFor(user: string): VaultPort {
  return createHttpVault({
    url: VAULT_ADDR,
    kvEngine: KV_MOUNT,
    role: USER_ROLE,
    authPath: JWT_MOUNT,
    getAccessToken: () => getToken(user),
    userKey: user,
    storage: new MemoryStorage(),
  });
}

/** Helm 3 keeps a release in a Secret: base64(gzip(JSON)), `config` being the user-supplied values. */
async function releaseValues(namespace: string, release: string) {
  const secrets = (await kube().get(
    `/api/v1/namespaces/${namespace}/secrets?labelSelector=owner%3Dhelm,name%3D${release}`,
  )) as { items: { data: { release: string } }[] };
  expect(secrets.items.length).toBeGreaterThan(0);
  const encoded = Buffer.from(secrets.items.at(-1)!.data.release, "base64").toString();
  const json = gunzipSync(Buffer.from(encoded, "base64")).toString();
  return (JSON.parse(json) as { config: Record<string, unknown> }).config;
}

describe.skipIf(!canRunStackE2e)("secrets in Vault on the local stack (alice, bob)", () => {
  let e2e: StackE2e;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const aliceVault = vaultFor("alice");
  const bobVault = vaultFor("bob");
  const home = "user-alice";
  let secretPath = "";
  let release = "";

  beforeAll(async () => {
    e2e = await startStackE2e(serverConfig());
    origin = e2e.origin;
    context = await e2e.newContext();
    await bobVault.put(`user-bob/${run}/private`, { BOB_ONLY: "bob-secret-value" });
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
    for (const [vault, dir] of [
      [aliceVault, `${home}/${run}`],
      [bobVault, `user-bob/${run}`],
    ] as const) {
      const listing = await vault.list(dir).catch(() => ({ directories: [], files: [] }));
      for (const f of listing.files) await vault.delete(`${dir}/${f}`).catch(() => undefined);
    }
    await kube()
      .remove(`/api/v1/namespaces/${personalNamespace}`)
      .catch(() => undefined);
  });

  it("alice logs in and opens My secrets from the left bar", async () => {
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/my-services`);
    await logIn(page, "alice");
    await page.getByRole("link", { name: "My secrets" }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith("/my-secrets"));
    await page.getByTestId("my-secrets").waitFor();
    expect(await page.getByTestId("secrets-breadcrumbs").textContent()).toContain(home);
  }, 120_000);

  it("creates a folder and a secret; the command bar masks the value", async () => {
    await page.getByTestId("secret-new-name").fill(run);
    await page.getByTestId("secret-new-folder").click();
    await page.getByTestId(`secret-entry-${run}`).click();
    await page.waitForURL((url) => url.pathname === `/my-secrets/${home}/${run}`);
    // The address changes before the folder renders (the router's navigation is a transition):
    // wait for the folder itself, or the secret is created in the parent (found in session 3).
    await page.getByTestId("secrets-breadcrumbs").getByText(run).waitFor();
    await page.getByTestId("secret-new-name").fill("api");
    await page.getByTestId("secret-new-secret").click();
    await page.getByTestId("secret-editor").waitFor();
    await page.getByTestId("secret-add-row").click();
    // Keys are environment variable names, upper-cased as they are typed.
    await page.getByTestId("secret-key-0").fill("api_key");
    await page.getByTestId("secret-value-0").fill("sk-e2e-hidden-value");
    expect(await page.getByTestId("secret-value-0").getAttribute("type")).toBe("password");
    await page.getByTestId("secret-save").click();
    await page.getByTestId("secret-status").waitFor();
    expect(await page.getByTestId("secret-status").textContent()).toBe("Saved");
    secretPath = `${home}/${run}/api`;
    expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: "sk-e2e-hidden-value" });

    await page.getByTestId("command-bar-toggle").click();
    const log = (await page.getByTestId("command-bar-log").textContent()) ?? "";
    expect(log).toContain(`vault kv put ${KV_MOUNT}/${secretPath}`);
    expect(log).toContain('API_KEY="••••••••"');
    expect(log).not.toContain("sk-e2e-hidden-value");
    await page.getByTestId("command-bar-toggle").click();
  }, 120_000);

  it("renames the secret (a copy then a delete)", async () => {
    await page.goto(`${origin}/my-secrets/${home}/${run}`);
    await page.getByTestId("secret-rename-api").click();
    await page.getByTestId("secret-name-input").fill("api2");
    await page.getByTestId("secret-name-submit").click();
    await page.getByTestId("secret-entry-api2").waitFor();
    expect(await page.getByTestId("secret-entry-api").count()).toBe(0);
    secretPath = `${home}/${run}/api2`;
    expect(await aliceVault.get(`${home}/${run}/api`)).toBeUndefined();
    expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: "sk-e2e-hidden-value" });
  }, 60_000);

  it("uses it in a service: the launcher opens with vault.secret; the release carries Vault", async () => {
    await page.getByTestId("secret-entry-api2").click();
    await page.getByTestId("secret-use-in-service").click();
    // The examples catalog has one chart with a vault.secret field: it opens directly.
    await page.waitForURL((url) => url.pathname === "/launcher/examples/vscode-lite", {
      timeout: 60_000,
    });
    expect(decodeURIComponent(page.url())).toContain(`vault.secret=«${run}/api2»`);
    await page.getByTestId("group-vault").click();
    expect(await page.getByTestId("field-vault.secret").inputValue()).toBe(`${run}/api2`);
    // No volume provisioner on the stack: a persistent volume would keep the pod Pending.
    await page.getByTestId("group-persistence").click();
    await page.getByTestId("field-persistence.enabled").uncheck();
    await page.getByTestId("launch").click();
    await page.waitForURL((url) => url.searchParams.has("autoOpenHelmReleaseName"), {
      timeout: 120_000,
    });
    release = new URL(page.url()).searchParams.get("autoOpenHelmReleaseName") ?? "";
    expect(release).toMatch(/^vscode-lite-\d+$/);

    // The values as Helm stored them (reference §4.3: vault.VAULT_ADDR/TOKEN/MOUNT/TOP_DIR).
    const values = await releaseValues(personalNamespace, release);
    const vault = values["vault"] as Record<string, unknown>;
    expect(vault).toMatchObject({
      enabled: true,
      url: VAULT_ADDR,
      mount: KV_MOUNT,
      directory: home,
      secret: `${run}/api2`,
    });
    const token = vault["token"] as string;
    expect(token).toMatch(/^\S{20,}$/);

    // With that token, as the service's init would: alice's secret is readable, bob's is not.
    const read = (p: string) =>
      fetch(`${VAULT_ADDR}/v1/${KV_MOUNT}/data/${p}`, { headers: { "x-vault-token": token } });
    const own = await read(`${vault["directory"] as string}/${vault["secret"] as string}`);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { data: { data: unknown } }).data.data).toEqual({
      API_KEY: "sk-e2e-hidden-value",
    });
    expect((await read(`user-bob/${run}/private`)).status).toBe(403);
  }, 240_000);

  it("deletes the folder after a confirmation naming the count", async () => {
    await page.goto(`${origin}/my-secrets/${home}`);
    await page.getByTestId(`secret-delete-${run}`).click();
    await page.getByTestId("confirm-dialog").waitFor();
    expect(await page.getByTestId("confirm-dialog").textContent()).toContain(
      "1 secret will be deleted.",
    );
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("confirm-dialog").waitFor({ state: "detached" });
    await page.getByTestId(`secret-entry-${run}`).waitFor({ state: "detached" });
    expect(await aliceVault.list(`${home}/${run}`)).toEqual({ directories: [], files: [] });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
