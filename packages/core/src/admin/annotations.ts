// Annotations on a release's ownership record (Secret `sh.onyxia.release.v1.<release>`) that the
// admin view reads or writes: the idle time (written by the idle-suspend controller) and the last
// admin action with its reason (shown to the owner on their service).
import type { AdminNotice } from "../api/admin.ts";
import { ADMIN_ACTIONS } from "../api/admin.ts";
import { decodeIdleRecord, IDLE_ANNOTATION, isUnknownRecord } from "../idle/record.ts";

/** ISO time since when the service has been idle, set by hand or by tools (the idle-suspend
 * controller's own record, `IDLE_ANNOTATION`, is read first). */
export const IDLE_SINCE_ANNOTATION = "onyxia-ts.io/idle-since";
/** JSON AdminNotice: the last admin action on the service, with its reason. */
export const ADMIN_NOTICE_ANNOTATION = "onyxia-ts.io/admin-notice";

/** The idle-since time as ISO text, or null when absent or not a time. */
export function idleSinceOf(annotations: Record<string, string> | undefined): string | null {
  // The idle-suspend controller's record: idleness counts from the last observed activity,
  // when every signal answered (no CPU figure or an unanswered signal: activity unknown, no idle
  // time shown).
  const record = decodeIdleRecord(annotations?.[IDLE_ANNOTATION]);
  if (record) return isUnknownRecord(record) ? null : new Date(record.lastActive).toISOString();
  const value = annotations?.[IDLE_SINCE_ANNOTATION];
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The admin notice, or null when absent or malformed (a hand-edited annotation). */
export function adminNoticeOf(annotations: Record<string, string> | undefined): AdminNotice | null {
  const text = annotations?.[ADMIN_NOTICE_ANNOTATION];
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<AdminNotice>;
    if (
      typeof value.reason === "string" &&
      typeof value.by === "string" &&
      typeof value.at === "string" &&
      (ADMIN_ACTIONS as readonly unknown[]).includes(value.action)
    )
      return { action: value.action!, reason: value.reason, by: value.by, at: value.at };
  } catch {
    // fall through
  }
  return null;
}
