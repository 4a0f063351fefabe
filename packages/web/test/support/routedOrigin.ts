// Serves a browser origin the stack trusts (its OIDC redirect URIs, MinIO's and Vault's CORS:
// http://127.0.0.1:8080 and :5173) from a server listening on any free port: Chromium's requests
// to that origin are answered by fetching them from the real server. No fixed port is bound, so
// tests of several engineers (or files) never collide on it.
import type { BrowserContext } from "playwright-core";

export const TRUSTED_ORIGIN = "http://127.0.0.1:8080";

/**
 * Chromium's launch arguments for a routed origin: a page Playwright fulfils is in no known address
 * space, so Local Network Access would refuse its requests to the stack on 127.0.0.1.
 */
export const routedOriginChromiumArgs = [
  "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights",
];

export interface RoutedOrigin {
  origin: string;
  /** Every URL the browser asked the origin for (what our server received). */
  requests: string[];
}

export async function routeOrigin(
  context: BrowserContext,
  serverUrl: string,
  origin = TRUSTED_ORIGIN,
): Promise<RoutedOrigin> {
  const requests: string[] = [];
  await context.route(
    (url) => url.origin === origin,
    async (route) => {
      const url = route.request().url();
      requests.push(url);
      // The events stream never ends: a routed fetch would wait for its end, so it is refused.
      if (route.request().headers()["accept"]?.includes("text/event-stream"))
        return route.abort("connectionrefused");
      try {
        const response = await route.fetch({
          url: serverUrl + url.slice(origin.length),
          maxRedirects: 0,
        });
        await route.fulfill({ response });
      } catch {
        await route.abort("connectionfailed").catch(() => undefined);
      }
    },
  );
  return { origin, requests };
}
