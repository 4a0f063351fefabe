// RecentCache keeps the most recently used entries only (listing bodies stay bounded).
import { describe, expect, it } from "vitest";
import { RecentCache } from "../../src/shared/recent-cache.ts";

describe("RecentCache", () => {
  it("evicts the least recently used entry beyond its size, a read counting as a use", () => {
    const cache = new RecentCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // "b" is now the least recently used
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("replaces a value without growing", () => {
    const cache = new RecentCache<string, number>(2);
    cache.set("a", 1);
    cache.set("a", 2);
    expect(cache.get("a")).toBe(2);
    expect(cache.size).toBe(1);
  });

  it("refuses a size below one", () => {
    expect(() => new RecentCache(0)).toThrow(/at least one entry, not 0/);
  });
});
