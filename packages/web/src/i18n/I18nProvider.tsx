import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { branding } from "../config/branding.ts";
import { readStored, writeStored } from "../config/storage.ts";
import {
  isLanguage,
  languages,
  messagesByLanguage,
  pickLanguage,
  type Language,
} from "./languages.ts";
import type { Messages } from "./messages.ts";

const storageKey = "datalab.language";

interface I18nValue {
  lang: Language;
  t: Messages;
  setLang: (lang: Language) => void;
  availableLanguages: Language[];
}

const I18nContext = createContext<I18nValue | undefined>(undefined);

function initialLanguage(available: Language[]): Language {
  const stored = readStored(storageKey);
  if (isLanguage(stored) && available.includes(stored)) return stored;
  return pickLanguage(
    (globalThis.navigator?.languages ?? []).filter((l) => available.some((a) => l.startsWith(a))),
    available[0] ?? "en",
  );
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const availableLanguages = useMemo(() => {
    const enabled = branding.enabledLanguages?.filter(isLanguage);
    return enabled && enabled.length > 0 ? enabled : languages;
  }, []);
  const [lang, setLangState] = useState<Language>(() => initialLanguage(availableLanguages));

  const setLang = useCallback((next: Language) => {
    writeStored(storageKey, next);
    setLangState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo(
    () => ({ lang, t: messagesByLanguage[lang], setLang, availableLanguages }),
    [lang, setLang, availableLanguages],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
