import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveWebCustomization } from "../src/config/webEnv.ts";
import {
  languageNames,
  languageOfTag,
  languages,
  pickLanguage,
  resolveEnabledLanguages,
  type Language,
} from "../src/i18n/languages.ts";
import { localize } from "../src/i18n/localizedString.ts";
import { defaultMessages, loadedMessages, loadMessages } from "../src/i18n/messages.ts";

// Every message function takes one object of parameters. The probe answers each parameter name
// with its own number (the same in every language), so a text's placeholders can be read back.
const sentinels = new Map<string, number>();
const probe = new Proxy(
  {},
  {
    get: (_, key) => {
      const name = String(key);
      if (!sentinels.has(name)) sentinels.set(name, 7001 + sentinels.size);
      return sentinels.get(name);
    },
  },
);
const constant = (value: number) => new Proxy({}, { get: () => value });

/** Every text of a message file by key path; functions are called with `params`. */
function leaves(value: unknown, params: object = probe, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(prefix, value);
  else if (typeof value === "function") {
    out.set(prefix, String((value as (p: unknown) => unknown)(params)));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      for (const [path, text] of leaves(v, params, prefix ? `${prefix}.${k}` : k)) {
        out.set(path, text);
      }
    }
  } else out.set(prefix, `<${typeof value}>`);
  return out;
}

/** What must survive translation: interpolated parameters, $ENV_VARS and {tokens}. */
function placeholders(text: string): string[] {
  const params = [...sentinels.entries()]
    .filter(([, n]) => text.includes(String(n)))
    .map(([name]) => `\${${name}}`);
  const tokens = text.match(/\$[A-Z][A-Z0-9_]+|\{[A-Za-z]+\}/g) ?? [];
  return [...new Set([...params, ...tokens])].sort();
}

