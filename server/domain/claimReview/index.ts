/**
 * schema.org ClaimReview, the format search engines and fact-check aggregators read: our claims
 * out (publish.ts, pure mapping), and other fact-checkers' reviews in (document.ts, read.ts:
 * parsing and rating mapping), keeping what the publisher wrote or saying why an item cannot be kept.
 */
export { embeddableJson, localizedLabels, toClaimReview, type LocalizedLabels, type Publisher } from './publish';
export { parseReviewDocument, reviewDocument, reviewKey } from './document';
export { publisherDay, readReview, type ImportCandidate } from './read';
export { plainText, ratingMap, type RatingMap } from './schema';
