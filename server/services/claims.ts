import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Claim } from '../db/entities';
import { one } from '../db/sql';
import { badInput } from '../domain/errors';
import { assertAssignable, assertVerdictEvidence, editAction } from '../domain/claimRules';
import { publicVersion, replayClaim } from '../domain/claimReplay';
import { chainOf } from '../domain/history';
import { verdictBefore } from '../domain/proposals';
import {
  createClaimInput,
  parseInput,
  reasonInput,
  optionalReasonInput,
  updateClaimInput,
  uuid,
  verdictInput,
} from '../domain/validation';
import { isStaff, type ChangeAuthor, type StaffViewer, type Viewer } from '../domain/viewer';
import type { Role, Verdict } from '../domain/vocabulary';
import { allowedActions, assertAllowed, type ClaimAction } from '../domain/workflow';
import type { ClaimChanges, ClaimEvent } from './claimChanges';
import { exists, type ClaimRecord, type EvidenceRecord, type LockedClaim } from './claimRows';
import type { HistoryService, StoredEvent } from './history';
import type { TopicService } from './topics';
import { within, writerOf, type ChangeBy } from './writes';

/** A claim rebuilt at one version, with the instant that version was recorded. */
export type ClaimRevisionRecord = ClaimRecord & { recordedAt: string };

/** What a ClaimReview import adds to a new claim. */
export interface ImportedReview {
  verdict: Verdict;
  verdictRationale: string;
  originalRating: string | null;
  originalRatingValue: number | null;
  originalBestRating: number | null;
  originalWorstRating: number | null;
  importedFrom: string;
  importedKey: string;
}

/** Writes claims (reads: claimReads.ts); the only writer of the claims table besides evidence and dispute changes. */
export class ClaimService {
  constructor(
    private readonly ds: DataSource,
    private readonly changes: ClaimChanges,
    private readonly history: HistoryService,
    private readonly topics: TopicService,
  ) {}

  // ---------------------------------------------------------------- reads (the rest: claimReads.ts)

  /**
   * The claim as the viewer would have read it at `asOf`, rebuilt from its history: staff the
   * working copy, public readers the published version of that instant (publicVersion).
   */
  async asOf(viewer: Viewer, id: string, asOf: Date): Promise<ClaimRecord | null> {
    if (!uuid.safeParse(id).success) return null;
    const revision = this.visibleRevision(viewer, await this.history.chainUntil(chainOf('CLAIM', id), asOf));
    return revision && { ...revision, asOf: asOf.toISOString() };
  }

  /**
   * The claim at one version (`ClaimRevision`), from the last change at or before `asOf` or at
   * exactly `version`; null when there is none or the viewer may not see it (public readers: only
   * a published version).
   */
  async revision(viewer: Viewer, id: string, at: { asOf: Date } | { version: number }): Promise<ClaimRevisionRecord | null> {
    if (!uuid.safeParse(id).success) return null;
    const chain = chainOf('CLAIM', id);
    const events =
      'asOf' in at ? await this.history.chainUntil(chain, at.asOf) : (await this.history.chain(chain)).filter((e) => e.version <= at.version);
    const revision = this.visibleRevision(viewer, events);
    if (!revision || ('version' in at && revision.version !== at.version)) return null;
    return { ...revision, recordedAt: events.at(-1)!.occurredAt };
  }

  /** The claim after `events` as the viewer reads it: staff the working copy, public readers the published version of then (publicVersion). */
  private visibleRevision(viewer: Viewer, events: StoredEvent[]): ClaimRecord | null {
    const version = isStaff(viewer) ? { events, correctionInProgress: false, withdrawn: null } : publicVersion(events);
    const snapshot = version && replayClaim(version.events);
    if (!version || !snapshot) return null;
    const evidence = [...snapshot.evidence.values()].filter((e) => !e.removedAt && (isStaff(viewer) || e.isPublic));
    return {
      ...(snapshot.claim as unknown as ClaimRecord),
      ...(version.withdrawn ? { reviewStatus: 'ARCHIVED' as const } : {}),
      evidence: evidence as unknown as EvidenceRecord[],
      correctionInProgress: version.correctionInProgress,
      withdrawnAt: version.withdrawn?.at ?? null,
      withdrawnReason: version.withdrawn?.reason ?? null,
    };
  }

