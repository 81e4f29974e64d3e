import { checkpointRecord, type Checkpoint } from '../domain/checkpoint';
import type { Context } from './context';

export const checkpointResolvers = {
  Mutation: {
    recordCheckpoint: (_: unknown, _a: unknown, ctx: Context) => ctx.services.checkpoints.record(),
  },
  Checkpoint: {
    record: (c: Checkpoint) => checkpointRecord(c),
  },
};
