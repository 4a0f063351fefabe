// The orchestrator builds components at once, and a failed build does not cut the others short.
import { describe, expect, it } from "vitest";
import type { StackComponent } from "../lib/component.ts";
import { createContext } from "../lib/context.ts";
import { buildAll } from "../lib/orchestrator.ts";

const ctx = createContext({ log: () => {} });

/** A component whose build() waits until released, recording when it started and ended. */
function gated(name: string, events: string[], fail = false) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const component: StackComponent = {
    name,
    build: async () => {
      events.push(`start ${name}`);
      await gate;
      events.push(`end ${name}`);
      if (fail) throw new Error(`${name} broke`);
    },
    start: async () => {},
    healthy: async () => true,
    env: () => ({}),
  };
  return { component, release };
}

describe("buildAll", () => {
  it("starts every build before any of them finishes, and reports each as it is done", async () => {
    const events: string[] = [];
    const a = gated("a", events);
    const b = gated("b", events);
    const done: string[] = [];
    const all = buildAll(ctx, [a.component, b.component], (name) => done.push(name));
    await Promise.resolve();
    expect(events).toEqual(["start a", "start b"]);
    b.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual(["b"]);
    a.release();
    await all;
    expect(done).toEqual(["b", "a"]);
  });

  it("rejects with the failure only after the other builds have ended", async () => {
    const events: string[] = [];
    const bad = gated("bad", events, true);
    const slow = gated("slow", events);
    const all = buildAll(ctx, [bad.component, slow.component]);
    let settled = false;
    all.catch(() => undefined).finally(() => (settled = true));
    bad.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    slow.release();
    await expect(all).rejects.toThrow(/bad broke/);
    expect(events).toContain("end slow");
  });
});
