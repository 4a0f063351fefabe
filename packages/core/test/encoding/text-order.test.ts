import { describe, expect, it } from "vitest";
import { byCodeUnits, naturalOrder } from "../../src/encoding/text-order.ts";

describe("byCodeUnits", () => {
  it("orders by UTF-16 code units, the same in every locale", () => {
    expect(["b", "B", "a", "a-10", "a-2", ""].sort(byCodeUnits)).toEqual([
      "",
      "B",
      "a",
      "a-10",
      "a-2",
      "b",
    ]);
    expect(byCodeUnits("x", "x")).toBe(0);
  });
});

describe("naturalOrder", () => {
  it("puts numbers in their value's order and ignores case", () => {
    expect(["ns-10", "NS-2", "ns-1"].sort(naturalOrder)).toEqual(["ns-1", "NS-2", "ns-10"]);
    expect(naturalOrder("Alice", "alice")).toBe(0);
  });
});
