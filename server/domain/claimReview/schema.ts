import { decodeHTML } from 'entities';
import type { ActorKind, Verdict } from '../vocabulary';
import { VERDICT_LABELS, VERDICTS } from '../vocabulary';

/** What ClaimReview out and in share: the rating scale, schema.org's actor types, rating labels and JSON-LD nodes. */

/** The ordinal verdicts on the 5 (best) … 1 (worst) scale; the others have no ratingValue. */
export const RATING_VALUES: Partial<Record<Verdict, number>> = { TRUE: 5, MOSTLY_TRUE: 4, MIXED: 3, MOSTLY_FALSE: 2, FALSE: 1 };
export const BEST_RATING = 5;
export const WORST_RATING = 1;

/** Actor kinds as schema.org types, both ways (the Organization subtypes keep the kind through a round trip). */
export const ACTOR_TYPES: Record<ActorKind, string> = {
  PERSON: 'Person',
  ORGANISATION: 'Organization',
  GOVERNMENT: 'GovernmentOrganization',
  OUTLET: 'NewsMediaOrganization',
};

/** "und" (undetermined) is what a claim whose review gave no language stores; it is never published. */
export const UNDETERMINED_LANGUAGE = 'und';

export type Node = Record<string, unknown>;

export const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isVerdict = (v: string): v is Verdict => (VERDICTS as readonly string[]).includes(v);
export const typesOf = (node: Node): string[] => [node['@type']].flat().filter((t): t is string => typeof t === 'string');
export const isClaimReview = (v: unknown): boolean => isObject(v) && typesOf(v).includes('ClaimReview');
export const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** Text as a reader sees it: tags removed, entities decoded (&amp;, &#8217; …), spaces collapsed. */
export function plainText(html: string): string {
  return decodeHTML(html.replace(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^<>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalises a rating label for lookup: no case, accents or punctuation; letters of any script kept. */
export function ratingKey(label: string): string {
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
