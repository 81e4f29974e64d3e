import { decodeHTML } from 'entities';
import { canonicalLanguageTag, isRealDay, LANGUAGE_TAG_RULE } from './validation';
import type { ActorKind, Verdict } from './vocabulary';
import { VERDICT_LABELS, VERDICTS } from './vocabulary';

/**
 * schema.org ClaimReview, the format search engines and fact-check aggregators read: our claims
 * out (pure mapping), and other fact-checkers' reviews in (parsing and rating mapping), keeping
 * what the publisher wrote or saying why an item cannot be kept.
 */

/** The ordinal verdicts on the 5 (best) … 1 (worst) scale; the others have no ratingValue. */
const RATING_VALUES: Partial<Record<Verdict, number>> = { TRUE: 5, MOSTLY_TRUE: 4, MIXED: 3, MOSTLY_FALSE: 2, FALSE: 1 };
const BEST_RATING = 5;
const WORST_RATING = 1;

/** Actor kinds as schema.org types, both ways (the Organization subtypes keep the kind through a round trip). */
const ACTOR_TYPES: Record<ActorKind, string> = {
  PERSON: 'Person',
  ORGANISATION: 'Organization',
  GOVERNMENT: 'GovernmentOrganization',
  OUTLET: 'NewsMediaOrganization',
};

/** "und" (undetermined) is what a claim whose review gave no language stores; it is never published. */
const UNDETERMINED_LANGUAGE = 'und';

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

// ----------------------------------------------------------------------------- import

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

type Node = Record<string, unknown>;

/** A document's reviews, and every node with an @id so references (`{"@id": …}`) can be followed. */
interface ReviewDocument {
  items: unknown[];
  nodes: Map<string, Node>;
}

const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const isVerdict = (v: string): v is Verdict => (VERDICTS as readonly string[]).includes(v);
const typesOf = (node: Node): string[] => [node['@type']].flat().filter((t): t is string => typeof t === 'string');
const isClaimReview = (v: unknown): boolean => isObject(v) && typesOf(v).includes('ClaimReview');
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/**
 * A document's reviews: one review, an array of them, a DataFeed, or a @graph. In a @graph (as
 * Yoast and other page builders write it) the WebPage, Organization, … nodes are context, not
 * reviews: they are skipped, and references to them resolved. Elsewhere every element counts, so
 * an element that is not a ClaimReview is reported.
 */
export function reviewDocument(doc: unknown): ReviewDocument {
  const items: unknown[] = [];
  const collect = (v: unknown, inGraph: boolean): void => {
    if (Array.isArray(v)) return v.forEach((el) => collect(el, inGraph));
    if (isObject(v) && Array.isArray(v['@graph'])) return collect(v['@graph'], true);
    if (isObject(v) && Array.isArray(v.dataFeedElement)) {
      return v.dataFeedElement.forEach((el) => collect(isObject(el) && el.item !== undefined ? el.item : el, false));
    }
    if (isClaimReview(v) || !inGraph) items.push(v);
  };
  collect(doc, false);
  const nodes = new Map<string, Node>();
  const index = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(index);
    if (!isObject(v)) return;
    const id = v['@id'];
    if (typeof id === 'string' && Object.keys(v).some((k) => k !== '@id' && k !== '@type')) nodes.set(id, { ...v, ...nodes.get(id) });
    Object.values(v).forEach(index);
  };
  index(doc);
  return { items, nodes };
}

/** Parses a document's text: JSON, with a UTF-8 byte order mark allowed (editors on Windows write one). */
export function parseReviewDocument(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}

/**
 * A review url in canonical form: https, lower-case host, default port, trailing slash,
 * fragment and tracking parameters (utm_*, fbclid, gclid …) dropped, the other parameters sorted.
 * The same review under any of those variants is one review.
 */
export function reviewKey(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.protocol = 'https:';
  u.port = u.port === '80' || u.port === '443' ? '' : u.port;
  u.hash = '';
  const params = [...u.searchParams].filter(([name]) => !TRACKING_PARAMETER.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(params).toString();
  u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  return u.toString().replace(/\/$/, '');
}
const TRACKING_PARAMETER = /^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|twclid|_ga|_gl|oly_anon_id|oly_enc_id)$/i;

/** Text as a reader sees it: tags removed, entities decoded (&amp;, &#8217; …), spaces collapsed. */
export function plainText(html: string): string {
  return decodeHTML(html.replace(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^<>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalises a rating label for lookup: no case, accents or punctuation; letters of any script kept. */
function ratingKey(label: string): string {
  return plainText(label)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type RatingMap = Map<string, Verdict>;

/** The label → verdict table, flat ({ label: verdict }) or grouped by language ({ fr: { label: verdict } }). */
export function ratingMap(table: Record<string, unknown>): RatingMap {
  const map: RatingMap = new Map();
  const add = (label: string, verdict: unknown, where: string) => {
    if (typeof verdict !== 'string' || !isVerdict(verdict)) throw new Error(`rating map: ${where} → ${String(verdict)} is not a verdict`);
    const key = ratingKey(label);
    const earlier = map.get(key);
    if (earlier && earlier !== verdict) throw new Error(`rating map: ${where} → ${verdict}, but the same label is mapped to ${earlier} elsewhere`);
    map.set(key, verdict);
  };
  for (const [name, value] of Object.entries(table)) {
    if (name.startsWith('_')) continue;
    if (isObject(value)) for (const [label, verdict] of Object.entries(value)) add(label, verdict, `${name}.${label}`);
    else add(name, value, name);
  }
  // Our own labels always map back to themselves, so our feed round-trips.
  for (const [verdict, label] of Object.entries(VERDICT_LABELS)) map.set(ratingKey(label), verdict as Verdict);
  return map;
}

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
