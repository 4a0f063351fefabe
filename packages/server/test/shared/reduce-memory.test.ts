import { describe, expect, it } from "vitest";
import { reduceMemory } from "../../src/shared/reduce-memory.ts";

describe("reduceMemory", () => {
  it("collects unreachable objects now, without exposing gc as a global", async () => {
    // Made in a function of its own, so no local variable of this frame keeps the array alive.
    const makeGarbage = () => new WeakRef(Array.from({ length: 100_000 }, (_, i) => ({ i })));
    const garbage = makeGarbage();
    const kept = { survives: true };
    const keptRef = new WeakRef(kept);
    // A WeakRef keeps its target alive until the end of the job that made it, and when that job
    // ends depends on the test runner's scheduling: a few turns, each with a collection (the
    // second call reuses the collector). Without a working collection none of them clears it.
    for (let turn = 0; turn < 3 && garbage.deref() !== undefined; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      reduceMemory();
    }

    expect(garbage.deref()).toBeUndefined();
    expect(keptRef.deref()).toBe(kept);
    expect("gc" in globalThis).toBe(false);
  });
});
