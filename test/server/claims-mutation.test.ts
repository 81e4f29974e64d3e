import { randomUUID } from 'node:crypto';
import { claimIn } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * createClaim and updateClaim over HTTP, as a client sees them: what is accepted, how bad input
 * is refused (BAD_USER_INPUT naming the field), lost updates (CONFLICT), no-op saves, topics and
 * clearing fields with null.
 */

interface ClaimView {
  id: string;
  text: string;
  quote: string | null;
  claimedOn: string | null;
  context: string | null;
  language: string;
  attributionStatus: string;
  internalNote: string | null;
  reviewStatus: string;
  version: number;
  topics: { slug: string; name: string }[];
  claimant: { id: string } | null;
  firstAppearance: { id: string } | null;
}

interface HistoryView {
  action: string;
  version: number;
  changes: { field: string; from: unknown; to: unknown }[];
}

const FIELDS = `id text quote claimedOn context language attributionStatus internalNote reviewStatus version
  topics { slug name } claimant { id } firstAppearance { id }`;
const CREATE = `mutation($i: CreateClaimInput!) { createClaim(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $i: UpdateClaimInput!) { updateClaim(id: $id, expectedVersion: $v, input: $i) { ${FIELDS} } }`;
const READ = `query($id: ID!) { claim(id: $id) { ${FIELDS} history { action version changes { field from to } } } }`;
const COUNT = `{ claims(first: 1) { totalCount } }`;

const { app, n } = useNewsroom();

const create = async (input: Record<string, unknown>, token = n.tokens.checker) =>
  (await app.ok<{ createClaim: ClaimView }>(CREATE, { i: input }, token)).createClaim;

const update = async (id: string, v: number, input: Record<string, unknown>, token = n.tokens.checker) =>
  (await app.ok<{ updateClaim: ClaimView }>(UPDATE, { id, v, i: input }, token)).updateClaim;

const read = async (id: string) =>
  (await app.ok<{ claim: (ClaimView & { history: HistoryView[] }) | null }>(READ, { id }, n.tokens.editor)).claim!;

const claimCount = async () => (await app.ok<{ claims: { totalCount: number } }>(COUNT, {}, n.tokens.editor)).claims.totalCount;

const slugs = (c: ClaimView) => c.topics.map((t) => t.slug).sort();

const A_CLAIM = 'North Korea imported more refined petroleum in 2018 than the UN cap allows';

