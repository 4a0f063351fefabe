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
export const { dropFolder } = support;

/** Starts the server and Chromium, logs alice in; `close` stops both. */
export async function openExplorerBrowser(configName: string) {
  const e2e = await support.startStackE2e(support.stackE2eConfig(configName, { data: regionData }));
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
