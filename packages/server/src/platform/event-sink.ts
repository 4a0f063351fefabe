// Onyxia's lifecycle events (reference §1.6): logged when enabled, POSTed to the webhook when
// configured. Fire and forget: an action never waits for, nor fails because of, the webhook.
import { isEventSelected, type AppConfig, type LifecycleEvent } from "@onyxia-ts/core";
import type { Clock, EventSink } from "./ports.ts";

export interface EventLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** The URL without credentials or query (those may hold a token). */
export const safeUrl = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
};

/** fetch refuses URLs with credentials: they become a Basic Authorization header. */
function withBasicAuth(url: string): { target: string; headers: Record<string, string> } {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return { target: url, headers: {} };
    const basic = Buffer.from(
      `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`,
    ).toString("base64");
    u.username = "";
    u.password = "";
    return { target: u.href, headers: { authorization: `Basic ${basic}` } };
  } catch {
    return { target: url, headers: {} };
  }
}

/** Error texts may quote the URL: remove it, its query and its credentials. */
function scrub(message: string, url: string): string {
  let out = message.split(url).join(safeUrl(url));
  try {
    const u = new URL(url);
    for (const secret of [u.password, u.search.slice(1)])
      if (secret.length >= 3) out = out.split(secret).join("***");
  } catch {
    // nothing more to remove
  }
  return out;
}

export function createEventSink(
  config: AppConfig["event"],
  log: EventLog,
  post: typeof fetch = fetch,
  timeoutMs = 5000,
  clock: Clock = Date,
): EventSink {
  const inFlight = new Set<Promise<void>>();
  const sink = (partial: Omit<LifecycleEvent, "timestamp">) => {
    const event: LifecycleEvent = { ...partial, timestamp: new Date(clock.now()).toISOString() };
    if (config.loggingEnabled) log.info({ event }, `event ${event.type}`);
    const { webhook } = config;
    if (!webhook.enabled || !webhook.url || !isEventSelected(event.type, webhook)) return;
    const url = webhook.url;
    const { target, headers } = withBasicAuth(url);
    const p = post(target, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then((r) => {
        if (!r.ok)
          log.warn(
            { status: r.status, type: event.type },
            `event webhook ${safeUrl(url)} answered ${r.status}`,
          );
      })
      .catch((e: unknown) =>
        log.warn(
          { type: event.type },
          `event webhook ${safeUrl(url)} failed: ${(e as Error).name}: ${scrub((e as Error).message, url)}`,
        ),
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  return Object.assign(sink, {
    pending: async () => void (await Promise.allSettled([...inFlight])),
  });
}
