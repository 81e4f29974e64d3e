import { canonicalLanguageTag, LANGUAGE_TAG_RULE } from '../languageTag';
import type { ActorKind, Verdict } from '../vocabulary';
import { VERDICT_LABELS } from '../vocabulary';
import { ACTOR_TYPES, BEST_RATING, isObject, isVerdict, RATING_VALUES, ratingKey, UNDETERMINED_LANGUAGE, WORST_RATING, type RatingMap } from './schema';

/** ClaimReview out: our published claims as schema.org ClaimReview (pure mapping). */

interface ReviewSubject {
  id: string;
  text: string;
  language: string;
  verdict: Verdict;
  verdictRationale: string | null;
  claimedOn: string | null;
  publishedAt: Date | string;
  claimant: { name: string; kind: string; title: string | null; wikidataId: string | null } | null;
  firstAppearance: { title: string; url: string | null; publisher: string | null; author: string | null; publishedOn: string | null } | null;
}

export interface Publisher {
  name: string;
  url: string;
}

/** Verdict labels a newsroom publishes in a language other than English, by language tag. */
export type LocalizedLabels = Map<string, Partial<Record<Verdict, string>>>;

/** The label of `verdict` in `language` (pt-BR, else pt), else the English one. */
function verdictLabel(verdict: Verdict, language: string, localized: LocalizedLabels): string {
  const primary = language.split('-')[0]!;
  return localized.get(language)?.[verdict] ?? localized.get(primary)?.[verdict] ?? VERDICT_LABELS[verdict];
}

/**
 * Reads a newsroom's localized labels ({ "fr": { "FALSE": "Faux", … } }): languages must be tags as
 * claims store them, verdicts ours, and every label must import back as its own verdict through
 * `ratings`, so another newsroom (or this one) reading the feed gets the verdict we published.
 */
export function localizedLabels(table: Record<string, unknown>, ratings: RatingMap): LocalizedLabels {
  const labels: LocalizedLabels = new Map();
  for (const [language, entries] of Object.entries(table)) {
    if (language.startsWith('_')) continue;
    if (canonicalLanguageTag(language) !== language) throw new Error(`verdict labels: ${language} ${LANGUAGE_TAG_RULE}`);
    if (!isObject(entries)) throw new Error(`verdict labels: ${language} must map verdicts to labels`);
    const byVerdict: Partial<Record<Verdict, string>> = {};
    for (const [verdict, label] of Object.entries(entries)) {
      if (!isVerdict(verdict)) throw new Error(`verdict labels: ${language}.${verdict} is not a verdict`);
      if (typeof label !== 'string' || !label.trim()) throw new Error(`verdict labels: ${language}.${verdict} must be a label`);
      const back = ratings.get(ratingKey(label));
      if (back !== verdict) {
        throw new Error(`verdict labels: ${language}.${verdict} "${label}" would import as ${back ?? 'an unknown label'}; add it to the rating map`);
      }
      byVerdict[verdict] = label.trim();
    }
    labels.set(language, byVerdict);
  }
  return labels;
}

function creativeWork(s: NonNullable<ReviewSubject['firstAppearance']>) {
  return {
    '@type': 'CreativeWork',
    ...(s.url ? { url: s.url } : {}),
    headline: s.title,
    ...(s.publisher ? { publisher: { '@type': 'Organization', name: s.publisher } } : {}),
    ...(s.author ? { author: { '@type': 'Person', name: s.author } } : {}),
    ...(s.publishedOn ? { datePublished: s.publishedOn } : {}),
  };
}

/** One published claim as a ClaimReview (without @context, for use inside a feed). */
export function toClaimReview(c: ReviewSubject, publisher: Publisher, url: string, localized: LocalizedLabels = new Map()): Record<string, unknown> {
  const value = RATING_VALUES[c.verdict];
  const appearance = c.firstAppearance ? creativeWork(c.firstAppearance) : undefined;
  const inLanguage = c.language === UNDETERMINED_LANGUAGE ? {} : { inLanguage: c.language };
  return {
    '@type': 'ClaimReview',
    url,
    claimReviewed: c.text,
    ...inLanguage,
    datePublished: new Date(c.publishedAt).toISOString().slice(0, 10),
    author: { '@type': 'Organization', name: publisher.name, url: publisher.url },
    reviewRating: {
      '@type': 'Rating',
      ...(value !== undefined ? { ratingValue: value, bestRating: BEST_RATING, worstRating: WORST_RATING } : {}),
      alternateName: verdictLabel(c.verdict, c.language, localized),
      ...(c.verdictRationale ? { ratingExplanation: c.verdictRationale } : {}),
    },
    // Google lists the Claim's author, date and appearances as recommended, none as required: what
    // we do not know is left out rather than invented (no author for an unattributed claim). The
    // Claim always says its language, so it is never an empty node.
    itemReviewed: {
      '@type': 'Claim',
      ...inLanguage,
      ...(c.claimant
        ? {
            author: {
              '@type': ACTOR_TYPES[c.claimant.kind as ActorKind] ?? ACTOR_TYPES.ORGANISATION,
              name: c.claimant.name,
              ...(c.claimant.title ? { jobTitle: c.claimant.title } : {}),
              ...(c.claimant.wikidataId ? { sameAs: `https://www.wikidata.org/wiki/${c.claimant.wikidataId}` } : {}),
            },
          }
        : {}),
      ...(c.claimedOn ? { datePublished: c.claimedOn } : {}),
      ...(appearance ? { appearance: [appearance], firstAppearance: appearance } : {}),
    },
  };
}

/**
 * JSON-LD text that is safe inside an HTML <script> element: `<`, `>` and `&` (and the line
 * separators old JavaScript parsers choke on) as \u escapes, which every JSON reader decodes back.
 */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
