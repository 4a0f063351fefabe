/// <reference types="node" />
// The declarative profile in launches: Onyxia's stored format, what `user.profile` gets, the
// fields kept out becoming autocomplete options, and the shipped example profile schema filling
// the `user.profile.aiAssistant.*` references the interactive catalog's charts make.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createXOnyxiaContext,
  resolveXOnyxiaReference,
  type XOnyxiaContext,
} from "../../src/context/index.ts";
import { computeDefaultValues } from "../../src/defaults/index.ts";
import type { JSONSchema } from "../../src/schema/types.ts";
import {
  computeAutocompleteOptions,
  defaultUserProfile,
  isAutoInjected,
  readUserProfileStr,
  removeUserProfileItem,
  setAutoInjected,
  splitUserProfile,
  writeUserProfileStr,
  type UserProfile,
} from "../../src/user-profile/index.ts";
import { sampleContextInput } from "../context/sample-context.ts";

const exampleSchema = JSON.parse(
  readFileSync(new URL("../../../../catalogs/examples/profile/default", import.meta.url), "utf8"),
) as JSONSchema;

const s3Profile = (host: string) => ({
  host,
  accessKeyId: `key-${host}`,
  secretAccessKey: `secret-${host}`,
});

const profile: UserProfile = {
  userProfileValues: {
    aiAssistant: { enabled: true, provider: "openai", model: "gpt-x", apiBase: "", apiKey: "sk-1" },
    s3Profiles: [s3Profile("a"), s3Profile("b"), s3Profile("c")],
  },
  autoInjectionDisabledFields: [
    { valuesPath: ["aiAssistant", "apiKey"] },
    { valuesPath: ["s3Profiles", 2] },
    { valuesPath: ["s3Profiles", 0] },
  ],
};

function contextWith(profileValues: Record<string, unknown> | undefined): XOnyxiaContext {
  const input = sampleContextInput();
  return createXOnyxiaContext({
    ...input,
    user: {
      ...input.user,
      ...(profileValues ? { profile: profileValues as Record<string, never> } : {}),
    },
  });
}

describe("the stored profile (userProfileStr)", () => {
  it("reads back what it writes, in Onyxia's field names", () => {
    const text = writeUserProfileStr(profile);
    expect(JSON.parse(text)).toHaveProperty("userProfileValues.aiAssistant.model", "gpt-x");
    expect(JSON.parse(text)).toHaveProperty("autoInjectionDisabledFields.0.valuesPath", [
      "aiAssistant",
      "apiKey",
    ]);
    expect(readUserProfileStr(text)).toEqual({ profile });
  });

  it("reads nothing stored as none, and says what is wrong with a bad text", () => {
    expect(readUserProfileStr(null)).toEqual({ profile: undefined });
    expect(readUserProfileStr("{oops").problem).toMatch(/not JSON/);
    expect(readUserProfileStr('{"values": {}}').problem).toMatch(/"userProfileValues"/);
    expect(
      readUserProfileStr('{"userProfileValues": {}, "autoInjectionDisabledFields": [["a"]]}')
        .problem,
    ).toMatch(/\{valuesPath\}/);
  });
});

