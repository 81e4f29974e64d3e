import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DisputeState } from '../../domain/vocabulary';

/** Someone contests a claim or its verdict. */
@Entity({ name: 'disputes' })
export class Dispute {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  /** The staff user who opened it (for themselves or on behalf of an outside party). */
  @Column({ name: 'opened_by_id', type: 'uuid', nullable: true }) openedById!: string | null;
  /** The outside party contesting, by name, when it is not a user. */
  @Column({ name: 'raised_by_name', type: 'text', nullable: true }) raisedByName!: string | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'counter_evidence', type: 'text', nullable: true }) counterEvidence!: string | null;
  @Column({ type: 'text', default: 'OPEN' }) status!: DisputeState;
  @Column({ name: 'resolution_note', type: 'text', nullable: true }) resolutionNote!: string | null;
  @Column({ name: 'resolved_by_id', type: 'uuid', nullable: true }) resolvedById!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', precision: 3, nullable: true }) resolvedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt!: Date;
}
