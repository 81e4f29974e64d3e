import type { Viewer } from '../domain/viewer';

/**
 * Which rows a public reader may see, as SQL: one definition each. Public readers see published
 * claims only, and of their evidence only what is public and not removed.
 */

/** The "published" predicate on a `claims` row (`alias` omitted: the unqualified column). */
export const publishedClaim = (alias?: string) => `${alias ? `${alias}.` : ''}review_status = 'PUBLISHED'`;

/** Public readers see only public evidence that has not been removed. */
export const evidenceVisibility = (viewer: Viewer, alias = 'e') =>
  `${alias}.removed_at IS NULL${viewer.kind === 'public' ? ` AND ${alias}.is_public` : ''}`;
