// A small pool of HTTP/2 sessions to one API server: many watches and log streams share a few TLS
// connections (the apiserver allows `maxConcurrentStreams` streams per connection, 100 for
// kube-apiserver 1.33 with its defaults), instead of one TLS socket per watch.
//
// A stream goes to the first session with room (streams are packed, so the sessions beyond what
// the load needs empty and close when idle); a new session is opened when every one is at its
// limit less a margin, up to `maxSessions`; beyond that streams wait in line (the caller's budget
// check should keep that from happening: `capacity()`). A session that fails, is told to go away
// (GOAWAY) or loses its connection leaves the pool at once: its streams end with an error (their
// owners retry) and new streams open a new session.
import http2 from "node:http2";
import type { SecureClientSessionOptions } from "node:http2";

export interface Http2PoolOptions {
  /** The API server's URL: https: (TLS, ALPN h2) or http: (h2c, prior knowledge). */
  server: string;
  /** TLS options of every session (CA, client certificate, servername…). */
  tls: SecureClientSessionOptions;
  /** At most this many sessions. */
  maxSessions: number;
  /** Close a session without streams after this long. Default 30 s. */
  idleMs?: number;
  /** Told once when a stream has to wait for room (every session full). */
  onSaturated?: () => void;
  /**
   * PING each session this often; one that does not answer within the same time (at most 10 s) is
   * dropped, its streams end with an error and are opened again elsewhere. A silently dead
   * connection would otherwise keep taking new watches. Default 30 s.
   */
  pingIntervalMs?: number;
}

/** What a session is assumed to allow before its SETTINGS arrive (RFC 9113's recommended minimum). */
const ASSUMED_STREAMS = 100;

/** Streams left free on each session: the server's own limit is never reached. */
export const perSessionStreams = (remoteMax: number) =>
  Math.max(1, remoteMax - Math.max(1, Math.ceil(remoteMax / 10)));

interface Entry {
  session: http2.ClientHttp2Session;
  active: number;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS, once known. */
  remoteMax: number | undefined;
  /** Waiting for the session's SETTINGS: no stream is opened before its limit is known. */
  pending: Waiter[];
  idleTimer: NodeJS.Timeout | undefined;
  pinger: NodeJS.Timeout | undefined;
}

interface Waiter {
  resolve: (lease: Lease) => void;
  reject: (error: Error) => void;
  /** The line it waits in (a connecting session's, or the pool's). */
  queue: Waiter[] | undefined;
}

/** A slot on a session; `release()` exactly once, when the stream is closed. */
export interface Lease {
  session: http2.ClientHttp2Session;
  release(): void;
}

const room = (entry: Entry) =>
  entry.remoteMax !== undefined && entry.active < perSessionStreams(entry.remoteMax);

export class Http2Pool {
  private readonly sessions: Entry[] = [];
  private readonly waiting: Waiter[] = [];
  private closed = false;
  private saturatedSaid = false;

  constructor(private readonly options: Http2PoolOptions) {}

  /** Sessions open (or connecting), the streams they carry and those waiting for room. */
  counts(): { sessions: number; streams: number; waiting: number } {
    return {
      sessions: this.sessions.length,
      streams: this.sessions.reduce((n, e) => n + e.active, 0),
      waiting: this.waiting.length + this.sessions.reduce((n, e) => n + e.pending.length, 0),
    };
  }

  /** The most streams the pool can carry at once (the server's limit per session, once known). */
  capacity(): number {
    const known = this.sessions.find((e) => e.remoteMax !== undefined)?.remoteMax;
    return this.options.maxSessions * perSessionStreams(known ?? ASSUMED_STREAMS);
  }

  /** A slot on a session with room, now or once one frees up; rejects when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<Lease> {
    if (this.closed) return Promise.reject(new Error("the HTTP/2 pool is closed"));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, queue: undefined };
      signal?.addEventListener(
        "abort",
        () => {
          if (!waiter.queue) return;
          waiter.queue.splice(waiter.queue.indexOf(waiter), 1);
          waiter.queue = undefined;
          reject(abortError());
        },
        { once: true },
      );
      this.place(waiter);
    });
  }

  /** Ends every session and stream. */
  close(): void {
    this.closed = true;
    const closed = new Error("the HTTP/2 pool is closed");
    for (const w of this.waiting.splice(0)) w.reject(closed);
    for (const entry of this.sessions.splice(0)) {
      clearTimeout(entry.idleTimer);
      for (const w of entry.pending.splice(0)) w.reject(closed);
      entry.session.destroy();
    }
  }