/** Every problem of a language file against English: keys, empty texts, placeholders. */
function problems(messages: object): string[] {
  const english = leaves(defaultMessages);
  const translated = leaves(messages);
  const out: string[] = [];
  for (const path of english.keys()) if (!translated.has(path)) out.push(`missing ${path}`);
  for (const [path, text] of translated) {
    const reference = english.get(path);
    if (reference === undefined) out.push(`extra ${path}`);
    else if (text.trim() === "" || /undefined|NaN|\[object/.test(text)) out.push(`empty ${path}`);
    else if (placeholders(text).join() !== placeholders(reference).join()) {
      out.push(`placeholders of ${path}: ${placeholders(text)} vs ${placeholders(reference)}`);
    }
  }
  // The plural and special-case branches (count 0 and 1) must read as well.
  for (const n of [0, 1]) {
    for (const [path, text] of leaves(messages, constant(n))) {
      if (text.trim() === "" || /undefined|NaN/.test(text)) out.push(`empty ${path} for ${n}`);
    }
  }
  return out;
}

describe("message files", () => {
  it("ships Onyxia's nine languages, each named in itself", () => {
    expect(languages).toEqual(["en", "fr", "zh-CN", "no", "fi", "nl", "it", "es", "de"]);
    expect(languages.map((l) => languageNames[l])).toEqual([
      "English",
      "Français",
      "简体中文",
      "Norsk",
      "Suomi",
      "Nederlands",
      "Italiano",
      "Español",
      "Deutsch",
    ]);
  });

  it("the check catches a missing key, an extra key, an empty text and a lost placeholder", () => {
    const { retry: _retry, ...errors } = defaultMessages.errors;
    const mutated = {
      ...defaultMessages,
      errors: { ...errors, extra: "x", title: " " },
      home: { ...defaultMessages.home, title: () => "Welcome" },
      account: { ...defaultMessages.account, gitTokenHelp: "Injected as a token." },
    };
    expect(problems(mutated)).toEqual(
      expect.arrayContaining([
        "missing errors.retry",
        "extra errors.extra",
        "empty errors.title",
        expect.stringMatching(/^placeholders of home\.title/),
        expect.stringMatching(/^placeholders of account\.gitTokenHelp/),
      ]),
    );
    expect(problems(defaultMessages)).toEqual([]);
  });

  for (const lang of languages) {
    it(`${lang}: every key of English, no empty text, the same placeholders`, async () => {
      const messages = await loadMessages(lang);
      expect(leaves(messages).size).toBeGreaterThan(150);
      expect(problems(messages)).toEqual([]);
    });
  }

  for (const lang of languages.filter((l) => l !== "en")) {
    it(`${lang} is translated, not a copy of English`, async () => {
      const english = leaves(defaultMessages);
      const same = [...leaves(await loadMessages(lang))].filter(
        ([path, text]) => english.get(path) === text,
      );
      // Product names and international words stay (README, Git, Kubernetes, Pod; Dutch and German
      // share Status, Logs, Container… with English): a copied file would be 100 %.
      expect(same.length).toBeLessThan(english.size * 0.15);
    });
  }

  it("loads a language once and keeps it", async () => {
    expect(loadedMessages("en")).toBe(defaultMessages);
    const de = await loadMessages("de");
    expect(de.shell.catalog).toBe("Katalog");
    expect(loadedMessages("de")).toBe(de);
    expect(await loadMessages("de")).toBe(de);
  });
});

describe("the browser's language picks the default", () => {
  it("reads region and script variants as the language", () => {
    const cases: [string, Language | undefined][] = [
      ["de-AT", "de"],
      ["de-CH", "de"],
      ["fr-CA", "fr"],
      ["en-GB", "en"],
      ["es-419", "es"],
      ["it-IT", "it"],
      ["nl-BE", "nl"],
      ["fi-FI", "fi"],
      ["nb-NO", "no"],
      ["nn", "no"],
      ["nn-NO", "no"],
      ["no", "no"],
      ["zh", "zh-CN"],
      ["zh-CN", "zh-CN"],
      ["zh-cn", "zh-CN"],
      ["zh-Hans", "zh-CN"],
      ["zh-Hans-HK", "zh-CN"],
      ["zh-SG", "zh-CN"],
      ["zh-TW", undefined],
      ["zh-Hant", undefined],
      ["zh-HK", undefined],
      ["pt-BR", undefined],
      ["", undefined],
    ];
    for (const [tag, expected] of cases) expect([tag, languageOfTag(tag)]).toEqual([tag, expected]);
  });

  it("takes the first preferred language that is available", () => {
    expect(pickLanguage(["pt-BR", "de-AT", "fr"])).toBe("de");
    expect(pickLanguage(["zh-TW", "nb-NO"])).toBe("no");
    expect(pickLanguage(["pt", "ru"])).toBe("en");
    expect(pickLanguage([], ["fr", "en"])).toBe("fr");
    // Restricted by ENABLED_LANGUAGES: German is not offered, so the next preference wins.
    expect(pickLanguage(["de-DE", "en-US"], ["fr", "en"])).toBe("en");
    expect(pickLanguage(["de-DE"], ["fr", "en"])).toBe("fr");
  });
});

describe("ENABLED_LANGUAGES", () => {
  afterEach(() => vi.restoreAllMocks());

  it("keeps the known codes in the admin's order", () => {
    const warn = vi.fn();
    expect(resolveEnabledLanguages(["fr", "en"], warn)).toEqual(["fr", "en"]);
    expect(resolveEnabledLanguages(["ZH-cn", "No", "de", "de"], warn)).toEqual([
      "zh-CN",
      "no",
      "de",
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("ignores an unknown code with a warning naming it", () => {
    const warn = vi.fn();
    expect(resolveEnabledLanguages(["en", "klingon", "fi"], warn)).toEqual(["en", "fi"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/"klingon" is not a supported language/);
  });

  it("keeps every language when nothing valid remains, or when unset", () => {
    const warn = vi.fn();
    expect(resolveEnabledLanguages(["pt", "ru"], warn)).toEqual([...languages]);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[2]?.[0]).toMatch(/every language stays available/);
    const quiet = vi.fn();
    expect(resolveEnabledLanguages(undefined, quiet)).toEqual([...languages]);
    expect(resolveEnabledLanguages([], quiet)).toEqual([...languages]);
    expect(quiet).not.toHaveBeenCalled();
  });

  it("is read from the injected web env (comma-separated or a list), warning on the console", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(
      resolveWebCustomization({ ENABLED_LANGUAGES: "de, nl,xx" }, {}).enabledLanguages,
    ).toEqual(["de", "nl"]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"xx"/));
    expect(resolveWebCustomization({ ENABLED_LANGUAGES: ["it"] }, {}).enabledLanguages).toEqual([
      "it",
    ]);
    expect(resolveWebCustomization({ ENABLED_LANGUAGES: "," }, {}).enabledLanguages).toEqual([
      ...languages,
    ]);
    expect(resolveWebCustomization({}, {}).enabledLanguages).toEqual([...languages]);
  });
});

describe("localized catalog texts", () => {
  const text = { en: "Databases", fr: "Bases de données", de: "Datenbanken" };

  it("uses the requested language, then English, then the first entry", () => {
    expect(localize(text, "de")).toBe("Datenbanken");
    expect(localize(text, "fi")).toBe("Databases");
    expect(localize({ fr: "Bases", it: "Basi" }, "zh-CN")).toBe("Bases");
    expect(localize("Plain", "no")).toBe("Plain");
    expect(localize(undefined, "es")).toBe("");
    expect(localize({}, "es")).toBe("");
  });

  it("accepts keys naming the same language differently, and skips empty texts", () => {
    expect(localize({ en: "Hello", nb: "Hei" }, "no")).toBe("Hei");
    expect(localize({ en: "Hello", zh: "你好" }, "zh-CN")).toBe("你好");
    expect(localize({ en: "Hello", "de-AT": "Servus" }, "de")).toBe("Servus");
    expect(localize({ en: "Hello", "en-GB": "Hi" }, "en")).toBe("Hello");
    expect(localize({ nl: "", en: "Hello" }, "nl")).toBe("Hello");
    expect(localize({ fr: "", it: "Ciao" }, "nl")).toBe("Ciao");
  });

  it("never reads a key from the object prototype", () => {
    expect(localize({ en: "Hello" }, "constructor")).toBe("Hello");
  });
});
