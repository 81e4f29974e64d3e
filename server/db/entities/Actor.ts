import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ActorKind } from '../../domain/vocabulary';

/** Who makes claims: a person, organisation, government or outlet. */
@Entity({ name: 'actors' })
export class Actor {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: ActorKind;
  @Column({ type: 'text', nullable: true }) title!: string | null;
  @Column({ type: 'text', nullable: true }) country!: string | null;
  /** Other spellings found in sources ("Ri Hong Yo" for Ri Yong Ho). */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) aliases!: string[];
  @Column({ name: 'wikidata_id', type: 'text', nullable: true }) wikidataId!: string | null;
  /** Set when this actor was merged into another as a duplicate: its id then redirects there. */
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }) updatedAt!: Date;
}
