import { describe, expect, it } from "vitest";
import {
  classifyDiffLines,
  coerceEnvValue,
  describeValueChange,
  envToValues,
  parseFlatKey,
  parseServerTiming,
} from "./editLogic.ts";

describe("current values from the flattened env", () => {
  const schema = {
    type: "object",
    properties: {
      resources: {
        type: "object",
        properties: { cpu: { type: "string" }, replicas: { type: "integer" } },
      },
      flags: { type: "array", items: { type: "boolean" } },
      version: { type: "string" },
    },
  } as const;
  it("parses dotted keys with indices", () => {
    expect(parseFlatKey("a.b[2].c")).toEqual(["a", "b", 2, "c"]);
    expect(parseFlatKey("x[0][1]")).toEqual(["x", 0, 1]);
  });
  it("rebuilds nested values, typed by the schema", () => {
    const values = envToValues(
      {
        "resources.cpu": "100",
        "resources.replicas": "2",
        "flags[0]": "true",
        "flags[1]": "false",
        version: "1.0",
        "extra.n": "3",
        "onyxia.friendlyName": "x",
        "empty.list": "[]",
      },
      schema,
    );
    expect(values).toEqual({
      resources: { cpu: "100", replicas: 2 },
      flags: [true, false],
      version: "1.0",
      extra: { n: 3 },
      empty: { list: [] },
    });
  });
  it("keeps dotted keys whole under a map of strings (labels)", () => {
    const labels = {
      type: "object",
      properties: { extraLabels: { type: "object", additionalProperties: { type: "string" } } },
    } as const;
    expect(
      envToValues({ "extraLabels.onyxia.sh/owner": "alice", "extraLabels.team": "a" }, labels),
    ).toEqual({
      extraLabels: { "onyxia.sh/owner": "alice", team: "a" },
    });
  });
  it("keeps a string when the schema says string", () => {
    expect(coerceEnvValue("true", { type: "string" })).toBe("true");
    expect(coerceEnvValue("12", undefined)).toBe(12);
    expect(coerceEnvValue("abc", { type: "integer" })).toBe("abc");
  });
});

describe("diff and timing display", () => {
  it("classifies unified diff lines", () => {
    expect(classifyDiffLines("--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n z").map((l) => l.kind)).toEqual([
      "context",
      "context",
      "hunk",
      "remove",
      "add",
      "context",
    ]);
  });
  it("describes value changes", () => {
    expect(describeValueChange({ path: "a.b", kind: "changed", before: "1", after: 2 })).toBe(
      "~ a.b: 1 → 2",
    );
    expect(describeValueChange({ path: "c", kind: "added", after: true })).toBe("+ c: true");
    expect(describeValueChange({ path: "d", kind: "removed", before: [1] })).toBe("- d: [1]");
  });
  it("parses server-timing phases", () => {
    expect(parseServerTiming('validate;dur=1.5, namespace;dur=3, total;desc="x";dur=900')).toEqual([
      { name: "validate", ms: 1.5 },
      { name: "namespace", ms: 3 },
      { name: "total", ms: 900 },
    ]);
    expect(parseServerTiming(null)).toEqual([]);
  });
});
