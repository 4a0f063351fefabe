// The Onyxia-compatible `Service` (reference §1.3), plus `state`, `stateReason`, `problems`
// and `orphan` (a release without an Onyxia secret, shown so it can be deleted: onyxia#1011).
import type { AdminNotice } from "../api/admin.ts";
import type { ServiceIdle } from "../idle/view.ts";
import { controllerHealth, type HealthCheckResult } from "./health.ts";
import type { KubeEvent, KubePod, KubeWorkload } from "./kube-types.ts";
import type { ControllerRef } from "./manifest.ts";
import type { OnyxiaReleaseMeta } from "./onyxia-secret.ts";
import { eventProblems, podProblems, workloadProblems, type ServiceProblem } from "./problems.ts";
import type { ReleaseDigest } from "./release-digest.ts";
import { serviceState, stateReason, type ServiceState } from "./state.ts";
import { podToTask, sortPods, type Task } from "./tasks.ts";
import { byCodeUnits } from "../encoding/text-order.ts";

export interface Service {
  id: string;
  name: string;
  instances: number;
  cpus: number;
  mem: number;
  status: string;
  urls: string[];
  internalUrls: string[];
  env: Record<string, string>;
  tasks: Task[];
  subtitle: string;
  monitoring: { url: string } | null;
  postInstallInstructions: string;
  namespace: string;
  revision: string;
  updated: string;
  appVersion: string;
  chart: string;
  startedAt: number;
  suspendable: boolean;
  suspended: boolean;
  catalogId: string | null;
  owner: string | null;
  friendlyName: string | null;
  share: boolean;
  labels: Record<string, string>;
  controllers: HealthCheckResult[];
  state: ServiceState;
  stateReason: string | null;
  problems: ServiceProblem[];
  orphan: boolean;
  /** The last action an administrator took on the service and why (admin view); absent if none. */
  adminNotice?: AdminNotice;
  /** Since when the service is idle (ISO), when the idle-suspend controller has measured it. */
  idleSince?: string;
  /** Idle suspend (issue 17), additive to Onyxia's shape: absent when off in the region. */
  idle?: ServiceIdle | null;
}

export interface ServiceInputs {
  digest: ReleaseDigest;
  /** The Onyxia secret's content; undefined for an orphan release. */
  meta: OnyxiaReleaseMeta | undefined;
  /** Pods labelled `app.kubernetes.io/instance=<release>`. */
  pods: KubePod[];
  workload: (ref: ControllerRef) => KubeWorkload | undefined;
  /** Warning events of the namespace (filtered here to the release's objects). */
  warningEvents?: Iterable<KubeEvent>;
  /** Region `services.monitoring.URLPattern` ($NAMESPACE, $INSTANCE). */
  monitoringPattern?: string | undefined;
  /** What the idle controller recorded (null or absent: idle suspend is off). */
  idle?: ServiceIdle | null;
}

export function monitoringUrl(
  pattern: string | undefined,
  namespace: string,
  release: string,
): string | null {
  if (!pattern) return null;
  return pattern.replaceAll("$NAMESPACE", namespace).replaceAll("$INSTANCE", release);
}

export function buildService(inputs: ServiceInputs): Service {
  const { digest, meta } = inputs;
  const pods = sortPods(inputs.pods);
  const tasks = pods.map(podToTask);
  const workloads = digest.controllers.map((ref) => inputs.workload(ref));
  const controllers = digest.controllers.map((ref, i) => controllerHealth(ref, workloads[i]));
  const problems = [
    ...controllers.flatMap((c, i) => workloadProblems(c, workloads[i])),
    ...pods.flatMap(podProblems),
    ...eventProblems(inputs.warningEvents ?? [], controllers, pods),
  ];
  if (digest.status === "failed")
    problems.unshift({
      source: "helm",
      reason: "failed",
      message: digest.description ?? "",
      blocking: true,
    });
  // A pending helm operation is normally brief; one that lasts was interrupted (the server that
  // ran helm was killed): say so, so the user knows the service can be deleted and relaunched.
  if (digest.status.startsWith("pending-"))
    problems.push({
      source: "helm",
      reason: digest.status,
      message:
        `Helm ${digest.status}${digest.description ? ` (${digest.description})` : ""}` +
        `${digest.updated ? ` since ${digest.updated}` : ""}; if it lasts, the helm command was ` +
        "interrupted: delete the service and launch it again",
      blocking: false,
    });
  const state = serviceState({
    helmStatus: digest.status,
    suspended: digest.suspended,
    tasks,
    hasControllers: digest.controllers.length > 0,
    problems,
  });
  const url = monitoringUrl(inputs.monitoringPattern, digest.namespace, digest.name);
  return {
    id: digest.name,
    name: digest.name,
    instances: 1,
    cpus: 0,
    mem: 0,
    status: digest.status,
    urls: digest.urls,
    internalUrls: [],
    env: digest.env,
    tasks,
    // onyxia-api sets both from `helm ls`'s CHART column: "<name>-<version>".
    subtitle: `${digest.chartName}-${digest.chartVersion}`,
    monitoring: url === null ? null : { url },
    postInstallInstructions: onyxiaNotes(digest.notes),
    namespace: digest.namespace,
    revision: String(digest.revision),
    updated: digest.updated,
    appVersion: digest.appVersion,
    chart: `${digest.chartName}-${digest.chartVersion}`,
    startedAt: digest.startedAt,
    suspendable: digest.suspendable,
    suspended: digest.suspended,
    catalogId: meta?.catalogId ?? null,
    owner: meta?.owner ?? null,
    friendlyName: meta?.friendlyName ?? null,
    share: meta?.share ?? false,
    labels: digest.labels,
    controllers,
    state,
    stateReason: stateReason(state, problems),
    problems,
    orphan: meta === undefined,
    ...(inputs.idle ? { idle: inputs.idle } : {}),
  };
}

/**
 * The notes as onyxia-api returns them: it runs `helm get all` and keeps everything after
 * "NOTES:", and Helm prints that section as "NOTES:\n<notes, whitespace-trimmed>\n" (only when
 * the release has notes). So: a leading and a trailing newline around the trimmed text. Without
 * notes onyxia-api sends null; we keep "" (the field is a string for our web).
 */
export function onyxiaNotes(notes: string): string {
  return notes.length > 0 ? `\n${notes.trim()}\n` : "";
}

/** Newest first (the web's order). */
export function sortServices(services: Service[]): Service[] {
  return services.sort((a, b) => b.startedAt - a.startedAt || byCodeUnits(a.id, b.id));
}
