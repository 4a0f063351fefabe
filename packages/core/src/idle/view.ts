// What the services list and the service page show of idleness (`Service.idle`): facts with
// times, not "in 2 h", so the listing can be cached and each client counts from its own clock.
import { isExcludedFromIdle, type IdleSuspendConfig } from "./config.ts";
import { suspendTime } from "./decide.ts";
import type { ActivitySignal } from "./activity.ts";
import { isUnknownRecord, type IdleRecord } from "./record.ts";

export interface ServiceIdle {
  /**
   * tracking: measured, `idleSince` counts; warned: the owner was warned, paused at `suspendAt`;
   * paused: paused for idleness (deleted at `deleteAt` if set); unknown: the metrics API has no
   * figure ("activity unknown"); pending: not measured yet; excluded: never paused.
   */
  status: "tracking" | "warned" | "paused" | "unknown" | "pending" | "excluded";
  /** ISO time of the last activity (idle since then). */
  idleSince: string | null;
  /** ISO time of the planned pause. */
  suspendAt: string | null;
  /** ISO time the owner was warned. */
  warnedAt: string | null;
  /** ISO time of the pause for idleness. */
  suspendedAt: string | null;
  /** ISO time a paused service will be deleted. */
  deleteAt: string | null;
  /** The last CPU figure written, in millicores (it is written when idleness changes, not at every sample). */
  cpuMillicores: number | null;
  /** Unknown: the signals that gave no answer (cpu: no metrics; http: the chart's endpoint; ingress: Prometheus). */
  unknownSignals: ActivitySignal[];
  /** The signals that showed the last activity counted (empty: observation started then). */
  activeBy: ActivitySignal[];
  /** The region's threshold and window, for the explanation. */
  cpuBelowMillicores: number;
  afterMs: number;
  /** The controller's last action on it (warning or pause), with its reason and commands. */
  lastAction: { kind: "warn" | "suspend"; at: string; reason: string; commands: string[] } | null;
}

const iso = (ms: number | undefined | null) => (ms == null ? null : new Date(ms).toISOString());

/** `Service.idle`, or null when idle suspend is off in the region. */
export function serviceIdleView(
  config: IdleSuspendConfig | undefined,
  input: {
    record: IdleRecord | undefined;
    suspended: boolean;
    suspendable: boolean;
    namespace: string;
    chart: string;
    catalogId: string | null;
  },
): ServiceIdle | null {
  if (!config?.enabled) return null;
  const { record } = input;
  const base: ServiceIdle = {
    status: "pending",
    idleSince: null,
    suspendAt: null,
    warnedAt: iso(record?.warnedAt),
    suspendedAt: iso(record?.suspendedAt),
    deleteAt: null,
    cpuMillicores: record?.cpu ?? null,
    unknownSignals: [],
    activeBy: record?.activeBy ?? [],
    cpuBelowMillicores: config.cpuBelowMillicores,
    afterMs: config.afterMs,
    lastAction: record?.action ? { ...record.action, at: iso(record.action.at)! } : null,
  };
  if (!input.suspendable || isExcludedFromIdle(config, input))
    return { ...base, status: "excluded" };
  if (input.suspended) {
    if (record?.suspendedAt === undefined) return base;
    const deleteAt =
      config.deleteSuspendedAfterMs === undefined
        ? null
        : record.suspendedAt + config.deleteSuspendedAfterMs;
    return { ...base, status: "paused", deleteAt: iso(deleteAt) };
  }
  if (record === undefined || record.suspendedAt !== undefined) return base;
  if (isUnknownRecord(record))
    return {
      ...base,
      status: "unknown",
      unknownSignals: record.unknown ?? (record.cpu === null ? ["cpu"] : []),
    };
  return {
    ...base,
    status: record.warnedAt !== undefined ? "warned" : "tracking",
    idleSince: iso(record.lastActive),
    suspendAt: iso(suspendTime(config, record)),
  };
}
