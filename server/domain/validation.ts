import { z } from 'zod';
import { AppError, badInput } from './errors';
import { hostileText, type TextKind } from './hostileText';
import { LANGUAGE_TAG, LANGUAGE_TAG_RULE } from './languageTag';
import { topicSlug } from './topicSlug';
import {
  ACTOR_KINDS,
  ATTRIBUTION_STATUSES,
  ROLES,
  SOURCE_KINDS,
  STANCES,
  UI_LOCALES,
  VERDICTS,
} from './vocabulary';

/**
 * Input rules for every write, in one place. GraphQL already checks types; these check what
 * GraphQL cannot (lengths, formats, dates, ranges) and name the field that is wrong.
 */

// What is refused inside text (NUL, lone surrogates, controls; bidi controls in single-line
// fields) is defined once, in hostileText.ts, and shared with the edge.
const refuseHostile = <T extends string | null>(kind: TextKind) =>
  (s: T, ctx: z.RefinementCtx) => {
    const why = s === null ? undefined : hostileText(s, kind);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  };

/** Required text; `line` for single-line names and labels, `prose` for everything else. */
const text = (min: number, max: number, kind: TextKind = 'prose') =>
  z
    .string()
    .transform((s) => s.trim())
    .superRefine(refuseHostile(kind))
    .refine((s) => s.length >= min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .refine((s) => s.length <= max, `must be at most ${max} characters`);

const optionalText = (max: number, kind: TextKind = 'prose') =>
  z
    .string()
    .nullable()
    .transform((s) => (s === null || s.trim() === '' ? null : s.trim()))
    .superRefine(refuseHostile(kind))
    .refine((s) => s === null || s.length <= max, `must be at most ${max} characters`);

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a valid id');

const url = z
  .string()
  .transform((s) => s.trim())
  .refine((s) => s.length <= 2000, 'must be at most 2000 characters')
  .refine((s) => {
    try {
      const u = new URL(s);
      // Any host, localhost and intranet names included: a newsroom's own server is one.
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address such as https://example.org/page');

/**
 * A source's address as stored: a source is a document, and a #fragment points inside it, so
 * dropping it keeps one source per document. (Evidence keeps its fragment, #annex5: it says where
 * in the source to look.) A string that does not parse as a URL is returned trimmed, as typed.
 */
export function documentAddress(raw: string): string {
  try {
    const u = new URL(raw.trim());
    u.hash = '';
    return u.toString();
  } catch {
    return raw.trim();
  }
}

const documentUrl = url.transform(documentAddress);

/** True when `s` (YYYY-MM-DD) names a day that exists: not 2023-02-30, not 2023-13-01. */
export function isRealDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isRealDay, 'is not a real calendar date')
  .refine((s) => s >= '1800-01-01', 'must be after 1800');

const pastDay = day.refine(
  (s) => new Date(`${s}T00:00:00Z`).getTime() <= Date.now() + 36 * 3600 * 1000,
  'must not be in the future',
);

const topicList = z
  .array(text(1, 120, 'line'))
  .max(20, 'at most 20 topics')
  .transform((names) => [...new Map(names.map((n) => [topicSlug(n), n] as const)).entries()])
  .refine((pairs) => pairs.every(([slug]) => slug.length > 0), 'each topic needs letters or digits');

const claimFields = {
  text: text(10, 1000),
  quote: optionalText(2000),
  claimantId: uuid.nullable(),
  firstAppearanceId: uuid.nullable(),
  claimedOn: pastDay.nullable(),
  context: optionalText(1000),
  topics: topicList,
  language: z.string().regex(LANGUAGE_TAG, LANGUAGE_TAG_RULE),
  attributionStatus: z.enum(ATTRIBUTION_STATUSES),
  internalNote: optionalText(10000),
};

export const createClaimInput = z.object({
  ...claimFields,
  quote: claimFields.quote.optional(),
  claimantId: claimFields.claimantId.optional(),
  firstAppearanceId: claimFields.firstAppearanceId.optional(),
  claimedOn: claimFields.claimedOn.optional(),
  context: claimFields.context.optional(),
  topics: claimFields.topics.optional(),
  language: claimFields.language.optional(),
  attributionStatus: claimFields.attributionStatus.optional(),
  internalNote: claimFields.internalNote.optional(),
});
export const updateClaimInput = z.object(claimFields).partial();

export const verdictInput = z.object({
  verdict: z.enum(VERDICTS),
  rationale: text(10, 10000),
});

export const reasonInput = z.object({ reason: text(3, 2000) });
export const optionalReasonInput = z.object({ reason: optionalText(2000) });

const evidenceFields = {
  sourceId: uuid.nullable(),
  url: url.nullable(),
  excerpt: optionalText(5000),
  stance: z.enum(STANCES),
  reliability: z.number().int('must be a whole number').min(1, 'must be 1 to 5').max(5, 'must be 1 to 5'),
  note: optionalText(5000),
  isPublic: z.boolean(),
};
export const addEvidenceInput = z
  .object({
    ...evidenceFields,
    sourceId: evidenceFields.sourceId.optional(),
    url: evidenceFields.url.optional(),
    excerpt: evidenceFields.excerpt.optional(),
    note: evidenceFields.note.optional(),
    isPublic: evidenceFields.isPublic.optional(),
  })
  .refine((e) => e.sourceId || e.url, { message: 'give a sourceId or a url', path: ['url'] });
export const updateEvidenceInput = z.object(evidenceFields).partial();

/** How many other spellings one actor keeps (a merge that would exceed it is refused). */
export const MAX_ALIASES = 50;

const actorFields = {
  name: text(1, 200, 'line'),
  kind: z.enum(ACTOR_KINDS),
  title: optionalText(300, 'line'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 two-letter code such as US')
    .transform((s) => s.toUpperCase())
    .nullable(),
  aliases: z
    .array(text(1, 200, 'line'))
    .max(MAX_ALIASES, `at most ${MAX_ALIASES} aliases`)
    .transform((a) => [...new Set(a)]),
  wikidataId: z
    .string()
    .regex(/^Q[1-9]\d*$/, 'must be a Wikidata item id such as Q473239')
    .nullable(),
};
export const createActorInput = z.object({
  ...actorFields,
  title: actorFields.title.optional(),
  country: actorFields.country.optional(),
  aliases: actorFields.aliases.optional(),
  wikidataId: actorFields.wikidataId.optional(),
});
export const updateActorInput = z.object(actorFields).partial();

/** What an actor being entered is compared by (similarActors); an ill-formed Wikidata id just matches none. */
export const similarActorsInput = z.object({
  name: actorFields.name,
  aliases: actorFields.aliases.nullable().optional(),
  wikidataId: z.string().max(20).nullable().optional(),
});

const sourceFields = {
  title: text(1, 500, 'line'),
  url: documentUrl.nullable(),
  publisher: optionalText(300, 'line'),
  author: optionalText(300, 'line'),
  publishedOn: day.nullable(),
  kind: z.enum(SOURCE_KINDS),
};
export const createSourceInput = z.object({
  ...sourceFields,
  url: sourceFields.url.optional(),
  publisher: sourceFields.publisher.optional(),
  author: sourceFields.author.optional(),
  publishedOn: sourceFields.publishedOn.optional(),
  kind: sourceFields.kind.optional(),
});
export const updateSourceInput = z.object(sourceFields).partial();

/** What a source being entered is compared by (similarSources); the URL as typed so far, not yet valid. */
export const similarSourcesInput = z.object({
  title: sourceFields.title.nullable().optional(),
  url: z.string().max(2000).nullable().optional(),
});

export const openDisputeInput = z.object({
  reason: text(3, 5000),
  counterEvidence: optionalText(5000).optional(),
  raisedByName: optionalText(300, 'line').optional(),
});

export const resolveDisputeInput = z.object({
  outcome: z.enum(['UPHELD', 'REJECTED']),
  note: text(3, 5000),
});

const email = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().email('must be an e-mail address').max(320));
const password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

export const createUserInput = z.object({
  email,
  displayName: text(1, 120, 'line'),
  role: z.enum(ROLES),
  password,
});
export const updateUserInput = z
  .object({ email, displayName: text(1, 120, 'line'), role: z.enum(ROLES), password, active: z.boolean() })
  .partial();

/** A user's own preferences; null clears a choice (the admin UI then follows the browser). */
export const myPreferencesInput = z
  .object({
    locale: z.enum(UI_LOCALES, { error: `must be one of the admin UI's languages: ${UI_LOCALES.join(', ')}` }).nullable(),
  })
  .partial();

export const loginInput = z.object({ email: z.string().max(320), password: z.string().max(200) });
export const apiKeyInput = z.object({ name: text(1, 120, 'line') });

/** Parses `input` or throws BAD_USER_INPUT naming the first wrong field (all of them in details). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: [prefix, ...i.path].filter((p) => p !== '').join('.'),
    message: i.message,
  }));
  const first = issues[0]!;
  throw new AppError('BAD_USER_INPUT', `${first.field}: ${first.message}`, { field: first.field, issues });
}

/**
 * A list filter's `ids` (look-ups by id, as the admin UI's pickers make them): ids, at most one
 * page of them, so one request answers them all. Repeats are dropped.
 */
export function idList(field: string, ids: readonly string[], max: number): string[] {
  idCount(field, ids, max);
  const bad = ids.find((id) => !uuid.safeParse(id).success);
  if (bad !== undefined) throw badInput(field, `${JSON.stringify(bad).slice(0, 60)} is not a valid id.`);
  return [...new Set(ids)];
}

/** Refuses more than `max` ids in one request (a list filter, `nodes`). */
export function idCount(field: string, ids: readonly unknown[], max: number): void {
  if (ids.length > max) throw badInput(field, `at most ${max} ids at once; ask for the others in another request.`, { maximum: max });
}
