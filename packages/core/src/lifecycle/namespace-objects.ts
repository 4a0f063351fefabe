// The objects Onyxia creates for a project namespace (reference §11): the Namespace (labels,
// annotations, onyxia_owner), RoleBinding full_control_namespace → ClusterRole admin, and the
// ResourceQuota onyxia-quota. Pure bodies: the server applies them.
import type { Quota, RegionServices } from "../config/region-types.ts";
import { ONYXIA_QUOTA_NAME } from "../releases/quota.ts";

export const ROLE_BINDING_NAME = "full_control_namespace";
/** An admin who edits the quota by hand adds this annotation so onboarding leaves it alone (onyxia-api#464). */
export const QUOTA_IGNORE_ANNOTATION = "onyxia_ignore";

export type NamespaceOwner = { kind: "user"; idep: string } | { kind: "group"; group: string };

export interface NamespaceSpec {
  namespace: string;
  owner: NamespaceOwner;
  services: Pick<
    RegionServices,
    "namespaceLabels" | "namespaceAnnotations" | "usernamePrefix" | "groupPrefix" | "quotas"
  >;
  /** The user's roles (sorted): the first with a role quota wins. */
  roles?: readonly string[];
  /** Epoch ms, for the onyxia_last_login_timestamp annotation. */
  now: number;
  /** Extra annotations `onyxia_<claim>` (namespaceAnnotationsDynamic). */
  dynamicAnnotations?: Record<string, string>;
}

const ownerName = (owner: NamespaceOwner) => (owner.kind === "user" ? owner.idep : owner.group);

export function namespaceObject(spec: NamespaceSpec) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: spec.namespace,
      labels: { ...spec.services.namespaceLabels, onyxia_owner: ownerName(spec.owner) },
      annotations: {
        ...spec.services.namespaceAnnotations,
        ...spec.dynamicAnnotations,
        onyxia_last_login_timestamp: String(spec.now),
      },
    },
  };
}

export function roleBindingSubject(spec: Pick<NamespaceSpec, "owner" | "services">): {
  kind: "User" | "Group";
  name: string;
} {
  return spec.owner.kind === "user"
    ? { kind: "User", name: (spec.services.usernamePrefix ?? "") + spec.owner.idep }
    : { kind: "Group", name: (spec.services.groupPrefix ?? "") + spec.owner.group };
}

/**
 * The server's own access to a project namespace, bound at onboarding: its ServiceAccount gets a
 * ClusterRole (the chart's `<release>-namespace`: release Secrets) in this namespace only, so the
 * server's cluster-wide role never includes reading Secrets.
 */
export interface ServerAccess {
  clusterRole: string;
  serviceAccount: { namespace: string; name: string };
}

export const SERVER_ACCESS_BINDING_NAME = "onyxia-server-access";

export function serverAccessRoleBinding(namespace: string, access: ServerAccess) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: {
      name: SERVER_ACCESS_BINDING_NAME,
      namespace,
      labels: { createdby: "onyxia" },
    },
    roleRef: {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: access.clusterRole,
    },
    subjects: [{ kind: "ServiceAccount", ...access.serviceAccount }],
  };
}

export function roleBindingObject(spec: NamespaceSpec) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: {
      name: ROLE_BINDING_NAME,
      namespace: spec.namespace,
      labels: { createdby: "onyxia" },
    },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", ...roleBindingSubject(spec) }],
  };
}

/** The quota the region gives this owner, or undefined when quotas are off for that owner kind. */
export function quotaFor(
  spec: Pick<NamespaceSpec, "owner" | "services" | "roles">,
): Quota | undefined {
  const q = spec.services.quotas;
  if (spec.owner.kind === "group") return q.groupEnabled ? q.group : undefined;
  if (!q.userEnabled) return undefined;
  for (const role of spec.roles ?? []) {
    const byRole = q.roles?.[role];
    if (byRole) return byRole;
  }
  return q.user;
}

export function resourceQuotaObject(spec: NamespaceSpec) {
  const quota = quotaFor(spec);
  if (!quota || Object.keys(quota).length === 0) return undefined;
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: {
      name: ONYXIA_QUOTA_NAME,
      namespace: spec.namespace,
      labels: { createdby: "onyxia" },
    },
    spec: { hard: Object.fromEntries(Object.entries(quota).map(([k, v]) => [k, String(v)])) },
  };
}
