import { isStaff, type Viewer } from '../domain/viewer';

/**
 * Which rows a reader may see, as SQL: one definition each. Staff read the working copies
 * (`claims`, `evidence`); everyone else reads each claim's last published version
 * (`public_claims`, `public_evidence`, kept by services/publishedVersions.ts), so a claim reopened
 * for correction stays in public view, unchanged, until its corrected verdict is approved.
 */

/** The table of the claims the viewer reads. */
export const claimTable = (viewer: Viewer) => (isStaff(viewer) ? 'claims' : 'public_claims');

/**
 * The narrow table of the search vectors of the claims in `claimTable` (id, vector; the public
 * one also `listed`, as `publishedClaim`), kept by triggers (migration MultilingualSearch).
 */
export const searchTable = (viewer: Viewer) => (isStaff(viewer) ? 'claim_search' : 'public_claim_search');

/** The table of the evidence the viewer reads (of the claims in `claimTable`). */
export const evidenceTable = (viewer: Viewer | null) => (viewer && !isStaff(viewer) ? 'public_evidence' : 'evidence');

/**
 * On a `public_claims` row: published and not withdrawn. Lists, search, counts and the feed show
 * only these; `claim(id)` also answers a withdrawn claim's tombstone.
 */
export const publishedClaim = (alias: string) => `${alias}.withdrawn_at IS NULL`;

/** Public readers see only public evidence that has not been removed. */
export const evidenceVisibility = (viewer: Viewer, alias = 'e') =>
  `${alias}.removed_at IS NULL${viewer.kind === 'public' ? ` AND ${alias}.is_public` : ''}`;
