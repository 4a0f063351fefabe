import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/lifecycle/index.ts";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n")).toEqual({ text: "", added: 0, removed: 0 });
  });

  it("writes a hunk with context and counts", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h"].join("\n");
    const after = ["a", "b", "c", "D", "e", "f", "g", "h", "i"].join("\n");
    const diff = unifiedDiff(before, after, { context: 1, fromLabel: "rev 1", toLabel: "new" });
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    expect(diff.text).toBe(
      [
        "--- rev 1",
        "+++ new",
        "@@ -3,3 +3,3 @@",
        " c",
        "-d",
        "+D",
        " e",
        "@@ -8,1 +8,2 @@",
        " h",
        "+i",
        "",
      ].join("\n"),
    );
  });

  it("handles empty sides", () => {
    expect(unifiedDiff("", "x\ny").text).toBe("--- before\n+++ after\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    expect(unifiedDiff("x", "").removed).toBe(1);
  });
});
