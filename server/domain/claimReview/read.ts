import { canonicalLanguageTag, LANGUAGE_TAG_RULE } from '../languageTag';
import { isRealDay } from '../validation';
import type { ActorKind, Verdict } from '../vocabulary';
import { reviewKey } from './document';
import { ACTOR_TYPES, BEST_RATING, first, isClaimReview, isObject, plainText, RATING_VALUES, ratingKey, typesOf, UNDETERMINED_LANGUAGE, WORST_RATING, type Node, type RatingMap } from './schema';

/** ClaimReview in: one of another fact-checker's reviews read into what an import needs, or why it cannot be. */

export interface ImportCandidate {
  /** The foreign review's url as its publisher wrote it. */
  reviewUrl: string;
  /** Its canonical form: the key that makes importing twice add nothing. */
  reviewKey: string;
  text: string;
  language: string;
  claimedOn: string | null;
  claimant: { name: string; kind: ActorKind; title: string | null; wikidataId: string | null } | null;
  /** Where the claim appeared, the first appearance first; a url, a title, or both. */
  appearances: { url: string | null; title: string; publisher: string | null; publishedOn: string | null }[];
  verdict: Verdict;
  rating: ForeignRating;
  reviewer: string | null;
  reviewPublishedOn: string | null;
}

/** The rating as the foreign reviewer gave it: a label, a number on a scale, or both. */
interface ForeignRating {
  label: string | null;
  value: number | null;
  best: number | null;
  worst: number | null;
}

type ParsedItem = { index: number; candidate: ImportCandidate } | { index: number; error: string };

/** A reason an item cannot be imported, naming the property as the document names it. */
class Refusal extends Error {}
const refuse = (field: string, why: string): never => {
  throw new Refusal(`${field}: ${why}`);
};
const quoted = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

/** Reads one property's text: a string (or the first of several), as plain text; null when absent. */
function text(v: unknown, field: string): string | null {
  const s = first(v);
  if (s === undefined || s === null) return null;
  if (typeof s === 'number') return String(s);
  if (typeof s !== 'string') return refuse(field, `${quoted(s)} is not text`);
  return plainText(s) || null;
}

function httpUrl(v: unknown, field: string): string | null {
  const s = text(v, field);
  if (s === null) return null;
  try {
    const u = new URL(s);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 2000) return s;
  } catch {
    // refused below
  }
  return refuse(field, `${quoted(s)} is not an http:// or https:// address`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The calendar date of an ISO 8601 date or date-time as the publisher wrote it: the date part of
 * `2023-05-10T22:00-05:00` is the 10th, whatever day it was in UTC. Impossible dates and
 * numeric dates whose order is unknown (12/05/2023) are refused, not guessed.
 */
export function publisherDay(v: unknown, field: string): string | null {
  const s = text(v, field);
  if (s === null) return null;
  const m = ISO_DATE.exec(s);
  if (!m) {
    const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}$/.exec(s);
    if (numeric && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12 && numeric[1] !== numeric[2]) {
      refuse(field, `${s} is ambiguous (day/month or month/day?); schema.org dates are ISO 8601, such as 2023-05-12`);
    }
    refuse(field, `${quoted(s)} is not an ISO 8601 date such as 2023-05-12`);
  }
  const [, y, mo, d, hh, mm, ss, offset] = m!;
  const day = `${y}-${mo}-${d}`;
  const month = Number(mo);
  if (month < 1 || month > 12) refuse(field, `${s} is not a real date: there is no month ${month}`);
  if (!isRealDay(day)) {
    const days = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
    refuse(field, `${s} is not a real date: ${MONTHS[month - 1]} ${y} has ${days} days`);
  }
  const offsetHours = offset && !/^z$/i.test(offset) ? Number(offset.slice(1, 3)) : 0;
  if (Number(hh ?? 0) > 23 || Number(mm ?? 0) > 59 || Number(ss ?? 0) > 60 || offsetHours > 14) {
    refuse(field, `${s} is not a real time of day`);
  }
  return day;
}