  /** Stops giving out new streams on the current sessions (new credentials): they close once drained. */
  drain(): void {
    for (const entry of this.sessions.splice(0)) {
      clearTimeout(entry.idleTimer);
      for (const w of entry.pending.splice(0)) this.place(w);
      entry.session.close();
    }
  }

  /**
   * A session with room; else a line: a connecting session's (streams are opened once its limit
   * is known), a new session's, or the pool's when every session is full.
   */
  private place(waiter: Waiter): void {
    const ready = this.sessions.find(room);
    if (ready) {
      waiter.queue = undefined;
      return waiter.resolve(this.lease(ready));
    }
    const entry =
      this.sessions.find(
        (e) => e.remoteMax === undefined && e.pending.length < perSessionStreams(ASSUMED_STREAMS),
      ) ?? (this.sessions.length < this.options.maxSessions ? this.connect() : undefined);
    waiter.queue = entry ? entry.pending : this.waiting;
    waiter.queue.push(waiter);
    if (!entry && !this.saturatedSaid) {
      this.saturatedSaid = true;
      this.options.onSaturated?.();
    }
  }

  private lease(entry: Entry): Lease {
    entry.active++;
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    if (entry.active === 1) entry.session.ref();
    let released = false;
    return {
      session: entry.session,
      release: () => {
        if (released) return;
        released = true;
        entry.active--;
        if (entry.active === 0) this.idle(entry);
        this.serveWaiting();
      },
    };
  }

  private idle(entry: Entry): void {
    if (!this.sessions.includes(entry)) return;
    entry.session.unref();
    entry.idleTimer = setTimeout(() => {
      if (entry.active > 0) return;
      this.forget(entry);
      entry.session.close();
    }, this.options.idleMs ?? 30_000).unref();
  }

  private serveWaiting(): void {
    if (this.waiting.length === 0) return;
    for (const w of this.waiting.splice(0)) this.place(w);
  }

  private forget(entry: Entry): void {
    const at = this.sessions.indexOf(entry);
    if (at >= 0) this.sessions.splice(at, 1);
    clearTimeout(entry.idleTimer);
  }

  private connect(): Entry {
    const session = http2.connect(this.options.server, {
      ...this.options.tls,
      // Watches of many namespaces share the connection: a roomy window per stream and per session
      // (credit, not memory: data is buffered only if not read), and no server push.
      settings: { enablePush: false, initialWindowSize: 1 << 20 },
      maxSessionMemory: 64,
    });
    const entry: Entry = {
      session,
      active: 0,
      remoteMax: undefined,
      pending: [],
      idleTimer: undefined,
      pinger: undefined,
    };
    this.sessions.push(entry);
    const every = this.options.pingIntervalMs ?? 30_000;
    entry.pinger = setInterval(() => {
      if (session.connecting || session.destroyed || session.closed) return;
      const deadline = setTimeout(
        () =>
          session.destroy(
            new Error(`no answer to an HTTP/2 PING within ${Math.min(every, 10_000)} ms`),
          ),
        Math.min(every, 10_000),
      ).unref();
      if (!session.ping(() => clearTimeout(deadline))) clearTimeout(deadline);
    }, every).unref();
    session.on("connect", () => {
      // No ALPN at all (a TLS server that never heard of HTTP/2): the client knows from the caller.
      if (session.encrypted && session.alpnProtocol !== "h2")
        return session.destroy(new Error(`${this.options.server} does not offer HTTP/2 (ALPN)`));
      session.setLocalWindowSize(16 << 20);
    });
    session.on("remoteSettings", (settings) => {
      entry.remoteMax = settings.maxConcurrentStreams ?? ASSUMED_STREAMS;
      // Its waiters get their streams, up to its limit; the others find room elsewhere.
      for (const w of entry.pending.splice(0)) this.place(w);
      this.serveWaiting();
    });
    // Gone from the pool at the first sign of trouble; its streams see the error themselves, the
    // streams waiting for it to connect get the error.
    const leave = (error?: Error) => {
      this.forget(entry);
      const cause = error ?? new Error("the HTTP/2 session closed");
      for (const w of entry.pending.splice(0)) {
        w.queue = undefined;
        w.reject(cause);
      }
      this.serveWaiting();
    };
    session.on("goaway", () => {
      this.forget(entry);
      for (const w of entry.pending.splice(0)) this.place(w);
    });
    session.on("error", leave);
    session.on("close", () => {
      clearInterval(entry.pinger);
      leave();
    });
    session.unref();
    return entry;
  }
}

function abortError(): Error {
  return Object.assign(new Error("aborted"), { name: "AbortError" });
}
