import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCpu,
  InvalidQuantityError,
  parseQuantity,
  tryParseQuantity,
} from "../../src/lifecycle/index.ts";

describe("parseQuantity", () => {
  it.each([
    ["500m", 0.5],
    ["1.5", 1.5],
    [2, 2],
    ["2Gi", 2 * 2 ** 30],
    ["512Mi", 512 * 2 ** 20],
    ["1G", 1e9],
    ["100k", 1e5],
    ["1e3", 1000],
    ["0.1", 0.1],
    [".5", 0.5],
    ["250u", 0.00025],
  ])("%s → %d", (text, expected) => {
    expect(parseQuantity(text)).toBeCloseTo(expected, 9);
  });

  it.each(["", "abc", "1Gb", "1 Gi", "--1", "1.2.3", "Gi"])(
    "refuses %j with a message naming it",
    (text) => {
      expect(() => parseQuantity(text)).toThrow(InvalidQuantityError);
      expect(() => parseQuantity(text)).toThrow(JSON.stringify(text));
      expect(tryParseQuantity(text)).toBeUndefined();
    },
  );

  it("refuses non-finite numbers", () => {
    expect(() => parseQuantity(Number.POSITIVE_INFINITY)).toThrow(InvalidQuantityError);
  });
});

describe("formatting", () => {
  it("writes cpu in cores or millicores", () => {
    expect(formatCpu(0.25)).toBe("250m");
    expect(formatCpu(2)).toBe("2");
    expect(formatCpu(0.1 + 0.2)).toBe("300m");
  });
  it("writes bytes with binary suffixes", () => {
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1.5Gi");
    expect(formatBytes(512 * 2 ** 20)).toBe("512Mi");
    expect(formatBytes(100)).toBe("100");
  });
});
