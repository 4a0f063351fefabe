// The idle controller's decision for one release, from what is stored (the annotation), the CPU
// measured now and the clock: pure, so every rule is unit-tested in milliseconds. The controller
// (server features/idle-suspend) writes `record` back when `write` is set and carries out the
// action the state names (to-warn, to-suspend, to-delete).
import { combineActivity, type ActivityReadings, type ActivityVerdict } from "./activity.ts";
import type { IdleSuspendConfig } from "./config.ts";
import { isUnknownRecord, sameIdleRecord, type IdleRecord } from "./record.ts";

export type IdleState =
  /** Used recently enough: nothing to do. */
  | "active"
  /** Idle long enough to warn the owner now. */
  | "to-warn"
  /** Warned; paused at `suspendAt` unless used again or postponed. */
  | "idle-warned"
  /** Idle for the whole window (and warned long enough before): pause now. */
  | "to-suspend"
  /** Paused by the controller a moment ago: the pause is still being applied. */
  | "suspending"
  /** Paused (by the controller or a person): nothing to do. */
  | "suspended"
  /** Paused by the controller for `deleteSuspendedAfter`: delete now. */
  | "to-delete"
  /** A signal gave no answer (and none showed activity): left alone. */
  | "unknown"
  /** Its chart or project is excluded, or it cannot be paused (no global.suspend). */
  | "excluded";

export interface IdleInput {
  config: IdleSuspendConfig;
  /** The stored record (annotation); undefined the first time. */
  record: IdleRecord | undefined;
  now: number;
  /** CPU of all the release's pods now, in millicores; undefined: no metrics for them. */
  cpu: number | undefined;
  /** The other signals that apply to it (the chart's HTTP signal, the ingress's traffic). */
  signals?: Omit<ActivityReadings, "cpu">;
  suspended: boolean;
  /** Chart or project excluded, or not suspendable. */
  excluded: boolean;
  /** `lastActive` is rewritten only when it moved more than this (fewer writes for busy services). */
  granularityMs: number;
  /** How long after the controller's pause a release may still show as running. Default 10 min. */
  suspendGraceMs?: number;
}

export interface IdleDecision {
  state: IdleState;
  /** Idle since then (null when active just now, unknown or paused). */
  idleSince: number | null;
  /** When it will be (or was to be) paused; null when not tracked. */
  suspendAt: number | null;
  /** When a paused service will be deleted; null when never. */
  deleteAt: number | null;
  /** The record to store. */
  record: IdleRecord | undefined;
  /** True when `record` must be written (it changed meaningfully). */
  write: boolean;
  /** What the signals said (absent when they were not consulted: excluded, paused). */
  activity?: ActivityVerdict;
}

/** When a release idle since `lastActive` is paused: after the window, and never less than `warnBefore` after its warning. */
export function suspendTime(config: IdleSuspendConfig, record: IdleRecord): number {
  const byWindow = record.lastActive + config.afterMs;
  if (config.warnBeforeMs === 0 || record.warnedAt === undefined) return byWindow;
  return Math.max(byWindow, record.warnedAt + config.warnBeforeMs);
}

/** The last action stays (the owner's history), whatever else is reset. */
const carried = (record: IdleRecord | undefined) =>
  record?.action ? { action: record.action } : {};

const keep = (record: IdleRecord | undefined, state: IdleState): IdleDecision => ({
  state,
  idleSince: null,
  suspendAt: null,
  deleteAt: null,
  record,
  write: false,
});

export function decideIdle(input: IdleInput): IdleDecision {
  const { config, record, now, cpu } = input;
  if (input.excluded) return keep(record, "excluded");

  if (input.suspended) {
    if (record?.suspendedAt === undefined) return keep(record, "suspended");
    const deleteAt =
      config.deleteSuspendedAfterMs === undefined
        ? null
        : record.suspendedAt + config.deleteSuspendedAfterMs;
    return {
      ...keep(record, deleteAt !== null && now >= deleteAt ? "to-delete" : "suspended"),
      deleteAt,
    };
  }

  const observing =
    record !== undefined && record.suspendedAt === undefined && !isUnknownRecord(record);
  const activity = combineActivity(
    { cpu, ...input.signals },
    config.cpuBelowMillicores,
    observing ? record.lastActive : undefined,
    now,
  );
  const unknown = activity.status === "unknown" ? { unknown: activity.unknown } : {};

  if (record?.suspendedAt !== undefined) {
    // Paused by us but running: the pause is being applied (grace), or someone resumed it.
    if (now - record.suspendedAt < (input.suspendGraceMs ?? 600_000))
      return keep(record, "suspending");
    const fresh: IdleRecord = { lastActive: now, cpu: cpu ?? null, ...unknown, ...carried(record) };
    return {
      ...keep(fresh, activity.status === "unknown" ? "unknown" : "active"),
      write: true,
      activity,
    };
  }

  if (activity.status === "unknown") {
    // A signal gave no answer: idleness cannot be shown. Observation restarts when it answers.
    const next: IdleRecord = { lastActive: now, cpu: cpu ?? null, ...unknown, ...carried(record) };
    const write =
      record === undefined ||
      !isUnknownRecord(record) ||
      (record.cpu === null) !== (next.cpu === null) ||
      String(record.unknown) !== String(next.unknown);
    return { ...keep(write ? next : record, "unknown"), write, activity };
  }

  let next: IdleRecord;
  let write: boolean;
  if (!observing || activity.status === "active") {
    // First sample (or the first after unknown): idleness counts from now; activity: from it.
    const lastActive = observing && activity.status === "active" ? activity.at : now;
    const moved = !observing || lastActive - record.lastActive > input.granularityMs;
    const withdrawn = observing && record.warnedAt !== undefined;
    write = moved || withdrawn;
    next = write
      ? {
          lastActive,
          cpu: cpu ?? null,
          ...(activity.status === "active" ? { activeBy: activity.by } : {}),
          ...(record?.postponedAt !== undefined ? { postponedAt: record.postponedAt } : {}),
          ...carried(record),
        }
      : record!;
  } else {
    next = record;
    write = false;
  }

  const warnAt = next.lastActive + config.afterMs - config.warnBeforeMs;
  let suspendAt = suspendTime(config, next);
  let state: IdleState;
  if (now < warnAt) state = "active";
  else if (config.warnBeforeMs > 0 && next.warnedAt === undefined) {
    state = "to-warn";
    next = { ...next, cpu: cpu ?? null, warnedAt: now };
    suspendAt = suspendTime(config, next);
    write = true;
  } else if (now >= suspendAt) {
    state = "to-suspend";
    next = { ...next, cpu: cpu ?? null, suspendedAt: now };
    write = true;
  } else state = "idle-warned";

  return {
    state,
    idleSince:
      now - next.lastActive >= input.granularityMs || state !== "active" ? next.lastActive : null,
    suspendAt,
    deleteAt: null,
    record: next,
    write: write && !sameIdleRecord(next, record),
    activity,
  };
}
