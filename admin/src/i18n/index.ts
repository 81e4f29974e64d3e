import { useMemo } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { isUiLocale, translator, type Translate, type UiLocale } from './catalogues';

/** The admin UI's languages (catalogues.ts, plain data for node too) and the hooks screens use. */
export * from './catalogues';

/** The language showing. */
export function useUiLocale(): UiLocale {
  const [locale] = useLocaleState();
  return isUiLocale(locale) ? locale : 'en';
}

/** The translate function of the language showing, typed by our keys. */
export function useT(): Translate {
  const translate = useTranslate();
  const locale = useUiLocale();
  return useMemo(() => translator(translate, locale), [translate, locale]);
}
