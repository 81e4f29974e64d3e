import { isEnumType, type GraphQLSchema } from 'graphql';
import { HISTORY_ENTITY_TYPES } from '../../server/domain/history';
import {
  ACTOR_KINDS,
  ATTRIBUTION_STATUSES,
  DISPUTE_STATES,
  DISPUTE_STATUSES,
  REVIEW_STATUSES,
  ROLE_GROUPS,
  ROLES,
  SOURCE_KINDS,
  STANCES,
  VERDICTS,
  inRoleGroup,
  type RoleGroup,
} from '../../server/domain/vocabulary';
import { CLAIM_ACTIONS } from '../../server/domain/workflow';
import { buildSchema } from '../../server/resolvers';

/** One vocabulary: the schema's enums spell exactly the domain's lists, which the admin UI's labels are typed by. */
let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema();
});

test.each([
  ['ReviewStatus', REVIEW_STATUSES],
  ['Verdict', VERDICTS],
  ['AttributionStatus', ATTRIBUTION_STATUSES],
  ['DisputeStatus', DISPUTE_STATUSES],
  ['DisputeState', DISPUTE_STATES],
  ['Stance', STANCES],
  ['ActorKind', ACTOR_KINDS],
  ['SourceKind', SOURCE_KINDS],
  ['Role', ROLES],
  ['ClaimAction', CLAIM_ACTIONS],
  ['HistoryEntityType', HISTORY_ENTITY_TYPES],
] as const)('the GraphQL enum %s has exactly the domain values, in order', (name, values) => {
  const type = schema.getType(name);
  expect(isEnumType(type)).toBe(true);
  expect(isEnumType(type) && type.getValues().map((v) => v.value)).toEqual([...values]);
});

// The groups as README's roles table describes them.
const MEMBERS: Record<RoleGroup, string> = {
  STAFF: 'FACT_CHECKER EDITOR AUDITOR ADMIN',
  WRITER: 'FACT_CHECKER EDITOR ADMIN',
  DESK: 'EDITOR ADMIN',
  AUDIT: 'AUDITOR ADMIN',
  ADMIN: 'ADMIN',
};

test.each(Object.entries(MEMBERS))('role group %s is %s', (group, members) => {
  expect(ROLE_GROUPS[group as RoleGroup].join(' ')).toBe(members);
  for (const role of ROLES) expect(inRoleGroup(role, group as RoleGroup)).toBe(members.split(' ').includes(role));
});