describe("what a launch injects", () => {
  it("keeps out the disabled fields (items after a kept-out item move down) and lists them apart", () => {
    const { injected, kept } = splitUserProfile(profile);
    expect(injected).toEqual({
      aiAssistant: { enabled: true, provider: "openai", model: "gpt-x", apiBase: "" },
      s3Profiles: [s3Profile("b")],
    });
    expect(kept).toEqual({
      aiAssistant: { apiKey: "sk-1" },
      s3Profiles: [s3Profile("a"), s3Profile("c")],
    });
    // The profile itself is untouched.
    expect(profile.userProfileValues.s3Profiles).toHaveLength(3);
  });

  it("fills the aiAssistant references of a chart from the shipped example profile", () => {
    const defaults = defaultUserProfile(exampleSchema, contextWith(undefined));
    expect(defaults.userProfileValues).toEqual({
      aiAssistant: { enabled: false, provider: "openai", model: "", apiBase: "", apiKey: "" },
    });
    const saved = {
      ...defaults,
      userProfileValues: {
        aiAssistant: {
          enabled: true,
          provider: "ollama",
          model: "qwen",
          apiBase: "http://llm:11434",
          apiKey: "k",
        },
      },
    };
    const context = contextWith(splitUserProfile(saved).injected);
    // The interactive catalog's chart fields (userPreferences.aiAssistant), as they reference it.
    const chart: JSONSchema = {
      type: "object",
      properties: {
        aiAssistant: {
          type: "object",
          properties: Object.fromEntries(
            ["enabled", "provider", "model", "apiBase", "apiKey"].map((key) => [
              key,
              {
                type: key === "enabled" ? "boolean" : "string",
                default: key === "enabled" ? false : "",
                "x-onyxia": { overwriteDefaultWith: `user.profile.aiAssistant.${key}` },
              },
            ]),
          ),
        },
      },
    };
    expect(computeDefaultValues(chart, { context }).values).toEqual({
      aiAssistant: {
        enabled: true,
        provider: "ollama",
        model: "qwen",
        apiBase: "http://llm:11434",
        apiKey: "k",
      },
    });
    // Kept out: the chart falls back to its own default.
    const withoutKey = contextWith(
      splitUserProfile(setAutoInjected(saved, ["aiAssistant", "apiKey"], false)).injected,
    );
    expect(resolveXOnyxiaReference("user.profile.aiAssistant.apiKey", withoutKey)).toBeUndefined();
    expect(computeDefaultValues(chart, { context: withoutKey }).values).toHaveProperty(
      "aiAssistant.apiKey",
      "",
    );
  });

  it("toggles a field's injection, and removing an item shifts the settings of the next ones", () => {
    const off = setAutoInjected(profile, ["aiAssistant", "model"], false);
    expect(isAutoInjected(off, ["aiAssistant", "model"])).toBe(false);
    expect(
      isAutoInjected(setAutoInjected(off, ["aiAssistant", "model"], true), [
        "aiAssistant",
        "model",
      ]),
    ).toBe(true);
    const removed = removeUserProfileItem(profile, ["s3Profiles"], 1);
    expect(removed.userProfileValues.s3Profiles).toEqual([s3Profile("a"), s3Profile("c")]);
    expect(removed.autoInjectionDisabledFields.map((f) => f.valuesPath)).toEqual([
      ["aiAssistant", "apiKey"],
      ["s3Profiles", 1],
      ["s3Profiles", 0],
    ]);
    const removedFirst = removeUserProfileItem(profile, ["s3Profiles"], 0);
    expect(removedFirst.autoInjectionDisabledFields.map((f) => f.valuesPath)).toEqual([
      ["aiAssistant", "apiKey"],
      ["s3Profiles", 1],
    ]);
  });
});

describe("autocomplete options in the launcher", () => {
  const chart: JSONSchema = {
    type: "object",
    properties: {
      s3Profiles: {
        type: "array",
        default: [],
        "x-onyxia": { overwriteDefaultWith: "{{user.profile.s3Profiles}}" },
        items: {
          type: "object",
          properties: {
            host: { type: "string", default: "" },
            accessKeyId: { type: "string", default: "" },
            secretAccessKey: { type: "string", default: "" },
          },
        },
      },
    },
  };

  it("offers the kept-out items for a text field of an array item, each replacing the whole item", () => {
    const { injected, kept } = splitUserProfile(profile);
    const context = contextWith(injected);
    const values = computeDefaultValues(chart, { context }).values;
    expect(values).toEqual({ s3Profiles: [s3Profile("b")] });
    const withBlank = {
      s3Profiles: [s3Profile("b"), { host: "", accessKeyId: "", secretAccessKey: "" }],
    };
    const options = computeAutocompleteOptions({
      schema: chart,
      values: withBlank,
      path: ["s3Profiles", 1, "host"],
      context,
      autocompleteContext: { user: { profile: kept } },
    });
    expect(options).toEqual([
      { optionValue: "a", overwrite: { path: ["s3Profiles", 1], value: s3Profile("a") } },
      { optionValue: "c", overwrite: { path: ["s3Profiles", 1], value: s3Profile("c") } },
    ]);
    // An item already in the values is not offered again; other fields get nothing.
    const already = computeAutocompleteOptions({
      schema: chart,
      values: { s3Profiles: [s3Profile("a"), s3Profile("b")] },
      path: ["s3Profiles", 1, "host"],
      context,
      autocompleteContext: { user: { profile: kept } },
    });
    expect(already.map((o) => o.optionValue)).toEqual(["c"]);
    expect(
      computeAutocompleteOptions({
        schema: chart,
        values: withBlank,
        path: ["s3Profiles", 1],
        context,
        autocompleteContext: { user: { profile: kept } },
      }),
    ).toEqual([]);
    expect(
      computeAutocompleteOptions({
        schema: chart,
        values: withBlank,
        path: ["s3Profiles", 1, "host"],
        context,
        autocompleteContext: {},
      }),
    ).toEqual([]);
  });
});
