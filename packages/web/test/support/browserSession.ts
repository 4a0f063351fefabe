// The usual setup of a browser test: the real server serving a fresh build of the web app, and
// Chromium with a throwaway profile; `close` stops both and removes the profile.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { buildWebApp } from "./buildWebApp.ts";
import { chromiumLaunchOptions } from "./chromium.ts";
import { startDatalabServer, type DatalabServer } from "./datalabServer.ts";

export interface BrowserSession {
  server: DatalabServer;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function startBrowserSession(
  options: { viewport?: { width: number; height: number }; bypassCSP?: boolean } = {},
): Promise<BrowserSession> {
  // Always test the current sources, never a stale dist.
  const server = await startDatalabServer({ webDistDirectory: await buildWebApp() });
  const profileDir = mkdtempSync(path.join(tmpdir(), "datalab-chromium-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    ...chromiumLaunchOptions,
    viewport: options.viewport ?? { width: 1360, height: 900 },
    locale: "en-US",
    // Injecting axe-core needs it (the app's CSP is script-src 'self'); the app is unchanged.
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
  });
  return {
    server,
    context,
    async close() {
      await context.close();
      await server.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
