// The service state the web shows (reference §6.2), computed once on the server.
import { isQuotaRefusal, type ServiceProblem } from "./problems.ts";
import type { Task } from "./tasks.ts";

export type ServiceState = "failed" | "starting" | "suspended" | "suspending" | "running";

export interface StateInput {
  helmStatus: string;
  suspended: boolean;
  tasks: Task[];
  /** The release declares no controller (nothing will ever run a pod). */
  hasControllers: boolean;
  problems: ServiceProblem[];
}

/**
 * §6.2, plus two deliberate differences: a release that is starting but has a blocking
 * problem (image pull error, crash loop, quota) is "failed" instead of starting forever, and
 * a release without pods or controllers (only config objects) is "running".
 */
export function serviceState(input: StateInput): ServiceState {
  if (input.helmStatus === "failed") return "failed";
  if (input.helmStatus.startsWith("pending-")) return "starting";
  if (input.suspended) return input.tasks.length === 0 ? "suspended" : "suspending";
  const first = input.tasks[0];
  if (!first && !input.hasControllers) return "running";
  if (first && first.containers.length > 0 && first.containers.every((c) => c.ready))
    return "running";
  return input.problems.some((p) => p.blocking) ? "failed" : "starting";
}

/**
 * One line for a failed or stuck service: a quota refusing its pods first (once, however many
 * objects report it), then blocking problems (Helm's description leads), then the others.
 */
export function stateReason(state: ServiceState, problems: ServiceProblem[]): string | null {
  if (state === "running" || state === "suspended") return null;
  const quota = problems.find(isQuotaRefusal);
  const others = problems.filter((p) => !isQuotaRefusal(p));
  const ordered = [...others.filter((p) => p.blocking), ...others.filter((p) => !p.blocking)];
  const parts = [
    ...(quota
      ? [
          `Quota exceeded: the namespace's ResourceQuota refuses the pods of ${quota.source} (${quota.message})`,
        ]
      : []),
    ...ordered.map((p) =>
      p.source === "helm"
        ? p.message || "Helm reports the release as failed"
        : `${p.source}: ${p.reason}${p.message ? ` (${p.message})` : ""}`,
    ),
  ].slice(0, 3);
  return parts.length > 0 ? parts.join("; ") : null;
}
