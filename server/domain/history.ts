/** Pure helpers for history events: what changed, and the JSON form an event stores. */

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

export const chainOf = (entityType: string, id: string) => `${entityType.toLowerCase()}:${id}`;
