// Helm's identity for a request: the caller's KubeIdentity (region authenticationMode, decided in
// user/kube-identity.ts) as helm flags/environment, plus the region's kubeconfig file if any.
import type { Region } from "@onyxia-ts/core";
import type { HelmIdentity } from "../helm/index.ts";
import { helmIdentityFields, type KubeIdentity } from "../user/index.ts";

export function helmIdentityFor(
  region: Region,
  kube: KubeIdentity,
  kubeconfig: string | undefined,
): HelmIdentity {
  const fields = helmIdentityFields(kube);
  return {
    ...(kubeconfig ? { kubeconfig } : {}),
    ...fields,
    // A passed-through token talks to the region's API server, not the kubeconfig's default.
    ...(fields.token && region.services.server?.URL
      ? { apiServer: region.services.server.URL }
      : {}),
  };
}
