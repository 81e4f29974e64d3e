import { shortenText } from '@domain/shortText';
import type { Translate } from '../i18n/messages';
import { useUiLocale, type UiLocale } from '../i18n';

/**
 * Dates and numbers as a newsroom reads them in the language showing ("27 Sept 2018" in British
 * English, "27 sept. 2018" in French, "27 سبتمبر 2018" in Arabic), through the browser's Intl.
 * The region comes from the browser when it prefers the same language (English in en-GB reads
 * day first, in en-US month first). Days are calendar days (no time zone); instants are shown in
 * the reader's zone.
 */
export interface Formats {
  day(v: unknown): string;
  instant(v: unknown): string;
  precise(v: unknown): string;
  number(v: number): string;
  /** 0.42 → "42 %" (or however the language writes it). */
  percent(v: number): string;
}

const made = new Map<UiLocale, Formats>();

/** The browser's own tag for the language showing, if it prefers that language ("en-GB" for en), else the language's. */
function regional(locale: UiLocale): string {
  const base = locale.split('-')[0]!.toLowerCase();
  const preferred = (globalThis as { navigator?: { languages?: readonly string[] } }).navigator?.languages ?? [];
  return preferred.find((tag) => tag.split('-')[0]!.toLowerCase() === base && (locale === base || tag.toLowerCase() === locale.toLowerCase())) ?? locale;
}

export function formatsFor(ui: UiLocale): Formats {
  let f = made.get(ui);
  if (!f) {
    const locale = regional(ui);
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    const instant = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    const precise = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const number = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    f = {
      day: (v) => (typeof v === 'string' && v ? day.format(new Date(`${v.slice(0, 10)}T00:00:00Z`)) : ''),
      instant: (v) => (typeof v === 'string' && v ? instant.format(new Date(v)) : ''),
      precise: (v) => (typeof v === 'string' && v ? precise.format(new Date(v)) : ''),
      number: (v) => number.format(v),
      percent: (v) => percent.format(v),
    };
    made.set(ui, f);
  }
  return f;
}

/** The formats of the language showing. */
export const useFormats = (): Formats => formatsFor(useUiLocale());

/** A history value in one line: text shortened (in `lang`, the claim's, when it is the claim's words), lists joined, nothing as an em dash. */
export function formatValue(v: unknown, t: Translate, max = 140, lang?: string | null): string {
  if (v === null || v === undefined || v === '') return t('app.common.none');
  if (Array.isArray(v)) return v.length ? v.map((x) => formatValue(x, t, max, lang)).join(', ') : t('app.common.none');
  if (typeof v === 'string') return shortenText(v, max, lang);
  if (typeof v === 'boolean') return v ? t('app.common.yes') : t('app.common.no');
  if (typeof v === 'number') return formatsFor(t.locale).number(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Someone's text for a title or a cell: at most `max` characters, cut between words of `lang` (@domain/shortText). */
export const shorten = (s: unknown, max = 90, lang?: string | null): string => shortenText(typeof s === 'string' ? s : '', max, lang);
