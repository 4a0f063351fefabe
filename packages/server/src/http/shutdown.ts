// Graceful shutdown (SIGTERM): readiness turns false and event streams end with a reconnection
// hint (SSE `retry:`) at once; the listener stops accepting connections (Fastify answers 503 to
// requests that still arrive on open keep-alive connections, and closes idle ones); requests in
// flight and running helm commands finish (connections are closed as they fall idle); then the
// catalogs and the platform close. All within
// `graceMs`: past it the caller exits anyway.
import type { FastifyInstance } from "fastify";

/** What an event-stream client is told: reconnect after this long (another replica answers). */
export const SHUTDOWN_RETRY_MS = 2000;

export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 25;

export type ShutdownOutcome = "drained" | "expired";

export async function gracefulShutdown(
  app: FastifyInstance,
  graceMs: number,
): Promise<ShutdownOutcome> {
  app.onyxia.lifecycle.beginShutdown(SHUTDOWN_RETRY_MS);
  // Node closes the connections idle when the server closes, not those that become idle later
  // (a request answered, an event stream ended): they would hold the close until keep-alive ends.
  const sweeper = setInterval(() => app.server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve("expired"), graceMs);
  });
  const drained = Promise.all([app.close(), app.onyxia.platform.helmIdle()]).then(
    (): ShutdownOutcome => "drained",
  );
  try {
    return await Promise.race([drained, expired]);
  } finally {
    clearTimeout(timer);
    clearInterval(sweeper);
  }
}
