// A small raw-JSON Kubernetes client: objects stay exactly as the API serves them (the events
// stream forwards them verbatim), and one transport serves get, list, watch and log streams with
// timeouts and errors we control. Credentials come from the KubeConfig.
//
// Two connection budgets, each multiplexed over a few HTTP/2 sessions (http2-pool.ts: the
// apiserver takes ~100 streams per connection): ordinary calls (at most 4 sessions), and watches
// and log streams (64), so thousands of watches cost tens of TLS connections, not thousands. A
// server that does not speak HTTP/2 (ALPN), and plain-HTTP servers unless `http2` asks for h2c,
// get HTTP/1.1: calls on a keep-alive agent, streams on a second agent, one socket each.
import https from "node:https";
import http from "node:http";
import http2 from "node:http2";
import type { Readable } from "node:stream";
import { KubernetesApiError, KubernetesUnavailableError } from "./errors.ts";
import { Http2Pool, perSessionStreams } from "./http2-pool.ts";
import type { KubeCredentials } from "./kubeconfig.ts";
import { withIdentity, type IdentityHeaders } from "./request-options.ts";

export type Query = Record<string, string | number | boolean | undefined>;

export interface KubeList<T> {
  items: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

export interface WatchEvent<T> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: T;
}

export interface WatchHandle {
  /** Resolves when the watch ends: null when the server closed it, else the error. */
  done: Promise<Error | null>;
  abort(): void;
}

/**
 * Per-call identity: extra headers such as Impersonate-User (Impersonate-Group repeats, hence
 * arrays) or a caller's own Authorization. Without it a call uses the server's identity.
 */
export interface CallIdentity {
  headers?: IdentityHeaders;
}

/** Open connections to the API server, per connection budget (benchmarks, tests). */
export interface SocketCounts {
  /** Ordinary calls (get, list, post, send): sockets of the HTTP/1.1 agent. */
  calls: number;
  /** Long-lived responses (watches, log streams): TCP connections, HTTP/2 sessions included. */
  streams: number;
  /** Of `streams`, the HTTP/2 sessions. */
  sessions?: number;
  /** Watches and log streams open now (on sessions or sockets), and those waiting for room. */
  openStreams?: number;
  waitingStreams?: number;
}

/** How many watches and log streams the client can hold at once, and how many it holds. */
export interface StreamBudget {
  limit: number;
  open: number;
}

export interface KubeClientOptions {
  /** At most this many sockets for ordinary calls. Default 64. */
  maxCallSockets?: number;
  /** At most this many sockets for watches and log streams over HTTP/1.1. Default 1024. */
  maxStreamSockets?: number;
  /**
   * Watches and log streams over HTTP/2: default true for https: servers (falling back to
   * HTTP/1.1 when the server does not offer h2), false for http: ones (true: h2c).
   */
  http2?: boolean;
  /** At most this many HTTP/2 sessions for watches and log streams. Default 64. */
  maxStreamSessions?: number;
  /**
   * Ordinary calls over HTTP/2 too (their own sessions, at most 4: a budget apart from the
   * streams'), else on the HTTP/1.1 keep-alive agent. Default true: faster in 3 of 4 alternated
   * runs (bench/README.md, watch-scale.ts); always true for h2c, false once a server turned out
   * not to offer h2.
   */
  callsOverHttp2?: boolean;
  /** An HTTP/2 session without streams closes after this long. Default 30 s. */
  sessionIdleMs?: number;
  /** PING each HTTP/2 session this often, dropping one that does not answer. Default 30 s. */
  pingIntervalMs?: number;
  /** Told once about a transport limit reached (streams waiting), or HTTP/2 not offered. */
  log?: (message: string) => void;
}

