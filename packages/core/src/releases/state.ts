// The service state the web shows (reference §6.2), computed once on the server.
import type { ServiceProblem } from "./problems.ts";
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

/** One line for a failed or stuck service: blocking problems first (Helm's description leads). */
export function stateReason(state: ServiceState, problems: ServiceProblem[]): string | null {
  if (state === "running" || state === "suspended") return null;
  const ordered = [...problems.filter((p) => p.blocking), ...problems.filter((p) => !p.blocking)];
  const parts = ordered
    .slice(0, 3)
    .map((p) =>
      p.source === "helm"
        ? p.message || "Helm reports the release as failed"
        : `${p.source}: ${p.reason}${p.message ? ` (${p.message})` : ""}`,
    );
  return parts.length > 0 ? parts.join("; ") : null;
}
