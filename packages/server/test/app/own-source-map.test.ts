// The production source map keeps our own sources only (scripts/lib/own-source-map.mjs): positions
// in dropped sources must read as unmapped, never as the previous kept segment of the line.
import { SourceMap, type SourceMapPayload } from "node:module";
import { describe, expect, it } from "vitest";
import { filterSourceMap } from "../../../../scripts/lib/own-source-map.mjs";

// One generated line: columns 0-9 from a.ts line 1, 10-19 from a dependency, 20- from a.ts line 2.
const map = {
  version: 3,
  file: "main.js",
  sourceRoot: "",
  sources: ["../src/a.ts", "../node_modules/dep/x.js"],
  names: ["first", "dep"],
  mappings: "AAAAA,UCAAC,UDCAD",
};

describe("filterSourceMap", () => {
  it("keeps everything as it was when every source is kept", () => {
    expect(filterSourceMap(map, () => true)).toEqual(map);
    // Unfiltered, column 15 is the dependency's.
    expect(new SourceMap(map as SourceMapPayload).findEntry(0, 15)).toMatchObject({
      originalSource: map.sources[1],
    });
  });

  it("drops the dependency's sources and names, and leaves its columns unmapped", () => {
    const own = filterSourceMap(map, (s) => !s.includes("node_modules/"));
    expect(own.sources).toEqual(["../src/a.ts"]);
    expect(own.names).toEqual(["first"]);
    const lookup = new SourceMap({ ...map, ...own } as SourceMapPayload);
    expect(lookup.findEntry(0, 5)).toMatchObject({
      originalSource: "../src/a.ts",
      originalLine: 0,
    });
    expect(lookup.findEntry(0, 15)).toMatchObject({ generatedColumn: 10 });
    expect((lookup.findEntry(0, 15) as { originalSource?: string }).originalSource).toBeUndefined();
    expect(lookup.findEntry(0, 25)).toMatchObject({
      originalSource: "../src/a.ts",
      originalLine: 1,
    });
  });

  it("keeps one segment per original line run without columns, and the lines still map", () => {
    // a.ts line 1 at columns 0, 5 and 8 (one run), then line 2 at 12, then line 1 again at 16.
    const runs = {
      ...map,
      sources: ["../src/a.ts"],
      names: [],
      mappings: "AAAA,KAAK,GAAG,IACJ,IADA",
    };
    const lineOnly = filterSourceMap(runs, () => true, { columns: false });
    expect(lineOnly.mappings.split(",")).toHaveLength(3);
    const full = new SourceMap({ ...runs, sourcesContent: [] } as SourceMapPayload);
    const lookup = new SourceMap({ ...runs, ...lineOnly, sourcesContent: [] } as SourceMapPayload);
    for (const column of [0, 3, 6, 9, 12, 14, 16, 20])
      expect(lookup.findEntry(0, column), `column ${column}`).toMatchObject({
        originalSource: "../src/a.ts",
        originalLine: (full.findEntry(0, column) as { originalLine: number }).originalLine,
      });
    // With columns (the default) nothing is dropped.
    expect(filterSourceMap(runs, () => true)).toEqual(runs);
  });

  it("refuses a mapping that is not base64 VLQ", () => {
    expect(() => filterSourceMap({ ...map, mappings: "AA!A" }, () => true)).toThrow(/VLQ/);
  });
});
