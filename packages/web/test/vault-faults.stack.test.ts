// Vault faults in Debian's Chromium (issue 13 §6), against the stack's Vault seen through a TCP
// proxy this test cuts and restores (the stack's Vault is shared: it is never stopped). Alice edits
// a secret; with Vault down her save fails with a clear message and her edit stays in the editor,
// then saves once Vault is back; the secrets page says Vault cannot be reached and the launcher
// still opens, saying the Vault section could not be pre-filled. A revoked Vault token is renewed
// and the save retried once; a login Vault refuses (an OIDC token it no longer accepts) is a clear
// message, nothing lost. The server's captured logs (debug level, access log, audit) never
// contain a secret value nor a Vault token: the browser talks to Vault directly.
// @stack-components openbao, oidc
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackE2eConfig, stackIssuer } from "./support/stackE2e.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import {
  JWT_MOUNT,
  KV_MOUNT,
  USER_ROLE,
  VAULT_ADDR,
} from "../../../stack/components/openbao/config.ts";
import { buildApp } from "../../server/src/app.ts";
import { createHttpVault } from "../src/core/adapters/vault/httpVault.ts";
import { MemoryStorage } from "../src/core/adapters/vault/localVault.ts";
import { buildWebApp } from "./support/buildWebApp.ts";
import { chromiumLaunchOptions, chromiumPath } from "./support/chromium.ts";
import {
  routeOrigin,
  routedOriginChromiumArgs,
  type RoutedOrigin,
} from "./support/routedOrigin.ts";
import { captureServerLogs } from "./support/serverLogs.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcpProxy.ts";

const tag = randomBytes(3).toString("hex");
const run = `faults-${tag}`;
const home = "user-alice";
const secretPath = `${home}/${run}/api`;
/** The values alice saves, one per step: none may reach the server's logs. */
const values = [1, 2, 3, 4].map((n) => `sk-fault-${tag}-value-${n}`);

const aliceVault = createHttpVault({
  url: VAULT_ADDR,
  kvEngine: KV_MOUNT,
  role: USER_ROLE,
  authPath: JWT_MOUNT,
  getAccessToken: () => getToken("alice"),
  userKey: "alice",
  storage: new MemoryStorage(),
});

