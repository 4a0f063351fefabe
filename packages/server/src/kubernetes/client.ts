// A small raw-JSON Kubernetes client over node:https: objects stay exactly as the API serves
// them (the events stream forwards them verbatim), and one transport serves get, list, watch
// and log streams with timeouts and errors we control. Credentials come from the KubeConfig.
import https from "node:https";
import http from "node:http";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { KubernetesApiError, KubernetesUnavailableError } from "./errors.ts";
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

/** Open sockets to the API server, per connection budget (benchmarks, tests). */
export interface SocketCounts {
  /** Ordinary calls: get, list, post, send. */
  calls: number;
  /** Long-lived responses: watches and log streams. */
  streams: number;
}

export interface KubeClientOptions {
  /** At most this many sockets for ordinary calls. Default 64. */
  maxCallSockets?: number;
  /** At most this many sockets for watches and log streams. Default 1024. */
  maxStreamSockets?: number;
}

export interface KubeClient {
  readonly server: string;
  /** Sockets open to the API server now, per budget (a fake answers zeros). */
  sockets?(): SocketCounts;
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

export async function createKubeClient(
  kc: KubeCredentials,
  clientOptions: KubeClientOptions = {},
): Promise<KubeClient> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubernetesUnavailableError("The kubeconfig has no current cluster");
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
    base = next;
    baseAt = Date.now();
  };
  await refreshBase();
  const server = cluster.server;
  const isHttp = server.startsWith("http:");
  // Two connection budgets: watches and log streams hold their socket for minutes, so sharing
  // one pool with ordinary calls lets streams starve every listing (issue 11). Each pool is
  // capped; a stream waiting for a socket never delays a call.
  const Agent = isHttp ? http.Agent : https.Agent;
  const callAgent = new Agent({ keepAlive: true, maxSockets: clientOptions.maxCallSockets ?? 64 });
  const streamAgent = new Agent({
    keepAlive: false,
    maxSockets: clientOptions.maxStreamSockets ?? 1024,
  });
  const countSockets = (agent: http.Agent) =>
    [agent.sockets, agent.freeSockets].reduce(
      (n, pool) => n + Object.values(pool).reduce((m, list) => m + (list?.length ?? 0), 0),
      0,
    );

  async function open(
    path: string,
    query: Query | undefined,
    identity: CallIdentity | undefined,
    timeoutMs: number | undefined,
    body?: string,
    method = body === undefined ? "GET" : "POST",
    contentType = "application/json",
    stream?: AbortController,
  ) {
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
    options.agent = stream ? streamAgent : callAgent;
    options.method = method;
    // A stream is cancellable at every stage: queued for a socket, connecting, or reading.
    if (stream) options.signal = stream.signal;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = (isHttp ? http : https).request(url, options, resolve);
      if (timeoutMs !== undefined)
        request.setTimeout(timeoutMs, () =>
          request.destroy(
            Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: "ETIMEDOUT" }),
          ),
        );
      // An error before any response is a transport failure, whatever its code (refused,
      // reset, DNS, TLS, a server that does not speak HTTPS): the cluster is unreachable.
      request.on("error", (error) =>
        reject(
          (error as { name?: string }).name === "AbortError"
            ? Object.assign(new Error("aborted"), { name: "AbortError" })
            : new KubernetesUnavailableError(
                `The Kubernetes API at ${server} is unreachable (${error.message.trim()})`,
                { cause: error },
              ),
        ),
      );
      request.end(body);
    });
  }

  async function readAll(response: http.IncomingMessage): Promise<string> {
    response.setEncoding("utf8");
    let text = "";
    for await (const chunk of response) text += chunk as string;
    return text;
  }

  async function getJson<T>(path: string, query?: Query, identity?: CallIdentity): Promise<T> {
    const response = await open(path, query, identity, REQUEST_TIMEOUT_MS);
    const text = await readAll(response);
    const status = response.statusCode ?? 0;
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
      let request: http.IncomingMessage | undefined;
      let aborted = false;
      const controller = new AbortController();
      const done = (async (): Promise<Error | null> => {
        try {
          request = await open(
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
            request.destroy();
            return null;
          }
          const status = request.statusCode ?? 0;
          if (status >= 400)
            return new KubernetesApiError(
              status,
              path,
              statusMessage(await readAll(request), status),
            );
          const lines = createInterface({ input: request, crlfDelay: Infinity });
          // readline only ends on 'end': a destroyed or reset stream would leave the loop hanging.
          let streamError: Error | undefined;
          request.on("error", (error) => {
            streamError = error;
            lines.close();
          });
          request.on("close", () => lines.close());
          for await (const line of lines) {
            if (!line) continue;
            let event: WatchEvent<T>;
            try {
              event = JSON.parse(line) as WatchEvent<T>;
            } catch {
              continue; // a truncated line at disconnection
            }
            onEvent(event);
          }
          if (aborted) return null;
          return streamError
            ? new KubernetesUnavailableError(
                `The watch on ${path} was cut (${streamError.message})`,
                { cause: streamError },
              )
            : null;
        } catch (error) {
          return aborted ? null : (error as Error);
        }
      })();
      return {
        done,
        abort() {
          aborted = true;
          controller.abort();
          request?.destroy();
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
      const status = response.statusCode ?? 0;
      if (status >= 400)
        throw new KubernetesApiError(status, path, statusMessage(await readAll(response), status));
      return {
        body: response,
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
      const status = response.statusCode ?? 0;
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
      return { status: response.statusCode ?? 0, text: await readAll(response) };
    },
    sockets: () => ({ calls: countSockets(callAgent), streams: countSockets(streamAgent) }),
    close() {
      callAgent.destroy();
      streamAgent.destroy();
    },
  };
}