const numberOf = (v: unknown, field: string): number | null => {
  const x = first(v);
  if (x === undefined || x === null || x === '') return null;
  const n = typeof x === 'number' ? x : typeof x === 'string' && x.trim() !== '' ? Number(x.trim()) : NaN;
  return Number.isFinite(n) ? n : refuse(field, `${quoted(x)} is not a number`);
};

/** The verdict a foreign rating means: its label through the map, else its number through its scale. */
function readRating(raw: unknown, ratings: RatingMap, deref: (v: unknown) => unknown): { rating: ForeignRating; verdict: Verdict } {
  const r = deref(first(raw));
  if (!isObject(r)) return refuse('reviewRating', 'is missing');
  const label = text(r.alternateName, 'reviewRating.alternateName') ?? text(r.name, 'reviewRating.name');
  if (label && label.length > 2000) refuse('reviewRating.alternateName', 'must be at most 2000 characters');
  const value = numberOf(r.ratingValue, 'reviewRating.ratingValue');
  if (label === null && value === null) refuse('reviewRating', 'has neither alternateName nor ratingValue');
  let rating: ForeignRating = { label, value: null, best: null, worst: null };
  let scaled: Verdict | undefined;
  if (value !== null) {
    // schema.org's defaults when a scale is not given: 5 best, 1 worst.
    const best = numberOf(r.bestRating, 'reviewRating.bestRating') ?? BEST_RATING;
    const worst = numberOf(r.worstRating, 'reviewRating.worstRating') ?? WORST_RATING;
    if (best === worst) refuse('reviewRating', `bestRating and worstRating are both ${best}`);
    if (value < Math.min(best, worst) || value > Math.max(best, worst)) {
      refuse('reviewRating.ratingValue', `${value} is outside the scale from worstRating ${worst} to bestRating ${best}`);
    }
    rating = { label, value, best, worst };
    const ours = WORST_RATING + Math.round(((value - worst) / (best - worst)) * (BEST_RATING - WORST_RATING));
    scaled = (Object.keys(RATING_VALUES) as Verdict[]).find((v) => RATING_VALUES[v] === ours);
  }
  return { rating, verdict: (label !== null ? labelVerdict(label, ratings) : undefined) ?? scaled ?? 'UNPROVEN' };
}

/** A label's verdict, or that of its first sentence ("Incorrect. The figure is …" → FALSE). */
function labelVerdict(label: string, ratings: RatingMap): Verdict | undefined {
  const lead = label.split(/[.:;!?—–]\s/)[0]!;
  return ratings.get(ratingKey(label)) ?? ratings.get(ratingKey(lead));
}

const WIKIDATA_ITEM = /^https?:\/\/(?:www\.|m\.)?wikidata\.org\/(?:wiki|entity)\/(Q[1-9]\d*)\/?$/;

function readClaimant(raw: unknown, deref: (v: unknown) => unknown): ImportCandidate['claimant'] {
  const author = deref(first(raw));
  if (typeof author === 'string') return { name: text(author, 'itemReviewed.author')!, kind: 'ORGANISATION', title: null, wikidataId: null };
  if (!isObject(author)) return null;
  const name = text(author.name, 'itemReviewed.author.name');
  if (!name) return null;
  const types = typesOf(author);
  const kind = (Object.keys(ACTOR_TYPES) as ActorKind[]).find((k) => types.includes(ACTOR_TYPES[k])) ?? 'ORGANISATION';
  const sameAs = [author.sameAs, author['@id']].flat().filter((s): s is string => typeof s === 'string');
  return {
    name,
    kind,
    title: text(author.jobTitle, 'itemReviewed.author.jobTitle'),
    wikidataId: sameAs.map((s) => WIKIDATA_ITEM.exec(s.trim())?.[1]).find(Boolean) ?? null,
  };
}

