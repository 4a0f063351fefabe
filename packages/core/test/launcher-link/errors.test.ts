import { describe, expect, it } from "vitest";
import {
  decodeLauncherLink,
  encodeLauncherLink,
  LauncherLinkError,
  type HelmValuesPatchEntry,
} from "../../src/launcher-link/index.ts";

function decodeSearch(search: string) {
  return () => decodeLauncherLink("/launcher/ide/vscode", search);
}

function encodePatch(entry: HelmValuesPatchEntry) {
  return () =>
    encodeLauncherLink({ catalogId: "ide", chartName: "vscode", helmValuesPatch: [entry] });
}

describe("launcher link decoding errors name the key", () => {
  it.each([
    ["unterminated «", "?a.b=%C2%ABfoo", /key "a\.b".*not terminated by »/],
    ["non-numeric index", "?a.b[x]=1", /key "a\.b\[x\]".*bad array index/],
    ["negative index", "?a.b[-1]=1", /key "a\.b\[-1\]".*bad array index/],
    ["text after an index", "?a[0]b.c=1", /key "a\[0\]b\.c".*expected "\." or "\["/],
    ["trailing backslash", "?a.b%5C=1", /key "a\.b\\".*lone backslash/],
    [
      "bare unquoted string",
      "?persistence.size=20Gi",
      /key "persistence\.size".*"20Gi" is not true, false, null, -, a number or a «string»/,
    ],
    ["number followed by text", "?a.b=5g", /key "a\.b".*"5g"/],
    ["missing value", "?a.b", /key "a\.b".*has no value/],
    [
      "malformed percent-encoding",
      "?a.b=%C2%AB%E0%A4%A%C2%BB",
      /key "a\.b".*malformed percent-encoding/,
    ],
    ["non-boolean shared", "?shared=yes", /key "shared".*expected true or false, got "yes"/],
    ["autoLaunch without value", "?autoLaunch", /key "autoLaunch".*expected true or false/],
  ])("%s", (_label, search, message) => {
    expect(decodeSearch(search)).toThrow(LauncherLinkError);
    expect(decodeSearch(search)).toThrow(message);
  });

  it("refuses a path that is not a launcher route", () => {
    expect(() => decodeLauncherLink("/catalog/ide", "")).toThrow(
      /"\/catalog\/ide" is not a launcher path/,
    );
  });
});

describe("launcher link encoding errors", () => {
  it.each([
    [
      "a top-level key (no dot)",
      { path: ["replicas"], value: 1 },
      /only keys containing a "\." are patches/,
    ],
    [
      "a top-level array item (no dot)",
      { path: ["args", 0], value: "x" },
      /only keys containing a "\." are patches/,
    ],
    ["a path starting with an index", { path: [0, "a"], value: 1 }, /starts with an array index/],
    ["a negative index", { path: ["a", "b", -1], value: 1 }, /invalid array index -1/],
    ["a fractional index", { path: ["a", "b", 1.5], value: 1 }, /invalid array index 1\.5/],
    ["an empty path", { path: [], value: 1 }, /cannot be empty/],
    ["NaN", { path: ["a", "b"], value: NaN }, /the number NaN cannot be written/],
    ["Infinity", { path: ["a", "b"], value: Infinity }, /the number Infinity cannot be written/],
    ["an oidc-spa key", { path: ["oidc-spa", "state"], value: "x" }, /reserved/],
    ["a lone surrogate in a value", { path: ["a", "b"], value: "\uD800" }, /lone surrogate/],
    ["a lone surrogate in a key", { path: ["a", "\uDC00"], value: 1 }, /lone surrogate/],
  ] as [string, HelmValuesPatchEntry, RegExp][])("refuses %s", (_label, entry, message) => {
    expect(encodePatch(entry)).toThrow(LauncherLinkError);
    expect(encodePatch(entry)).toThrow(message);
  });

  it("refuses empty or dot-segment catalog and chart names", () => {
    for (const [catalogId, chartName] of [
      ["", "x"],
      ["ide", ""],
      [".", "x"],
      ["ide", ".."],
    ] as const) {
      expect(() => encodeLauncherLink({ catalogId, chartName, helmValuesPatch: [] })).toThrow(
        LauncherLinkError,
      );
    }
  });

  it("accepts a single key whose only dot is literal", () => {
    expect(encodePatch({ path: ["spark.driver"], value: 1 })()).toBe(
      "/launcher/ide/vscode?spark%5C.driver=1",
    );
  });
});
