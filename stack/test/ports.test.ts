import { describe, expect, it } from "vitest";
import { offsetPorts, portOffset } from "../lib/ports.ts";

describe("ONYXIA_STACK_PORT_OFFSET", () => {
  it("moves every stack port by the offset, none when unset", () => {
    expect(portOffset(undefined)).toBe(0);
    expect(portOffset("")).toBe(0);
    const base = offsetPorts(0);
    const moved = offsetPorts(portOffset("200"));
    for (const [name, port] of Object.entries(base))
      expect(moved[name as keyof typeof moved], name).toBe(port + 200);
    expect(new Set(Object.values(moved)).size).toBe(Object.keys(moved).length);
  });

  it("rejects what is not an integer keeping the ports valid, naming the variable", () => {
    for (const bad of ["abc", "1.5", "-40000", "40000"])
      expect(() => portOffset(bad), bad).toThrow(/ONYXIA_STACK_PORT_OFFSET must be an integer/);
  });
});
