import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../db/transaction';
import type { Actor, Source } from '../db/entities';
import type { Connection } from '../db/paging';
import { one } from '../db/sql';
import {
  localizedLabels,
  ratingMap,
  readReview,
  reviewDocument,
  toClaimReview,
  type ImportCandidate,
  type LocalizedLabels,
  type Publisher,
  type RatingMap,
} from '../domain/claimReview';
import { AppError } from '../domain/errors';
import { documentAddress } from '../domain/validation';
import { shortenText } from '../domain/shortText';
import { PUBLIC_PATHS } from '../publicPages/addresses';
import { anonymous, type ChangeAuthor } from '../domain/viewer';
import type { Verdict } from '../domain/vocabulary';
import type { CatalogService } from './catalog';
import type { ClaimRecord } from './claimRows';
import type { ClaimReadService } from './claimReads';
import type { ClaimService } from './claims';
import type { EvidenceService } from './evidence';

/** ClaimReview's `creativeWorkStatus` while a published verdict is being corrected. */
export const CORRECTION_IN_PROGRESS = 'CorrectionInProgress';

const DEFAULT_RATING_MAP = path.join(__dirname, '..', 'domain', 'claimreview-ratings.json');

interface ImportReport {
  created: number;
  /** Already imported earlier (same review url): nothing added. */
  skipped: number;
  failed: { index: number; url: string | null; reason: string }[];
}

interface FeedPage {
  reviews: Record<string, unknown>[];
  /** The latest change of what the page shows (a publication, an edit of a claimant or source); null when empty. */
  dateModified: string | null;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** ClaimReview out (the public feed) and in (imports from other fact-checkers). */
export class ClaimReviewService {
  private readonly ratings: RatingMap;
  private readonly labels: LocalizedLabels;

  constructor(
    private readonly ds: DataSource,
    private readonly claims: ClaimService,
    private readonly claimReads: ClaimReadService,
    private readonly actors: CatalogService<Actor, unknown>,
    private readonly sources: CatalogService<Source, unknown>,
    private readonly evidence: EvidenceService,
    /** The reviewing organisation (PUBLISHER_NAME, PUBLISHER_URL): also the public pages' site name. */
    readonly publisher: Publisher,
    /** PUBLIC_BASE_URL: reviews' and public pages' addresses are made from it. */
    readonly publicBaseUrl: string,
    /** The feed's largest page: the same limit as every other list. */
    readonly maxPageSize: number,
    files: { ratingMap?: string; verdictLabels?: string } = {},
  ) {
    this.ratings = ratingMap(readJson(files.ratingMap ?? DEFAULT_RATING_MAP));
    this.labels = files.verdictLabels ? localizedLabels(readJson(files.verdictLabels), this.ratings) : new Map();
  }

  /** A review's `url`: the public page where a reader reads the fact check (publicPages/). */
  reviewUrl(claimId: string): string {
    return this.publicBaseUrl + PUBLIC_PATHS.claim(claimId);
  }

  /**
   * A page of the public feed, most recently published first: `first` reviews (100, or the
   * largest page when that is smaller, by default), from 1 to the largest page every list allows.
   */
  async feedPage(first: number | undefined, after: string | null): Promise<FeedPage & { first: number }> {
    first ??= Math.min(100, this.maxPageSize);
    if (!Number.isInteger(first) || first < 1 || first > this.maxPageSize) {
      throw new AppError('BAD_USER_INPUT', `first: a whole number from 1 to ${this.maxPageSize}.`, { field: 'first', maximum: this.maxPageSize });
    }
    const page: Connection<ClaimRecord> = await this.claimReads.list(
      anonymous,
      { orderBy: 'RECENTLY_PUBLISHED', first, after },
      { claimant: true, firstAppearance: true },
    );
    const changes = page.nodes.flatMap((c) => [c.publishedAt, c.claimant?.updatedAt, c.firstAppearance?.updatedAt]);
    const latest = Math.max(...changes.filter((d) => d != null).map((d) => new Date(d).getTime()));
    return {
      reviews: page.nodes.map((c) => this.review(c)),
      dateModified: Number.isFinite(latest) ? new Date(latest).toISOString() : null,
      endCursor: page.pageInfo.endCursor,
      hasNextPage: page.pageInfo.hasNextPage,
      first,
    };
  }

  /**
   * One published claim's ClaimReview (its published version, also while a correction is under
   * way); for a withdrawn one, when and why; null when it was never published.
   */
  async document(claimId: string): Promise<{ review: Record<string, unknown> } | { withdrawn: { at: string; reason: string | null } } | null> {
    const claim = await this.claimReads.get(anonymous, claimId, { claimant: true, firstAppearance: true });
    if (!claim) return null;
    if (claim.withdrawnAt) return { withdrawn: { at: new Date(claim.withdrawnAt).toISOString(), reason: claim.withdrawnReason ?? null } };
    return { review: this.reviewOf(claim) };
  }

  /** A published claim's ClaimReview as a document of its own (with @context), from a claim already read. */
  reviewOf(claim: ClaimRecord): Record<string, unknown> {
    return { '@context': 'https://schema.org', ...this.review(claim) };
  }

  /** One published claim's ClaimReview, or null when there is none to show (never published, or withdrawn). */
  async one(claimId: string): Promise<Record<string, unknown> | null> {
    const found = await this.document(claimId);
    return found && 'review' in found ? found.review : null;
  }

