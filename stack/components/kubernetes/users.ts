// Identities of the local cluster. People get static bearer tokens (the apiserver's
// --token-auth-file) so tests can act as them without the OIDC provider; the admin
// (group system:masters) can also impersonate anyone.

export interface ClusterUser {
  name: string;
  groups: string[];
}

/** Test people: none of them has any RoleBinding until a test or the app creates one. */
export const PEOPLE: readonly ClusterUser[] = [
  { name: "alice", groups: ["onyxia-users", "team-alpha"] },
  { name: "bob", groups: ["onyxia-users", "team-alpha"] },
  { name: "carol", groups: ["onyxia-users"] },
];

/** The control plane's own clients; the RBAC bootstrap policy already binds these names. */
export const SYSTEM_USERS = {
  admin: { name: "stack-admin", groups: ["system:masters"] },
  controllerManager: { name: "system:kube-controller-manager", groups: [] },
  scheduler: { name: "system:kube-scheduler", groups: [] },
  kwok: { name: "kwok-controller", groups: ["system:masters"] },
} as const satisfies Record<string, ClusterUser>;
