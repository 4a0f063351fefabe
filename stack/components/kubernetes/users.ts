// Identities of the local cluster. The test people (the OIDC provider's users, same names and
// groups) also get static bearer tokens (--token-auth-file), so tests can act as them without
// a login; the admin (group system:masters) can also impersonate anyone.
import { TEST_USERS } from "../oidc/users.ts";

export interface ClusterUser {
  name: string;
  groups: string[];
}

/** alice (team-a, admins), bob (team-a), carol (no group): no RoleBinding until one is made. */
export const PEOPLE: readonly ClusterUser[] = TEST_USERS.map((u) => ({
  name: u.username,
  groups: [...u.groups],
}));

/** The control plane's own clients; the RBAC bootstrap policy already binds the first ones. */
export const SYSTEM_USERS = {
  admin: { name: "stack-admin", groups: ["system:masters"] },
  controllerManager: { name: "system:kube-controller-manager", groups: [] },
  scheduler: { name: "system:kube-scheduler", groups: [] },
  kwok: { name: "kwok-controller", groups: ["system:masters"] },
  /** Bound by the metrics-server component to what metrics-server needs (metrics-server.ts). */
  metricsServer: { name: "metrics-server", groups: [] },
} as const satisfies Record<string, ClusterUser>;
