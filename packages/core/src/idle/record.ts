// What the idle controller remembers about a release, kept in ONE annotation of the release's
// ownership record (the Onyxia Secret), never in memory: a restart or a new leader reads it back
// and loses no timer. Times are ISO strings so an operator can read them with kubectl.
import { ACTIVITY_SIGNALS, type ActivitySignal } from "./activity.ts";

export const IDLE_ANNOTATION = "idle.onyxia-ts.dev/state";

export interface IdleRecord {
  /** When activity was last observed (or observation (re)started): idleness counts from here. */
  lastActive: number;
  /** CPU of the last written sample, in millicores; null: the metrics API had none. */
  cpu: number | null;
  /** The signals that showed the activity at `lastActive` (absent: observation started then). */
  activeBy?: ActivitySignal[];
  /** The signals that gave no answer at the last sample written: activity unknown. */
  unknown?: ActivitySignal[];
  /** When the owner was warned of the coming pause. */
  warnedAt?: number;
  /** When the owner last said "not now". */
  postponedAt?: number;
  /** When the controller paused it (absent for a pause by a person). */
  suspendedAt?: number;
  /** The controller's last action, for the owner's command bar history. */
  action?: IdleAction;
}

export interface IdleAction {
  kind: "warn" | "suspend";
  at: number;
  /** Why, with the figures: "idle for 8 h (CPU 3m < 50m)". */
  reason: string;
  /** The equivalent commands (the command bar shows them). */
  commands: string[];
}

const time = (value: unknown): number | undefined => {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
};
const iso = (ms: number) => new Date(ms).toISOString();

/** The record in an annotation value; undefined when absent or unreadable (hand-edited). */
export function decodeIdleRecord(value: string | undefined): IdleRecord | undefined {
  if (value === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const lastActive = time(r.lastActive);
  if (lastActive === undefined) return undefined;
  const cpu = typeof r.cpu === "number" && Number.isFinite(r.cpu) ? r.cpu : null;
  const out: IdleRecord = { lastActive, cpu };
  const activeBy = signals(r.activeBy);
  const unknown = signals(r.unknown);
  if (activeBy) out.activeBy = activeBy;
  if (unknown) out.unknown = unknown;
  const warnedAt = time(r.warnedAt);
  const postponedAt = time(r.postponedAt);
  const suspendedAt = time(r.suspendedAt);
  if (warnedAt !== undefined) out.warnedAt = warnedAt;
  if (postponedAt !== undefined) out.postponedAt = postponedAt;
  if (suspendedAt !== undefined) out.suspendedAt = suspendedAt;
  const action = decodeAction(r.action);
  if (action) out.action = action;
  return out;
}

function signals(value: unknown): ActivitySignal[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const known = value.filter((v): v is ActivitySignal => ACTIVITY_SIGNALS.includes(v));
  return known.length > 0 ? known : undefined;
}

/** Activity unknown at the last sample written: no CPU figure, or another signal unanswered. */
export const isUnknownRecord = (record: IdleRecord) =>
  record.cpu === null || (record.unknown?.length ?? 0) > 0;

function decodeAction(value: unknown): IdleAction | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const a = value as Record<string, unknown>;
  const at = time(a.at);
  if ((a.kind !== "warn" && a.kind !== "suspend") || at === undefined) return undefined;
  const commands = Array.isArray(a.commands)
    ? a.commands.filter((c): c is string => typeof c === "string")
    : [];
  return { kind: a.kind, at, reason: typeof a.reason === "string" ? a.reason : "", commands };
}

export function encodeIdleRecord(record: IdleRecord): string {
  return JSON.stringify({
    lastActive: iso(record.lastActive),
    cpu: record.cpu,
    ...(record.activeBy ? { activeBy: record.activeBy } : {}),
    ...(record.unknown ? { unknown: record.unknown } : {}),
    ...(record.warnedAt !== undefined ? { warnedAt: iso(record.warnedAt) } : {}),
    ...(record.postponedAt !== undefined ? { postponedAt: iso(record.postponedAt) } : {}),
    ...(record.suspendedAt !== undefined ? { suspendedAt: iso(record.suspendedAt) } : {}),
    ...(record.action ? { action: { ...record.action, at: iso(record.action.at) } } : {}),
  });
}

export const sameIdleRecord = (a: IdleRecord | undefined, b: IdleRecord | undefined) =>
  a !== undefined && b !== undefined && encodeIdleRecord(a) === encodeIdleRecord(b);

/** "Not now": idleness counts again from now, the warning is withdrawn. */
export function postponeIdle(record: IdleRecord | undefined, now: number): IdleRecord {
  return {
    lastActive: now,
    cpu: record?.cpu ?? null,
    postponedAt: now,
    ...(record?.action ? { action: record.action } : {}),
  };
}
