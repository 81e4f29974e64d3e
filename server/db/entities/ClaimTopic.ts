import { Entity, PrimaryColumn } from 'typeorm';

/** Files a claim under a topic. */
@Entity({ name: 'claim_topics' })
export class ClaimTopic {
  @PrimaryColumn({ name: 'claim_id', type: 'uuid' }) claimId!: string;
  @PrimaryColumn({ name: 'topic_id', type: 'uuid' }) topicId!: string;
}
