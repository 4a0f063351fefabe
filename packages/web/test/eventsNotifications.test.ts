import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClusterEvent } from "../src/services/clusterEvents.ts";
import {
  markSeen,
  readSeenAt,
  seenKey,
  unreadWarnings,
  warningsToAnnounce,
} from "../src/services/eventsNotifications.ts";
import { eventsSnapshot, subscribeToEvents } from "../src/services/eventsStream.ts";

function event(
  uid: string,
  time: number,
  severity: ClusterEvent["severity"] = "warning",
): ClusterEvent {
  return {
    uid,
    time,
    severity,
    message: "m",
    reason: "BackOff",
    object: "Pod/x",
    objectName: "x",
    count: 1,
  };
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe("unread Warning events", () => {
  it("counts warnings and errors newer than the last visit, not normal events", () => {
    const events = [
      event("a", 100),
      event("b", 300),
      event("c", 400, "info"),
      event("d", 500, "error"),
    ];
    expect(unreadWarnings(events, 200).map((e) => e.uid)).toEqual(["b", "d"]);
    expect(unreadWarnings(events, 0)).toHaveLength(3);
  });

  it("keeps the last-seen time per project; the newest event time wins over a late browser clock", () => {
    const storage = memoryStorage();
    expect(readSeenAt(storage, "p1")).toBe(0);
    expect(markSeen(storage, "p1", [event("a", 9_000)], 5_000)).toBe(9_000);
    expect(readSeenAt(storage, "p1")).toBe(9_000);
    expect(readSeenAt(storage, "p2")).toBe(0);
    storage.setItem(seenKey("p2"), "garbage");
    expect(readSeenAt(storage, "p2")).toBe(0);
  });

  it("announces only unread and recent warnings, not the replay of old ones", () => {
    const now = 1_000_000;
    const batch = [
      event("old", now - 3_600_000),
      event("seen", now - 1_000),
      event("new", now - 5_000),
      event("info", now, "info"),
    ];
    expect(warningsToAnnounce(batch, now - 500, now).map((e) => e.uid)).toEqual([]);
    expect(warningsToAnnounce(batch, now - 10_000, now).map((e) => e.uid)).toEqual(["seen", "new"]);
  });
});

describe("the shared events stream", () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch() {
    const aborted: boolean[] = [];
    const fetch = vi.fn((_url: string, init: { signal: AbortSignal }) => {
      const index = aborted.push(false) - 1;
      init.signal.addEventListener("abort", () => (aborted[index] = true));
      // An open stream that never ends by itself.
      const body = new ReadableStream<Uint8Array>({ start: () => undefined });
      return Promise.resolve(new Response(body, { status: 200 }));
    });
    vi.stubGlobal("fetch", fetch);
    return { fetch, aborted };
  }
  const noop = { onState: () => undefined };

  it("is never opened by the header alone, is shared, and outlives the page once connected", async () => {
    const { fetch, aborted } = stubFetch();
    const header = subscribeToEvents("p1", { ...noop, passive: true });
    expect(fetch).not.toHaveBeenCalled();
    const page = subscribeToEvents("p1", noop);
    const otherPage = subscribeToEvents("p1", noop);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(eventsSnapshot().connected).toBe(true));
    page();
    otherPage();
    // Leaving the services pages keeps the connection for the header's notifications.
    expect(aborted).toEqual([false]);
    header();
    expect(aborted).toEqual([true]);
    expect(eventsSnapshot().connected).toBe(false);
  });

  it("restarts for another project", async () => {
    const { fetch, aborted } = stubFetch();
    const first = subscribeToEvents("p1", noop);
    await vi.waitFor(() => expect(eventsSnapshot().connected).toBe(true));
    const second = subscribeToEvents("p2", noop);
    expect(aborted[0]).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(2);
    first();
    second();
    expect(aborted).toEqual([true, true]);
  });
});
