import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Stance } from '../../domain/vocabulary';
import { Claim } from './Claim';
import { Source } from './Source';

/** Material bearing on one claim. Removal is recorded (removed_at), never a lost row. */
@Entity({ name: 'evidence' })
export class Evidence {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @ManyToOne(() => Claim) @JoinColumn({ name: 'claim_id' }) claim?: Claim;
  @Column({ name: 'source_id', type: 'uuid', nullable: true }) sourceId!: string | null;
  @ManyToOne(() => Source) @JoinColumn({ name: 'source_id' }) source?: Source;
  @Column({ type: 'text', nullable: true }) url!: string | null;
  @Column({ type: 'text', nullable: true }) excerpt!: string | null;
  @Column({ type: 'text' }) stance!: Stance;
  /** 1 (weak) to 5 (authoritative). */
  @Column({ type: 'smallint' }) reliability!: number;
  /** Newsroom-only note. */
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** Evidence a public reader may see alongside the published verdict. */
  @Column({ name: 'is_public', type: 'boolean', default: true }) isPublic!: boolean;
  @Column({ name: 'added_by_id', type: 'uuid', nullable: true }) addedById!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt!: Date;
  @Column({ name: 'removed_at', type: 'timestamptz', precision: 3, nullable: true }) removedAt!: Date | null;
  @Column({ name: 'removed_by_id', type: 'uuid', nullable: true }) removedById!: string | null;
}
