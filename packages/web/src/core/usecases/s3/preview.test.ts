import { describe, expect, it } from "vitest";
import { decodeHead, parseCsvHead, previewKind } from "./preview.ts";

describe("preview", () => {
  it("picks the kind from the name or the content type", () => {
    expect(previewKind("a/b.CSV")).toBe("csv");
    expect(previewKind("x.tsv")).toBe("csv");
    expect(previewKind("p.png")).toBe("image");
    expect(previewKind("noext", "image/jpeg")).toBe("image");
    expect(previewKind("notes.md")).toBe("text");
    expect(previewKind("data.parquet")).toBe("none");
  });

  it("reads the first rows of a CSV with quotes, CRLF and a cut last row", () => {
    const text = 'a,b,c\r\n1,"x, y",3\n2,"say ""hi""",4\n5,"multi\nline",6\n7,8';
    expect(parseCsvHead(text)).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", "3"],
      ["2", 'say "hi"', "4"],
      ["5", "multi\nline", "6"],
      ["7", "8"],
    ]);
    expect(parseCsvHead(text, { truncated: true })).toHaveLength(4);
    expect(parseCsvHead(text, { maxRows: 2 })).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", "3"],
    ]);
  });

  it("detects tab and semicolon separators", () => {
    expect(parseCsvHead("a\tb\n1\t2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsvHead("a;b\n1;2\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("drops a UTF-8 character cut by the byte range", () => {
    const bytes = new TextEncoder().encode("héllo é");
    expect(decodeHead(bytes.slice(0, bytes.length - 1), true)).toBe("héllo ");
  });
});