export interface KubeClient {
  readonly server: string;
  /** Sockets open to the API server now, per budget (a fake answers zeros). */
  sockets?(): SocketCounts;
  /** Room for watches and log streams (absent: unbounded, as a fake). */
  streamBudget?(): StreamBudget;
  getJson<T>(path: string, query?: Query, identity?: CallIdentity): Promise<T>;
  /** Every page of a list (limit/continue), with the resourceVersion of the first page. */
  list<T>(path: string, query?: Query, identity?: CallIdentity): Promise<KubeList<T>>;
  watch<T>(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent<T>) => void,
    identity?: CallIdentity,
  ): WatchHandle;
  /** A streaming GET (pod logs); 4xx/5xx reject with KubernetesApiError. */
  stream(
    path: string,
    query?: Query,
    identity?: CallIdentity,
  ): Promise<{ body: Readable; abort(): void }>;
  /** A POST of a JSON body (access reviews); 4xx/5xx reject with KubernetesApiError. */
  post<T>(path: string, body: unknown, identity?: CallIdentity): Promise<T>;
  /** Any request, answered with its status and text whatever the status (the write side maps them). */
  send(
    method: string,
    path: string,
    options?: SendOptions,
  ): Promise<{ status: number; text: string }>;
  close(): void;
}

export interface SendOptions {
  body?: unknown;
  /** Of the JSON body: application/json, a merge patch, a server-side apply… */
  contentType?: string;
  query?: Query;
  identity?: CallIdentity;
}

const REQUEST_TIMEOUT_MS = 10_000;

function urlOf(server: string, path: string, query: Query = {}): URL {
  const url = new URL(server.replace(/\/+$/, "") + path);
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

/** The message of a Kubernetes Status body, else the start of the body. */
export function statusMessage(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { message?: string };
    if (parsed.message) return parsed.message;
  } catch {
    // not a Status object
  }
  return body.slice(0, 200) || http.STATUS_CODES[status] || "error";
}

/** A response, whichever the transport: its status and body (destroy: stop reading it). */
interface Opened {
  status: number;
  body: Readable;
  destroy(): void;
  /** Once the body is read: whether it came whole (not cut by a reset stream or a lost connection). */
  complete(): Promise<boolean>;
}

/** Headers HTTP/2 forbids (connection-specific): never sent on a session. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "host",
]);

const abortError = () => Object.assign(new Error("aborted"), { name: "AbortError" });
const isAbort = (error: unknown) => (error as { name?: string }).name === "AbortError";

/** The server does not offer HTTP/2 (ALPN refused or not negotiated). */
const NO_H2 = /no application protocol|does not offer HTTP\/2/i;

/** The TLS part of the request options: what an HTTP/2 session is opened with. */
const tlsOf = (options: https.RequestOptions) => ({
  ...(options.ca ? { ca: options.ca } : {}),
  ...(options.cert ? { cert: options.cert } : {}),
  ...(options.key ? { key: options.key } : {}),
  ...(options.pfx ? { pfx: options.pfx } : {}),
  ...(options.passphrase ? { passphrase: options.passphrase } : {}),
  ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
  ...(options.servername ? { servername: options.servername } : {}),
});

const tlsFingerprint = (options: https.RequestOptions) =>
  JSON.stringify(tlsOf(options), (_key, value: unknown) =>
    Buffer.isBuffer(value) ? value.toString("base64") : value,
  );

