// Benchmarks create namespaces full of pods on the shared fake (KWOK) nodes. Deleting the
// namespace is not enough: KWOK finishes the pods' graceful deletion, and if it is stopped (the
// bench stops the stack it started) or slow, the namespace stays Terminating with its pods and
// fills the nodes for everyone. So: delete, force-delete what lingers, wait until it is gone.
// Also on Ctrl-C / SIGTERM, which would otherwise skip the benches' `finally`.
import type { Kube } from "../../stack/lib/testing/kube.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes the namespace and waits (up to timeoutMs) until Kubernetes has removed it. */
export async function deleteNamespaceFully(
  admin: Kube,
  namespace: string,
  timeoutMs = 60_000,
): Promise<boolean> {
  const path = `/api/v1/namespaces/${namespace}`;
  await admin.remove(path);
  const started = Date.now();
  let forced = false;
  while (Date.now() - started < timeoutMs) {
    // A busy API server can time a request out: that is a reason to try again, not to give up
    // (and leave the namespace's pods on the shared nodes).
    try {
      if ((await admin.request("GET", path)).status === 404) return true;
      if (!forced && Date.now() - started > 3_000) {
        // Grace period 0: no kubelet needs to confirm, the pods go at once.
        await admin.request("DELETE", `${path}/pods?gracePeriodSeconds=0`);
        forced = true;
      }
    } catch (error) {
      console.error(`deleting namespace ${namespace}: ${(error as Error).message}; retrying`);
    }
    await sleep(500);
  }
  console.error(
    `namespace ${namespace} is still there after ${timeoutMs} ms: delete it with kubectl`,
  );
  return false;
}

/** Runs `cleanup` once: at the end (call the returned function) or on SIGINT/SIGTERM (then exits). */
export function cleanupOnExit(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () =>
    (done ??= cleanup().catch((error: unknown) => console.error("cleanup failed:", error)));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`${signal}: cleaning up before exiting`);
      void once().then(() => process.exit(130));
    });
  }
  return once;
}
