// Pods of a release as Onyxia `Task`s (reference §1.3).
import type { KubePod } from "./kube-types.ts";
import { byCodeUnits } from "../encoding/text-order.ts";

export const INSTANCE_LABEL = "app.kubernetes.io/instance";

export interface Task {
  id: string;
  status: { status: string; reason: string | null };
  containers: { name: string; ready: boolean }[];
}

const created = (pod: KubePod) => {
  const value = pod.metadata?.creationTimestamp;
  return value === undefined ? 0 : new Date(value).getTime() || 0;
};

/** Oldest first (stable by name), so tasks[0], which the web reads, does not flicker. */
export function sortPods<P extends KubePod>(pods: Iterable<P>): P[] {
  return [...pods].sort(
    (a, b) =>
      created(a) - created(b) || byCodeUnits(a.metadata?.name ?? "", b.metadata?.name ?? ""),
  );
}

export function podToTask(pod: KubePod): Task {
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  // Before the kubelet reports statuses, list the declared containers as not ready.
  const containers =
    statuses.length > 0
      ? statuses.map((c) => ({ name: c.name, ready: c.ready === true }))
      : (pod.spec?.containers ?? []).map((c) => ({ name: c.name, ready: false }));
  return {
    id: pod.metadata?.name ?? "",
    status: {
      status: pod.status?.phase ?? "Unknown",
      reason: waiting ?? pod.status?.reason ?? null,
    },
    containers,
  };
}