  nextActions(viewer: Viewer, claim: Pick<Claim, 'reviewStatus' | 'proposedById'>): ClaimAction[] {
    if (!isStaff(viewer)) return [];
    return allowedActions(claim, viewer);
  }

  // ---------------------------------------------------------------- writes

  create(by: ChangeBy, raw: unknown, tx?: EntityManager): Promise<ClaimRecord> {
    const author = writerOf(by, 'claims');
    const input = parseInput(createClaimInput, raw);
    return within(this.ds, tx, async (em) => {
      await this.checkReferences(em, input);
      return this.insert(em, author, input, {}, { action: 'createClaim' });
    });
  }

  /**
   * A claim imported from another fact-checker's ClaimReview (the import's caller checked who may):
   * a DRAFT carrying their verdict (mapped) and their own label, keyed by their review's url.
   */
  importReview(author: ChangeAuthor, raw: unknown, review: ImportedReview, note: string, tx?: EntityManager): Promise<LockedClaim> {
    const input = parseInput(createClaimInput, raw);
    return within(this.ds, tx, (em) => this.insert(em, author, input, review, { action: 'importClaim', note }));
  }

  private async insert(
    em: EntityManager,
    author: ChangeAuthor,
    input: z.output<typeof createClaimInput>,
    review: Partial<ImportedReview>,
    event: ClaimEvent,
  ): Promise<LockedClaim> {
    const inserted = await one<{ id: string }>(
      em,
      `INSERT INTO claims (text, quote, claimant_id, first_appearance_id, claimed_on, context, language,
                           attribution_status, internal_note, verdict, verdict_rationale, original_rating, imported_from,
                           imported_key, original_rating_value, original_best_rating, original_worst_rating,
                           created_by_id, updated_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $16, $17, $18, $14, $14) RETURNING id`,
      [
        input.text,
        input.quote ?? null,
        input.claimantId ?? null,
        input.firstAppearanceId ?? null,
        input.claimedOn ?? null,
        input.context ?? null,
        input.language ?? 'en',
        input.attributionStatus ?? 'UNVERIFIED',
        input.internalNote ?? null,
        review.verdict ?? null,
        review.verdictRationale ?? null,
        review.originalRating ?? null,
        review.importedFrom ?? null,
        author.userId,
        review.importedKey ?? null,
        review.originalRatingValue ?? null,
        review.originalBestRating ?? null,
        review.originalWorstRating ?? null,
      ],
    );
    const id = inserted!.id;
    if (input.topics?.length) await this.topics.setClaimTopics(em, id, input.topics);
    const claim = await this.changes.lock(em, id, null);
    await this.changes.record(em, author, null, claim, event);
    return claim;
  }

