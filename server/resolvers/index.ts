import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { defaultFieldResolver, isNonNullType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { PERMISSIONS, permits, refusal, ruleFor } from '../domain/permissions';
import { catalogResolvers } from './catalog';
import { checkpointResolvers } from './checkpoints';
import { claimResolvers } from './claims';
import type { Context } from './context';
import { disputeResolvers } from './disputes';
import { evidenceResolvers } from './evidence';
import { historyResolvers } from './history';
import { nodeResolvers } from './nodes';
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

const resolverMaps = [claimResolvers, evidenceResolvers, catalogResolvers, disputeResolvers, historyResolvers, checkpointResolvers, userResolvers, nodeResolvers];

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
 * A field that some readers of its parent may not see must be nullable: refused, it answers null
 * with one error at its path, and GraphQL's null propagation stops there instead of erasing the
 * parent (a public widget sharing a fragment with the newsroom app still gets its claims). That is
 * a query's root field with any rule but PUBLIC, and any field whose rule is not its type's
 * default (the type's default already gates every way to reach the type). Mutations are exempt:
 * one refused mutation fails its operation anyway.
 */
export function mustBeNullable(schema: GraphQLSchema, typeName: string, fieldName: string): boolean {
  const rule = ruleFor(typeName, fieldName);
  if (rule === 'PUBLIC' || typeName === schema.getMutationType()?.name) return false;
  return typeName === schema.getQueryType()?.name || PERMISSIONS[typeName]?.['*'] !== rule;
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
      if (mustBeNullable(schema, type.name, field.name) && isNonNullType(field.type)) {
        throw new Error(`${type.name}.${field.name} is ${rule} only: it must be nullable, so that a refusal does not erase its parent`);
      }
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => {
        if (!permits(rule, ctx.viewer, parent as { id?: unknown })) throw refusal(ctx.viewer, `${type.name}.${field.name}`);
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return schema;
}
