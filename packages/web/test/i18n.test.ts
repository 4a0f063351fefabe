import { describe, expect, it } from "vitest";
import { languages, messagesByLanguage, pickLanguage } from "../src/i18n/languages.ts";

// The typecheck already rejects a missing key; this also catches extra keys and empty texts.
function shape(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k));
  }
  return [`${prefix}:${typeof value}`];
}

function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "function") {
    // Every message function takes one object of parameters; probe it with plausible values.
    const probe = new Proxy(
      {},
      {
        get: (_, key) =>
          key === "count" || key === "status" || key === "index" || key === "minimum" ? 2 : "x",
      },
    );
    return [String((value as (p: unknown) => unknown)(probe))];
  }
  if (value && typeof value === "object") return Object.values(value).flatMap(texts);
  return [];
}

describe("i18n", () => {
  it("ships English and French", () => {
    expect(languages).toEqual(["en", "fr"]);
  });

  for (const lang of languages) {
    it(`${lang} has exactly the keys of English, and no empty text`, () => {
      expect(shape(messagesByLanguage[lang]).sort()).toEqual(shape(messagesByLanguage.en).sort());
      const all = texts(messagesByLanguage[lang]);
      expect(all.length).toBeGreaterThan(50);
      expect(all.filter((t) => t.trim() === "" || t.includes("undefined"))).toEqual([]);
    });
  }

  it("French is actually translated, not a copy of English", () => {
    const en = texts(messagesByLanguage.en);
    const fr = texts(messagesByLanguage.fr);
    const same = en.filter((t, i) => t === fr[i]);
    // A few texts are identical in both languages (e.g. "Global", "Sources").
    expect(same.length).toBeLessThan(en.length / 10);
  });

  it("picks the first supported browser language", () => {
    expect(pickLanguage(["de-DE", "fr-CA", "en"])).toBe("fr");
    expect(pickLanguage(["de", "it"])).toBe("en");
    expect(pickLanguage([], "fr")).toBe("fr");
  });
});