  update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown, tx?: EntityManager): Promise<ClaimRecord> {
    const author = writerOf(viewer, 'claims');
    const parsed = parseInput(updateClaimInput, raw);
    return within(this.ds, tx, async (em) => {
      const current = await this.changes.lock(em, id, expectedVersion);
      // Slugs as stored, so that a topic kept under its older slug is no change.
      const input = parsed.topics ? { ...parsed, topics: await this.topics.resolve(em, parsed.topics) } : parsed;
      const changed = Object.entries(input).filter(([key, value]) =>
        key === 'topics'
          ? // Both sides sorted here: the database's collation may order slugs differently.
            JSON.stringify((value as [string, string][]).map(([slug]) => slug).sort()) !==
            JSON.stringify([...current.topicSlugs].sort())
          : (current as unknown as Record<string, unknown>)[key] !== value,
      );
      if (changed.length === 0) return current; // a no-op save is not a change: no version, no event
      assertAllowed(current, editAction(changed.map(([key]) => key)), viewer);
      await this.checkReferences(em, input);
      const { topics, ...columns } = Object.fromEntries(changed) as typeof input;
      if (topics) await this.topics.setClaimTopics(em, current.id, topics);
      return this.changes.commit(em, author, current, columns as Partial<Claim>, { action: 'updateClaim' });
    });
  }

  submit(viewer: StaffViewer, id: string, expectedVersion: number, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'SUBMIT', null, tx);
  }

  proposeVerdict(viewer: StaffViewer, id: string, expectedVersion: number, raw: { verdict: string; rationale: string }, tx?: EntityManager) {
    const input = parseInput(verdictInput, raw, '');
    return this.step(viewer, id, expectedVersion, 'PROPOSE_VERDICT', null, tx, async (em, current) => {
      const evidence = await one<{ n: number }>(
        em,
        'SELECT count(*)::int AS n FROM evidence WHERE claim_id = $1 AND removed_at IS NULL',
        [current.id],
      );
      assertVerdictEvidence(input.verdict, evidence?.n ?? 0, current.reviewStatus);
      return { verdict: input.verdict, verdictRationale: input.rationale, proposedById: viewer.userId, proposedAt: new Date() };
    });
  }

  approve(viewer: StaffViewer, id: string, expectedVersion: number, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'APPROVE', null, tx, () => ({ approvedById: viewer.userId, publishedAt: new Date() }));
  }

  /**
   * Sends the proposal back: the verdict and rationale return to what they were before it was
   * proposed (domain/proposals.ts), so the rejected proposal is never shown as the claim's
   * verdict; the rejection's event keeps it (`Claim.rejectedProposal`).
   */
  reject(viewer: StaffViewer, id: string, expectedVersion: number, reason: string, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'REJECT', parseInput(reasonInput, { reason }, '').reason, tx, async (em, current) => {
      const proposal = await this.history.lastOf(em, chainOf('CLAIM', current.id), 'proposeVerdict');
      return proposal ? (verdictBefore(proposal) as Pick<Claim, 'verdict' | 'verdictRationale'>) : {};
    });
  }

  reopen(viewer: StaffViewer, id: string, expectedVersion: number, reason: string, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'REOPEN', parseInput(reasonInput, { reason }, '').reason, tx);
  }

  archive(viewer: StaffViewer, id: string, expectedVersion: number, reason: string, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'ARCHIVE', parseInput(reasonInput, { reason }, '').reason, tx);
  }

  restore(viewer: StaffViewer, id: string, expectedVersion: number, reason: string | null | undefined, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'RESTORE', parseInput(optionalReasonInput, { reason: reason ?? null }, '').reason, tx);
  }

  assign(viewer: StaffViewer, id: string, expectedVersion: number, assigneeId: string | null, tx?: EntityManager) {
    return this.step(viewer, id, expectedVersion, 'ASSIGN', null, tx, async (em) => {
      if (assigneeId !== null) {
        const user = uuid.safeParse(assigneeId).success
          ? await one<{ role: Role; active: boolean }>(em, 'SELECT role, active FROM users WHERE id = $1', [assigneeId])
          : undefined;
        assertAssignable(assigneeId, user);
      }
      return { assigneeId };
    });
  }

  /** One workflow step on a claim, all or nothing: lock it, then `applyTransition`. */
  private step(
    viewer: StaffViewer,
    id: string,
    expectedVersion: number,
    action: ClaimAction,
    note: string | null,
    tx: EntityManager | undefined,
    patchFor?: (em: EntityManager, current: LockedClaim) => Partial<Claim> | Promise<Partial<Claim>>,
  ): Promise<ClaimRecord> {
    return within(this.ds, tx, async (em) => {
      const current = await this.changes.lock(em, id, expectedVersion);
      return this.changes.applyTransition(em, viewer, current, action, note, patchFor && (() => patchFor(em, current)));
    });
  }

  private async checkReferences(em: EntityManager, input: { claimantId?: string | null; firstAppearanceId?: string | null }) {
    if (input.claimantId && !(await exists(em, 'actors', input.claimantId))) {
      throw badInput('input.claimantId', `no actor with id ${input.claimantId}.`);
    }
    if (input.firstAppearanceId && !(await exists(em, 'sources', input.firstAppearanceId))) {
      throw badInput('input.firstAppearanceId', `no source with id ${input.firstAppearanceId}.`);
    }
  }
}
