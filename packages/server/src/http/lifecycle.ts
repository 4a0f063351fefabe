// The server's own lifecycle, as the HTTP side sees it: readiness (false until the catalogs have
// loaded and every region's API server has answered, and again once shutdown begins) and the
// long-lived streams a shutdown must end itself (Server-Sent Events are hijacked from Fastify, so
// closing the app would otherwise wait for their clients to leave).

/** Ends a stream, telling its client when to reconnect (SSE `retry:`, in ms). */
export type StreamCloser = (retryMs: number) => void;

export interface ReadinessProbe {
  /** Empty when ready; else why not, in words safe to show anyone (no catalog or region ids). */
  notReadyBecause(): string[];
}

export class ServerLifecycle {
  private shuttingDown = false;
  private retryMs = 0;
  private readonly streams = new Set<StreamCloser>();

  constructor(private readonly probes: readonly ReadinessProbe[] = []) {}

  get closing(): boolean {
    return this.shuttingDown;
  }

  /** Streams open now (tests). */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Why the server is not ready (empty: ready). */
  notReadyBecause(): string[] {
    if (this.shuttingDown) return ["shutting down"];
    return this.probes.flatMap((p) => p.notReadyBecause());
  }

  /**
   * Registers a stream to end at shutdown; call the returned function when it ends by itself.
   * A stream opened after shutdown began is ended at once.
   */
  holdStream(close: StreamCloser): () => void {
    if (this.shuttingDown) {
      close(this.retryMs);
      return () => undefined;
    }
    this.streams.add(close);
    return () => this.streams.delete(close);
  }

  /** Readiness turns false and every held stream is ended with its reconnection hint. */
  beginShutdown(retryMs: number): void {
    this.shuttingDown = true;
    this.retryMs = retryMs;
    for (const close of [...this.streams]) close(retryMs);
    this.streams.clear();
  }
}
