/**
 * Someone's text shortened for a title, a list cell or a one-line summary: cut after the last
 * whole word that fits, with an ellipsis, never inside a word ("North Korea imported…", not
 * "North Korea impo…"). Words are the language's own (Intl.Segmenter), so Chinese, Japanese or
 * Thai, written without spaces, are cut between words too. Where no word ends near enough to the
 * limit (one very long word, a URL), the cut falls between two user-perceived characters, so a
 * combining accent, an emoji or a surrogate pair is never split. Shared by the admin UI and the
 * server (`@domain/shortText`).
 */

/** The ellipsis the cut ends with; it counts towards `max`. */
export const ELLIPSIS = '…';

/** A word boundary earlier than this share of the room leaves too little: cut between characters instead. */
const WORD_CUT_MIN_SHARE = 0.5;

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(granularity: 'word' | 'grapheme', lang: string | null | undefined): Intl.Segmenter {
  const key = `${granularity}:${lang ?? ''}`;
  let s = segmenters.get(key);
  if (!s) {
    let locale: string | undefined;
    try {
      // An unusable tag (`und`, a malformed import) falls back to the default locale's rules.
      locale = lang && Intl.Segmenter.supportedLocalesOf([lang]).length ? lang : undefined;
    } catch {
      locale = undefined;
    }
    s = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, s);
  }
  return s;
}

/** Trailing spaces and the punctuation that joins to what follows (a comma, a dash, an opening bracket). */
const DANGLING = /[\s,;:\-–—([{«“‘"'،؛、，；：]+$/u;

/**
 * `text` in at most `max` UTF-16 code units (the ellipsis included), cut at a word boundary of
 * `lang` (a BCP 47 tag, the claim's language) where one is near enough, else at a grapheme
 * boundary. Text that fits comes back whole; surrounding whitespace is dropped either way.
 */
export function shortenText(text: string | null | undefined, max: number, lang?: string | null): string {
  const s = (text ?? '').trim();
  if (s.length <= max) return s;
  const room = Math.max(0, max - ELLIPSIS.length);
  let cut = 0;
  for (const seg of segmenter('word', lang).segment(s)) {
    const end = seg.index + seg.segment.length;
    if (end > room) break;
    if (seg.isWordLike) cut = end;
  }
  if (cut < room * WORD_CUT_MIN_SHARE) {
    cut = 0;
    for (const seg of segmenter('grapheme', lang).segment(s)) {
      const end = seg.index + seg.segment.length;
      if (end > room) break;
      cut = end;
    }
  }
  return `${s.slice(0, cut).replace(DANGLING, '')}${ELLIPSIS}`;
}
