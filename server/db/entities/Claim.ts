import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { AttributionStatus, DisputeStatus, ReviewStatus, Verdict } from '../../domain/vocabulary';
import { Actor } from './Actor';
import { Source } from './Source';

/** One checkable statement and its review. Its search vector lives in claim_search, kept by a trigger (migration MultilingualSearch). */
@Entity({ name: 'claims' })
export class Claim {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** The normalised statement a checker rates. */
  @Column({ type: 'text' }) text!: string;
  /** The verbatim words, if any. */
  @Column({ type: 'text', nullable: true }) quote!: string | null;
  @Column({ name: 'claimant_id', type: 'uuid', nullable: true }) claimantId!: string | null;
  @ManyToOne(() => Actor) @JoinColumn({ name: 'claimant_id' }) claimant?: Actor;
  @Column({ name: 'first_appearance_id', type: 'uuid', nullable: true }) firstAppearanceId!: string | null;
  @ManyToOne(() => Source) @JoinColumn({ name: 'first_appearance_id' }) firstAppearance?: Source;
  @Column({ name: 'claimed_on', type: 'date', nullable: true }) claimedOn!: string | null;
  @Column({ type: 'text', nullable: true }) context!: string | null;
  @Column({ type: 'text', default: 'en' }) language!: string;
  @Column({ name: 'review_status', type: 'text', default: 'DRAFT' }) reviewStatus!: ReviewStatus;
  @Column({ type: 'text', nullable: true }) verdict!: Verdict | null;
  @Column({ name: 'verdict_rationale', type: 'text', nullable: true }) verdictRationale!: string | null;
  @Column({ name: 'attribution_status', type: 'text', default: 'UNVERIFIED' }) attributionStatus!: AttributionStatus;
  @Column({ name: 'dispute_status', type: 'text', default: 'NONE' }) disputeStatus!: DisputeStatus;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId!: string | null;
  /** Newsroom-only note; never shown to public readers. */
  @Column({ name: 'internal_note', type: 'text', nullable: true }) internalNote!: string | null;
  @Column({ name: 'proposed_by_id', type: 'uuid', nullable: true }) proposedById!: string | null;
  @Column({ name: 'proposed_at', type: 'timestamptz', precision: 3, nullable: true }) proposedAt!: Date | null;
  @Column({ name: 'approved_by_id', type: 'uuid', nullable: true }) approvedById!: string | null;
  @Column({ name: 'published_at', type: 'timestamptz', precision: 3, nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true }) createdById!: string | null;
  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true }) updatedById!: string | null;
  /** The foreign ClaimReview this claim was imported from, its url as the publisher wrote it. */
  @Column({ name: 'imported_from', type: 'text', nullable: true }) importedFrom!: string | null;
  /** That url in canonical form: one claim per foreign review, however its url is written. */
  @Column({ name: 'imported_key', type: 'text', nullable: true }) importedKey!: string | null;
  /** The imported review's own rating label, kept as it was ("Pants on Fire"). */
  @Column({ name: 'original_rating', type: 'text', nullable: true }) originalRating!: string | null;
  /** The imported review's numeric rating and its scale, as it gave them. */
  @Column({ name: 'original_rating_value', type: 'double precision', nullable: true }) originalRatingValue!: number | null;
  @Column({ name: 'original_best_rating', type: 'double precision', nullable: true }) originalBestRating!: number | null;
  @Column({ name: 'original_worst_rating', type: 'double precision', nullable: true }) originalWorstRating!: number | null;
  /** Bumped by every change to the claim, its evidence or its disputes (optimistic locking). */
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt!: Date;
}
