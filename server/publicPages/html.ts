import { escapeUTF8 } from 'entities';
import { shortenText } from '../domain/shortText';

/**
 * Markup with escaping by default, for the public pages and the Atom feed. Every interpolation in
 * an `html` template is escaped (`&<>"'`, which is enough in text and in quoted attribute values,
 * in HTML and in XML) unless it is already `Markup` — made by `html` itself or, for the one
 * pre-escaped kind of text we write (JSON inside <script>), by `trusted`. So user text can only
 * reach a page through the escaper, and concatenating strings is not how pages are built.
 */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What a template may interpolate: text, numbers, markup, lists of them; null, undefined and false write nothing. */
export type Interpolation = Markup | string | number | null | undefined | false | readonly Interpolation[];

/**
 * Characters XML 1.0 does not allow in a document at all (escaped or not): C0 controls other than
 * tab, line feed and carriage return, lone surrogates and U+FFFE/U+FFFF. Stored text refuses most
 * of them (hostileText.ts); the rest are replaced rather than let one claim break the whole feed.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

/** Text as it can stand in HTML or XML text and in a quoted attribute value. */
export function escape(text: string): string {
  return escapeUTF8(text.replace(NOT_XML, '\uFFFD'));
}

function write(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(write).join('');
  return escape(String(value));
}

/** The tagged template: `html\`<p dir="auto">${claim.text}</p>\`` escapes the claim's text. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  values.forEach((v, i) => (out += write(v) + strings[i + 1]!));
  return new Markup(out);
}

/** Text that is already safe where it goes (say why at the call). */
export const trusted = (text: string) => new Markup(text);

/** An address a page may link to: http(s) only (stored addresses are checked, this is the last guard). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * `text` on one line, cut to at most `max` characters between words of `lang` (the claim's
 * language), with an ellipsis when cut: the admin UI's rule (domain/shortText.ts).
 */
export function shorten(text: string, max: number, lang?: string | null): string {
  return shortenText(text.replace(/\s+/g, ' '), max, lang);
}

// Scripts written right to left (ISO 15924), for the `dir` of text in a language that uses one.
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

/**
 * The direction of text in a language (BCP 47), from its script: explicit (`az-Arab`) or the
 * likely one (`ar` → Arab); `auto` when the language is undetermined or unknown.
 */
export function directionOf(language: string): 'ltr' | 'rtl' | 'auto' {
  if (language === 'und') return 'auto';
  try {
    const script = new Intl.Locale(language).maximize().script;
    if (!script) return 'auto';
    return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  } catch {
    return 'auto';
  }
}
