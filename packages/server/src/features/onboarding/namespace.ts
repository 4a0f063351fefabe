// Project namespaces (reference §11): created lazily at the first launch when the region allows
// it, or by onboarding, with the RoleBinding and the quota. An existing quota annotated
// `onyxia_ignore` is left as the admin set it (onyxia-api#464).
import {
  lifecycleCommands,
  namespaceObject,
  ONYXIA_QUOTA_NAME,
  QUOTA_IGNORE_ANNOTATION,
  resourceQuotaObject,
  roleBindingObject,
  roleBindingSubject,
  ROLE_BINDING_NAME,
  SERVER_ACCESS_BINDING_NAME,
  serverAccessRoleBinding,
  type ServerAccess,
  type NamespaceOwner,
  type NamespaceSpec,
  type Region,
} from "@onyxia-ts/core";
import { ConflictError, InvalidError, NotFoundError } from "../../domain/errors.ts";
import type { KubeObject, KubernetesPort } from "../../platform/ports.ts";

const KNOWN_TTL_MS = 60_000;
const known = new WeakMap<KubernetesPort, Map<string, number>>();
const checking = new WeakMap<KubernetesPort, Map<string, Promise<{ created: boolean }>>>();

export interface NamespaceRequest {
  namespace: string;
  owner: NamespaceOwner;
  region: Region;
  roles: readonly string[];
  /** The caller's claims, for `namespaceAnnotationsDynamic` (annotations `onyxia_<claim>`). */
  attributes?: Readonly<Record<string, unknown>>;
  /** The server's own binding in the namespace (its release Secrets); unset: none. */
  serverAccess?: ServerAccess | undefined;
}

// Annotation keys are qualified names: claims that cannot make one are skipped.
const ANNOTATION_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,53}[A-Za-z0-9])?$/;

function dynamicAnnotations(r: NamespaceRequest): Record<string, string> {
  const dynamic = r.region.services.namespaceAnnotationsDynamic;
  if (!dynamic.enabled || !r.attributes) return {};
  const out: Record<string, string> = {};
  for (const claim of dynamic.userAttributes) {
    const value = r.attributes[claim];
    if (value === undefined || value === null || !ANNOTATION_NAME.test(claim)) continue;
    out[`onyxia_${claim}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

const spec = (r: NamespaceRequest): NamespaceSpec => ({
  namespace: r.namespace,
  owner: r.owner,
  services: r.region.services,
  roles: r.roles,
  now: Date.now(),
  dynamicAnnotations: dynamicAnnotations(r),
});

export const namespaceCommands = (r: NamespaceRequest) => [
  lifecycleCommands.createNamespace(r.namespace),
  lifecycleCommands.createRoleBinding(r.namespace, roleBindingSubject(spec(r))),
];

/**
 * Applies the namespace, the RoleBinding, the server's access binding (when configured) and
 * (unless the admin marked it) the quota.
 */
async function applyNamespace(kube: KubernetesPort, r: NamespaceRequest): Promise<void> {
  const s = spec(r);
  const ns = encodeURIComponent(r.namespace);
  await kube.apply(`/api/v1/namespaces/${ns}`, namespaceObject(s));
  await kube.apply(
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${ROLE_BINDING_NAME}`,
    roleBindingObject(s),
  );
  if (r.serverAccess)
    await kube.apply(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${SERVER_ACCESS_BINDING_NAME}`,
      serverAccessRoleBinding(r.namespace, r.serverAccess),
    );
  const quota = resourceQuotaObject(s);
  if (quota) {
    const path = `/api/v1/namespaces/${ns}/resourcequotas/${ONYXIA_QUOTA_NAME}`;
    const existing = await kube.get<KubeObject>(path);
    if (existing?.metadata?.annotations?.[QUOTA_IGNORE_ANNOTATION] === undefined)
      await kube.apply(path, quota);
  }
}

/** For a launch: nothing if the namespace exists; creates it when allowed; else 404. */
export function ensureNamespace(
  kube: KubernetesPort,
  r: NamespaceRequest,
): Promise<{ created: boolean }> {
  let seen = known.get(kube);
  if (!seen) known.set(kube, (seen = new Map()));
  if ((seen.get(r.namespace) ?? 0) > Date.now()) return Promise.resolve({ created: false });
  // One check at a time per namespace: a burst of launches arriving when the entry has expired
  // (or before the first one) waits for one GET instead of each sending its own, and ahead of
  // their helm processes (50 at once took 0.2–0.8 s at load 15 on the shared stack).
  let pending = checking.get(kube);
  if (!pending) checking.set(kube, (pending = new Map()));
  const inFlight = pending.get(r.namespace);
  if (inFlight) return inFlight;
  const check = checkNamespace(kube, r, seen).finally(() => pending.delete(r.namespace));
  pending.set(r.namespace, check);
  return check;
}

async function checkNamespace(
  kube: KubernetesPort,
  r: NamespaceRequest,
  seen: Map<string, number>,
): Promise<{ created: boolean }> {
  const existing = await kube.get(`/api/v1/namespaces/${encodeURIComponent(r.namespace)}`);
  if (!existing) {
    const services = r.region.services;
    if (services.singleNamespace || !services.allowNamespaceCreation) {
      throw new NotFoundError(
        `Namespace ${r.namespace} does not exist, and this region does not create namespaces (allowNamespaceCreation is false)`,
        { title: "Namespace not found" },
      );
    }
    await applyNamespace(kube, r);
  }
  seen.set(r.namespace, Date.now() + KNOWN_TTL_MS);
  return { created: !existing };
}

/** POST /onboarding: creates or refreshes the namespace. 409 in singleNamespace, 400 when creation is off. */
export async function onboard(
  kube: KubernetesPort,
  r: NamespaceRequest,
): Promise<{ created: boolean }> {
  const services = r.region.services;
  if (services.singleNamespace)
    throw new ConflictError("This region uses a single namespace: there is nothing to onboard", {
      title: "Namespace already exists",
    });
  if (!services.allowNamespaceCreation)
    throw new InvalidError(
      "This region does not create namespaces (allowNamespaceCreation is false)",
      { title: "Onboarding disabled" },
    );
  const existed =
    (await kube.get(`/api/v1/namespaces/${encodeURIComponent(r.namespace)}`)) !== undefined;
  await applyNamespace(kube, r);
  return { created: !existed };
}
