/**
 * A topic's slug: its stable key, which claims are filed and filtered by and which each claim's
 * history state lists. The rule is defined here and only here; the database's CHECK
 * (migrations/1765094400001-TopicSlugsInAnyScript.ts) accepts every slug it makes.
 *
 * The slug is the name NFKC-normalized and case-folded, keeping every letter, digit and
 * combining mark of any script, with each run of anything else made one hyphen:
 *   "North Korea" → "north-korea", "SANCTIONS" and full-width "Ｓａｎｃｔｉｏｎｓ" → "sanctions",
 *   "العقوبات" → "العقوبات", "制裁" → "制裁", "Sanctions (العقوبات)" → "sanctions-العقوبات".
 * So names that differ only by case or width are one topic, and names that differ by script
 * never are.
 *
 * Case folding: JavaScript has no full Unicode case fold, so this is Unicode's NFKC_Casefold
 * approximated as NFKC, then toLowerCase() (the locale-independent full lowercase mapping,
 * which already folds most ligatures and title-case digraphs), then the two folds lowercase
 * leaves apart that matter in newsroom text: ß/ẞ → "ss" (German writes "STRASSE" for "Straße")
 * and final sigma ς → σ (toLowerCase writes a word-final σ as ς, so "ΣΟΦΟΣ" and "σοφοσ" would
 * otherwise differ), then NFKC again (lowercasing can leave a sequence NFKC composes).
 * Default-ignorable code points (zero-width joiners and non-joiners, soft hyphens, variation
 * selectors, bidi marks) are dropped before anything else: they are invisible, and two topics
 * must not differ by something nobody can see. (Persian "می‌خواهم" typed with or without its
 * ZWNJ is one topic.)
 *
 * Combining marks (\p{M}) are kept as part of a word: Devanagari's virama and vowel signs,
 * Arabic's harakat and Thai's vowels are marks, and cutting words at them would split "हिन्दी".
 */

/** A slug's maximum length in code points (the database's char_length). */
export const TOPIC_SLUG_MAX = 80;

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;
const EDGE_HYPHENS = /^-+|-+$/g;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** The slug of a topic named `name`; empty when the name has no letter or digit. */
export function topicSlug(name: string): string {
  const folded = name
    .normalize('NFKC')
    .replace(IGNORABLE, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .normalize('NFKC');
  return truncate(folded.replace(NOT_WORD, '-').replace(EDGE_HYPHENS, ''));
}

/**
 * At most TOPIC_SLUG_MAX code points, cut between user-perceived characters (never inside a
 * surrogate pair, nor between a letter and its marks), and never ending in a hyphen.
 */
function truncate(slug: string): string {
  if (slug.length <= TOPIC_SLUG_MAX) return slug; // UTF-16 units ≥ code points: short enough
  let out = '';
  let count = 0;
  for (const { segment } of graphemes.segment(slug)) {
    count += [...segment].length;
    if (count > TOPIC_SLUG_MAX) break;
    out += segment;
  }
  return out.replace(EDGE_HYPHENS, '');
}

/**
 * The slug rule before migration 1765094400001: letters stripped of their accents, then only
 * a–z and 0–9 kept. Topics created then keep the slug it gave them (each claim's history lists
 * its topics by slug, and rewriting those would break every claim revision's topics), and a
 * name is matched to such a topic through it (TopicService.resolve). For names in ASCII it gives
 * exactly what topicSlug gives (test/domain/topicSlug.test.ts).
 */
export function legacyTopicSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}
