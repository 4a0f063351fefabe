// The caller as the write features need it: the request's caller plus the region's Kubernetes
// port with the server's rights (namespaces, RoleBindings, quotas), the same port carrying the
// caller's rights (their releases), and helm's identity.
import type { ServerAccess } from "@onyxia-ts/core";
import type { Caller } from "../domain/caller.ts";
import type { HelmIdentity } from "../helm/index.ts";
import { KubernetesUnavailableError } from "../kubernetes/index.ts";
import { kubeRequestHeaders } from "../user/index.ts";
import type { Platform } from "./compose.ts";
import { helmIdentityFor } from "./helm-identity.ts";
import type { KubernetesPort } from "./ports.ts";

export interface ActingCaller extends Caller {
  /** Kubernetes with the server's identity (users cannot create namespaces). */
  server: KubernetesPort;
  /** Kubernetes calls on the caller's releases, with the caller's rights (impersonation or token). */
  asCaller: KubernetesPort;
  /** Helm's identity for the caller (flags, token environment, the region's kubeconfig). */
  identity: HelmIdentity;
  /** What onboarding binds for the server in the namespace (Platform.serverAccess). */
  serverAccess?: ServerAccess | undefined;
}

/** `caller` with its region's ports. */
export function actingCallerWith(
  caller: Caller,
  server: KubernetesPort,
  kubeconfig: string | undefined,
  serverAccess?: ServerAccess,
): ActingCaller {
  return {
    ...caller,
    server,
    asCaller: server.withHeaders(kubeRequestHeaders(caller.kube)),
    identity: helmIdentityFor(caller.region, caller.kube, kubeconfig),
    serverAccess,
  };
}

export async function actingCaller(caller: Caller, platform: Platform): Promise<ActingCaller> {
  try {
    const region = await platform.region(caller.region);
    return actingCallerWith(caller, region.kube, region.kubeconfig, platform.serverAccess);
  } catch (error) {
    // No cluster configured: what needs none (validation, dry runs) still works; the rest fails
    // with this error at its first Kubernetes call.
    if (!(error instanceof KubernetesUnavailableError)) throw error;
    return actingCallerWith(caller, unavailable(error), undefined, platform.serverAccess);
  }
}

function unavailable(error: KubernetesUnavailableError): KubernetesPort {
  const fail = () => Promise.reject(error);
  const kube: KubernetesPort = {
    get: fail,
    list: fail,
    create: fail,
    apply: fail,
    mergePatch: fail,
    remove: fail,
    withHeaders: () => kube,
    close: () => undefined,
  };
  return kube;
}

/**
 * An admin acting on any project's service (the admin view, once the admin role is checked): the
 * server's own identity, since the admin has no Kubernetes rights in other users' namespaces.
 * Events and the audit trail still name the admin (`caller.user`).
 */
export function actingAsServer(caller: Caller, platform: Platform): Promise<ActingCaller> {
  return actingCaller({ ...caller, kube: { mode: "serviceAccount" } }, platform);
}