describe.skipIf(!existsSync(chromiumPath) || !stackIssuer)(
  "Vault faults in the browser (alice; the stack's Vault behind a proxy this test cuts)",
  () => {
    let app: FastifyInstance;
    let proxy: TcpProxy;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let routed: RoutedOrigin;
    const captured = captureServerLogs();
    const logLines = captured.lines;
    /** Every X-Vault-Token the browser sent (through the proxy). */
    const vaultTokens = new Set<string>();

    const storedVaultToken = () =>
      page.evaluate(() => {
        for (let i = 0; i < sessionStorage.length; i += 1) {
          const key = sessionStorage.key(i) ?? "";
          if (key.startsWith("datalab.vaultToken."))
            return (JSON.parse(sessionStorage.getItem(key) ?? "{}") as { token?: string }).token;
        }
        return undefined;
      });
    const status = () => page.getByTestId("secret-status");
    async function saveAndWait(value: string, expected: "Success" | "Error") {
      await page.getByTestId("secret-value-0").fill(value);
      await page.getByTestId("secret-save").click();
      await expect
        .poll(async () => (await status().getAttribute("class")) ?? "", { timeout: 30_000 })
        .toMatch(new RegExp(`(standard|color)${expected}`));
      return status().innerText();
    }

    beforeAll(async () => {
      proxy = await startTcpProxy(VAULT_ADDR);
      const config = stackE2eConfig(
        "vault-faults.yaml",
        {
          services: {
            type: "KUBERNETES",
            singleNamespace: false,
            userNamespace: true,
            namespacePrefix: `${run}-user-`,
            groupNamespacePrefix: `${run}-projet-`,
            expose: { domain: "lab.localhost" },
          },
          vault: {
            URL: proxy.url,
            kvEngine: KV_MOUNT,
            role: USER_ROLE,
            authPath: JWT_MOUNT,
            prefix: "user-",
            groupPrefix: "",
          },
        },
        { server: { "access-log": true } },
      );
      app = await buildApp({
        config,
        webDistDirectory: await buildWebApp(),
        logger: captured.logger,
        audit: captured.audit,
      });
      await app.onyxia.catalogs.start();
      const address = await app.listen({ port: 0, host: "127.0.0.1" });
      browser = await chromium.launch({
        ...chromiumLaunchOptions,
        args: [...chromiumLaunchOptions.args, ...routedOriginChromiumArgs],
      });
      context = await browser.newContext({ ignoreHTTPSErrors: true, locale: "en-US" });
      routed = await routeOrigin(context, address);
      context.on("request", (request) => {
        const token = request.headers()["x-vault-token"];
        if (request.url().startsWith(proxy.url) && token) vaultTokens.add(token);
      });
      page = await context.newPage();
    }, 600_000);

    afterAll(async () => {
      await context?.close().catch(() => undefined);
      await browser?.close();
      await app?.close();
      await proxy?.close();
      await aliceVault.delete(secretPath).catch(() => undefined);
    });

    it("alice logs in and creates a secret through the proxied Vault", async () => {
      await page.goto(`${routed.origin}/my-services`);
      await page.getByTestId("login").click();
      await page.locator("#username").fill("alice");
      await page.locator("#password").fill("alice-password");
      await page.locator("#kc-login").click();
      await page.getByTestId("logout").waitFor({ timeout: 60_000 });
      await page.goto(`${routed.origin}/my-secrets/${home}`);
      await page.getByTestId("secret-new-name").fill(run);
      await page.getByTestId("secret-new-folder").click();
      await page.getByTestId(`secret-entry-${run}`).click();
      // The folder must have rendered, not only the address changed (vault-e2e.stack.test.ts).
      await page.getByTestId("secrets-breadcrumbs").getByText(run).waitFor();
      await page.getByTestId("secret-new-name").fill("api");
      await page.getByTestId("secret-new-secret").click();
      await page.getByTestId("secret-editor").waitFor();
      await page.getByTestId("secret-add-row").click();
      await page.getByTestId("secret-key-0").fill("API_KEY");
      expect(await saveAndWait(values[0]!, "Success")).toBe("Saved");
      expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: values[0] });
    }, 180_000);

    it("Vault down: the save fails with a clear message, the edit stays, and saves once Vault is back", async () => {
      proxy.cut();
      const text = await saveAndWait(values[1]!, "Error");
      expect(text).toMatch(/Vault .*cannot be reached/);
      expect(text).not.toContain(values[1]);
      // Nothing lost: the edit is still in the editor, Vault still has the previous value.
      expect(await page.getByTestId("secret-value-0").inputValue()).toBe(values[1]);
      expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: values[0] });
      proxy.restore();
      await page.getByTestId("secret-save").click();
      await expect.poll(() => status().innerText(), { timeout: 30_000 }).toBe("Saved");
      expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: values[1] });
    }, 120_000);

    it("Vault down: the secrets page says so; the launcher still opens and says Vault was not pre-filled", async () => {
      proxy.cut();
      try {
        await page.goto(`${routed.origin}/my-secrets/${home}/${run}`);
        await page.getByTestId("secrets-unavailable").waitFor({ timeout: 30_000 });
        expect(await page.getByTestId("secrets-unavailable").innerText()).toContain(
          "Vault cannot be reached",
        );
        await page.goto(`${routed.origin}/launcher/examples/vscode-lite`);
        await page.getByTestId("vault-not-prefilled").waitFor({ timeout: 60_000 });
        expect(await page.getByTestId("vault-not-prefilled").innerText()).toMatch(/Vault/);
        await page.getByTestId("launch").waitFor({ timeout: 60_000 });
        expect(await page.getByTestId("launch").isEnabled()).toBe(true);
      } finally {
        proxy.restore();
      }
    }, 180_000);

    it("a revoked Vault token is renewed and the save retried once", async () => {
      await page.goto(`${routed.origin}/my-secrets/${secretPath}`);
      await page.getByTestId("secret-editor").waitFor({ timeout: 30_000 });
      const before = await storedVaultToken();
      expect(before).toBeTruthy();
      const revoked = await fetch(`${VAULT_ADDR}/v1/auth/token/revoke-self`, {
        method: "POST",
        headers: { "x-vault-token": before! },
      });
      expect(revoked.status).toBe(204);
      expect(await saveAndWait(values[2]!, "Success")).toBe("Saved");
      const after = await storedVaultToken();
      expect(after).toBeTruthy();
      expect(after).not.toBe(before);
      expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: values[2] });
    }, 120_000);

    it("a login Vault refuses (an OIDC token it no longer accepts): a clear message, the edit kept", async () => {
      const token = await storedVaultToken();
      await fetch(`${VAULT_ADDR}/v1/auth/token/revoke-self`, {
        method: "POST",
        headers: { "x-vault-token": token! },
      });
      // The real Vault judges the login; only the JWT it receives is spoiled (its signature).
      const login = `${proxy.url}/v1/auth/${JWT_MOUNT}/login`;
      await context.route(login, (route) => {
        const body = JSON.parse(route.request().postData() ?? "{}") as { jwt?: string };
        const jwt = `${(body.jwt ?? "").slice(0, -8)}AAAAAAAA`;
        return route.continue({ postData: JSON.stringify({ ...body, jwt }) });
      });
      try {
        const text = await saveAndWait(values[3]!, "Error");
        expect(text).toMatch(/Vault refused the login/);
        expect(await page.getByTestId("secret-value-0").inputValue()).toBe(values[3]);
        expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: values[2] });
      } finally {
        await context.unroute(login);
      }
      await page.getByTestId("secret-save").click();
      await expect.poll(() => status().innerText(), { timeout: 30_000 }).toBe("Saved");
      expect((await aliceVault.get(secretPath))?.data).toEqual({ API_KEY: values[3] });
    }, 120_000);

    it("no secret value nor Vault token reached the server: its logs, its requests", async () => {
      expect(logLines.length).toBeGreaterThan(0);
      // The access log saw the app's own calls (so the capture works).
      expect(logLines.some((line) => line.includes("/api/"))).toBe(true);
      expect(vaultTokens.size).toBeGreaterThan(1);
      const logs = logLines.join("\n");
      for (const secret of [...values, ...vaultTokens]) {
        expect(logs).not.toContain(secret);
        for (const url of routed.requests) expect(url).not.toContain(secret);
      }
    });
  },
);
