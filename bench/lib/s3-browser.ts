// The S3 explorer in headless Chromium for the benches: the app's production build served by the
// real server in OIDC mode (as the stack tests do, packages/web/test/support/stackE2e.ts), alice
// logged in through the provider's form, and a CDP session for the main thread's metrics.
import type { CDPSession, Page } from "playwright-core";
import { OIDC_ISSUER } from "../../stack/components/oidc/index.ts";
import { regionData } from "./s3-alice.ts";

// The e2e support reads the issuer from the environment (the stack project's globalSetup sets it).
process.env["OIDC_ISSUER"] ??= OIDC_ISSUER;
// The app as users get it: Vite builds React's development build when NODE_ENV says so (vitest
// sets "test": the stack tests run that build, several times slower to render).
process.env["NODE_ENV"] = "production";
const support = await import("../../packages/web/test/support/stackE2e.ts");
export const { dropFolder, dispatchFolderDrop } = support;

/** Starts the server and Chromium, logs alice in; `close` stops both. `data`: the region's. */
export async function openExplorerBrowser(configName: string, data: object = regionData) {
  const e2e = await support.startStackE2e(support.stackE2eConfig(configName, { data }));
  try {
    const context = await e2e.newContext();
    // tsx keeps function names with a helper the page does not have (evaluated functions use it).
    await context.addInitScript({ content: "window.__name = (f) => f;" });
    const page = await context.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`${e2e.origin}/my-services`);
    await support.logIn(page, "alice");
    return { e2e, page, cdp, origin: e2e.origin, close: () => e2e.close() };
  } catch (error) {
    await e2e.close();
    throw error;
  }
}

/** The page's CDP performance metrics (TaskDuration, JSHeapUsedSize, Nodes…) by name. */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export type { CDPSession, Page };

type CdpReply = { result?: Record<string, unknown>; error?: { message: string } };

/**
 * Runs `script` (an async function's source, called with `arg`) in a page of the app logged in as
 * alice, in a Chromium that no Playwright session is attached to. Playwright enables CDP's
 * Network domain on every page it drives, and Chromium then reports each request's body to it: a
 * fetch with an 8 MiB byte body took about ten times longer (32 MiB PUTs from the page: 4–10 MiB/s
 * against 27–67 MiB/s without it). So Playwright logs in and prepares the page, disconnects, and
 * the measured part runs through a bare CDP connection (files set, then Runtime.evaluate).
 */
export async function runUninstrumented<T>(options: {
  origin: string;
  /** The app's page to open (logged in). */
  path: string;
  prepare: (page: Page) => Promise<void>;
  /** Files set on an input of the page through CDP (Playwright sends no file over 50 MB here). */
  files?: { selector: string; paths: string[] };
  /** An async function's source, called with `arg` in the page. */
  script: string;
  arg: unknown;
}): Promise<T> {
  const { origin } = options;
  const { spawn } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { chromium } = await import("playwright-core");
  const { chromiumLaunchOptions } = await import("../../packages/web/test/support/chromium.ts");
  const profileDir = mkdtempSync(join(tmpdir(), "bench-chromium-"));
  const port = 9300 + Math.floor(Math.random() * 600);
  const child = spawn(
    chromiumLaunchOptions.executablePath,
    [
      ...chromiumLaunchOptions.args,
      "--ignore-certificate-errors",
      "--window-size=1360,900",
      "--lang=en-US",
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profileDir}`,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${endpoint}/json/version`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 100) throw new Error("Chromium's debugging port did not open");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const connected = await chromium.connectOverCDP(endpoint);
    const page = connected.contexts()[0]!.pages()[0] ?? (await connected.contexts()[0]!.newPage());
    await page.addInitScript({ content: "window.__name = (f) => f;" });
    await page.goto(`${origin}/my-services`);
    await support.logIn(page, "alice");
    await page.goto(`${origin}${options.path}`);
    await options.prepare(page);
    await connected.close();

    const targets = (await (await fetch(`${endpoint}/json/list`)).json()) as {
      type: string;
      url: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.type === "page" && t.url.startsWith(origin));
    if (!target) throw new Error("the app's page is gone after Playwright disconnected");
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve);
      ws.addEventListener("error", reject);
    });
    let lastId = 0;
    const waiting = new Map<number, (reply: CdpReply) => void>();
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as CdpReply & { id?: number };
      if (message.id !== undefined) waiting.get(message.id)?.(message);
    });
    const send = (method: string, params: object) =>
      new Promise<CdpReply>((resolve) => {
        const id = ++lastId;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      }).then((reply) => {
        if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
        return reply.result ?? {};
      });
    try {
      if (options.files) {
        const { root } = (await send("DOM.getDocument", {})) as { root: { nodeId: number } };
        const { nodeId } = (await send("DOM.querySelector", {
          nodeId: root.nodeId,
          selector: options.files.selector,
        })) as { nodeId: number };
        await send("DOM.setFileInputFiles", { nodeId, files: options.files.paths });
      }
      const reply = (await send("Runtime.evaluate", {
        expression: `(${options.script})(${JSON.stringify(options.arg)})`,
        awaitPromise: true,
        returnByValue: true,
      })) as { result?: { value?: T }; exceptionDetails?: unknown };
      if (reply.exceptionDetails)
        throw new Error(`in the page: ${JSON.stringify(reply.exceptionDetails)}`);
      return reply.result!.value as T;
    } finally {
      ws.close();
    }
  } finally {
    child.kill();
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(profileDir, { recursive: true, force: true });
  }
}
