import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, Source } from '../db/entities';
import type { Connection } from '../db/paging';
import { one } from '../db/sql';
import {
  ratingMap,
  readReview,
  reviewItems,
  toClaimReview,
  type ImportCandidate,
  type Publisher,
  type RatingMap,
} from '../domain/claimReview';
import { AppError } from '../domain/errors';
import { anonymous, type ChangeAuthor } from '../domain/viewer';
import type { Verdict } from '../domain/vocabulary';
import type { CatalogService } from './catalog';
import type { ClaimRecord } from './claimRows';
import type { ClaimService } from './claims';
import type { EvidenceService } from './evidence';

const DEFAULT_RATING_MAP = path.join(__dirname, '..', 'domain', 'claimreview-ratings.json');

interface ImportReport {
  created: number;
  /** Already imported earlier (same review url): nothing added. */
  skipped: number;
  failed: { index: number; url: string | null; reason: string }[];
}

interface FeedPage {
  reviews: Record<string, unknown>[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** ClaimReview out (the public feed) and in (imports from other fact-checkers). */
export class ClaimReviewService {
  private readonly ratings: RatingMap;

  constructor(
    private readonly ds: DataSource,
    private readonly claims: ClaimService,
    private readonly actors: CatalogService<Actor, unknown>,
    private readonly sources: CatalogService<Source, unknown>,
    private readonly evidence: EvidenceService,
    private readonly publisher: Publisher,
    private readonly publicBaseUrl: string,
    ratingMapFile: string = DEFAULT_RATING_MAP,
  ) {
    this.ratings = ratingMap(JSON.parse(readFileSync(ratingMapFile, 'utf8')) as Record<string, string>);
  }

  reviewUrl(claimId: string): string {
    return `${this.publicBaseUrl}/claimreview/${claimId}.jsonld`;
  }

  /** A page of the public feed, most recently published first. */
  async feedPage(first: number, after: string | null): Promise<FeedPage> {
    const page: Connection<ClaimRecord> = await this.claims.list(
      anonymous,
      { orderBy: 'RECENTLY_PUBLISHED', first, after },
      { claimant: true, firstAppearance: true },
    );
    return {
      reviews: page.nodes.map((c) => this.review(c)),
      endCursor: page.pageInfo.endCursor,
      hasNextPage: page.pageInfo.hasNextPage,
    };
  }

  /** One published claim's ClaimReview, or null when it is not published. */
  async one(claimId: string): Promise<Record<string, unknown> | null> {
    const claim = await this.claims.get(anonymous, claimId, { claimant: true, firstAppearance: true });
    return claim ? { '@context': 'https://schema.org', ...this.review(claim) } : null;
  }

  private review(c: ClaimRecord): Record<string, unknown> {
    return toClaimReview(
      {
        id: c.id,
        text: c.text,
        verdict: c.verdict as Verdict,
        verdictRationale: c.verdictRationale,
        claimedOn: c.claimedOn,
        publishedAt: c.publishedAt!,
        claimant: c.claimant ?? null,
        firstAppearance: c.firstAppearance ?? null,
      },
      this.publisher,
      this.reviewUrl(c.id),
    );
  }

  /**
   * Imports every ClaimReview in `document` (a review, an array, a @graph or a DataFeed). Each
   * review is its own transaction: bad ones are reported with the reason, good ones still land;
   * a review already imported (same url) is skipped, so importing twice adds nothing.
   */
  async import(author: ChangeAuthor, document: unknown, origin: string): Promise<ImportReport> {
    const report: ImportReport = { created: 0, skipped: 0, failed: [] };
    const items = reviewItems(document);
    for (const [index, item] of items.entries()) {
      const parsed = readReview(item, index, this.ratings);
      if ('error' in parsed) {
        report.failed.push({ index, url: urlOf(item), reason: parsed.error });
        continue;
      }
      try {
        const created = await this.ds.transaction((em) => this.importOne(em, author, parsed.candidate, origin));
        if (created) report.created++;
        else report.skipped++;
      } catch (err) {
        if (err instanceof AppError) report.failed.push({ index, url: parsed.candidate.reviewUrl, reason: err.message });
        else if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') report.skipped++;
        else throw err;
      }
    }
    return report;
  }

  private async importOne(em: EntityManager, author: ChangeAuthor, c: ImportCandidate, origin: string): Promise<boolean> {
    if (await one(em, 'SELECT 1 FROM claims WHERE imported_from = $1', [c.reviewUrl])) return false;
    const claimantId = c.claimant ? await this.actorFor(em, author, c.claimant) : null;
    const sourceIds: string[] = [];
    for (const a of c.appearances) {
      sourceIds.push(await this.sourceFor(em, author, { title: a.title, url: a.url, publisher: a.publisher, publishedOn: a.publishedOn, kind: 'OTHER' }));
    }
    const reviewer = c.reviewer ?? new URL(c.reviewUrl).hostname;
    const claim = await this.claims.importReview(
      em,
      author,
      { text: c.text, claimantId, firstAppearanceId: sourceIds[0] ?? null, claimedOn: c.claimedOn },
      {
        verdict: c.verdict,
        verdictRationale: `Imported from ${reviewer}, who rated it "${c.originalRating}".`,
        originalRating: c.originalRating,
        importedFrom: c.reviewUrl,
      },
      `ClaimReview import from ${origin}`,
    );
    // The foreign fact-check itself is kept as context evidence for whoever reviews the draft.
    const reviewSource = await this.sourceFor(em, author, {
      title: `${reviewer}: fact check rated "${c.originalRating}"`.slice(0, 500),
      url: c.reviewUrl,
      publisher: c.reviewer,
      publishedOn: c.reviewPublishedOn,
      kind: 'ARTICLE',
    });
    await this.evidence.addWithin(em, author, claim, {
      sourceId: reviewSource,
      stance: 'CONTEXT',
      reliability: 3,
      excerpt: `Rated "${c.originalRating}" by ${reviewer}.`,
    });
    return true;
  }

  private async actorFor(em: EntityManager, author: ChangeAuthor, a: NonNullable<ImportCandidate['claimant']>): Promise<string> {
    const found = await one<{ id: string }>(
      em,
      `SELECT id FROM actors
       WHERE ($2::text IS NOT NULL AND wikidata_id = $2) OR lower(name) = lower($1)
          OR EXISTS (SELECT 1 FROM unnest(aliases) al WHERE lower(al) = lower($1))
       ORDER BY (wikidata_id = $2) DESC NULLS LAST LIMIT 1`,
      [a.name, a.wikidataId],
    );
    if (found) return found.id;
    return (await this.actors.createWithin(em, author, { name: a.name, kind: a.kind, title: a.title, wikidataId: a.wikidataId })).id;
  }

  private async sourceFor(em: EntityManager, author: ChangeAuthor, s: Record<string, unknown> & { url: string }): Promise<string> {
    const url = new URL(s.url);
    url.hash = ''; // as source validation stores it
    const found = await one<{ id: string }>(em, 'SELECT id FROM sources WHERE url = $1', [url.toString()]);
    if (found) return found.id;
    return (await this.sources.createWithin(em, author, s)).id;
  }
}

function urlOf(item: unknown): string | null {
  const url = (item as { url?: unknown } | null)?.url;
  return typeof url === 'string' ? url : null;
}
