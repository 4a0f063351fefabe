// The namespace the server itself runs in: where every user's services go in singleNamespace mode.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { loadKubeconfigFiles } from "../kubernetes/kubeconfig.ts";

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
    const defaultFile = path.join(homedir(), ".kube", "config");
    const files = env.KUBECONFIG
      ? env.KUBECONFIG.split(path.delimiter).filter(Boolean)
      : existsSync(defaultFile)
        ? [defaultFile]
        : [];
    const namespace = loadKubeconfigFiles(files).currentNamespace();
    if (namespace) return namespace;
  } catch {
    // No usable kubeconfig: fall through.
  }
  return "default";
}
