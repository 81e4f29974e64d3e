import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A client app's key: public read access, identified and revocable. The secret is shown once. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  /** The first characters of the secret, to recognise a key in lists without revealing it. */
  @Column({ type: 'text' }) prefix!: string;
  @Column({ name: 'key_hash', type: 'text', select: false }) keyHash!: string;
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true }) createdById!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3, nullable: true }) lastUsedAt!: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
}