function readAppearances(claim: Node, deref: (v: unknown) => unknown): ImportCandidate['appearances'] {
  const all = (['firstAppearance', 'appearance'] as const).flatMap((prop) =>
    [claim[prop]].flat().map((raw, i) => {
      const a = deref(raw);
      const field = `itemReviewed.${prop}${Array.isArray(claim[prop]) ? `[${i}]` : ''}`;
      if (typeof a === 'string') return { url: httpUrl(a, field), title: a.trim(), publisher: null, publishedOn: null };
      if (!isObject(a)) return null;
      const url = httpUrl(a.url, `${field}.url`);
      const publisher = deref(first(a.publisher));
      return {
        url,
        title: text(a.headline, `${field}.headline`) ?? text(a.name, `${field}.name`) ?? url,
        publisher: isObject(publisher) ? text(publisher.name, `${field}.publisher.name`) : text(publisher, `${field}.publisher`),
        publishedOn: publisherDay(a.datePublished, `${field}.datePublished`),
      };
    }),
  );
  const kept = new Map<string, ImportCandidate['appearances'][number]>();
  for (const a of all) {
    // The first mention of a work is kept: firstAppearance usually names it, the appearance list often repeats only its url.
    if (a !== null && a.title !== null && !kept.has(a.url ?? `title:${a.title}`)) kept.set(a.url ?? `title:${a.title}`, { ...a, title: a.title });
  }
  return [...kept.values()];
}

function readLanguage(item: Node, claim: Node): string {
  const raw = first(item.inLanguage ?? claim.inLanguage);
  if (raw === undefined || raw === null) return UNDETERMINED_LANGUAGE;
  // schema.org also allows a Language node; its code is in alternateName.
  const tag = isObject(raw) ? raw.alternateName : raw;
  const canonical = typeof tag === 'string' ? canonicalLanguageTag(tag) : null;
  return canonical ?? refuse('inLanguage', `${quoted(tag ?? raw)} ${LANGUAGE_TAG_RULE}`);
}

/** Reads one ClaimReview into what an import needs, or says why it cannot. */
export function readReview(item: unknown, index: number, ratings: RatingMap, nodes: Map<string, Node> = new Map()): ParsedItem {
  const deref = (v: unknown): unknown => (isObject(v) && typeof v['@id'] === 'string' && nodes.has(v['@id']) ? { ...nodes.get(v['@id']), ...v } : v);
  if (!isObject(item)) return { index, error: 'not a JSON object' };
  if (!isClaimReview(item)) return { index, error: `@type is ${JSON.stringify(item['@type'] ?? null)}, not ClaimReview` };
  try {
    const reviewUrl = httpUrl(item.url, 'url') ?? refuse('url', 'is missing');
    const claimReviewed = text(item.claimReviewed, 'claimReviewed') ?? refuse('claimReviewed', 'is missing');
    if (claimReviewed.length < 10 || claimReviewed.length > 1000) refuse('claimReviewed', 'must be 10 to 1000 characters');
    const claim = deref(first(item.itemReviewed));
    if (!isObject(claim)) refuse('itemReviewed', 'is missing (a ClaimReview must say which claim it reviews)');
    const { rating, verdict } = readRating(item.reviewRating, ratings, deref);
    const reviewer = deref(first(item.author));
    return {
      index,
      candidate: {
        reviewUrl,
        reviewKey: reviewKey(reviewUrl)!,
        text: claimReviewed,
        language: readLanguage(item, claim as Node),
        claimedOn: publisherDay((claim as Node).datePublished, 'itemReviewed.datePublished'),
        claimant: readClaimant((claim as Node).author, deref),
        appearances: readAppearances(claim as Node, deref),
        verdict,
        rating,
        reviewer: isObject(reviewer) ? text(reviewer.name, 'author.name') : text(reviewer, 'author'),
        reviewPublishedOn: publisherDay(item.datePublished, 'datePublished'),
      },
    };
  } catch (err) {
    if (err instanceof Refusal) return { index, error: err.message };
    throw err;
  }
}

