// The languages of the UI (Onyxia's nine, same codes as its ENABLED_LANGUAGES) and the rules that
// choose one. No message text here: this module is in the initial bundle and read by config/webEnv.ts.

export const languages = ["en", "fr", "zh-CN", "no", "fi", "nl", "it", "es", "de"] as const;

export type Language = (typeof languages)[number];

/** Each language in its own name, for the picker (no message file needs loading to list them). */
export const languageNames: Record<Language, string> = {
  en: "English",
  fr: "Français",
  "zh-CN": "简体中文",
  no: "Norsk",
  fi: "Suomi",
  nl: "Nederlands",
  it: "Italiano",
  es: "Español",
  de: "Deutsch",
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** One of our codes written in any case ("ZH-cn", "De"), else undefined. */
function exactCode(tag: string): Language | undefined {
  const lower = tag.toLowerCase();
  return languages.find((l) => l.toLowerCase() === lower);
}

/**
 * The language of a BCP 47 tag from the browser: region variants count as the language ("de-AT",
 * "fr-CA", "es-419"); Norwegian Bokmål and Nynorsk ("nb-NO", "nn") as "no"; Chinese as Simplified
 * Chinese ("zh", "zh-Hans", "zh-SG"), except tags that ask for Traditional script ("zh-TW",
 * "zh-Hant", "zh-HK", "zh-MO"), which match nothing so the browser's next choice is used.
 */
export function languageOfTag(tag: string): Language | undefined {
  const exact = exactCode(tag.trim());
  if (exact) return exact;
  const subtags = tag.trim().toLowerCase().split(/[-_]/);
  const base = subtags[0] ?? "";
  if (base === "nb" || base === "nn" || base === "no") return "no";
  if (base === "zh") {
    const traditional =
      subtags.includes("hant") ||
      (["tw", "hk", "mo"].some((r) => subtags.includes(r)) && !subtags.includes("hans"));
    return traditional ? undefined : "zh-CN";
  }
  return isLanguage(base) ? base : undefined;
}

/**
 * The first of the browser's preferred languages that is available; else the fallback, which is
 * the first available language (the installation's first ENABLED_LANGUAGES entry, or English).
 */
export function pickLanguage(
  preferred: readonly string[],
  available: readonly Language[] = languages,
  fallback: Language = available[0] ?? "en",
): Language {
  for (const tag of preferred) {
    const lang = languageOfTag(tag);
    if (lang && available.includes(lang)) return lang;
  }
  return fallback;
}

/**
 * ENABLED_LANGUAGES as Onyxia's web reads it ("en,fr"): the known codes in the admin's order
 * (case-insensitive, duplicates dropped). An unknown code is ignored with a warning; when no
 * known code remains (or the variable is unset), every language stays available.
 */
export function resolveEnabledLanguages(
  codes: readonly string[] | undefined,
  warn: (message: string) => void = (message) => console.warn(message),
): Language[] {
  const enabled: Language[] = [];
  for (const code of codes ?? []) {
    const lang = exactCode(code.trim());
    if (lang === undefined) {
      warn(
        `ENABLED_LANGUAGES: "${code}" is not a supported language and is ignored (supported: ${languages.join(", ")}).`,
      );
    } else if (!enabled.includes(lang)) {
      enabled.push(lang);
    }
  }
  if (enabled.length === 0 && codes !== undefined && codes.length > 0) {
    warn("ENABLED_LANGUAGES names no supported language: every language stays available.");
  }
  return enabled.length > 0 ? enabled : [...languages];
}
