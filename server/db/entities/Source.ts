import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SourceKind } from '../../domain/vocabulary';

/** Where a claim appeared or where evidence comes from. */
@Entity({ name: 'sources' })
export class Source {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) title!: string;
  /** Unique when present. */
  @Column({ type: 'text', nullable: true }) url!: string | null;
  @Column({ type: 'text', nullable: true }) publisher!: string | null;
  @Column({ type: 'text', nullable: true }) author!: string | null;
  @Column({ name: 'published_on', type: 'date', nullable: true }) publishedOn!: string | null;
  @Column({ type: 'text' }) kind!: SourceKind;
  /** Set when this source was merged into another as a duplicate: its id then redirects there. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt!: Date;
}
