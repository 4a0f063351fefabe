import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkReleaseName, generateReleaseName, releaseNameFor } from "../../src/naming/index.ts";

describe("release name generation", () => {
  it("is <chart>-<6 digits> for ordinary chart names", () => {
    expect(generateReleaseName("jupyter-python", () => 0)).toBe("jupyter-python-100000");
    expect(generateReleaseName("vscode-lite", () => 0.999999)).toMatch(/^vscode-lite-\d{6}$/);
    expect(releaseNameFor("postgres-lite", "123456")).toBe("postgres-lite-123456");
  });

  it("shortens long chart names to stay within 53 characters", () => {
    const name = generateReleaseName(
      "a-very-long-chart-name-that-goes-on-and-on-and-on-forever",
      () => 0.5,
    );
    expect(name).toHaveLength(53);
    expect(name).toMatch(/^a-very-long-chart-name-that-goes-on-and-on-and-[1-9]\d{5}$/);
    expect(checkReleaseName(name)).toStrictEqual({ ok: true });
  });

  it("does not leave a dash where the chart name was cut", () => {
    // 45 chars then "-": the cut at 46 would end on the dash.
    const chart = `${"b".repeat(45)}-cdef`;
    expect(releaseNameFor(chart, "123456")).toBe(`${"b".repeat(45)}-123456`);
  });

  it("always yields a valid release name, whatever the chart name and random source", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 80 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (chart, r) => {
          const name = generateReleaseName(chart, () => r);
          expect(checkReleaseName(name)).toStrictEqual({ ok: true });
          expect(name).toMatch(/-[1-9]\d{5}$/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
