import { isClaimReview, isObject, type Node } from './schema';

/** A ClaimReview document as it arrives: its reviews, the nodes they refer to, and the key of a review's url. */

/** A document's reviews, and every node with an @id so references (`{"@id": …}`) can be followed. */
export interface ReviewDocument {
  items: unknown[];
  nodes: Map<string, Node>;
}

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
