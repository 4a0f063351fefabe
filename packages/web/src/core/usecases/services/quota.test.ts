import { describe, expect, it } from "vitest";
import { quotaGauges, quotaLevel } from "./quota.ts";

describe("quota thresholds (75% warning, 95% critical)", () => {
  it("classifies ratios at the boundaries", () => {
    expect(quotaLevel(0.74)).toBe("ok");
    expect(quotaLevel(0.75)).toBe("warning");
    expect(quotaLevel(0.949)).toBe("warning");
    expect(quotaLevel(0.95)).toBe("critical");
    expect(quotaLevel(1.2)).toBe("critical");
  });
  it("joins spec and usage with Kubernetes quantities", () => {
    const gauges = quotaGauges({
      spec: { "requests.cpu": "2", "requests.memory": "4Gi", "count/pods": 10, "limits.cpu": "0" },
      usage: { "requests.cpu": "1500m", "requests.memory": "3960Mi", "count/pods": 2 },
    });
    expect(gauges.map((g) => [g.key, g.level])).toEqual([
      ["requests.cpu", "warning"],
      ["requests.memory", "critical"],
      ["count/pods", "ok"],
    ]);
    expect(gauges[0]?.ratio).toBeCloseTo(0.75);
  });
  it("has no gauge without a quota", () => {
    expect(quotaGauges(undefined)).toEqual([]);
    expect(quotaGauges({})).toEqual([]);
  });
});
