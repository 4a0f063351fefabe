import { describe, expect, it } from "vitest";
import { emptyResources, quotaShortfalls } from "../../src/lifecycle/index.ts";

const ask = (overrides: Partial<ReturnType<typeof emptyResources>>) => ({
  ...emptyResources(),
  ...overrides,
});

describe("quotaShortfalls", () => {
  const status = {
    hard: {
      "requests.cpu": "2",
      "requests.memory": "8Gi",
      "count/pods": "10",
      "requests.storage": "20Gi",
    },
    used: {
      "requests.cpu": "1500m",
      "requests.memory": "6.5Gi",
      "count/pods": "3",
      "requests.storage": "0",
    },
  };

  it("accepts what fits, to the last millicore", () => {
    expect(
      quotaShortfalls(
        ask({ "requests.cpu": 0.5, "requests.memory": 1.5 * 2 ** 30, pods: 7 }),
        status,
      ),
    ).toEqual([]);
  });

  it("names each exceeded resource with the figures", () => {
    const out = quotaShortfalls(
      ask({ "requests.cpu": 0.6, "requests.memory": 4 * 2 ** 30, pods: 1 }),
      status,
    );
    expect(out.map((s) => s.quotaKey)).toEqual(["requests.cpu", "requests.memory"]);
    expect(out[0]!.message).toBe(
      "requests.cpu: the service asks for 600m but only 500m of 2 is left (1500m used)",
    );
    expect(out[1]!.message).toBe(
      "requests.memory: the service asks for 4Gi but only 1.5Gi of 8Gi is left (6.5Gi used)",
    );
  });

  it("reads the short aliases (cpu, memory, pods) and ignores keys the quota does not set", () => {
    const out = quotaShortfalls(ask({ "requests.cpu": 3, "limits.cpu": 99, pods: 2 }), {
      hard: { cpu: "2", pods: "1" },
      used: {},
    });
    expect(out.map((s) => s.quotaKey)).toEqual(["cpu", "pods"]);
  });

  it("frees what the release being edited holds", () => {
    const held = ask({ "requests.cpu": 1 });
    expect(quotaShortfalls(ask({ "requests.cpu": 1.5 }), status)).toHaveLength(1);
    expect(quotaShortfalls(ask({ "requests.cpu": 1.5 }), status, held)).toEqual([]);
  });

  it("no quota at all: nothing to refuse", () => {
    expect(quotaShortfalls(ask({ "requests.cpu": 1000 }), {})).toEqual([]);
  });
});
