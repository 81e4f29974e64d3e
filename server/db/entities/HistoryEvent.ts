import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One append-only record of a change. The database refuses UPDATE, DELETE and TRUNCATE on this
 * table; each chain (one per claim, actor, source, user or API key) is linked by SHA-256 hashes.
 */
@Entity({ name: 'history_events' })
export class HistoryEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  /** `claim:<id>`, `actor:<id>` … a claim's evidence and disputes share the claim's chain. */
  @Column({ type: 'text' }) chain!: string;
  /** Position in the chain, from 1. */
  @Column({ type: 'integer' }) seq!: number;
  /** Global position in commit order, across all chains: 1, 2, 3 … without gaps. */
  @Column({ type: 'bigint' }) position!: number;
  /** Whether the hash covers `position` (false only for events recorded before positions existed). */
  @Column({ name: 'position_hashed', type: 'boolean' }) positionHashed!: boolean;
  @Column({ name: 'claim_id', type: 'uuid', nullable: true }) claimId!: string | null;
  @Column({ name: 'entity_type', type: 'text' }) entityType!: string;
  @Column({ name: 'entity_id', type: 'uuid' }) entityId!: string;
  @Column({ type: 'text' }) action!: string;
  /** The chain owner's version after this event. */
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId!: string | null;
  /** Who, as shown at the time (display name, or "system", "import"). */
  @Column({ name: 'user_label', type: 'text' }) userLabel!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', precision: 3 }) occurredAt!: Date;
  /** Changed fields: `{ field: { from, to } }`. */
  @Column({ type: 'jsonb' }) changes!: Record<string, { from: unknown; to: unknown }>;
  /** Why, when the action takes a reason (reject, reopen, archive, resolve). */
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** The entity's full state after the change. */
  @Column({ type: 'jsonb' }) state!: Record<string, unknown>;
  @Column({ name: 'prev_hash', type: 'text', nullable: true }) prevHash!: string | null;
  @Column({ type: 'text' }) hash!: string;
  /** The event as RFC 8785 JSON, hash included: the exact line of an NDJSON export. */
  @Column({ type: 'text', select: false }) record!: string;
}
