import { correctionsSeen, type Correction } from '../domain/claimReplay';
import { uuid } from '../domain/validation';
import { anonymous } from '../domain/viewer';
import type { Services } from '../services';
import type { ClaimRecord } from '../services/claimRows';

/**
 * What the public pages show, read the way every other public path reads it: as the anonymous
 * viewer through ClaimReadService (its published version: public_claims and public_evidence, see
 * services/visibility.ts), the corrections the public sees from the history chain
 * (claimReplay.correctionsSeen), and the ClaimReview built by ClaimReviewService. No rule of its
 * own about what is public.
 */

export interface PublishedClaim {
  claim: ClaimRecord;
  corrections: Correction[];
  /** The ClaimReview document (null for a withdrawn claim, which has none). */
  review: Record<string, unknown> | null;
}

export interface ClaimList {
  claims: PublishedClaim[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Claims per page of the index. */
export const INDEX_PAGE_SIZE = 20;
/** Entries in the Atom feed: the most recent publications (a feed is a window, not an archive). */
export const FEED_SIZE = 50;

export class PublicReads {
  constructor(private readonly services: Services) {}

  /** One claim as the public sees it (published, or a withdrawn one's tombstone); null when never published or not an id. */
  async claim(id: string): Promise<PublishedClaim | null> {
    if (!uuid.safeParse(id).success) return null;
    const claim = await this.services.claimReads.get(anonymous, id, { claimant: true, firstAppearance: true, evidence: true, topics: true });
    if (!claim) return null;
    return (await this.complete([claim]))[0]!;
  }

  /**
   * A page of published claims: the public search (most relevant first) when `search` is given,
   * else most recently published first; keyset paging by the list's own cursors.
   */
  async list(search: string | null, after: string | null, first = INDEX_PAGE_SIZE): Promise<ClaimList> {
    const page = await this.services.claimReads.list(
      anonymous,
      { filter: search ? { search } : null, orderBy: search ? 'RELEVANCE' : 'RECENTLY_PUBLISHED', first: Math.min(first, this.services.claimReviews.maxPageSize), after },
      { claimant: true, firstAppearance: true, topics: true },
    );
    return { claims: await this.complete(page.nodes), endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
  }

  /** Corrections (one read of the history chains for all) and the ClaimReview of each claim. */
  private async complete(claims: ClaimRecord[]): Promise<PublishedClaim[]> {
    const chains = await this.services.history.chainsOfClaims(claims.map((c) => c.id));
    return claims.map((claim, i) => ({
      claim,
      corrections: correctionsSeen(false, chains[i]!),
      review: claim.withdrawnAt ? null : this.services.claimReviews.reviewOf(claim),
    }));
  }
}
