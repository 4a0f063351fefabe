// Onyxia's LocalizedString: a plain string, or a {lang: text} map.
export type LocalizedString = string | Record<string, string>;

/** Resolves a LocalizedString: the asked language, then English, then the first entry. */
export function localize(value: LocalizedString | undefined, lang: string): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return value[lang] ?? value["en"] ?? Object.values(value)[0] ?? "";
}
