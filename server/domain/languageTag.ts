/**
 * A claim's language: a BCP 47 tag of a language with, optionally, its script and region, in
 * canonical case (en, fr, pt-BR, zh-Hant, es-419; und when undetermined). The migration
 * ClaimLanguageAsBcp47 holds the database to the same form.
 */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$/;
export const LANGUAGE_TAG_RULE = 'must be a BCP 47 language tag such as en, fr or pt-BR';

/**
 * A language tag as a publisher may write it ("pt-br", "EN", "in") in the form claims store
 * ("pt-BR", "en", "id"), or null when it is not one.
 */
export function canonicalLanguageTag(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    return canonical !== undefined && LANGUAGE_TAG.test(canonical) ? canonical : null;
  } catch {
    return null; // not well-formed BCP 47
  }
}
