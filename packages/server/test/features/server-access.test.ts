// Chart RBAC (issue 15): the server reads release Secrets only in project namespaces where
// onboarding bound its namespace role to it; the two settings naming that role and the server's
// ServiceAccount go together.
import { ConfigError } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { serverAccessOf } from "../../src/config/process-env.ts";
import { onboard } from "../../src/features/onboarding/index.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";

const region = lifecycleConfig().regions[0]!;
const bindingPath =
  "/apis/rbac.authorization.k8s.io/v1/namespaces/user-alice/rolebindings/onyxia-server-access";
const request = {
  namespace: "user-alice",
  owner: { kind: "user", idep: "alice" },
  region,
  roles: [],
} as const;

describe("the server's access binding", () => {
  it("is applied by onboarding when configured, naming the role and the ServiceAccount", async () => {
    const kube = fakeKubernetes();
    const serverAccess = serverAccessOf({
      namespaceAccessClusterRole: "lab-onyxia-ts-namespace",
      namespaceAccessServiceAccount: "onyxia:lab-onyxia-ts",
    });
    await onboard(kube, { ...request, serverAccess });
    expect(kube.objects.get(bindingPath)).toMatchObject({
      kind: "RoleBinding",
      roleRef: { kind: "ClusterRole", name: "lab-onyxia-ts-namespace" },
      subjects: [{ kind: "ServiceAccount", name: "lab-onyxia-ts", namespace: "onyxia" }],
    });
  });

  it("is not applied without the settings", async () => {
    const kube = fakeKubernetes();
    expect(serverAccessOf({})).toBeUndefined();
    await onboard(kube, request);
    expect(kube.objects.has(bindingPath)).toBe(false);
    expect(kube.objects.has("/api/v1/namespaces/user-alice")).toBe(true);
  });

  it("refuses one setting without the other, naming both", () => {
    for (const half of [
      { namespaceAccessClusterRole: "role" },
      { namespaceAccessServiceAccount: "ns:name" },
    ]) {
      expect(() => serverAccessOf(half)).toThrow(ConfigError);
      expect(() => serverAccessOf(half)).toThrow(
        /ONYXIA_NAMESPACE_ACCESS_CLUSTER_ROLE.*ONYXIA_NAMESPACE_ACCESS_SERVICE_ACCOUNT/,
      );
    }
  });
});
