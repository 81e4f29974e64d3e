import type { Verdict } from './vocabulary';
import { VERDICTS } from './vocabulary';

/**
 * schema.org ClaimReview, the format search engines and fact-check aggregators read: our claims
 * out (pure mapping), and other fact-checkers' reviews in (parsing and rating mapping).
 */

const VERDICT_LABELS: Record<Verdict, string> = {
  TRUE: 'True',
  MOSTLY_TRUE: 'Mostly true',
  MIXED: 'Mixed',
  MOSTLY_FALSE: 'Mostly false',
  FALSE: 'False',
  MISLEADING: 'Misleading',
  UNPROVEN: 'Unproven',
  NOT_CHECKABLE: 'Not checkable',
};

/** The ordinal verdicts on the 5 (best) … 1 (worst) scale; the others have no ratingValue. */
const RATING_VALUES: Partial<Record<Verdict, number>> = { TRUE: 5, MOSTLY_TRUE: 4, MIXED: 3, MOSTLY_FALSE: 2, FALSE: 1 };

interface ReviewSubject {
  id: string;
  text: string;
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
export function toClaimReview(c: ReviewSubject, publisher: Publisher, url: string): Record<string, unknown> {
  const value = RATING_VALUES[c.verdict];
  const appearance = c.firstAppearance ? creativeWork(c.firstAppearance) : undefined;
  return {
    '@type': 'ClaimReview',
    url,
    claimReviewed: c.text,
    datePublished: new Date(c.publishedAt).toISOString().slice(0, 10),
    author: { '@type': 'Organization', name: publisher.name, url: publisher.url },
    reviewRating: {
      '@type': 'Rating',
      ...(value !== undefined ? { ratingValue: value, bestRating: 5, worstRating: 1 } : {}),
      alternateName: VERDICT_LABELS[c.verdict],
      ...(c.verdictRationale ? { ratingExplanation: c.verdictRationale } : {}),
    },
    itemReviewed: {
      '@type': 'Claim',
      ...(c.claimant
        ? {
            author: {
              '@type': c.claimant.kind === 'PERSON' ? 'Person' : 'Organization',
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

// ----------------------------------------------------------------------------- import

export interface ImportCandidate {
  /** The foreign review's url: the key that makes importing twice add nothing. */
  reviewUrl: string;
  text: string;
  claimedOn: string | null;
  claimant: { name: string; kind: 'PERSON' | 'ORGANISATION'; title: string | null; wikidataId: string | null } | null;
  appearances: { url: string; title: string; publisher: string | null; publishedOn: string | null }[];
  verdict: Verdict;
  /** The label as the foreign reviewer wrote it. */
  originalRating: string;
  reviewer: string | null;
  reviewPublishedOn: string | null;
}

type ParsedItem = { index: number; candidate: ImportCandidate } | { index: number; error: string };

/** The ClaimReview items of a document: one review, an array, a @graph, or a DataFeed. */
export function reviewItems(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc.flatMap(reviewItems);
  if (!isObject(doc)) return [doc];
  if (Array.isArray(doc['@graph'])) return doc['@graph'].flatMap(reviewItems);
  if (Array.isArray(doc.dataFeedElement)) {
    return doc.dataFeedElement.flatMap((el) => (isObject(el) && isObject(el.item) ? reviewItems(el.item) : reviewItems(el)));
  }
  return [doc];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const day = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
};
const httpUrl = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
};

/** Normalises a rating label for lookup: no case, accents or punctuation. */
function ratingKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export type RatingMap = Map<string, Verdict>;

export function ratingMap(table: Record<string, string>): RatingMap {
  const map: RatingMap = new Map();
  for (const [label, verdict] of Object.entries(table)) {
    if (label.startsWith('_')) continue;
    if (!(VERDICTS as readonly string[]).includes(verdict)) throw new Error(`rating map: ${label} → ${verdict} is not a verdict`);
    map.set(ratingKey(label), verdict as Verdict);
  }
  // Our own labels always map back to themselves, so our feed round-trips.
  for (const [verdict, label] of Object.entries(VERDICT_LABELS)) map.set(ratingKey(label), verdict as Verdict);
  return map;
}

/** Reads one ClaimReview into what an import needs, or says why it cannot. */
export function readReview(item: unknown, index: number, ratings: RatingMap): ParsedItem {
  if (!isObject(item)) return { index, error: 'not a JSON object' };
  const type = item['@type'];
  if (!(type === 'ClaimReview' || (Array.isArray(type) && type.includes('ClaimReview')))) {
    return { index, error: `@type is ${JSON.stringify(type ?? null)}, not ClaimReview` };
  }
  const reviewUrl = httpUrl(item.url);
  if (!reviewUrl) return { index, error: 'url is missing or not an http(s) address' };
  const text = str(item.claimReviewed);
  if (!text) return { index, error: 'claimReviewed is missing' };
  if (text.length < 10 || text.length > 1000) return { index, error: 'claimReviewed must be 10 to 1000 characters' };
  const rating = first(item.reviewRating);
  const label = isObject(rating) ? str(rating.alternateName) ?? (rating.ratingValue != null ? String(rating.ratingValue) : null) : null;
  if (!label) return { index, error: 'reviewRating.alternateName is missing' };
  const claim = isObject(first(item.itemReviewed)) ? (first(item.itemReviewed) as Record<string, unknown>) : {};
  const author = first(claim.author);
  const authorName = isObject(author) ? str(author.name) : str(author);
  const sameAs = isObject(author) ? str(first(author.sameAs)) : null;
  const appearances = [...[claim.firstAppearance].flat(), ...[claim.appearance].flat()]
    .filter(isObject)
    .map((a) => ({
      url: httpUrl(a.url),
      title: str(a.headline) ?? str(a.name) ?? str(a.url),
      publisher: isObject(a.publisher) ? str(a.publisher.name) : str(a.publisher),
      publishedOn: day(a.datePublished),
    }))
    .filter((a): a is { url: string; title: string; publisher: string | null; publishedOn: string | null } => Boolean(a.url && a.title));
  const reviewer = first(item.author);
  return {
    index,
    candidate: {
      reviewUrl,
      text,
      claimedOn: day(claim.datePublished),
      claimant: authorName
        ? {
            name: authorName.slice(0, 200),
            kind: isObject(author) && author['@type'] === 'Person' ? 'PERSON' : 'ORGANISATION',
            title: isObject(author) ? str(author.jobTitle) : null,
            wikidataId: sameAs?.match(/wikidata\.org\/(?:wiki|entity)\/(Q[1-9]\d*)$/)?.[1] ?? null,
          }
        : null,
      appearances: [...new Map(appearances.map((a) => [a.url, a])).values()],
      verdict: ratings.get(ratingKey(label)) ?? 'UNPROVEN',
      originalRating: label.slice(0, 200),
      reviewer: isObject(reviewer) ? str(reviewer.name) : str(reviewer),
      reviewPublishedOn: day(item.datePublished),
    },
  };
}
