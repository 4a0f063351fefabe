// The Kubernetes client of a bench's API process, chosen by environment so one bench compares
// transports in one run: BENCH_KUBE_TRANSPORT=http1 puts watches and log streams on one HTTP/1.1
// socket each (as before HTTP/2), BENCH_KUBE_CALLS=http2 puts ordinary calls on HTTP/2 sessions.
// Unset: the server's own default client (no override).
import {
  createKubeClient,
  loadKubeconfigFiles,
  type KubeClient,
} from "../../packages/server/src/kubernetes/index.ts";

export async function benchKubeClients(
  regionId: string,
): Promise<{ clients?: Record<string, KubeClient> }> {
  const transport = process.env["BENCH_KUBE_TRANSPORT"];
  const calls = process.env["BENCH_KUBE_CALLS"];
  if (!transport && !calls) return {};
  const client = await createKubeClient(loadKubeconfigFiles([String(process.env["KUBECONFIG"])]), {
    http2: transport !== "http1",
    callsOverHttp2: calls === "http2",
  });
  return { clients: { [regionId]: client } };
}
