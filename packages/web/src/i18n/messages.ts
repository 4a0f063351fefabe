import { en } from "./en.ts";
import type { Language } from "./languages.ts";

/** Every language file must have exactly this shape: a missing or misspelt key fails the typecheck. */
export type Messages = typeof en;

export { en as defaultMessages };

// English is the fallback and ships in the initial bundle; every other language is its own chunk,
// fetched when chosen (each is a few kB gzipped, the nine together would weigh on every first load).
const loaders: Record<Exclude<Language, "en">, () => Promise<Messages>> = {
  fr: () => import("./fr.ts").then((m) => m.fr),
  "zh-CN": () => import("./zh-CN.ts").then((m) => m.zhCN),
  no: () => import("./no.ts").then((m) => m.no),
  fi: () => import("./fi.ts").then((m) => m.fi),
  nl: () => import("./nl.ts").then((m) => m.nl),
  it: () => import("./it.ts").then((m) => m.it),
  es: () => import("./es.ts").then((m) => m.es),
  de: () => import("./de.ts").then((m) => m.de),
};

const loaded = new Map<Language, Messages>([["en", en]]);

/** The messages of a language if already loaded (English always is). */
export function loadedMessages(lang: Language): Messages | undefined {
  return loaded.get(lang);
}

/** Loads (once) the messages of a language. Rejects when its chunk cannot be fetched. */
export async function loadMessages(lang: Language): Promise<Messages> {
  const known = loaded.get(lang);
  if (known) return known;
  if (lang === "en") return en;
  const messages = await loaders[lang]();
  loaded.set(lang, messages);
  return messages;
}
