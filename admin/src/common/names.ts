import { useMemo } from 'react';
import { useGetList, useGetMany } from 'react-admin';
import { isUiLocale, LANGUAGE_NAMES, useT } from '../i18n';
import { termLabel, type Vocabulary } from '../vocabulary';
import { formatsFor, formatValue } from './format';

/**
 * History stores references as ids (claimantId, assigneeId …); people read names. Collects the
 * ids in a set of changes and looks them up once: users from the staff list, actors and sources
 * by id. Each value comes back with what kind of text it is: words of the interface (a state, a
 * date) or words someone typed (a statement, a name), which keep their own direction.
 */
const USER_FIELDS = new Set(['assigneeId', 'proposedById', 'approvedById', 'createdById', 'addedById', 'openedById', 'resolvedById', 'userId']);
const ACTOR_FIELDS = new Set(['claimantId']);
const SOURCE_FIELDS = new Set(['firstAppearanceId', 'sourceId']);

type Change = { field: string; from: unknown; to: unknown };

export interface ShownValue {
  text: string;
  /** Typed by someone (as opposed to the interface's own words). */
  typed: boolean;
  /** Text of the record itself (its statement, note …), in the record's language; names are not. */
  ownText: boolean;
}

/** `lang`: the record's language (the claim's), which its own text is shortened in. */
export function useNames(changes: Change[], lang?: string | null) {
  const t = useT();
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
    return (field: string, value: unknown): ShownValue => {
      if (typeof value === 'string' && (USER_FIELDS.has(field) || ACTOR_FIELDS.has(field) || SOURCE_FIELDS.has(field))) {
        return { text: names.get(value) ?? `${value.slice(0, 8)}…`, typed: true, ownText: false };
      }
      const term = formatTerm(t, field, value);
      if (term !== undefined) return { text: term, typed: false, ownText: false };
      return { text: formatValue(value, t, 140, lang), typed: typeof value === 'string' || Array.isArray(value), ownText: typeof value === 'string' };
    };
  }, [staff, actors, sources, t, lang]);
}

/** Enum values in the words the rest of the app uses ("In review", not IN_REVIEW). */
const TERMS: Record<string, Vocabulary> = {
  reviewStatus: 'review_status',
  verdict: 'verdict',
  disputeStatus: 'dispute_status',
  attributionStatus: 'attribution_status',
  stance: 'stance',
  status: 'dispute_state',
  role: 'role',
  kind: 'actor_kind',
};
const INSTANTS = new Set(['publishedAt', 'proposedAt', 'resolvedAt', 'revokedAt', 'lastUsedAt', 'removedAt']);
const LOCALES = new Set(['locale']);

/** A field's name without the entity it belongs to (`claim.disputeStatus` → `disputeStatus`). */
const bareField = (field: string) => field.split('.').pop() ?? field;

function formatTerm(t: ReturnType<typeof useT>, field: string, value: unknown): string | undefined {
  const f = bareField(field);
  if (typeof value !== 'string') return undefined;
  const vocabulary = TERMS[f];
  if (vocabulary) {
    // Actors and sources share `kind`: a source kind is not an actor kind.
    const label = termLabel(t, vocabulary, value);
    if (label !== value) return label;
    if (f === 'kind') return termLabel(t, 'source_kind', value);
  }
  if (INSTANTS.has(f)) return formatsFor(t.locale).instant(value);
  if (LOCALES.has(f)) return isUiLocale(value) ? LANGUAGE_NAMES[value] : value;
  return undefined;
}

/** Bookkeeping every event carries anyway (who and when are shown with the event itself). */
export const QUIET_FIELDS = new Set(['id', 'claimId', 'createdAt', 'updatedAt', 'createdById', 'addedById', 'openedById', 'removedAt', 'removedById']);
