import { describe, expect, it, vi } from "vitest";
import type { ClusterEvent } from "./clusterEvents.ts";
import {
  markSeen,
  readSeenAt,
  seenKey,
  unreadWarnings,
  warningsToAnnounce,
} from "./eventsNotifications.ts";
import type { EventsSource } from "../../ports/eventsSource.ts";
import { createEventsUseCase, reconnectDelay } from "./eventsStore.ts";

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
  /** A source whose connections stay open until aborted; `push` sends messages to the open one. */
  function fakeSource() {
    const aborted: boolean[] = [];
    let push: ((data: string[]) => void) | undefined;
    const source: EventsSource = {
      connect: vi.fn(({ signal, onOpen, onMessages }) => {
        const index = aborted.push(false) - 1;
        onOpen();
        push = onMessages;
        return new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => {
            aborted[index] = true;
            resolve();
          }),
        );
      }),
    };
    return { source, aborted, push: (data: string[]) => push?.(data) };
  }
  const noop = { onState: () => undefined };

  it("is never opened by the header alone, is shared, and outlives the page once connected", () => {
    const { source, aborted } = fakeSource();
    const events = createEventsUseCase({ source, storage: memoryStorage() });
    const header = events.subscribe("p1", { ...noop, passive: true });
    expect(source.connect).not.toHaveBeenCalled();
    const page = events.subscribe("p1", noop);
    const otherPage = events.subscribe("p1", noop);
    expect(source.connect).toHaveBeenCalledTimes(1);
    expect(events.snapshot().connected).toBe(true);
    page();
    otherPage();
    // Leaving the services pages keeps the connection for the header's notifications.
    expect(aborted).toEqual([false]);
    header();
    expect(aborted).toEqual([true]);
    expect(events.snapshot().connected).toBe(false);
  });

  it("restarts for another project", () => {
    const { source, aborted } = fakeSource();
    const events = createEventsUseCase({ source, storage: memoryStorage() });
    const first = events.subscribe("p1", noop);
    const second = events.subscribe("p2", noop);
    expect(aborted[0]).toBe(true);
    expect(source.connect).toHaveBeenCalledTimes(2);
    first();
    second();
    expect(aborted).toEqual([true, true]);
  });

  it("merges the stream's Kubernetes Events into the state and hands each batch to subscribers", () => {
    const { source, push } = fakeSource();
    const events = createEventsUseCase({ source, storage: memoryStorage() });
    const batches: string[][] = [];
    const stop = events.subscribe("p1", {
      ...noop,
      onEvents: (batch) => batches.push(batch.map((e) => e.uid)),
    });
    const k8s = (uid: string, at: string) =>
      JSON.stringify({ metadata: { uid }, type: "Warning", lastTimestamp: at, message: uid });
    push([k8s("a", "2026-01-01T00:00:02Z"), "not json"]);
    push([k8s("b", "2026-01-01T00:00:01Z"), k8s("a", "2026-01-01T00:00:03Z")]);
    expect(batches).toEqual([["a"], ["b", "a"]]);
    expect(events.snapshot().events.map((e) => e.uid)).toEqual(["b", "a"]);
    stop();
  });

  it("reconnects after a failure, with a growing delay", async () => {
    vi.useFakeTimers();
    try {
      const source: EventsSource = { connect: vi.fn(() => Promise.reject(new Error("503"))) };
      const events = createEventsUseCase({ source, storage: memoryStorage() });
      const stop = events.subscribe("p1", noop);
      await vi.advanceTimersByTimeAsync(0);
      expect(source.connect).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(reconnectDelay(1));
      expect(source.connect).toHaveBeenCalledTimes(2);
      expect(reconnectDelay(2)).toBeGreaterThan(reconnectDelay(1));
      expect(reconnectDelay(50)).toBe(30_000);
      stop();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(source.connect).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
