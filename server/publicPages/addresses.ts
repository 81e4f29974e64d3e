/**
 * Where the public pages live, in one place: the routes mount these, ClaimReview's `url` and the
 * Atom feed's links are made from them. Under /claims, apart from the admin UI (/admin/…), the API
 * (/graphql) and the JSON-LD documents (/claimreview…).
 */
export const PUBLIC_PATHS = {
  index: '/claims',
  feed: '/claims/feed.atom',
  claim: (id: string) => `/claims/${id}`,
  /** The ClaimReview document the page embeds, on its own (routes/claimReview.ts). */
  claimReview: (id: string) => `/claimreview/${id}.jsonld`,
} as const;
