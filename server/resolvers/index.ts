import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { defaultFieldResolver, isNonNullType, isObjectType, type GraphQLFieldResolver, type GraphQLScalarType, type GraphQLSchema } from 'graphql';
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

/**
 * What the arguments many fields share mean, written once: an argument without a description of
 * its own in the SDL gets this one (the SDL's wins where a field means something more).
 */
const SHARED_ARGUMENTS: Record<string, string> = {
  id: 'The id of the object to read or change.',
  claimId: "The claim's id.",
  input: 'What to create or change: see the input type.',
  expectedVersion:
    'The version you saw (a claim\'s, for its evidence and disputes): if it changed since, the change is refused with CONFLICT and nothing changes.',
  first: 'How many items, 20 by default, at most MAX_PAGE_SIZE (100 by default); more is refused with PAGE_SIZE_EXCEEDED.',
  after: "A cursor (`pageInfo.endCursor` or an edge's `cursor`): the page starts after it.",
  offset: 'How many items to skip (after `after`, when given).',
  filter: 'Only the items that meet every condition given.',
  orderBy: 'The order; ties are broken by id, so pages never overlap or skip.',
  reason: 'Why, in words: recorded in the history.',
  stance: 'Only evidence with this stance.',
  survivorId: 'The one that stays.',
  mergedId: 'The duplicate: merged into the survivor, it stays as a redirect.',
  expectedSurvivorVersion: "The survivor's version you saw (CONFLICT when stale).",
  expectedMergedVersion: "The duplicate's version you saw (CONFLICT when stale).",
};

const resolverMaps = [claimResolvers, evidenceResolvers, catalogResolvers, disputeResolvers, historyResolvers, checkpointResolvers, userResolvers, nodeResolvers];

/**
 * A scalar's code only: graphql-tools copies every property of a resolver onto the schema's
 * scalar, and a GraphQLScalarType's empty description and specifiedByURL would replace the SDL's.
 */
const codec = ({ serialize, parseValue, parseLiteral }: GraphQLScalarType) => ({ serialize, parseValue, parseLiteral });

function mergeResolvers() {
  const merged: Record<string, Record<string, unknown>> = {
    Query: { apiVersion: () => API_VERSION },
  };
  for (const map of resolverMaps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  }
  return { ...merged, DateTime: codec(DateTime), Date: codec(DateScalar), JSON: codec(JSONScalar) };
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
      for (const arg of field.args) arg.description ??= SHARED_ARGUMENTS[arg.name];
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
