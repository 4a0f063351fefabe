// The namespace the server itself runs in: where every user's services go in singleNamespace mode.
import { readFileSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";

const IN_CLUSTER_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

/** ONYXIA_NAMESPACE, else the pod's namespace, else the current kubeconfig context's, else "default". */
export function detectOwnNamespace(env: Record<string, string | undefined> = process.env): string {
  if (env.ONYXIA_NAMESPACE) return env.ONYXIA_NAMESPACE;
  try {
    const inCluster = readFileSync(IN_CLUSTER_NAMESPACE_FILE, "utf8").trim();
    if (inCluster) return inCluster;
  } catch {
    // Not in a pod.
  }
  try {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
    if (context?.namespace) return context.namespace;
  } catch {
    // No usable kubeconfig: fall through.
  }
  return "default";
}
