import { useMemo } from 'react';
import { useGetList, useGetMany } from 'react-admin';
import { ATTRIBUTION_STATUS, DISPUTE_STATE, DISPUTE_STATUS, REVIEW_STATUS, STANCE, VERDICT } from '../vocabulary';
import { formatInstant, formatValue } from './format';

/**
 * History stores references as ids (claimantId, assigneeId …); people read names. Collects the
 * ids in a set of changes and looks them up once: users from the staff list, actors and sources
 * by id.
 */
const USER_FIELDS = new Set(['assigneeId', 'proposedById', 'approvedById', 'createdById', 'addedById', 'openedById', 'resolvedById', 'userId']);
const ACTOR_FIELDS = new Set(['claimantId']);
const SOURCE_FIELDS = new Set(['firstAppearanceId', 'sourceId']);

type Change = { field: string; from: unknown; to: unknown };

export function useNames(changes: Change[]) {
  const ids = (fields: Set<string>) =>
    [...new Set(changes.filter((c) => fields.has(c.field)).flatMap((c) => [c.from, c.to]).filter((v): v is string => typeof v === 'string'))].sort();
  const actorIds = ids(ACTOR_FIELDS);
  const sourceIds = ids(SOURCE_FIELDS);
  const { data: staff } = useGetList('staff', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'displayName', order: 'ASC' } });
  const { data: actors } = useGetMany('actors', { ids: actorIds }, { enabled: actorIds.length > 0 });
  const { data: sources } = useGetMany('sources', { ids: sourceIds }, { enabled: sourceIds.length > 0 });

  return useMemo(() => {
    const names = new Map<string, string>();
    for (const u of staff ?? []) names.set(String(u.id), String(u.displayName));
    for (const a of actors ?? []) names.set(String(a.id), String(a.name));
    for (const s of sources ?? []) names.set(String(s.id), String(s.title));
    return (field: string, value: unknown): string => {
      if (typeof value === 'string' && (USER_FIELDS.has(field) || ACTOR_FIELDS.has(field) || SOURCE_FIELDS.has(field))) {
        return names.get(value) ?? `${value.slice(0, 8)}…`;
      }
      return formatTerm(field, value) ?? formatValue(value);
    };
  }, [staff, actors, sources]);
}

/** Enum values in the words the rest of the app uses ("In review", not IN_REVIEW). */
const TERMS: Record<string, Record<string, { label: string }>> = {
  reviewStatus: REVIEW_STATUS,
  verdict: VERDICT,
  disputeStatus: DISPUTE_STATUS,
  attributionStatus: ATTRIBUTION_STATUS,
  stance: STANCE,
  status: DISPUTE_STATE,
};
const INSTANTS = new Set(['publishedAt', 'proposedAt', 'resolvedAt', 'revokedAt', 'lastUsedAt', 'removedAt']);

/** A field's name without the entity it belongs to (`claim.disputeStatus` → `disputeStatus`). */
const bareField = (field: string) => field.split('.').pop() ?? field;

function formatTerm(field: string, value: unknown): string | undefined {
  const f = bareField(field);
  if (typeof value === 'string' && TERMS[f]?.[value]) return TERMS[f][value].label;
  if (typeof value === 'string' && INSTANTS.has(f)) return formatInstant(value);
  return undefined;
}

/** Bookkeeping every event carries anyway (who and when are shown with the event itself). */
export const QUIET_FIELDS = new Set(['id', 'claimId', 'createdAt', 'updatedAt', 'createdById', 'addedById', 'openedById', 'removedAt', 'removedById']);
