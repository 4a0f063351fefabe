import { describe, expect, it } from "vitest";
import { parseHelmIndex } from "../../src/catalog/index.ts";

describe("parseHelmIndex", () => {
  it("names the catalog when the text is not YAML", () => {
    expect(() => parseHelmIndex("entries: [unclosed", "broken")).toThrow(
      /catalog "broken": index.yaml is not valid YAML/,
    );
  });

  it("names the catalog when `entries` is missing or not a mapping", () => {
    expect(() => parseHelmIndex("apiVersion: v1\n", "c1")).toThrow(
      'catalog "c1": index.yaml has no `entries`',
    );
    expect(() => parseHelmIndex("entries: [1, 2]\n", "c1")).toThrow(/`entries` is not a mapping/);
    expect(() => parseHelmIndex("just a string", "c1")).toThrow(/not a YAML mapping/);
  });

  it("skips and reports an entry without version or urls, keeping the good ones", () => {
    const text = [
      "entries:",
      "  good:",
      "  - {name: good, version: 1.0.0, urls: [good-1.0.0.tgz]}",
      "  - {name: good, urls: [x.tgz]}",
      "  - {name: good, version: 0.9.0}",
      "  - {name: good, version: '1.0.0; rm -rf /', urls: [y.tgz]}",
      "  'bad name':",
      "  - {version: 1.0.0, urls: [z.tgz]}",
    ].join("\n");
    const { index, problems } = parseHelmIndex(text, "mixed");
    expect(index.entries.get("good")?.map((v) => v.version)).toEqual(["1.0.0"]);
    expect(index.entries.has("bad name")).toBe(false);
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('catalog "mixed": chart good (entry #2): entry has no `version`');
    expect(messages).toContain('catalog "mixed": chart good 0.9.0: entry has no `urls`');
    expect(messages.some((m) => m.includes("invalid version"))).toBe(true);
    expect(messages.some((m) => m.includes('chart "bad name"'))).toBe(true);
  });

  it("reads numeric versions and appVersions as strings, as Helm does", () => {
    const { index } = parseHelmIndex(
      "entries:\n  a:\n  - {version: 2.5, appVersion: 17.5, urls: [a.tgz]}\n",
      "c",
    );
    const a = index.entries.get("a")?.[0];
    expect(a?.version).toBe("2.5");
    expect(a?.appVersion).toBe("17.5");
  });
});

describe("parseHelmIndex against hostile YAML", () => {
  it("refuses an alias bomb instead of expanding it", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i <= 8; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    lines.push("entries:", "  bomb:", "  - {version: 1.0.0, urls: [b.tgz], keywords: *a8}");
    expect(() => parseHelmIndex(lines.join("\n"), "evil")).toThrow(
      /^catalog "evil": index.yaml expands to more than \d+ nodes/,
    );
  });

  it("still accepts a small, harmless alias", () => {
    const text =
      "common: &k [db]\nentries:\n  a:\n  - {version: 1.0.0, urls: [a.tgz], keywords: *k}\n";
    expect(parseHelmIndex(text, "ok").index.entries.get("a")?.[0]?.keywords).toEqual(["db"]);
  });
});
