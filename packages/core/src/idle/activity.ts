// What counts as activity (docs/idle-suspend.md, "What counts as activity"): the signals the idle
// controller reads at each sample and the one rule combining them. Pure, unit-tested.
//
// - cpu: always read. Active when the CPU of all the release's pods is at or above `cpuBelow`.
// - http: only for charts declaring it in Chart.yaml (chart-activity.ts). The service's own
//   last-activity time; active when it is later than the last activity already counted.
// - ingress: only when the region configures Prometheus. Requests through the release's ingress
//   over the idle period so far; active when more than 0.
//
// The rule: any signal showing activity makes the service active (idleness counts from the
// latest activity shown). Otherwise, if any signal that applies to the service is unknown, the
// whole activity is unknown and the service is left alone. Otherwise (every signal that applies
// answered, none shows activity) it is idle.
import { formatDuration } from "./config.ts";

export type ActivitySignal = "cpu" | "http" | "ingress";

export const ACTIVITY_SIGNALS: readonly ActivitySignal[] = ["cpu", "http", "ingress"];

/** An unknown reading: why the signal gave no answer ("timeout", "HTTP 502"…). */
export interface UnknownReading {
  unknown: string;
}

/** What each signal said at one sample. An absent `http`/`ingress`: it does not apply here. */
export interface ActivityReadings {
  /** Millicores of all the release's pods now; undefined: the metrics API has no figure. */
  cpu: number | undefined;
  /** The service's own last-activity time (epoch ms). */
  http?: { lastActivity: number } | UnknownReading;
  /** Requests through the release's ingress over the `windowMs` ending now. */
  ingress?: { requests: number; windowMs: number } | UnknownReading;
}

export type ActivityVerdict =
  /** Activity at `at` (the latest shown), shown by `by`. */
  | { status: "active"; at: number; by: ActivitySignal[]; figures: string }
  /** Every signal that applies answered; none shows activity. */
  | { status: "idle"; figures: string }
  /** None shows activity and `unknown` gave no answer: nothing is decided. */
  | { status: "unknown"; unknown: ActivitySignal[]; figures: string };

const isUnknown = (reading: object): reading is UnknownReading => "unknown" in reading;

/** Millicores as Kubernetes writes them: 3m, 0.5m. */
const milli = (value: number) => `${Math.round(value * 1000) / 1000}m`;

/**
 * Combines one sample's readings. `since`: the last activity already counted (undefined when
 * observation starts now: nothing before it can count); `now`: the sample's time.
 */
export function combineActivity(
  readings: ActivityReadings,
  cpuBelowMillicores: number,
  since: number | undefined,
  now: number,
): ActivityVerdict {
  const active: { signal: ActivitySignal; at: number }[] = [];
  const unknown: ActivitySignal[] = [];
  const figures: string[] = [];

  const { cpu, http, ingress } = readings;
  if (cpu === undefined) {
    unknown.push("cpu");
    figures.push("CPU unknown (no metrics)");
  } else if (cpu >= cpuBelowMillicores) {
    active.push({ signal: "cpu", at: now });
    figures.push(`CPU ${milli(cpu)} at or above ${milli(cpuBelowMillicores)}`);
  } else figures.push(`CPU ${milli(cpu)} below ${milli(cpuBelowMillicores)}`);

  if (http !== undefined) {
    if (isUnknown(http)) {
      unknown.push("http");
      figures.push(`HTTP activity unknown (${http.unknown})`);
    } else {
      // A clock ahead of ours never puts activity in the future.
      const at = Math.min(http.lastActivity, now);
      const when = new Date(http.lastActivity).toISOString();
      if (since !== undefined && at > since) {
        active.push({ signal: "http", at });
        figures.push(`HTTP last activity ${when}`);
      } else figures.push(`HTTP last activity ${when}, none since`);
    }
  }

  if (ingress !== undefined) {
    if (isUnknown(ingress)) {
      unknown.push("ingress");
      figures.push(`ingress traffic unknown (${ingress.unknown})`);
    } else {
      const count = Math.round(ingress.requests * 100) / 100;
      const text = `ingress ${count} requests in ${formatDuration(ingress.windowMs)}`;
      if (ingress.requests > 0) active.push({ signal: "ingress", at: now });
      figures.push(text);
    }
  }

  const text = figures.join("; ");
  if (active.length > 0)
    return {
      status: "active",
      at: Math.max(...active.map((a) => a.at)),
      by: active.map((a) => a.signal),
      figures: text,
    };
  if (unknown.length > 0) return { status: "unknown", unknown, figures: text };
  return { status: "idle", figures: text };
}
