import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Claim } from '../db/entities';
import { one } from '../db/sql';
import { AppError, badInput, notFound } from '../domain/errors';
import { chainOf, diffStates, type HistoryAction } from '../domain/history';
import {
  createClaimInput,
  parseInput,
  reasonInput,
  optionalReasonInput,
  updateClaimInput,
  uuid,
  verdictInput,
} from '../domain/validation';
import { authorOf, isStaff, type ChangeAuthor, type StaffViewer, type Viewer } from '../domain/viewer';
import { inRoleGroup, type Role, type Verdict } from '../domain/vocabulary';
import {
  allowedActions,
  ANNOTATION_FIELDS,
  assertAllowed,
  nextState,
  VERDICTS_WITHOUT_EVIDENCE,
  type ClaimAction,
} from '../domain/workflow';
import { claimState, exists, type ClaimLocks, type ClaimRecord, type LockedClaim } from './claimRows';
import type { HistoryService, StoredEvent } from './history';
import type { TopicService } from './topics';

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
    private readonly locks: ClaimLocks,
    private readonly history: HistoryService,
    private readonly topics: TopicService,
  ) {}

  // ---------------------------------------------------------------- reads (the rest: claimReads.ts)

  /**
   * The claim as it was at `asOf`, rebuilt from its history. Public readers get it only if it was
   * published at that instant.
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

  private visibleRevision(viewer: Viewer, events: StoredEvent[]): ClaimRecord | null {
    const snapshot = replayClaim(events);
    if (!snapshot) return null;
    if (!isStaff(viewer) && snapshot.claim.reviewStatus !== 'PUBLISHED') return null;
    const evidence = [...snapshot.evidence.values()].filter(
      (e) => !e.removedAt && (isStaff(viewer) || e.isPublic),
    );
    return { ...snapshot.claim, evidence };
  }

  /** Earlier public verdicts, superseded by a reopening (newest first). */
  corrections(events: StoredEvent[]) {
    const publications: {
      verdict: unknown;
      verdictRationale: unknown;
      publishedAt: string;
      supersededAt: string | null;
      reason: string | null;
    }[] = [];
    for (const e of events) {
      if (e.entityType !== 'CLAIM') continue;
      if (e.action === 'approveVerdict') {
        publications.push({
          verdict: e.state.verdict,
          verdictRationale: e.state.verdictRationale,
          publishedAt: e.occurredAt,
          supersededAt: null,
          reason: null,
        });
      } else if ((e.action === 'reopenClaim' || e.action === 'archiveClaim') && publications.length) {
        const last = publications[publications.length - 1]!;
        if (!last.supersededAt) Object.assign(last, { supersededAt: e.occurredAt, reason: e.note });
      }
    }
    return publications.filter((p) => p.supersededAt !== null).reverse();
  }

  nextActions(viewer: Viewer, claim: Pick<Claim, 'reviewStatus' | 'proposedById'>): ClaimAction[] {
    if (!isStaff(viewer)) return [];
    return allowedActions(claim, viewer);
  }

  // ---------------------------------------------------------------- writes

  async create(viewer: StaffViewer, raw: unknown): Promise<ClaimRecord> {
    requireWriter(viewer);
    const input = parseInput(createClaimInput, raw);
    return this.ds.transaction(async (em) => {
      await this.checkReferences(em, input);
      return this.insert(em, authorOf(viewer), input, {}, 'createClaim');
    });
  }

  /**
   * A claim imported from another fact-checker's ClaimReview, inside the import's transaction:
   * a DRAFT carrying their verdict (mapped) and their own label, keyed by their review's url.
   */
  importReview(em: EntityManager, author: ChangeAuthor, raw: unknown, review: ImportedReview, note: string): Promise<LockedClaim> {
    const input = parseInput(createClaimInput, raw);
    return this.insert(em, author, input, review, 'importClaim', note);
  }

  private async insert(
    em: EntityManager,
    author: ChangeAuthor,
    input: z.output<typeof createClaimInput>,
    review: Partial<ImportedReview>,
    action: HistoryAction,
    note: string | null = null,
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
    const claim = await this.locks.lock(em, id, null);
    await this.record(em, author, claim, null, action, note);
    return claim;
  }

  async update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown): Promise<ClaimRecord> {
    requireWriter(viewer);
    const input = parseInput(updateClaimInput, raw);
    return this.ds.transaction(async (em) => {
      const current = await this.locks.lock(em, this.claimId(id), expectedVersion);
      const changed = Object.entries(input).filter(([key, value]) =>
        key === 'topics'
          ? // Both sides sorted here: the database's collation may order slugs differently.
            JSON.stringify((value as [string, string][]).map(([slug]) => slug).sort()) !==
            JSON.stringify([...current.topicSlugs].sort())
          : (current as unknown as Record<string, unknown>)[key] !== value,
      );
      if (changed.length === 0) return current; // a no-op save is not a change: no version, no event
      const action: ClaimAction = changed.every(([k]) => ANNOTATION_FIELDS.has(k)) ? 'ANNOTATE' : 'UPDATE';
      assertAllowed(current, action, viewer);
      await this.checkReferences(em, input);
      const { topics, ...columns } = Object.fromEntries(changed) as typeof input;
      if (topics) await this.topics.setClaimTopics(em, current.id, topics);
      const updated = await this.locks.bump(em, current, columns as Partial<Claim>, authorOf(viewer));
      await this.record(em, authorOf(viewer), updated, current, 'updateClaim');
      return updated;
    });
  }

  submit(viewer: StaffViewer, id: string, expectedVersion: number) {
    return this.transition(viewer, id, expectedVersion, 'SUBMIT', 'submitClaim', () => ({}));
  }

  proposeVerdict(viewer: StaffViewer, id: string, expectedVersion: number, raw: { verdict: string; rationale: string }) {
    const input = parseInput(verdictInput, raw, '');
    return this.transition(viewer, id, expectedVersion, 'PROPOSE_VERDICT', 'proposeVerdict', async (em, current) => {
      if (!VERDICTS_WITHOUT_EVIDENCE.has(input.verdict)) {
        const evidence = await one<{ n: number }>(
          em,
          'SELECT count(*)::int AS n FROM evidence WHERE claim_id = $1 AND removed_at IS NULL',
          [current.id],
        );
        if (!evidence?.n) {
          throw new AppError(
            'INVALID_TRANSITION',
            `A ${input.verdict} verdict needs at least one piece of evidence; add evidence first ` +
              '(only UNPROVEN and NOT_CHECKABLE need none).',
            { action: 'PROPOSE_VERDICT', currentState: current.reviewStatus, requirement: 'EVIDENCE' },
          );
        }
      }
      return {
        verdict: input.verdict,
        verdictRationale: input.rationale,
        proposedById: viewer.userId,
        proposedAt: new Date(),
      };
    });
  }

  approve(viewer: StaffViewer, id: string, expectedVersion: number) {
    return this.transition(viewer, id, expectedVersion, 'APPROVE', 'approveVerdict', () => ({
      approvedById: viewer.userId,
      publishedAt: new Date(),
    }));
  }

  reject(viewer: StaffViewer, id: string, expectedVersion: number, reason: string) {
    const note = parseInput(reasonInput, { reason }, '').reason;
    // The proposal stays as a draft for the checker to revise; who proposed it is cleared.
    return this.transition(viewer, id, expectedVersion, 'REJECT', 'rejectVerdict', () => ({ proposedById: null, proposedAt: null }), note);
  }

  reopen(viewer: StaffViewer, id: string, expectedVersion: number, reason: string) {
    const note = parseInput(reasonInput, { reason }, '').reason;
    return this.transition(viewer, id, expectedVersion, 'REOPEN', 'reopenClaim', () => ({ proposedById: null, proposedAt: null }), note);
  }

  archive(viewer: StaffViewer, id: string, expectedVersion: number, reason: string) {
    const note = parseInput(reasonInput, { reason }, '').reason;
    return this.transition(viewer, id, expectedVersion, 'ARCHIVE', 'archiveClaim', () => ({}), note);
  }

  restore(viewer: StaffViewer, id: string, expectedVersion: number, reason: string | null | undefined) {
    const note = parseInput(optionalReasonInput, { reason: reason ?? null }, '').reason;
    return this.transition(viewer, id, expectedVersion, 'RESTORE', 'restoreClaim', () => ({ proposedById: null, proposedAt: null }), note);
  }

  assign(viewer: StaffViewer, id: string, expectedVersion: number, assigneeId: string | null) {
    return this.transition(viewer, id, expectedVersion, 'ASSIGN', 'assignClaim', async (em) => {
      if (assigneeId !== null) {
        const user = uuid.safeParse(assigneeId).success
          ? await one<{ role: Role; active: boolean }>(em, 'SELECT role, active FROM users WHERE id = $1', [assigneeId])
          : undefined;
        if (!user) throw badInput('assigneeId', `no user with id ${assigneeId}.`);
        if (!user.active) throw badInput('assigneeId', 'that user is deactivated.');
        if (!inRoleGroup(user.role, 'WRITER')) {
          throw badInput('assigneeId', `a ${user.role} cannot work on claims; assign a fact-checker or an editor.`);
        }
      }
      return { assigneeId };
    });
  }

  /** One workflow step: lock, check the transition table, apply, record; all or nothing. */
  private async transition(
    viewer: StaffViewer,
    id: string,
    expectedVersion: number,
    action: ClaimAction,
    eventAction: HistoryAction,
    patchFor: (em: EntityManager, current: LockedClaim) => Partial<Claim> | Promise<Partial<Claim>>,
    note: string | null = null,
  ): Promise<ClaimRecord> {
    return this.ds.transaction(async (em) => {
      const current = await this.locks.lock(em, this.claimId(id), expectedVersion);
      assertAllowed(current, action, viewer);
      const patch = await patchFor(em, current);
      const to = nextState(current.reviewStatus, action);
      const updated = await this.locks.bump(
        em,
        current,
        to === current.reviewStatus ? patch : { ...patch, reviewStatus: to },
        authorOf(viewer),
      );
      await this.record(em, authorOf(viewer), updated, current, eventAction, note);
      return updated;
    });
  }

  private record(em: EntityManager, author: ChangeAuthor, after: LockedClaim, before: LockedClaim | null, action: HistoryAction, note: string | null = null) {
    const state = claimState(after);
    return this.history.append(em, {
      chain: chainOf('CLAIM', after.id),
      claimId: after.id,
      entityType: 'CLAIM',
      entityId: after.id,
      action,
      version: after.version,
      author,
      changes: diffStates(before ? claimState(before) : null, state),
      note,
      state,
    });
  }

  private claimId(id: string): string {
    if (!uuid.safeParse(id).success) throw notFound('claim', id);
    return id;
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

export function requireWriter(viewer: StaffViewer): void {
  if (!inRoleGroup(viewer.role, 'WRITER')) {
    throw new AppError('FORBIDDEN', `Your role (${viewer.role}) may read but not change claims.`);
  }
}

/** Rebuilds a claim and its evidence from its chain's events (for `asOf`). */
export function replayClaim(events: StoredEvent[]) {
  let claim: (ClaimRecord & { topics?: unknown }) | null = null;
  const evidence = new Map<string, NonNullable<ClaimRecord['evidence']>[number]>();
  for (const e of events) {
    if (e.entityType === 'CLAIM') {
      const { topics, ...columns } = e.state as Record<string, unknown>;
      claim = {
        ...(columns as unknown as ClaimRecord),
        topics: ((topics as string[] | undefined) ?? []).map((slug) => ({ id: slug, slug, name: slug })),
      };
    } else if (e.entityType === 'EVIDENCE') {
      evidence.set(e.entityId, e.state as unknown as NonNullable<ClaimRecord['evidence']>[number]);
    }
    const derived = e.changes['claim.disputeStatus'] as { to: ClaimRecord['disputeStatus'] } | undefined;
    if (claim && derived) claim.disputeStatus = derived.to;
    if (claim) claim.version = e.version;
  }
  return claim ? { claim, evidence } : null;
}
