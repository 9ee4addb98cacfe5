import { useLocation } from './router';

/**
 * Chinese first, English on request (`?lang=en`, kept across pages). Each page holds its
 * own strings beside it: `const t = useStrings(STRINGS)`, where STRINGS has the same keys
 * in both languages (the type makes a missing translation a compile error).
 */
export type Language = 'zh' | 'en';

export type Strings<K extends string> = Record<Language, Record<K, string>>;

export function useLanguage(): Language {
  return useLocation().search.get('lang') === 'en' ? 'en' : 'zh';
}

/** `t(key, {n: 3})` replaces `{n}` in the string. */
export function useStrings<K extends string>(
  strings: Strings<K>,
): (key: K, values?: Record<string, string | number>) => string {
  const language = useLanguage();
  return (key, values) => {
    let text = strings[language][key];
    if (values)
      for (const [name, value] of Object.entries(values))
        text = text.split(`{${name}}`).join(String(value));
    return text;
  };
}

/** A name the data holds in both languages: Chinese unless English is asked for. */
export function useName(): (zh: string, en: string | null | undefined) => string {
  const language = useLanguage();
  return (zh, en) => (language === 'en' && en ? en : zh);
}
