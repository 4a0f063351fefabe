// /my-lab/events: a Server-Sent Events stream whose `data:` lines are raw Kubernetes Event JSON
// (§1.4). Parsing is pure; the events use case (eventsStore.ts) keeps the stream's state.

export interface ClusterEvent {
  uid: string;
  message: string;
  /** Epoch ms (lastTimestamp, eventTime, or creation). */
  time: number;
  severity: "info" | "warning" | "error";
  reason: string;
  /** "Pod/vscode-lite-123-0". */
  object: string;
  /** The involved object's name, to match a release. */
  objectName: string;
  count: number;
}

function time(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A Kubernetes Event as the page shows it; undefined for anything that is not one. */
export function toClusterEvent(data: string): ClusterEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== "object") return undefined;
  const e = raw as {
    metadata?: { uid?: string; creationTimestamp?: string };
    message?: string;
    note?: string;
    type?: string;
    reason?: string;
    lastTimestamp?: string;
    eventTime?: string;
    count?: number;
    involvedObject?: { kind?: string; name?: string };
    regarding?: { kind?: string; name?: string };
  };
  const uid = e.metadata?.uid;
  if (!uid) return undefined;
  const involved = e.involvedObject ?? e.regarding ?? {};
  return {
    uid,
    message: e.message ?? e.note ?? "",
    time: time(e.lastTimestamp) ?? time(e.eventTime) ?? time(e.metadata?.creationTimestamp) ?? 0,
    severity: e.type === "Warning" ? "warning" : e.type === "Error" ? "error" : "info",
    reason: e.reason ?? "",
    object: `${involved.kind ?? "?"}/${involved.name ?? "?"}`,
    objectName: involved.name ?? "",
    count: e.count ?? 1,
  };
}

/** Whether an event concerns a release: its objects are named after it (release, release-xyz). */
export function concernsRelease(event: Pick<ClusterEvent, "objectName">, release: string): boolean {
  return event.objectName === release || event.objectName.startsWith(`${release}-`);
}

/** Keeps one entry per uid (a MODIFIED event replaces its earlier version), newest last, capped. */
export function mergeEvents(
  current: readonly ClusterEvent[],
  incoming: readonly ClusterEvent[],
  max = 500,
): ClusterEvent[] {
  const byUid = new Map(current.map((e) => [e.uid, e]));
  for (const event of incoming) byUid.set(event.uid, event);
  return [...byUid.values()].sort((a, b) => a.time - b.time).slice(-max);
}
