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
import { isLanguage, pickLanguage, type Language } from "./languages.ts";
import { defaultMessages, loadedMessages, loadMessages, type Messages } from "./messages.ts";

const storageKey = "datalab.language";

interface I18nValue {
  lang: Language;
  t: Messages;
  setLang: (lang: Language) => void;
  availableLanguages: Language[];
}

const I18nContext = createContext<I18nValue | undefined>(undefined);

/** The user's earlier choice if still enabled, else the browser's languages, else the first enabled. */
function initialLanguage(available: Language[]): Language {
  const stored = readStored(storageKey);
  if (isLanguage(stored) && available.includes(stored)) return stored;
  return pickLanguage(globalThis.navigator?.languages ?? [], available);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  // Resolved once from ENABLED_LANGUAGES (config/webEnv.ts): never empty.
  const availableLanguages = branding.enabledLanguages;
  const [wanted, setWanted] = useState<Language>(() => initialLanguage(availableLanguages));
  // Bumped by every choice, so choosing again a language whose file failed to load retries it.
  const [attempt, setAttempt] = useState(0);
  // What is on screen: switching language keeps the previous texts until the new file has loaded.
  const [shown, setShown] = useState<{ lang: Language; t: Messages } | undefined>(() => {
    const t = loadedMessages(wanted);
    return t && { lang: wanted, t };
  });

  useEffect(() => {
    let current = true;
    loadMessages(wanted).then(
      (t) => current && setShown({ lang: wanted, t }),
      (error: unknown) => {
        console.warn(`The ${wanted} texts could not be loaded`, error);
        if (current) setShown((before) => before ?? { lang: "en", t: defaultMessages });
      },
    );
    return () => {
      current = false;
    };
  }, [wanted, attempt]);

  const setLang = useCallback((next: Language) => {
    writeStored(storageKey, next);
    setWanted(next);
    setAttempt((n) => n + 1);
  }, []);

  const lang = shown?.lang;
  useEffect(() => {
    if (lang) document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo(
    () => shown && { lang: shown.lang, t: shown.t, setLang, availableLanguages },
    [shown, setLang, availableLanguages],
  );
  // Only on a first visit in a language other than English, for the time its file takes to load.
  if (!value) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}
