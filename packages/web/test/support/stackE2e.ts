// What the Chromium end-to-end tests on the local stack share: the real server in OIDC mode
// (the stack's provider, the example catalog, one region) serving a fresh build of the app, on an
// origin the stack accepts (the provider's redirect URIs, MinIO's and Vault's CORS), Debian's
// Chromium with contexts that trust the stack's self-signed provider, and a login through the
// provider's own HTML form.
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveConfig } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "playwright-core";
import { buildApp } from "../../../server/src/app.ts";
import { buildWebApp } from "./buildWebApp.ts";
import { chromiumLaunchOptions, chromiumPath } from "./chromium.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/**
 * The ports whose origins the stack accepts (stack/components/oidc/users.ts REDIRECT_URI_PREFIXES,
 * also MinIO's and Vault's CORS origins), tried in order: two e2e runs at once take one each.
 */
export const STACK_E2E_PORTS = [5173, 8080] as const;

/** Only the `stack` project's globalSetup exports it (these files also match the `web` project). */
export const stackIssuer = process.env.OIDC_ISSUER;

/** Both are needed: the browser to drive, and the running stack. */
export const canRunStackE2e = existsSync(chromiumPath) && stackIssuer !== undefined;

/**
 * The server's configuration: OIDC against the stack's provider (its CA is not in Node's store;
 * the apiserver and the browser check it, the server does not), the examples catalog, and
 * `region` (with an id "local" unless it has one), and `extra` top-level keys (e.g. `server`).
 */
export function stackE2eConfig(
  name: string,
  region: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  if (stackIssuer === undefined) throw new Error("OIDC_ISSUER is not set: is the stack running?");
  return resolveConfig({
    env: {},
    file: {
      name,
      data: {
        authentication: { mode: "openidconnect" },
        oidc: {
          "issuer-uri": stackIssuer,
          clientID: "onyxia",
          "skip-tls-verify": true,
          scope: "openid profile email groups",
        },
        catalogs: [
          {
            id: "examples",
            name: "Examples",
            location: path.join(repoRoot, "catalogs/examples/repo"),
          },
        ],
        catalogsRefreshMs: 0,
        regions: [{ id: "local", ...region }],
        ...extra,
      },
    },
  }).config;
}

export interface StackE2e {
  app: FastifyInstance;
  browser: Browser;
  /** `http://127.0.0.1:<port>`, one of STACK_E2E_PORTS. */
  origin: string;
  /** A browser context trusting the stack's provider, English, 1360×900 unless `options` says. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Closes the contexts, the browser and the server. */
  close(): Promise<void>;
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .once("listening", () => probe.close(() => resolve(true)))
      .listen(port, "127.0.0.1");
  });

/**
 * Builds the app, starts the server on the first free accepted port, launches Chromium.
 * `options`: more of buildApp's options (e.g. `idleControllers: false` when the test ticks them).
 */
export async function startStackE2e(
  config: ReturnType<typeof stackE2eConfig>,
  options: Omit<Parameters<typeof buildApp>[0], "config" | "webDistDirectory"> = {},
): Promise<StackE2e> {
  const webDistDirectory = await buildWebApp();
  let port: number | undefined;
  for (const candidate of STACK_E2E_PORTS)
    if (await portIsFree(candidate)) {
      port = candidate;
      break;
    }
  if (port === undefined)
    throw new Error(
      `ports ${STACK_E2E_PORTS.join(" and ")} are both taken (another e2e run?): the stack's OIDC clients accept no other`,
    );
  const app = await buildApp({ ...options, config, webDistDirectory });
  let browser: Browser | undefined;
  try {
    await app.onyxia.catalogs.start();
    await app.listen({ port, host: "127.0.0.1" });
    browser = await chromium.launch({ ...chromiumLaunchOptions });
  } catch (error) {
    await app.close();
    throw error;
  }
  const started = browser;
  const contexts: BrowserContext[] = [];
  return {
    app,
    browser: started,
    origin: `http://127.0.0.1:${port}`,
    async newContext(options = {}) {
      const context = await started.newContext({
        ignoreHTTPSErrors: true,
        locale: "en-US",
        viewport: { width: 1360, height: 900 },
        ...options,
      });
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await started.close();
      await app.close();
    },
  };
}

/** Through the provider's own HTML form, as a person would (test users' password: `<user>-password`). */
export async function logIn(page: Page, user: string): Promise<void> {
  await page.getByTestId("login").click();
  await page.locator("#username").fill(user);
  await page.locator("#password").fill(`${user}-password`);
  await page.locator("#kc-login").click();
  await page.getByTestId("logout").waitFor({ timeout: 30_000 });
}

/**
 * In the page: dispatches on `target` a drop of a folder as the browser reports it (directory
 * entries read with readEntries). Self-contained, so it can be evaluated in a page as it is.
 */
export function dispatchFolderDrop(target: Element, files: Record<string, string>): void {
  type Node = { name: string; fullPath: string; children?: Node[]; content?: string };
  const top = Object.keys(files)[0]!.split("/")[0]!;
  const root: Node = { name: top, fullPath: `/${top}`, children: [] };
  for (const [relative, content] of Object.entries(files)) {
    const parts = relative.split("/").slice(1);
    let dir = root;
    parts.forEach((part, i) => {
      const fullPath = `${dir.fullPath}/${part}`;
      if (i === parts.length - 1) dir.children!.push({ name: part, fullPath, content });
      else {
        let next = dir.children!.find((c) => c.name === part);
        if (!next) dir.children!.push((next = { name: part, fullPath, children: [] }));
        dir = next;
      }
    });
  }
  const entry = (node: Node): unknown =>
    node.children
      ? {
          isFile: false,
          isDirectory: true,
          name: node.name,
          fullPath: node.fullPath,
          createReader: () => {
            let read = false;
            return {
              readEntries: (ok: (e: unknown[]) => void) => {
                ok(read ? [] : node.children!.map(entry));
                read = true;
              },
            };
          },
        }
      : {
          isFile: true,
          isDirectory: false,
          name: node.name,
          fullPath: node.fullPath,
          file: (ok: (f: File) => void) => ok(new File([node.content!], node.name)),
        };
  const event = new DragEvent("drop", { bubbles: true, cancelable: true });
  Object.defineProperty(event, "dataTransfer", {
    value: { items: [{ webkitGetAsEntry: () => entry(root) }], files: [] },
  });
  target.dispatchEvent(event);
}

/**
 * Drops a folder as the browser reports it (directory entries read with readEntries) on the
 * S3 explorer. `files`: relative path (first segment = the dropped folder) → content.
 */
export async function dropFolder(page: Page, files: Record<string, string>): Promise<void> {
  await page.getByTestId("s3-explorer").evaluate(dispatchFolderDrop, files);
}
