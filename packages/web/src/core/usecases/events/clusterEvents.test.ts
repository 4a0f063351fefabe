import { describe, expect, it } from "vitest";
import { splitSseMessages } from "../../adapters/sseEventsSource.ts";
import { concernsRelease, mergeEvents, toClusterEvent } from "./clusterEvents.ts";

const raw = (uid: string, name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    metadata: { uid, creationTimestamp: "2026-01-01T00:00:00Z" },
    involvedObject: { kind: "Pod", name },
    reason: "Scheduled",
    message: `Successfully assigned ${name}`,
    type: "Normal",
    ...extra,
  });

describe("events stream parsing", () => {
  it("splits complete SSE messages, keeps the partial one, ignores comments", () => {
    const chunk = `data: ${raw("1", "a")}\n\n: keepalive\n\ndata: ${raw("2", "b")}\r\n\r\ndata: {"metadata":`;
    const { messages, rest } = splitSseMessages(chunk);
    expect(messages).toHaveLength(2);
    expect(rest).toBe('data: {"metadata":');
    const { messages: after } = splitSseMessages(rest + `{"uid":"3"}}\n\n`);
    expect(after).toEqual(['{"metadata":{"uid":"3"}}']);
  });
  it("maps Kubernetes Events (type → severity, lastTimestamp first)", () => {
    const event = toClusterEvent(
      raw("1", "vscode-lite-123-0", {
        type: "Warning",
        lastTimestamp: "2026-01-02T00:00:00Z",
        count: 3,
      }),
    );
    expect(event).toMatchObject({
      uid: "1",
      severity: "warning",
      object: "Pod/vscode-lite-123-0",
      count: 3,
      time: Date.parse("2026-01-02T00:00:00Z"),
    });
    expect(toClusterEvent(raw("2", "x", { type: "Error" }))?.severity).toBe("error");
    expect(toClusterEvent("not json")).toBeUndefined();
    expect(toClusterEvent('{"message":"no uid"}')).toBeUndefined();
  });
  it("matches a release's objects by name prefix only", () => {
    expect(concernsRelease({ objectName: "vscode-lite-123" }, "vscode-lite-123")).toBe(true);
    expect(concernsRelease({ objectName: "vscode-lite-123-6d9f-abc" }, "vscode-lite-123")).toBe(
      true,
    );
    expect(concernsRelease({ objectName: "vscode-lite-1234" }, "vscode-lite-123")).toBe(false);
  });
  it("merges by uid (an update replaces the earlier version), oldest first", () => {
    const a = toClusterEvent(raw("1", "a", { lastTimestamp: "2026-01-01T00:00:02Z" }))!;
    const b = toClusterEvent(raw("2", "b", { lastTimestamp: "2026-01-01T00:00:01Z" }))!;
    const a2 = { ...a, count: 5 };
    expect(mergeEvents([a], [b, a2]).map((e) => [e.uid, e.count])).toEqual([
      ["2", 1],
      ["1", 5],
    ]);
  });
});
