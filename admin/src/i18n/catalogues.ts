import { UI_LOCALES, type UiLocale } from '@domain/vocabulary';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider } from 'react-admin';
import { ar } from './ar';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Messages, Translate } from './messages';
import { ptBR } from './pt-BR';

export type { MessageKey, Messages, Translate } from './messages';
export { UI_LOCALES, type UiLocale };

/**
 * The admin UI's languages: one catalogue each (this folder), the user's choice saved with their
 * account (User.locale) and applied at login; before that, the browser's preferred language when
 * the UI speaks it, else English.
 */
export const CATALOGUES: Record<UiLocale, Messages> = { en, fr, es, 'pt-BR': ptBR, de, ar };

/** Each language in its own words, as the language menu lists it whatever language is showing. */
export const LANGUAGE_NAMES: Record<UiLocale, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  de: 'Deutsch',
  ar: 'العربية',
};

export const isUiLocale = (v: unknown): v is UiLocale => typeof v === 'string' && (UI_LOCALES as readonly string[]).includes(v);

/** Scripts written right to left; of the UI's languages only Arabic, but claims come in Persian, Hebrew, Urdu too. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

export const directionOf = (locale: string): 'ltr' | 'rtl' => (RTL_LANGUAGES.has(locale.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr');

/** The first of the browser's languages the UI speaks ("fr-CA" → fr, "pt-PT" → pt-BR), else English. */
export function browserLocale(preferred: readonly string[] = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? []): UiLocale {
  for (const tag of preferred) {
    const exact = UI_LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split('-')[0]!.toLowerCase();
    const sameLanguage = UI_LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === base);
    if (sameLanguage) return sameLanguage;
  }
  return 'en';
}

/**
 * A missing key is a bug: it is logged as an error (the browser tests fail on any) and shows as
 * the key itself, never as English passed off as the user's language.
 */
const onMissingKey = (key: string, _values: unknown, locale: string) => {
  // eslint-disable-next-line no-console -- a bug report, where developers and the browser tests see it
  console.error(`Missing translation for "${key}" in ${locale}`);
  return key;
};

export function createI18nProvider(initial: UiLocale = browserLocale()): I18nProvider {
  return polyglotI18nProvider(
    (locale) => CATALOGUES[isUiLocale(locale) ? locale : 'en'],
    initial,
    UI_LOCALES.map((locale) => ({ locale, name: LANGUAGE_NAMES[locale] })),
    { allowMissing: false, onMissingKey },
  );
}

export const translator = (translate: (key: string, values?: object) => string, locale: UiLocale): Translate =>
  Object.assign((key: string, values?: object) => translate(key, values), { locale });

/** A translator outside React (tests, and code that is handed one): the same catalogues and rules. */
export const translatorFor = (locale: UiLocale): Translate => translator(createI18nProvider(locale).translate, locale);
