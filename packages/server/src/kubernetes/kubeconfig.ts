// Which cluster and identity the server uses for a region: `services.server` (URL + token or
// basic auth), else the configured kubeconfig file(s) (`runtime.kubeconfig`, from KUBECONFIG or
// ~/.kube/config), else in-cluster (service account).
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { Region, RuntimeSettings } from "@onyxia-ts/core";
import { KubernetesUnavailableError } from "./errors.ts";

export type KubernetesSettings = Pick<
  RuntimeSettings,
  "kubeconfig" | "kubernetesServiceHost" | "kubernetesServicePort"
>;

export function kubeConfigForRegion(region: Region, settings: KubernetesSettings): KubeConfig {
  const kc = new KubeConfig();
  const server = region.services.server;
  if (server?.URL) {
    const auth = server.auth ?? {};
    kc.loadFromOptions({
      clusters: [{ name: region.id, server: server.URL, skipTLSVerify: false }],
      users: [
        {
          name: region.id,
          ...(auth.token
            ? { token: auth.token }
            : { username: auth.username, password: auth.password }),
        },
      ],
      contexts: [{ name: region.id, cluster: region.id, user: region.id }],
      currentContext: region.id,
    });
    return kc;
  }
  // Not KubeConfig.loadFromDefault: it silently falls back to http://localhost:8080.
  const files = (settings.kubeconfig ?? "").split(path.delimiter).filter(Boolean);
  try {
    if (files.length > 0) {
      kc.loadFromFile(files[0] as string);
      for (const file of files.slice(1)) {
        const other = new KubeConfig();
        other.loadFromFile(file);
        kc.mergeConfig(other);
      }
    } else if (settings.kubernetesServiceHost && settings.kubernetesServicePort) {
      // loadFromCluster reads these two variables itself.
      kc.loadFromCluster();
    }
  } catch (error) {
    throw new KubernetesUnavailableError(
      `Cannot load a kubeconfig for region "${region.id}": ${(error as Error).message}`,
    );
  }
  if (!kc.getCurrentCluster()) {
    throw new KubernetesUnavailableError(
      `No Kubernetes cluster configured for region "${region.id}": set services.server.URL in the region, ` +
        "run in a cluster, or point KUBECONFIG at a kubeconfig file",
    );
  }
  return kc;
}
