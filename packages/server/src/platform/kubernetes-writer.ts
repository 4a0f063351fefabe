// The KubernetesPort adapter (get, create, server-side apply, merge patch, delete, list), a thin
// layer over the region's client (kubernetes/client.ts): one transport, one credential refresh,
// one way to apply the caller's identity.
import {
  KubernetesApiError,
  statusMessage,
  type KubeClient,
  type SendOptions,
} from "../kubernetes/index.ts";
import type { IdentityHeaders } from "../kubernetes/request-options.ts";
import type { DeletePreconditions, KubernetesPort } from "./ports.ts";

export const FIELD_MANAGER = "onyxia";

/** The port over `client`; closing it does not close the client (the region platform owns it). */
export function kubernetesWriter(client: KubeClient): KubernetesPort {
  return writer(client, {}, () => undefined);
}

function writer(client: KubeClient, headers: IdentityHeaders, close: () => void): KubernetesPort {
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
    async remove(path: string, preconditions?: DeletePreconditions) {
      const r = await send(
        "DELETE",
        path,
        preconditions
          ? { body: { apiVersion: "v1", kind: "DeleteOptions", preconditions } }
          : undefined,
      );
      if (r.status === 404) return false;
      if (r.status >= 400)
        throw new KubernetesApiError(r.status, path, statusMessage(r.text, r.status));
      return true;
    },
    withHeaders: (more) => writer(client, { ...headers, ...more }, close),
    close,
  };
}
