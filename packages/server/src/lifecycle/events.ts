// Onyxia's lifecycle events (reference §1.6): logged when enabled, POSTed to the webhook when
// configured. Fire and forget: an action never waits for, nor fails because of, the webhook.
import { isEventSelected, type AppConfig, type LifecycleEvent } from "@onyxia-ts/core";

export interface EventLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export type EventSink = (event: Omit<LifecycleEvent, "timestamp">) => void;

/** The URL without credentials or query (those may hold a token). */
export const safeUrl = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
};

export function createEventSink(config: AppConfig["event"], log: EventLog, post: typeof fetch = fetch, timeoutMs = 5000): EventSink & { pending: () => Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const sink = (partial: Omit<LifecycleEvent, "timestamp">) => {
    const event: LifecycleEvent = { ...partial, timestamp: new Date().toISOString() };
    if (config.loggingEnabled) log.info({ event }, `event ${event.type}`);
    const { webhook } = config;
    if (!webhook.enabled || !webhook.url || !isEventSelected(event.type, webhook)) return;
    const url = webhook.url;
    const p = post(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event), signal: AbortSignal.timeout(timeoutMs) })
      .then((r) => {
        if (!r.ok) log.warn({ status: r.status, type: event.type }, `event webhook ${safeUrl(url)} answered ${r.status}`);
      })
      .catch((e: unknown) => log.warn({ type: event.type }, `event webhook ${safeUrl(url)} failed: ${(e as Error).name}: ${(e as Error).message}`))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  return Object.assign(sink, { pending: async () => void (await Promise.allSettled([...inFlight])) });
}