export async function createKubeClient(
  kc: KubeCredentials,
  clientOptions: KubeClientOptions = {},
): Promise<KubeClient> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubernetesUnavailableError("The kubeconfig has no current cluster");
  const maxSessions = clientOptions.maxStreamSessions ?? 64;
  /** HTTP/2 session pools by TLS identity (see poolFor). */
  const pools = new Map<string, Http2Pool>();
  // Re-read now and then: in-cluster service-account tokens are rotated on disk.
  let base: https.RequestOptions = {};
  let baseAt = 0;
  const refreshBase = async () => {
    if (Date.now() - baseAt < 60_000) return;
    const next: https.RequestOptions = {};
    try {
      await kc.applyToHTTPSOptions(next);
    } catch (error) {
      throw new KubernetesUnavailableError(
        `Cannot read the Kubernetes credentials: ${(error as Error).message}`,
        { cause: error },
      );
    }
    // New TLS credentials (a rotated certificate): sessions opened with the old ones take no
    // new streams and close once their streams end.
    if (baseAt !== 0 && tlsFingerprint(next) !== tlsFingerprint(base)) {
      for (const pool of pools.values()) pool.drain();
      pools.clear();
    }
    base = next;
    baseAt = Date.now();
  };
  await refreshBase();
  const server = cluster.server;
  const isHttp = server.startsWith("http:");
  const log = clientOptions.log ?? (() => undefined);
  // Two connection budgets: watches and log streams hold their stream for minutes, so sharing
  // one pool with ordinary calls lets streams starve every listing (issue 11). Each budget is
  // capped; a stream waiting for room never delays a call.
  const Agent = isHttp ? http.Agent : https.Agent;
  const callAgent = new Agent({ keepAlive: true, maxSockets: clientOptions.maxCallSockets ?? 64 });
  const maxStreamSockets = clientOptions.maxStreamSockets ?? 1024;
  const streamAgent = new Agent({ keepAlive: false, maxSockets: maxStreamSockets });
  const countSockets = (agent: http.Agent) =>
    [agent.sockets, agent.freeSockets].reduce(
      (n, pool) => n + Object.values(pool).reduce((m, list) => m + (list?.length ?? 0), 0),
      0,
    );
  let http1Streams = 0;

  // HTTP/2 sessions, one pool per TLS identity: a client certificate belongs to the connection,
  // so a call bringing its own Authorization (tokenPassthrough) must not ride a session that
  // presents the server's certificate. New credentials (a rotated certificate) drain the old pool.
  let useHttp2 = clientOptions.http2 ?? !isHttp;
  // h2c is prior knowledge: the server speaks HTTP/2 only, calls included.
  const callsOverHttp2 = isHttp ? useHttp2 : (clientOptions.callsOverHttp2 ?? true);
  const poolFor = (options: https.RequestOptions, calls: boolean): Http2Pool => {
    const tls = tlsOf(options);
    // withIdentity drops the client certificate when the caller authorizes: two kinds of sessions.
    const identity = tls.cert || tls.key || tls.pfx ? "client-certificate" : "no-certificate";
    const key = calls ? `calls:${identity}` : identity;
    let pool = pools.get(key);
    if (!pool) {
      const created = new Http2Pool({
        server,
        tls,
        maxSessions: calls ? 4 : maxSessions,
        ...(clientOptions.sessionIdleMs !== undefined
          ? { idleMs: clientOptions.sessionIdleMs }
          : {}),
        ...(clientOptions.pingIntervalMs !== undefined
          ? { pingIntervalMs: clientOptions.pingIntervalMs }
          : {}),
        onSaturated: () =>
          log(
            `every HTTP/2 session to ${server} is full (${created.capacity()} streams): new watches and log streams wait for room`,
          ),
      });
      pools.set(key, (pool = created));
    }
    return pool;
  };
  /** Sessions and streams of the call pools, or of the stream pools. */
  const poolTotals = (calls: boolean) => {
    const totals = { sessions: 0, streams: 0, waiting: 0 };
    for (const [key, pool] of pools) {
      if (key.startsWith("calls:") !== calls) continue;
      const c = pool.counts();
      totals.sessions += c.sessions;
      totals.streams += c.streams;
      totals.waiting += c.waiting;
    }
    return totals;
  };

  function unreachable(error: Error): KubernetesUnavailableError {
    return new KubernetesUnavailableError(
      `The Kubernetes API at ${server} is unreachable (${error.message.trim()})`,
      { cause: error },
    );
  }

  /** A request over HTTP/1.1: on the call agent, or one socket of the stream agent. */
  function openHttp1(
    url: URL,
    options: https.RequestOptions,
    timeoutMs: number | undefined,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Opened> {
    options.agent = signal ? streamAgent : callAgent;
    // A stream is cancellable at every stage: queued for a socket, connecting, or reading.
    if (signal) options.signal = signal;
    return new Promise<Opened>((resolve, reject) => {
      const request = (isHttp ? http : https).request(url, options, (response) =>
        resolve({
          status: response.statusCode ?? 0,
          body: response,
          destroy: () => response.destroy(),
          complete: async () => response.complete,
        }),
      );
      if (signal) {
        http1Streams++;
        request.once("close", () => http1Streams--);
      }
      if (timeoutMs !== undefined)
        request.setTimeout(timeoutMs, () =>
          request.destroy(
            Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: "ETIMEDOUT" }),
          ),
        );
      // An error before any response is a transport failure, whatever its code (refused,
      // reset, DNS, TLS, a server that does not speak HTTPS): the cluster is unreachable.
      request.on("error", (error) => reject(isAbort(error) ? abortError() : unreachable(error)));
      request.end(body);
    });
  }

  /** A request as one stream of an HTTP/2 session of the pool. */
  async function openHttp2(
    url: URL,
    options: https.RequestOptions,
    method: string,
    timeoutMs: number | undefined,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Opened> {
    // A call waits for room at most its timeout; a stream until it is aborted.
    const waitLimit = signal ? undefined : new AbortController();
    const waitTimer =
      waitLimit && timeoutMs !== undefined
        ? setTimeout(() => waitLimit.abort(), timeoutMs)
        : undefined;
    const lease = await poolFor(options, !signal)
      .acquire(signal ?? waitLimit?.signal)
      .catch((error: Error) => {
        throw isAbort(error) && signal
          ? error
          : unreachable(
              isAbort(error) ? new Error(`no HTTP/2 stream within ${timeoutMs} ms`) : error,
            );
      })
      .finally(() => clearTimeout(waitTimer));
    if (signal?.aborted) {
      lease.release();
      throw abortError();
    }
    const headers: http2.OutgoingHttpHeaders = {
      ":method": method,
      ":path": url.pathname + url.search,
    };
    for (const [name, value] of Object.entries(options.headers ?? {}))
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase()))
        headers[name.toLowerCase()] = value as string | string[];
    return new Promise<Opened>((resolve, reject) => {
      let stream: http2.ClientHttp2Stream;
      try {
        stream = lease.session.request(headers, { endStream: body === undefined });
      } catch (error) {
        lease.release();
        reject(unreachable(error as Error));
        return;
      }
      const cancel = () => stream.close(http2.constants.NGHTTP2_CANCEL);
      signal?.addEventListener("abort", cancel, { once: true });
      stream.once("close", () => {
        lease.release();
        signal?.removeEventListener("abort", cancel);
        // Closed before any response (reset, refused, session gone): settles the promise.
        reject(
          signal?.aborted
            ? abortError()
            : unreachable(new Error(`stream reset before a response (code ${stream.rstCode})`)),
        );
      });
      if (timeoutMs !== undefined)
        stream.setTimeout(timeoutMs, () =>
          stream.destroy(
            Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: "ETIMEDOUT" }),
          ),
        );
      stream.on("error", (error) =>
        reject(signal?.aborted || isAbort(error) ? abortError() : unreachable(error)),
      );
      stream.once("response", (responseHeaders) =>
        resolve({
          status: Number(responseHeaders[":status"] ?? 0),
          body: stream,
          destroy: () => stream.close(http2.constants.NGHTTP2_CANCEL),
          // A stream reset (session gone: Node still ends the readable side) is not an end.
          // rstCode is known once the stream is closed, which may follow the end of its data.
          complete: async () => {
            if (!stream.closed) await new Promise((resolve) => stream.once("close", resolve));
            return stream.readableEnded && stream.rstCode === http2.constants.NGHTTP2_NO_ERROR;
          },
        }),
      );
      if (body !== undefined) stream.end(body);
    });
  }

  async function open(
    path: string,
    query: Query | undefined,
    identity: CallIdentity | undefined,
    timeoutMs: number | undefined,
    body?: string,
    method = body === undefined ? "GET" : "POST",
    contentType = "application/json",
    stream?: AbortController,
  ): Promise<Opened> {
    await refreshBase();
    const url = urlOf(server, path, query);
    const options = withIdentity(
      {
        ...base,
        headers: {
          ...(base.headers as Record<string, string> | undefined),
          accept: "application/json",
          ...(body !== undefined
            ? { "content-type": contentType, "content-length": String(Buffer.byteLength(body)) }
            : {}),
        },
      },
      identity?.headers,
    );
    options.method = method;
    const signal = stream?.signal;
    if (!useHttp2 || (!stream && !callsOverHttp2))
      return openHttp1(url, options, timeoutMs, body, signal);
    try {
      return await openHttp2(url, options, method, timeoutMs, body, signal);
    } catch (error) {
      if (isAbort(error)) throw error;
      // No HTTP/2 on this server: streams go over HTTP/1.1 from now on.
      if (NO_H2.test(String((error as Error).message))) {
        useHttp2 = false;
        for (const pool of pools.values()) pool.close();
        pools.clear();
        log(
          `${server} does not offer HTTP/2: watches and log streams use one HTTP/1.1 socket each`,
        );
        return openHttp1(url, options, timeoutMs, body, signal);
      }
      // A session that went away under a new stream (GOAWAY, a reset connection): once more, on
      // another session, when repeating is safe (a GET: every stream, most calls).
      const code = ((error as Error).cause as { code?: string } | undefined)?.code;
      if (method !== "GET" || code === "ETIMEDOUT") throw error;
      return await openHttp2(url, options, method, timeoutMs, body, signal);
    }
  }

  async function readAll(response: Opened): Promise<string> {
    response.body.setEncoding("utf8");
    let text = "";
    for await (const chunk of response.body) text += chunk as string;
    return text;
  }

  async function getJson<T>(path: string, query?: Query, identity?: CallIdentity): Promise<T> {
    const response = await open(path, query, identity, REQUEST_TIMEOUT_MS);
    const text = await readAll(response);
    const status = response.status;
    if (status >= 400) throw new KubernetesApiError(status, path, statusMessage(text, status));
    return JSON.parse(text) as T;
  }

  return {
    server,
    getJson,
    async list<T>(path: string, query: Query = {}, identity?: CallIdentity) {
      const items: T[] = [];
      let first: KubeList<T> | undefined;
      let token: string | undefined;
      do {
        const page: KubeList<T> = await getJson<KubeList<T>>(
          path,
          { ...query, limit: 500, continue: token },
          identity,
        );
        first ??= page;
        items.push(...(page.items ?? []));
        token = page.metadata?.continue || undefined;
      } while (token);
      return { items, metadata: { resourceVersion: first.metadata?.resourceVersion ?? "" } };
    },
    watch<T>(
      path: string,
      query: Query,
      onEvent: (event: WatchEvent<T>) => void,
      identity?: CallIdentity,
    ): WatchHandle {
      let response: Opened | undefined;
      let aborted = false;
      const controller = new AbortController();
      const done = (async (): Promise<Error | null> => {
        try {
          response = await open(
            path,
            { ...query, watch: true },
            identity,
            undefined,
            undefined,
            "GET",
            undefined,
            controller,
          );
          if (aborted) {
            response.destroy();
            return null;
          }
          const status = response.status;
          if (status >= 400)
            return new KubernetesApiError(
              status,
              path,
              statusMessage(await readAll(response), status),
            );
          // One JSON event per line. Split by hand: readline's async iterator keeps ~16-32 kB of
          // queue per watch (thousands of watches: tens of MiB of heap, measured).
          const body = response.body;
          body.setEncoding("utf8");
          let streamError: Error | undefined;
          let partial = "";
          body.on("data", (chunk: string) => {
            partial += chunk;
            let end: number;
            while ((end = partial.indexOf("\n")) >= 0) {
              const line = partial.slice(0, end).trim();
              partial = partial.slice(end + 1);
              if (!line) continue;
              let event: WatchEvent<T>;
              try {
                event = JSON.parse(line) as WatchEvent<T>;
              } catch {
                continue; // a truncated line at disconnection
              }
              try {
                onEvent(event);
              } catch (error) {
                body.destroy(error as Error);
                return;
              }
            }
          });
          body.on("error", (error) => (streamError = error));
          // 'close' follows the end, an error and a destroy alike.
          if (!body.closed) await new Promise((resolve) => body.once("close", resolve));
          if (aborted) return null;
          // Closed without its end (a reset stream, a session gone): cut, not finished.
          const cut =
            streamError ??
            ((await response.complete()) ? undefined : new Error("closed before its end"));
          return cut
            ? new KubernetesUnavailableError(`The watch on ${path} was cut (${cut.message})`, {
                cause: cut,
              })
            : null;
        } catch (error) {
          if (aborted) return null;
          if (error instanceof KubernetesApiError || error instanceof KubernetesUnavailableError)
            return error;
          // Reading failed (a reset connection or stream): cut.
          return new KubernetesUnavailableError(
            `The watch on ${path} was cut (${(error as Error).message})`,
            { cause: error },
          );
        }
      })();
      return {
        done,
        abort() {
          aborted = true;
          controller.abort();
          response?.destroy();
        },
      };
    },
    async stream(path: string, query?: Query, identity?: CallIdentity) {
      const controller = new AbortController();
      const response = await open(
        path,
        query,
        identity,
        undefined,
        undefined,
        "GET",
        undefined,
        controller,
      );
      const status = response.status;
      if (status >= 400)
        throw new KubernetesApiError(status, path, statusMessage(await readAll(response), status));
      return {
        body: response.body,
        abort: () => {
          controller.abort();
          response.destroy();
        },
      };
    },
    async post<T>(path: string, body: unknown, identity?: CallIdentity): Promise<T> {
      const response = await open(
        path,
        undefined,
        identity,
        REQUEST_TIMEOUT_MS,
        JSON.stringify(body),
      );
      const text = await readAll(response);
      const status = response.status;
      if (status >= 400) throw new KubernetesApiError(status, path, statusMessage(text, status));
      return JSON.parse(text) as T;
    },
    async send(method, path, { body, contentType, query, identity } = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const response = await open(
        path,
        query,
        identity,
        REQUEST_TIMEOUT_MS,
        payload,
        method,
        contentType,
      );
      return { status: response.status, text: await readAll(response) };
    },
    sockets: () => {
      const h2 = poolTotals(false);
      const calls = poolTotals(true);
      return {
        calls: countSockets(callAgent) + calls.sessions,
        streams: countSockets(streamAgent) + h2.sessions,
        sessions: h2.sessions + calls.sessions,
        openStreams: h2.streams + http1Streams,
        waitingStreams: h2.waiting,
      };
    },
    streamBudget: () => {
      const h2 = poolTotals(false);
      // The server identity's sessions: what the watch caches use.
      const limit = useHttp2
        ? ((pools.get("client-certificate") ?? pools.get("no-certificate"))?.capacity() ??
          maxSessions * perSessionStreams(100))
        : maxStreamSockets;
      return { limit, open: h2.streams + h2.waiting + http1Streams };
    },
    close() {
      callAgent.destroy();
      streamAgent.destroy();
      for (const pool of pools.values()) pool.close();
      pools.clear();
    },
  };
}
