// Why a service is not running, from what Kubernetes reports: the Helm status description,
// pod waiting reasons, unschedulable pods, a Deployment's ReplicaFailure condition and Warning
// events on the release's objects (e.g. a controller that cannot create pods because the quota
// is exceeded, onyxia#695, issue 11).
import type { HealthCheckResult } from "./health.ts";
import type { KubeEvent, KubePod, KubeWorkload } from "./kube-types.ts";

export interface ServiceProblem {
  /** Where it was seen: "helm", "pod/<name>", "<Kind>/<name>". */
  source: string;
  reason: string;
  message: string;
  /** True when waiting will not fix it (wrong image, crash loop, quota, bad config). */
  blocking: boolean;
}

const BLOCKING_WAITING = new Set([
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "ErrImageNeverPull",
  "CrashLoopBackOff",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);
const BLOCKING_EVENTS = new Set([
  "FailedCreate",
  "FailedCreatePodSandBox",
  "FailedMount",
  "FailedAttachVolume",
]);
// Normal start-up states, not problems.
const TRANSIENT_WAITING = new Set(["ContainerCreating", "PodInitializing"]);

/** The API server's ResourceQuota admission refusing an object says "exceeded quota". */
const QUOTA_REFUSAL = /\bexceeded quota\b/i;

/** A problem that is a quota refusing the service's pods (stateReason names it first). */
export const isQuotaRefusal = (problem: ServiceProblem) =>
  problem.blocking && QUOTA_REFUSAL.test(problem.message);

/**
 * An unhealthy controller's own conditions: a Deployment whose ReplicaSet cannot create pods
 * says so in `ReplicaFailure` for as long as it lasts, where Warning events expire (an hour by
 * default), are rate-limited per object and can be missed while a watch re-lists.
 */
export function workloadProblems(
  controller: HealthCheckResult,
  workload: KubeWorkload | undefined,
): ServiceProblem[] {
  if (controller.healthy) return [];
  return (workload?.status?.conditions ?? [])
    .filter((c) => c.type === "ReplicaFailure" && c.status === "True")
    .map((c) => ({
      source: `${controller.kind}/${controller.name}`,
      reason: c.reason ?? "ReplicaFailure",
      message: c.message ?? "",
      blocking: true,
    }));
}

export function podProblems(pod: KubePod): ServiceProblem[] {
  const source = `pod/${pod.metadata?.name ?? "?"}`;
  const problems: ServiceProblem[] = [];
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const container of statuses) {
    const waiting = container.state?.waiting;
    if (!waiting?.reason || TRANSIENT_WAITING.has(waiting.reason)) continue;
    problems.push({
      source: `${source}/${container.name}`,
      reason: waiting.reason,
      message: waiting.message ?? "",
      blocking: BLOCKING_WAITING.has(waiting.reason),
    });
  }
  for (const condition of pod.status?.conditions ?? []) {
    if (condition.type === "PodScheduled" && condition.status === "False")
      problems.push({
        source,
        reason: condition.reason ?? "Unschedulable",
        message: condition.message ?? "",
        blocking: false,
      });
  }
  if (pod.status?.phase === "Failed")
    problems.push({
      source,
      reason: pod.status.reason ?? "Failed",
      message: pod.status.message ?? "",
      blocking: true,
    });
  return problems;
}

const isReady = (pod: KubePod) =>
  (pod.status?.containerStatuses ?? []).some((c) => c.ready) && podProblems(pod).length === 0;

/**
 * Warning events about the release's unhealthy controllers (and their ReplicaSets, named
 * `<deployment>-<hash>`) or its pods that are not ready; the newest per object and reason.
 */
export function eventProblems(
  events: Iterable<KubeEvent>,
  controllers: HealthCheckResult[],
  pods: KubePod[],
): ServiceProblem[] {
  const unhealthy = controllers.filter((c) => !c.healthy);
  const unreadyPods = new Set(pods.filter((p) => !isReady(p)).map((p) => p.metadata?.name));
  const concerns = (kind: string, name: string) =>
    (kind === "Pod" && unreadyPods.has(name)) ||
    unhealthy.some(
      (c) =>
        (c.kind === kind && c.name === name) ||
        (kind === "ReplicaSet" && c.kind === "Deployment" && name.startsWith(`${c.name}-`)),
    );
  const seen = new Map<string, ServiceProblem>();
  for (const event of events) {
    if (event.type !== "Warning" || !event.reason) continue;
    const kind = event.involvedObject?.kind ?? "";
    const name = event.involvedObject?.name ?? "";
    if (!concerns(kind, name)) continue;
    const source = `${kind}/${name}`;
    seen.set(`${source} ${event.reason}`, {
      source,
      reason: event.reason,
      message: event.message ?? "",
      blocking: BLOCKING_EVENTS.has(event.reason),
    });
  }
  return [...seen.values()];
}
