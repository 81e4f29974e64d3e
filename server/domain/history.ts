/** History's vocabulary and pure helpers: what changed, and the JSON form an event stores. */

/**
 * Every action history records: the name of the mutation that made the change, except
 * `importClaim` (a claim created by a ClaimReview import). The admin UI's labels are typed by it.
 */
export const HISTORY_ACTIONS = [
  'createClaim',
  'importClaim',
  'updateClaim',
  'submitClaim',
  'proposeVerdict',
  'approveVerdict',
  'rejectVerdict',
  'reopenClaim',
  'archiveClaim',
  'restoreClaim',
  'assignClaim',
  'addEvidence',
  'updateEvidence',
  'removeEvidence',
  'openDispute',
  'resolveDispute',
  'withdrawDispute',
  'createActor',
  'updateActor',
  'createSource',
  'updateSource',
  'mergeActors',
  'mergeSources',
  'createUser',
  'updateUser',
  'updateMyPreferences',
  'createApiKey',
  'revokeApiKey',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** What an event is about; a claim's chain also holds its evidence and disputes. */
export const HISTORY_ENTITY_TYPES = ['CLAIM', 'EVIDENCE', 'DISPUTE', 'ACTOR', 'SOURCE', 'USER', 'API_KEY'] as const;
export type HistoryEntityType = (typeof HISTORY_ENTITY_TYPES)[number];

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** Bookkeeping that changes with every write and would only add noise to "what changed". */
const BOOKKEEPING = new Set(['updatedAt', 'updatedById', 'version']);

/** The JSON form of an entity as history stores it (Dates become ISO strings). */
export function toState(entity: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(entity)) as Record<string, unknown>;
}

/** Field-by-field before → after; `before` null means the entity was created. */
export function diffStates(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    if (BOOKKEEPING.has(key)) continue;
    const from = before ? (before[key] ?? null) : null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

export const chainOf = (entityType: HistoryEntityType, id: string) => `${entityType.toLowerCase()}:${id}`;