describe('createClaim', () => {
  it('records a new DRAFT at version 1 with the defaults (English, attribution UNVERIFIED) and a createClaim event', async () => {
    const c = await create({
      text: `  ${A_CLAIM}  `,
      quote: 'They have exceeded the cap of 500,000 barrels.',
      claimantId: n.actorId,
      firstAppearanceId: n.sourceId,
      claimedOn: '2018-09-27',
      context: 'UN Security Council meeting, New York',
      internalNote: 'Check the panel annex.',
    });
    expect(c).toMatchObject({
      text: A_CLAIM, // trimmed
      quote: 'They have exceeded the cap of 500,000 barrels.',
      claimedOn: '2018-09-27',
      context: 'UN Security Council meeting, New York',
      language: 'en',
      attributionStatus: 'UNVERIFIED',
      internalNote: 'Check the panel annex.',
      reviewStatus: 'DRAFT',
      version: 1,
      claimant: { id: n.actorId },
      firstAppearance: { id: n.sourceId },
    });
    const stored = await read(c.id);
    expect(stored.history.map((h) => [h.action, h.version])).toEqual([['createClaim', 1]]);
  });

  it('takes a language and an attribution status when given', async () => {
    const c = await create({ text: 'La Corée du Nord a dépassé le plafond fixé par l’ONU', language: 'fr', attributionStatus: 'PARAPHRASED' });
    expect(c).toMatchObject({ language: 'fr', attributionStatus: 'PARAPHRASED' });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['text shorter than 10 characters', { text: 'Too short' }, 'input.text'],
    ['text that is short once trimmed', { text: '   tiny      ' }, 'input.text'],
    ['text longer than 1000 characters', { text: 'x'.repeat(1001) }, 'input.text'],
    ['text with a control character', { text: `${A_CLAIM} \u0007 ring` }, 'input.text'],
    ['an unknown claimantId', { text: A_CLAIM, claimantId: randomUUID() }, 'input.claimantId'],
    ['a malformed claimantId', { text: A_CLAIM, claimantId: 'pompeo' }, 'input.claimantId'],
    ['an unknown firstAppearanceId', { text: A_CLAIM, firstAppearanceId: randomUUID() }, 'input.firstAppearanceId'],
    ['a claimedOn in the future', { text: A_CLAIM, claimedOn: '2999-01-01' }, 'input.claimedOn'],
    ['a claimedOn before 1800', { text: A_CLAIM, claimedOn: '1750-07-04' }, 'input.claimedOn'],
    ['a language that is not an ISO 639 code', { text: A_CLAIM, language: 'English' }, 'input.language'],
    ['an upper-case language code', { text: A_CLAIM, language: 'EN' }, 'input.language'],
    ['a blank topic', { text: A_CLAIM, topics: ['Sanctions', '   '] }, 'input.topics.1'],
    ['a topic without letters or digits', { text: A_CLAIM, topics: ['!!!'] }, 'input.topics'],
    ['more than 20 topics', { text: A_CLAIM, topics: Array.from({ length: 21 }, (_, i) => `Topic ${i}`) }, 'input.topics'],
    ['a quote longer than 2000 characters', { text: A_CLAIM, quote: 'q'.repeat(2001) }, 'input.quote'],
    ['a context longer than 1000 characters', { text: A_CLAIM, context: 'c'.repeat(1001) }, 'input.context'],
  ];

  it.each(refusals)('refuses %s with BAD_USER_INPUT naming the field, and creates nothing', async (_, input, field) => {
    const before = await claimCount();
    const err = await app.fails(CREATE, { i: input }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe(field);
    expect(err.message).toContain(field);
    expect(await claimCount()).toBe(before);
  });

  it('refuses auditors (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const before = await claimCount();
    expect((await app.fails(CREATE, { i: { text: A_CLAIM } }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await app.fails(CREATE, { i: { text: A_CLAIM } })).code).toBe('UNAUTHENTICATED');
    expect(await claimCount()).toBe(before);
  });
});

describe('updateClaim', () => {
  it('changes only the fields present, bumps the version and records before → after', async () => {
    const c = await create({ text: A_CLAIM, quote: 'The original words.', context: 'At the UN' });
    const u = await update(c.id, 1, { context: 'UN Security Council, 17 September 2018' });
    expect(u).toMatchObject({ text: A_CLAIM, quote: 'The original words.', context: 'UN Security Council, 17 September 2018', version: 2 });
    const stored = await read(c.id);
    expect(stored.history.map((h) => [h.action, h.version])).toEqual([
      ['createClaim', 1],
      ['updateClaim', 2],
    ]);
    expect(stored.history[1]!.changes).toEqual([{ field: 'context', from: 'At the UN', to: 'UN Security Council, 17 September 2018' }]);
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version, and changes nothing', async () => {
    const c = await create({ text: A_CLAIM });
    await update(c.id, 1, { text: `${A_CLAIM}, according to the panel` }, n.tokens.checker2);
    const err = await app.fails(UPDATE, { id: c.id, v: 1, i: { text: 'A competing edit made from version one' } }, n.tokens.checker);
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    const stored = await read(c.id);
    expect(stored.text).toBe(`${A_CLAIM}, according to the panel`);
    expect(stored.version).toBe(2);
    expect(stored.history.map((h) => h.version)).toEqual([1, 2]);
  });

  it('treats a save that changes nothing as no change: same version, no history event', async () => {
    const c = await create({ text: A_CLAIM, quote: 'Exact words.', topics: ['UN sanctions', 'United Nations', 'Oil'], claimedOn: '2018-09-27' });
    const same = await update(c.id, 1, {
      text: `${A_CLAIM}   `,
      quote: 'Exact words.',
      claimedOn: '2018-09-27',
      topics: ['oil', 'United Nations', 'un sanctions'],
      context: null,
    });
    expect(same.version).toBe(1);
    const stored = await read(c.id);
    expect(stored.version).toBe(1);
    expect(stored.history).toHaveLength(1);
  });

  it('creates topics on first use and replaces the claim’s topics on update', async () => {
    const c = await create({ text: A_CLAIM, topics: ['North Korea', 'Oil imports'] });
    expect(c.topics.map((t) => [t.slug, t.name]).sort()).toEqual([
      ['north-korea', 'North Korea'],
      ['oil-imports', 'Oil imports'],
    ]);
    const { topics } = await app.ok<{ topics: { slug: string }[] }>(`{ topics { slug } }`);
    expect(topics.map((t) => t.slug)).toEqual(expect.arrayContaining(['north-korea', 'oil-imports']));

    // "north korea" is the same topic by slug: reused, not duplicated.
    const u = await update(c.id, 1, { topics: ['north korea', 'Ship-to-ship transfers'] });
    expect(slugs(u)).toEqual(['north-korea', 'ship-to-ship-transfers']);
    expect(u.version).toBe(2);
    const after = await app.ok<{ topics: { slug: string; name: string }[] }>(`{ topics { slug name } }`);
    expect(after.topics.filter((t) => t.slug === 'north-korea')).toEqual([{ slug: 'north-korea', name: 'North Korea' }]);

    const cleared = await update(c.id, 2, { topics: [] });
    expect(cleared.topics).toEqual([]);
    expect((await read(c.id)).topics).toEqual([]);
  });

  it('clears a field given null (and a blank string), keeping the others', async () => {
    const c = await create({
      text: A_CLAIM,
      quote: 'Words.',
      claimantId: n.actorId,
      firstAppearanceId: n.sourceId,
      claimedOn: '2018-09-27',
      context: 'New York',
      internalNote: 'note',
    });
    const u = await update(c.id, 1, { quote: null, claimantId: null, firstAppearanceId: null, claimedOn: null, context: '   ', internalNote: null });
    expect(u).toMatchObject({
      text: A_CLAIM,
      quote: null,
      claimant: null,
      firstAppearance: null,
      claimedOn: null,
      context: null,
      internalNote: null,
      version: 2,
    });
    expect(await read(c.id)).toMatchObject({ quote: null, claimant: null, claimedOn: null, context: null, version: 2 });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['text set to null', { text: null }, 'input.text'],
    ['text too short', { text: 'short' }, 'input.text'],
    ['language set to null', { language: null }, 'input.language'],
    ['a bad language', { language: 'english' }, 'input.language'],
    ['a future claimedOn', { claimedOn: '2999-12-31' }, 'input.claimedOn'],
    ['an unknown claimantId', { claimantId: randomUUID() }, 'input.claimantId'],
    ['an unknown firstAppearanceId', { firstAppearanceId: randomUUID() }, 'input.firstAppearanceId'],
    ['attributionStatus set to null', { attributionStatus: null }, 'input.attributionStatus'],
  ];

  it.each(refusals)('refuses %s with BAD_USER_INPUT naming the field, and changes nothing', async (_, input, field) => {
    const c = await create({ text: A_CLAIM, claimantId: n.actorId, language: 'en' });
    const err = await app.fails(UPDATE, { id: c.id, v: 1, i: input }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe(field);
    const stored = await read(c.id);
    expect(stored).toMatchObject({ text: A_CLAIM, language: 'en', claimant: { id: n.actorId }, version: 1 });
    expect(stored.history).toHaveLength(1);
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'claim-42'],
  ])('answers NOT_FOUND for %s', async (_, id) => {
    const err = await app.fails(UPDATE, { id, v: 1, i: { context: 'x' } }, n.tokens.checker);
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain(id);
  });

  it('refuses auditors (FORBIDDEN) and anonymous callers (UNAUTHENTICATED), changing nothing', async () => {
    const c = await create({ text: A_CLAIM });
    expect((await app.fails(UPDATE, { id: c.id, v: 1, i: { context: 'x' } }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await app.fails(UPDATE, { id: c.id, v: 1, i: { context: 'x' } })).code).toBe('UNAUTHENTICATED');
    expect(await read(c.id)).toMatchObject({ context: null, version: 1 });
  });

  it('lets any writer edit a claim in review, not only its author', async () => {
    const c = await claimIn(app, n, 'IN_REVIEW');
    const u = await update(c.id, c.version, { context: 'Edited by a colleague' }, n.tokens.checker2);
    expect(u).toMatchObject({ context: 'Edited by a colleague', reviewStatus: 'IN_REVIEW', version: c.version + 1 });
  });
});