  private review(c: ClaimRecord): Record<string, unknown> {
    const review = toClaimReview(
      {
        id: c.id,
        text: c.text,
        language: c.language,
        verdict: c.verdict as Verdict,
        verdictRationale: c.verdictRationale,
        claimedOn: c.claimedOn,
        publishedAt: c.publishedAt!,
        claimant: c.claimant ?? null,
        firstAppearance: c.firstAppearance ?? null,
      },
      this.publisher,
      this.reviewUrl(c.id),
      this.labels,
    );
    // schema.org's lifecycle status of a creative work: the verdict stands until the correction is published.
    return c.correctionInProgress ? { ...review, creativeWorkStatus: CORRECTION_IN_PROGRESS } : review;
  }

  /**
   * Imports every ClaimReview in `document` (a review, an array, a @graph or a DataFeed). Each
   * review is its own transaction: bad ones are reported with the reason, good ones still land;
   * a review already imported (same url, in canonical form) is skipped, so importing twice adds
   * nothing.
   */
  async import(author: ChangeAuthor, document: unknown, origin: string): Promise<ImportReport> {
    const report: ImportReport = { created: 0, skipped: 0, failed: [] };
    const { items, nodes } = reviewDocument(document);
    for (const [index, item] of items.entries()) {
      const parsed = readReview(item, index, this.ratings, nodes);
      if ('error' in parsed) {
        report.failed.push({ index, url: urlOf(item), reason: parsed.error });
        continue;
      }
      try {
        const created = await transaction(this.ds, (em) => this.importOne(em, author, parsed.candidate, origin));
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
    if (await one(em, 'SELECT 1 FROM claims WHERE imported_key = $1', [c.reviewKey])) return false;
    const claimantId = c.claimant ? await this.actorFor(em, author, c.claimant) : null;
    const sourceIds: string[] = [];
    for (const a of c.appearances) {
      sourceIds.push(await this.sourceFor(em, author, { title: a.title, url: a.url, publisher: a.publisher, publishedOn: a.publishedOn, kind: 'OTHER' }));
    }
    const reviewer = c.reviewer ?? new URL(c.reviewUrl).hostname;
    const rated = ratedAs(c.rating);
    const claim = await this.claims.importReview(
      author,
      { text: c.text, language: c.language, claimantId, firstAppearanceId: sourceIds[0] ?? null, claimedOn: c.claimedOn },
      {
        verdict: c.verdict,
        verdictRationale: `Imported from ${reviewer}, who rated it ${rated}.`,
        originalRating: c.rating.label,
        originalRatingValue: c.rating.value,
        originalBestRating: c.rating.best,
        originalWorstRating: c.rating.worst,
        importedFrom: c.reviewUrl,
        importedKey: c.reviewKey,
      },
      `ClaimReview import from ${origin}`,
      em,
    );
    // The foreign fact-check itself is kept as context evidence for whoever reviews the draft.
    const reviewSource = await this.sourceFor(em, author, {
      title: shortenText(`${reviewer}: fact check rated ${rated}`, 500),
      url: c.reviewUrl,
      publisher: c.reviewer,
      publishedOn: c.reviewPublishedOn,
      kind: 'ARTICLE',
    });
    await this.evidence.add(
      author,
      claim.id,
      claim.version,
      { sourceId: reviewSource, stance: 'CONTEXT', reliability: 3, excerpt: `Rated ${rated} by ${reviewer}.` },
      em,
    );
    return true;
  }

  /**
   * The claimant's actor: the one with the same Wikidata item, else one of that name or alias whose
   * Wikidata item does not say it is someone else; a new actor otherwise.
   */
  private async actorFor(em: EntityManager, author: ChangeAuthor, a: NonNullable<ImportCandidate['claimant']>): Promise<string> {
    const found = await one<{ id: string }>(
      em,
      `SELECT coalesce(merged_into_id, id) AS id FROM actors
       WHERE ($2::text IS NOT NULL AND wikidata_id = $2)
          OR ((lower(name) = lower($1) OR EXISTS (SELECT 1 FROM unnest(aliases) al WHERE lower(al) = lower($1)))
              AND (wikidata_id IS NULL OR $2::text IS NULL))
       ORDER BY (wikidata_id = $2) DESC NULLS LAST, created_at, id LIMIT 1`,
      [a.name, a.wikidataId],
    );
    if (found) return found.id;
    return (await this.actors.create(author, { name: a.name, kind: a.kind, title: a.title, wikidataId: a.wikidataId }, em)).id;
  }

  /** The source at that url; without a url, the one of that title, publisher and date. A new source otherwise. */
  private async sourceFor(em: EntityManager, author: ChangeAuthor, s: Record<string, unknown> & { url: string | null; title: string }): Promise<string> {
    let found: { id: string } | undefined;
    if (s.url) {
      found = await one<{ id: string }>(em, 'SELECT coalesce(merged_into_id, id) AS id FROM sources WHERE url = $1', [documentAddress(s.url)]);
    } else {
      found = await one<{ id: string }>(
        em,
        `SELECT coalesce(merged_into_id, id) AS id FROM sources WHERE url IS NULL AND title = $1 AND publisher IS NOT DISTINCT FROM $2
           AND published_on IS NOT DISTINCT FROM $3::date ORDER BY created_at, id LIMIT 1`,
        [s.title, s.publisher ?? null, s.publishedOn ?? null],
      );
    }
    if (found) return found.id;
    return (await this.sources.create(author, s, em)).id;
  }
}

/** How the foreign reviewer rated it, in words: "False", or 2 on a scale from 1 (worst) to 5 (best). */
function ratedAs(r: ImportCandidate['rating']): string {
  return r.label !== null ? `"${r.label}"` : `${r.value} on a scale from ${r.worst} (worst) to ${r.best} (best)`;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function urlOf(item: unknown): string | null {
  const url = (item as { url?: unknown } | null)?.url;
  return typeof url === 'string' ? url : null;
}
