// The Kubernetes calls the write side needs (get, create, server-side apply, merge patch,
// delete, list), as a thin layer over the read side's client (kubernetes/client.ts): one transport,
// one credential refresh, one way to apply the caller's identity.
import type { KubeConfig } from "@kubernetes/client-node";
import {
  createKubeClient,
  KubernetesApiError,
  statusMessage,
  type KubeClient,
  type SendOptions,
} from "../kubernetes/index.ts";
import type { IdentityHeaders } from "../kubernetes/request-options.ts";

export const FIELD_MANAGER = "onyxia";

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

export async function createKubeWriter(kc: KubeConfig): Promise<KubeWriter> {
  const client = await createKubeClient(kc);
  return writer(client, {}, () => client.close());
}

function writer(client: KubeClient, headers: IdentityHeaders, close: () => void): KubeWriter {
  // The caller's identity headers (caller.kube → kubeRequestHeaders); a caller's own token also
  // drops the server's client certificate (kubernetes/request-options.ts).
  const send = (method: string, path: string, options: SendOptions = {}) =>
    client.send(method, path, { ...options, identity: { headers } });

  async function json<T>(method: string, path: string, options?: SendOptions): Promise<T> {
    const r = await send(method, path, options);
    if (r.status >= 400)
      throw new KubernetesApiError(r.status, path, statusMessage(r.text, r.status));
    return JSON.parse(r.text) as T;
  }

  return {
    async get<T>(path: string) {
      const r = await send("GET", path);
      if (r.status === 404) return undefined;
      if (r.status >= 400)
        throw new KubernetesApiError(r.status, path, statusMessage(r.text, r.status));
      return JSON.parse(r.text) as T;
    },
    async list<T>(path: string, query: Record<string, string> = {}) {
      return (await json<{ items?: T[] }>("GET", path, { query })).items ?? [];
    },
    create: <T>(path: string, body: unknown) => json<T>("POST", path, { body }),
    apply: <T>(path: string, body: unknown) =>
      json<T>("PATCH", path, {
        body,
        contentType: "application/apply-patch+yaml",
        query: { fieldManager: FIELD_MANAGER, force: "true" },
      }),
    mergePatch: <T>(path: string, patch: unknown) =>
      json<T>("PATCH", path, { body: patch, contentType: "application/merge-patch+json" }),
    async remove(path: string) {
      const r = await send("DELETE", path);
      if (r.status === 404) return false;
      if (r.status >= 400)
        throw new KubernetesApiError(r.status, path, statusMessage(r.text, r.status));
      return true;
    },
    withHeaders: (more) => writer(client, { ...headers, ...more }, close),
    close,
  };
}
