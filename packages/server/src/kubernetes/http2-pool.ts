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
  idleTimer: NodeJS.Timeout | undefined;
}

interface Waiter {
  resolve: (lease: Lease) => void;
  reject: (error: Error) => void;
}

/** A slot on a session; `release()` exactly once, when the stream is closed. */
export interface Lease {
  session: http2.ClientHttp2Session;
  release(): void;
}

export class Http2Pool {
  private readonly sessions: Entry[] = [];
  private readonly waiting: Waiter[] = [];
  private closed = false;
  private saturatedSaid = false;

  constructor(private readonly options: Http2PoolOptions) {}

  /** Sessions open (or connecting) and the streams they carry. */
  counts(): { sessions: number; streams: number; waiting: number } {
    return {
      sessions: this.sessions.length,
      streams: this.sessions.reduce((n, e) => n + e.active, 0),
      waiting: this.waiting.length,
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
    const entry = this.withRoom();
    if (entry) return Promise.resolve(this.lease(entry));
    if (!this.saturatedSaid) {
      this.saturatedSaid = true;
      this.options.onSaturated?.();
    }
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.waiting.push(waiter);
      signal?.addEventListener(
        "abort",
        () => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(abortError());
        },
        { once: true },
      );
    });
  }

  /** Ends every session and stream. */
  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error("the HTTP/2 pool is closed"));
    for (const entry of this.sessions.splice(0)) {
      clearTimeout(entry.idleTimer);
      entry.session.destroy();
    }
  }

  /** Stops giving out new streams on the current sessions (new credentials): they close once drained. */
  drain(): void {
    for (const entry of this.sessions.splice(0)) {
      clearTimeout(entry.idleTimer);
      entry.session.close();
    }
  }

  private withRoom(): Entry | undefined {
    const open = this.sessions.find(
      (e) => e.active < perSessionStreams(e.remoteMax ?? ASSUMED_STREAMS),
    );
    if (open) return open;
    if (this.sessions.length < this.options.maxSessions) return this.connect();
    return undefined;
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
    while (this.waiting.length > 0) {
      const entry = this.withRoom();
      if (!entry) return;
      this.waiting.shift()?.resolve(this.lease(entry));
    }
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
    const entry: Entry = { session, active: 0, remoteMax: undefined, idleTimer: undefined };
    this.sessions.push(entry);
    session.on("connect", () => {
      // No ALPN at all (a TLS server that never heard of HTTP/2): the client knows from the caller.
      if (session.encrypted && session.alpnProtocol !== "h2")
        return session.destroy(new Error(`${this.options.server} does not offer HTTP/2 (ALPN)`));
      session.setLocalWindowSize(16 << 20);
    });
    session.on("remoteSettings", (settings) => {
      entry.remoteMax = settings.maxConcurrentStreams ?? ASSUMED_STREAMS;
      // A larger limit than assumed makes room for streams waiting in line.
      this.serveWaiting();
    });
    // Gone from the pool at the first sign of trouble; its streams see the error themselves.
    const leave = () => {
      this.forget(entry);
      this.serveWaiting();
    };
    session.on("goaway", leave);
    session.on("error", leave);
    session.on("close", leave);
    session.unref();
    return entry;
  }
}

function abortError(): Error {
  return Object.assign(new Error("aborted"), { name: "AbortError" });
}
