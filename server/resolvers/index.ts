import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { permits, refusal, ruleFor } from '../domain/permissions';
import { catalogResolvers } from './catalog';
import { checkpointResolvers } from './checkpoints';
import { claimResolvers } from './claims';
import type { Context } from './context';
import { disputeResolvers } from './disputes';
import { evidenceResolvers } from './evidence';
import { historyResolvers } from './history';
import { DateScalar, DateTime, JSONScalar } from './scalars';
import { userResolvers } from './users';

const SCHEMA_DIR = path.join(__dirname, '..', 'schema');

/** The SDL, one file per feature, in a stable order. */
function typeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}

const API_VERSION = '1';

const resolverMaps = [claimResolvers, evidenceResolvers, catalogResolvers, disputeResolvers, historyResolvers, checkpointResolvers, userResolvers];

function mergeResolvers() {
  const merged: Record<string, Record<string, unknown>> = {
    Query: { apiVersion: () => API_VERSION },
  };
  for (const map of resolverMaps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  }
  return { ...merged, DateTime, Date: DateScalar, JSON: JSONScalar };
}

/**
 * The executable schema with the permission table applied: every field whose rule is not PUBLIC
 * is wrapped in a check, public fields run unwrapped (the hot path stays as fast as it can be).
 */
export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({ typeDefs: typeDefs(), resolvers: mergeResolvers() });
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = ruleFor(type.name, field.name);
      if (rule === undefined) throw new Error(`No permission rule for ${type.name}.${field.name}`);
      if (rule === 'PUBLIC') continue;
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => {
        if (!permits(rule, ctx.viewer, parent as { id?: unknown })) throw refusal(ctx.viewer, `${type.name}.${field.name}`);
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return schema;
}
