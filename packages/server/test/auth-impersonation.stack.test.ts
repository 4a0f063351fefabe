// The namespace boundary holds in Kubernetes itself, not only in our server's checks: the exact
// identity our server derives for a request (kubeIdentityFor → kubeRequestHeaders) is sent
// straight to the local apiserver. Bob's impersonated identity, and bob's own OIDC token in
// tokenPassthrough mode, cannot list pods, read logs, read secrets or delete in alice's personal
// namespace; alice's can. The namespace and RoleBinding are what Onyxia's onboarding creates.
// @stack-components kwok
import { resolveConfig } from "@onyxia-ts/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest } from "../../../stack/components/kubernetes/api.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import { kube, uniqueName } from "../../../stack/lib/testing/kube.ts";
import {
  kubeIdentityFor,
  kubeRequestHeaders,
  noAuthUser,
  type KubeIdentity,
  type User,
} from "../src/user/index.ts";

const admin = kube();
const namespace = uniqueName("user-alice");

function region(authenticationMode: string) {
  return resolveConfig({
    file: {
      name: "t.yaml",
      data: {
        authentication: { mode: "openidconnect" },
        oidc: { "issuer-uri": "https://sso.invalid", clientID: "onyxia" },
        regions: [
          {
            id: "lab",
            services: {
              singleNamespace: false,
              authenticationMode,
              usernamePrefix: "oidc-",
              groupPrefix: "oidc-",
            },
          },
        ],
      },
    },
    env: {},
  }).config.regions[0]!;
}

const person = (idep: string, groups: string[], token = ""): User => ({
  ...noAuthUser("127.0.0.1"),
  idep,
  groups,
  attributes: { access_token: token },
});

/** A call made with the server's credentials plus the request identity's headers. */
async function call(identity: KubeIdentity, method: string, path: string): Promise<number> {
  const headers = kubeRequestHeaders(identity) as Record<string, string>;
  // tokenPassthrough replaces the server's credentials entirely.
  const token = identity.mode === "tokenPassthrough" ? null : undefined;
  return (
    await apiRequest(admin.ctx, method, path, undefined, {
      headers,
      ...(token === null ? { token } : {}),
    })
  ).status;
}

beforeAll(async () => {
  await admin.create("/api/v1/namespaces", {
    metadata: { name: namespace, labels: { onyxia_owner: "alice" } },
  });
  await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
    metadata: { name: "full_control_namespace", labels: { createdby: "onyxia" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "oidc-alice" }],
  });
  for (const name of ["probe", "victim"]) {
    await admin.create(`/api/v1/namespaces/${namespace}/pods`, {
      metadata: { name },
      spec: { containers: [{ name: "main", image: "busybox:1.36" }] },
    });
  }
});

afterAll(async () => {
  await admin.remove(`/api/v1/namespaces/${namespace}`);
});

const pods = `/api/v1/namespaces/${namespace}/pods`;

describe("impersonate mode", () => {
  const impersonate = region("impersonate");
  const bob = kubeIdentityFor(person("bob", ["team-a"]), impersonate);
  const alice = kubeIdentityFor(person("alice", ["team-a", "admins"]), impersonate);

  it("derives oidc-bob / oidc-team-a, as the apiserver's OIDC prefix would", () => {
    expect(bob).toEqual({ mode: "impersonate", user: "oidc-bob", groups: ["oidc-team-a"] });
  });

  it("bob cannot list pods, read logs or secrets, nor delete in alice's namespace", async () => {
    expect(await call(bob, "GET", pods)).toBe(403);
    expect(await call(bob, "GET", `${pods}/probe/log`)).toBe(403);
    expect(await call(bob, "GET", `/api/v1/namespaces/${namespace}/secrets`)).toBe(403);
    expect(await call(bob, "DELETE", `${pods}/victim`)).toBe(403);
    expect(await call(bob, "DELETE", `/api/v1/namespaces/${namespace}`)).toBe(403);
    // The pod is still there.
    expect((await admin.request("GET", `${pods}/victim`)).status).toBe(200);
  });

  it("alice can, through the same mechanism", async () => {
    expect(await call(alice, "GET", pods)).toBe(200);
    // KWOK runs no kubelet, so the log itself may fail; authorization must not be what fails.
    expect(await call(alice, "GET", `${pods}/probe/log`)).not.toBe(403);
    expect(await call(alice, "GET", `/api/v1/namespaces/${namespace}/secrets`)).toBe(200);
    expect(await call(alice, "DELETE", `${pods}/victim`)).toBe(200);
  });
});

describe("tokenPassthrough mode", () => {
  it("bob's own OIDC token is refused in alice's namespace, alice's is accepted", async () => {
    const passthrough = region("tokenPassthrough");
    const bob = kubeIdentityFor(person("bob", ["team-a"], await getToken("bob")), passthrough);
    const alice = kubeIdentityFor(
      person("alice", ["team-a", "admins"], await getToken("alice")),
      passthrough,
    );
    expect(await call(bob, "GET", pods)).toBe(403);
    expect(await call(bob, "GET", `${pods}/probe/log`)).toBe(403);
    expect(await call(bob, "DELETE", `${pods}/probe`)).toBe(403);
    expect(await call(alice, "GET", pods)).toBe(200);
  });
});
