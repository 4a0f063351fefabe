// The Kubernetes calls the write side needs (get, create, server-side apply, merge patch,
// delete, list) over the region's KubeConfig — the same cluster and identity as the read side's
// client (kubernetes/kubeconfig.ts), which only reads.
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import {
  isNetworkError,
  KubernetesApiError,
  KubernetesUnavailableError,
} from "../kubernetes/index.ts";
import { withIdentity } from "../kubernetes/request-options.ts";

export const FIELD_MANAGER = "onyxia";
const TIMEOUT_MS = 15_000;

export interface KubeWriter {
  /** The object, or undefined on 404. */
  get<T = KubeObject>(path: string): Promise<T | undefined>;
  list<T = KubeObject>(path: string, query?: Record<string, string>): Promise<T[]>;
  create<T = KubeObject>(collectionPath: string, body: unknown): Promise<T>;
  /** Server-side apply (force: we own these fields). */
  apply<T = KubeObject>(path: string, body: unknown): Promise<T>;
  mergePatch<T = KubeObject>(path: string, patch: unknown): Promise<T>;
  /** True when something was deleted, false on 404. */
  remove(path: string): Promise<boolean>;
  /** The same writer sending extra headers (Impersonate-User, or a user's bearer token). */
  withHeaders(headers: Record<string, string | string[]>): KubeWriter;
  close(): void;
}

export interface KubeObject {
  metadata?: {
    name?: string;
    uid?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    ownerReferences?: unknown[];
  };
  [key: string]: unknown;
}

function message(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { message?: string };
    if (parsed.message) return parsed.message;
  } catch {
    // not a Status
  }
  return body.slice(0, 200) || http.STATUS_CODES[status] || "error";
}

export async function createKubeWriter(kc: KubeConfig): Promise<KubeWriter> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubernetesUnavailableError("The kubeconfig has no current cluster");
  const base: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  const isHttp = cluster.server.startsWith("http:");
  const agent = isHttp ? undefined : new https.Agent({ keepAlive: true, maxSockets: 64 });
  return writer(cluster.server, base, isHttp, agent, {});
}

function writer(
  server: string,
  base: https.RequestOptions,
  isHttp: boolean,
  agent: https.Agent | undefined,
  extraHeaders: Record<string, string | string[]>,
): KubeWriter {
  const cluster = { server };

  function call(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
    query: Record<string, string> = {},
  ) {
    const url = new URL(cluster.server.replace(/\/+$/, "") + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // The caller's identity headers (caller.kube → kubeRequestHeaders); a caller's own token
    // also drops the server's client certificate.
    const options = withIdentity(
      {
        ...base,
        headers: {
          ...(base.headers as Record<string, string> | undefined),
          accept: "application/json",
          ...(payload !== undefined
            ? { "content-type": contentType, "content-length": String(Buffer.byteLength(payload)) }
            : {}),
        },
      },
      extraHeaders,
    );
    options.agent = agent;
    options.method = method;
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = (isHttp ? http : https).request(url, options, (response) => {
        response.setEncoding("utf8");
        let text = "";
        response.on("data", (c: string) => (text += c));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        response.on("error", reject);
      });
      request.setTimeout(TIMEOUT_MS, () =>
        request.destroy(
          Object.assign(new Error(`timeout after ${TIMEOUT_MS} ms`), { code: "ETIMEDOUT" }),
        ),
      );
      request.on("error", (error) =>
        reject(
          isNetworkError(error)
            ? new KubernetesUnavailableError(
                `The Kubernetes API at ${cluster.server} is unreachable (${error.message})`,
                { cause: error },
              )
            : error,
        ),
      );
      request.end(payload);
    });
  }

  async function json<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
    query?: Record<string, string>,
  ): Promise<T> {
    const r = await call(method, path, body, contentType, query);
    if (r.status >= 400) throw new KubernetesApiError(r.status, path, message(r.text, r.status));
    return JSON.parse(r.text) as T;
  }

  return {
    async get<T>(path: string) {
      const r = await call("GET", path);
      if (r.status === 404) return undefined;
      if (r.status >= 400) throw new KubernetesApiError(r.status, path, message(r.text, r.status));
      return JSON.parse(r.text) as T;
    },
    async list<T>(path: string, query: Record<string, string> = {}) {
      return (await json<{ items?: T[] }>("GET", path, undefined, undefined, query)).items ?? [];
    },
    create: <T>(path: string, body: unknown) => json<T>("POST", path, body),
    apply: <T>(path: string, body: unknown) =>
      json<T>("PATCH", path, body, "application/apply-patch+yaml", {
        fieldManager: FIELD_MANAGER,
        force: "true",
      }),
    mergePatch: <T>(path: string, patch: unknown) =>
      json<T>("PATCH", path, patch, "application/merge-patch+json"),
    async remove(path: string) {
      const r = await call("DELETE", path);
      if (r.status === 404) return false;
      if (r.status >= 400) throw new KubernetesApiError(r.status, path, message(r.text, r.status));
      return true;
    },
    withHeaders: (headers) => writer(server, base, isHttp, agent, { ...extraHeaders, ...headers }),
    close: () => agent?.destroy(),
  };
}
