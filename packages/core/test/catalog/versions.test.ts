import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  parseHelmIndex,
  pruneVersions,
  selectChartVersions,
  sortVersionsDescending,
  withCatalogDefaults,
} from "../../src/catalog/index.ts";

const v = (...versions: string[]) => versions.map((version) => ({ version }));
const names = (list: { version: string }[]) => list.map((x) => x.version);

describe("sortVersionsDescending", () => {
  it("orders by semver, pre-releases below their release, unparsable as 0.0.0", () => {
    const sorted = sortVersionsDescending(
      v("1.0.0-rc.1", "0.9.0", "banana", "1.0.0", "1.10.0", "1.2.0", "1.0.0-alpha"),
    );
    expect(names(sorted)).toEqual([
      "1.10.0",
      "1.2.0",
      "1.0.0",
      "1.0.0-rc.1",
      "1.0.0-alpha",
      "0.9.0",
      "banana",
    ]);
  });

  it("keeps every element and puts each one before any smaller one (property)", () => {
    const version = fc
      .tuple(
        fc.nat(20),
        fc.nat(20),
        fc.nat(20),
        fc.option(fc.constantFrom("alpha", "rc.1", "rc.2"), { nil: undefined }),
      )
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ""}`);
    fc.assert(
      fc.property(fc.array(version, { maxLength: 30 }), (versions) => {
        const sorted = names(sortVersionsDescending(v(...versions)));
        expect([...sorted].sort()).toEqual([...versions].sort());
        const key = (s: string) => {
          const [core = "", pre] = s.split("-");
          const [a = 0, b = 0, c = 0] = core.split(".").map(Number);
          return [a, b, c, pre === undefined ? 1 : 0] as const;
        };
        for (let i = 1; i < sorted.length; i++) {
          const [p, q] = [key(sorted[i - 1] ?? ""), key(sorted[i] ?? "")];
          const cmp = p[0] - q[0] || p[1] - q[1] || p[2] - q[2] || p[3] - q[3];
          expect(cmp).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe("pruneVersions", () => {
  const sorted = v("2.1.3", "2.1.2", "2.0.5", "2.0.4", "1.9.0", "1.9.0-rc.1", "1.8.2");
  it("all keeps everything; latest keeps the newest", () => {
    expect(names(pruneVersions(sorted, "all", 5))).toEqual(names(sorted));
    expect(names(pruneVersions(sorted, "latest", 5))).toEqual(["2.1.3"]);
  });
  it("skipPatches keeps the newest of each major.minor", () => {
    expect(names(pruneVersions(sorted, "skipPatches", 5))).toEqual([
      "2.1.3",
      "2.0.5",
      "1.9.0",
      "1.8.2",
    ]);
  });
  it("maxNumber keeps maxNumberOfVersions", () => {
    expect(names(pruneVersions(sorted, "maxNumber", 3))).toEqual(["2.1.3", "2.1.2", "2.0.5"]);
    expect(names(pruneVersions(sorted, "maxNumber", 0))).toEqual([]);
  });
});

describe("selectChartVersions", () => {
  const base = { id: "x", location: "https://example.org" };
  it("include/exclude annotations match any listed pair", () => {
    const text = [
      "entries:",
      "  a:",
      "  - {version: 2.0.0, urls: [a.tgz], annotations: {tier: gold}}",
      "  - {version: 1.0.0, urls: [a1.tgz], annotations: {tier: bronze}}",
      "  b:",
      "  - {version: 1.0.0, urls: [b.tgz], annotations: {tier: bronze}}",
      "  c:",
      "  - {version: 1.0.0, urls: [c.tgz]}",
    ].join("\n");
    const small = parseHelmIndex(text, "x").index;
    const keep = (cfg: object) => [
      ...selectChartVersions(small, withCatalogDefaults({ ...base, ...cfg })).keys(),
    ];
    expect(keep({ includeAnnotations: { tier: "gold", other: "x" } })).toEqual(["a"]);
    expect(keep({ excludeAnnotations: { tier: "bronze" } })).toEqual(["a", "c"]);
  });
});
