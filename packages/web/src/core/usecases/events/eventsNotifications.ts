// Unread Warning events (Onyxia's clusterNotificationCheckoutTime, §6.3): counted from the last time
// the user opened the events list, kept per project in this browser. React-free.
import type { ClusterEvent } from "./clusterEvents.ts";
import type { KeyValueStorage as StorageLike } from "../../ports/keyValueStorage.ts";

export function seenKey(projectId: string): string {
  return `datalab.eventsSeenAt.${projectId}`;
}

/** Never opened: 0, so every Warning counts, as in Onyxia. */
export function readSeenAt(storage: StorageLike, projectId: string): number {
  const n = Number(storage.getItem(seenKey(projectId)));
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The newest event time wins over the browser clock, so a cluster clock ahead of it cannot leave them unread. */
export function markSeen(
  storage: StorageLike,
  projectId: string,
  events: readonly ClusterEvent[],
  now: number,
): number {
  const seenAt = Math.max(now, ...events.map((e) => e.time));
  storage.setItem(seenKey(projectId), String(seenAt));
  return seenAt;
}

const isWarning = (e: ClusterEvent) => e.severity !== "info";

export function unreadWarnings(events: readonly ClusterEvent[], seenAt: number): ClusterEvent[] {
  return events.filter((e) => isWarning(e) && e.time > seenAt);
}

/**
 * Which warnings of a new batch deserve a snackbar: unread, and recent. On connection the stream
 * replays the namespace's existing events; those are counted in the badge but not announced.
 */
export function warningsToAnnounce(
  batch: readonly ClusterEvent[],
  seenAt: number,
  now: number,
  recentMs = 60_000,
): ClusterEvent[] {
  return unreadWarnings(batch, seenAt).filter((e) => e.time >= now - recentMs);
}
