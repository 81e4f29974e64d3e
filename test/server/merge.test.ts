import { randomUUID } from 'node:crypto';
import { chainOf } from '../../server/domain/history';
import { claimIn, type ClaimRef } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * One actor per person, one source per document: duplicate warnings at creation, and merging a
 * duplicate into its survivor — everything moves, the old id keeps resolving, every affected
 * claim records the merge on its chain and still verifies, and bad requests change nothing.
 */

interface ActorView {
  id: string;
  name: string;
  aliases: string[];
  wikidataId: string | null;
  version: number;
}
interface SourceView {
  id: string;
  title: string;
  url: string | null;
  version: number;
}
interface Event {
  action: string;
  entityType: string;
  entityId: string;
  version: number;
  note: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
}

const ACTOR = 'id name aliases wikidataId version';
const SOURCE = 'id title url version';
const CREATE_ACTOR = `mutation($i: CreateActorInput!) { createActor(input: $i) { ${ACTOR} } }`;
const CREATE_SOURCE = `mutation($i: CreateSourceInput!) { createSource(input: $i) { ${SOURCE} } }`;
const MERGE_ACTORS = `mutation($s: ID!, $m: ID!, $sv: Int!, $mv: Int!, $r: String) {
  mergeActors(survivorId: $s, mergedId: $m, expectedSurvivorVersion: $sv, expectedMergedVersion: $mv, reason: $r) { ${ACTOR} } }`;
const MERGE_SOURCES = `mutation($s: ID!, $m: ID!, $sv: Int!, $mv: Int!, $r: String) {
  mergeSources(survivorId: $s, mergedId: $m, expectedSurvivorVersion: $sv, expectedMergedVersion: $mv, reason: $r) { ${SOURCE} } }`;
const CLAIM = `query($id: ID!) {
  claim(id: $id) { version claimant { id } firstAppearance { id } evidence { id source { id } }
    history { action entityType entityId version note changes { field from to } } }
  verifyHistory(claimId: $id) { valid eventCount currentVersion } }`;
const SIMILAR_ACTORS = `query($n: String!, $a: [String!], $w: String) {
  similarActors(name: $n, aliases: $a, wikidataId: $w) { actor { id name } similarity matchedOn } }`;
const SIMILAR_SOURCES = `query($t: String, $u: String) { similarSources(title: $t, url: $u) { source { id title } similarity matchedOn } }`;

const { app, n } = useNewsroom();

const createActor = async (input: Record<string, unknown>) => (await app.ok<{ createActor: ActorView }>(CREATE_ACTOR, { i: input }, n.tokens.checker)).createActor;
const createSource = async (input: Record<string, unknown>) => (await app.ok<{ createSource: SourceView }>(CREATE_SOURCE, { i: input }, n.tokens.checker)).createSource;
const actorById = async (id: string, token?: string) =>
  (await app.ok<{ actor: ActorView | null }>(`query($id: ID!) { actor(id: $id) { ${ACTOR} } }`, { id }, token)).actor;
const sourceById = async (id: string, token?: string) =>
  (await app.ok<{ source: SourceView | null }>(`query($id: ID!) { source(id: $id) { ${SOURCE} } }`, { id }, token)).source;
const claim = async (id: string) =>
  app.ok<{
    claim: { version: number; claimant: { id: string } | null; firstAppearance: { id: string } | null; evidence: { id: string; source: { id: string } | null }[]; history: Event[] };
    verifyHistory: { valid: boolean; eventCount: number; currentVersion: number };
  }>(CLAIM, { id }, n.tokens.editor);
const mergeVars = (survivor: { id: string; version: number }, merged: { id: string; version: number }, reason?: string) => ({
  s: survivor.id,
  m: merged.id,
  sv: survivor.version,
  mv: merged.version,
  r: reason,
});
/** An actor's or source's own chain, checked against its current version. */
const catalogChain = async (type: 'ACTOR' | 'SOURCE', id: string, version: number) => app.services.history.verify(chainOf(type, id), version);
const versionsOf = async (table: 'actors' | 'sources', ids: string[]) =>
  (await app.ds.query(`SELECT id, version, merged_into_id FROM ${table} WHERE id = ANY($1) ORDER BY id`, [ids])) as unknown[];

describe('duplicate warnings at creation', () => {
  let trump: ActorView;
  beforeAll(async () => {
    trump = await createActor({ name: 'Donald Trump', kind: 'PERSON', aliases: ['The Donald'], wikidataId: 'Q22686' });
  });

  it('finds an actor by a similar name, by an alias, and by its Wikidata id', async () => {
    const byName = (await app.ok<{ similarActors: { actor: { id: string }; matchedOn: string; similarity: number }[] }>(SIMILAR_ACTORS, { n: 'Donald J. Trump' }, n.tokens.checker)).similarActors;
    expect(byName[0]).toMatchObject({ actor: { id: trump.id }, matchedOn: 'NAME' });
    expect(byName[0]!.similarity).toBeGreaterThan(0.3);
    expect(byName[0]!.similarity).toBeLessThan(1);

    const byAlias = (await app.ok<{ similarActors: { actor: { id: string }; matchedOn: string }[] }>(SIMILAR_ACTORS, { n: 'Someone Else', a: ['the donald'] }, n.tokens.checker)).similarActors;
    expect(byAlias).toEqual([expect.objectContaining({ actor: expect.objectContaining({ id: trump.id }), matchedOn: 'ALIAS' })]);

    const byWikidata = (await app.ok<{ similarActors: { actor: { id: string }; matchedOn: string; similarity: number }[] }>(SIMILAR_ACTORS, { n: 'DJT', w: 'Q22686' }, n.tokens.checker)).similarActors;
    expect(byWikidata[0]).toEqual({ actor: { id: trump.id, name: 'Donald Trump' }, matchedOn: 'WIKIDATA_ID', similarity: 1 });

    const unrelated = (await app.ok<{ similarActors: unknown[] }>(SIMILAR_ACTORS, { n: 'Angela Merkel' }, n.tokens.checker)).similarActors;
    expect(unrelated).toEqual([]);
  });

  it('refuses an exact duplicate by Wikidata id, naming the existing actor', async () => {
    const refused = await app.fails(CREATE_ACTOR, { i: { name: 'D. Trump', kind: 'PERSON', wikidataId: 'Q22686' } }, n.tokens.checker);
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.wikidataId', existingId: trump.id } });
  });

  it('finds a source by another spelling of its address, and by a similar title', async () => {
    const report = await createSource({ title: 'Annual report on sanctions 2019', url: 'https://www.example.org/reports/2019' });
    const byUrl = (await app.ok<{ similarSources: { source: { id: string }; matchedOn: string; similarity: number }[] }>(SIMILAR_SOURCES, { u: 'http://example.org/reports/2019/#p4' }, n.tokens.checker)).similarSources;
    expect(byUrl).toEqual([{ source: { id: report.id, title: report.title }, matchedOn: 'URL', similarity: 1 }]);
    const byTitle = (await app.ok<{ similarSources: { source: { id: string }; matchedOn: string }[] }>(SIMILAR_SOURCES, { t: 'Annual report on sanctions, 2019 edition' }, n.tokens.checker)).similarSources;
    expect(byTitle[0]).toMatchObject({ source: { id: report.id }, matchedOn: 'TITLE' });
    expect((await app.fails(SIMILAR_SOURCES, {}, n.tokens.checker)).code).toBe('BAD_USER_INPUT');
  });

  it('is for staff only', async () => {
    expect((await app.fails(SIMILAR_ACTORS, { n: 'Donald Trump' })).code).toBe('UNAUTHENTICATED');
    expect((await app.fails(SIMILAR_SOURCES, { t: 'Annual report' })).code).toBe('UNAUTHENTICATED');
  });
});

describe('merging two actors', () => {
  let survivor: ActorView;
  let duplicate: ActorView;
  let published: ClaimRef;
  let draft: ClaimRef;
  let before: Record<string, { version: number; events: number }>;

  beforeAll(async () => {
    survivor = await createActor({ name: 'Kim Jong Un', kind: 'PERSON', aliases: ['Kim Jong-un'] });
    duplicate = await createActor({ name: 'Kim Jong-eun', kind: 'PERSON', aliases: ['KIM JONG-UN', 'Marshal Kim'], wikidataId: 'Q56226' });
    published = await claimIn(app, { ...n, actorId: duplicate.id }, 'PUBLISHED', 'Pyongyang tested a new missile on Friday.');
    draft = await claimIn(app, { ...n, actorId: duplicate.id }, 'DRAFT', 'The sanctions have no effect at all.');
    before = {};
    for (const c of [published, draft]) {
      const { claim: read } = await claim(c.id);
      before[c.id] = { version: read.version, events: read.history.length };
    }
  });

  it('is refused to fact-checkers, auditors and the public, changing nothing', async () => {
    const vars = mergeVars(survivor, duplicate);
    expect((await app.fails(MERGE_ACTORS, vars, n.tokens.checker)).code).toBe('FORBIDDEN');
    expect((await app.fails(MERGE_ACTORS, vars, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await app.fails(MERGE_ACTORS, vars)).code).toBe('UNAUTHENTICATED');
    expect(await versionsOf('actors', [survivor.id, duplicate.id])).toEqual(
      [survivor, duplicate].sort((a, b) => a.id.localeCompare(b.id)).map((a) => ({ id: a.id, version: 1, merged_into_id: null })),
    );
  });

  it('refuses bad requests with a code, changing nothing', async () => {
    const unchanged = await versionsOf('actors', [survivor.id, duplicate.id]);
    const cases: [Record<string, unknown>, string, string?][] = [
      [mergeVars(survivor, survivor), 'BAD_USER_INPUT', 'mergedId'],
      [mergeVars(survivor, { id: randomUUID(), version: 1 }), 'NOT_FOUND'],
      [mergeVars({ id: 'not-an-id', version: 1 }, duplicate), 'NOT_FOUND'],
      [mergeVars(survivor, { ...duplicate, version: 7 }), 'CONFLICT'],
      [mergeVars({ ...survivor, version: 0 }, duplicate), 'CONFLICT'],
      [{ ...mergeVars(survivor, duplicate), r: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'reason'],
    ];
    for (const [vars, code, field] of cases) {
      const refused = await app.fails(MERGE_ACTORS, vars, n.tokens.editor);
      expect(refused.code).toBe(code);
      if (field) expect(refused.extensions.field).toBe(field);
    }
    const other = await createActor({ name: 'Kim Jong-il', kind: 'PERSON', wikidataId: 'Q10665' });
    const different = await app.fails(MERGE_ACTORS, mergeVars(other, duplicate), n.tokens.editor);
    expect(different).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('different Wikidata items') });
    expect(await versionsOf('actors', [survivor.id, duplicate.id])).toEqual(unchanged);
    for (const c of [published, draft]) expect((await claim(c.id)).claim.version).toBe(before[c.id]!.version);
  });

  it('moves the claims, the name, aliases and Wikidata id to the survivor', async () => {
    const { mergeActors } = await app.ok<{ mergeActors: ActorView }>(MERGE_ACTORS, mergeVars(survivor, duplicate, 'Same person, romanised differently.'), n.tokens.editor);
    // KIM JONG-UN is the survivor's own alias in other capitals: not added twice.
    expect(mergeActors).toEqual({ ...survivor, aliases: ['Kim Jong-un', 'Kim Jong-eun', 'Marshal Kim'], wikidataId: 'Q56226', version: 2 });
    for (const c of [published, draft]) expect((await claim(c.id)).claim.claimant).toEqual({ id: survivor.id });
    const { actor } = await app.ok<{ actor: { claims: { totalCount: number } } }>(`query($id: ID!) { actor(id: $id) { claims { totalCount } } }`, { id: survivor.id }, n.tokens.editor);
    expect(actor.claims.totalCount).toBe(2);
  });

  it('keeps the old id resolving, to the survivor, for staff and for the public', async () => {
    expect((await actorById(duplicate.id, n.tokens.editor))!.id).toBe(survivor.id);
    // The public sees it too: the survivor now has a published claim.
    expect((await actorById(duplicate.id))!.id).toBe(survivor.id);
    const { actors } = await app.ok<{ actors: { nodes: { id: string }[] } }>(`{ actors(filter: { search: "Kim Jong" }) { nodes { id } } }`, {}, n.tokens.editor);
    expect(actors.nodes.map((a) => a.id)).not.toContain(duplicate.id);
    expect(actors.nodes.map((a) => a.id)).toContain(survivor.id);
    const similar = (await app.ok<{ similarActors: { actor: { id: string } }[] }>(SIMILAR_ACTORS, { n: 'Kim Jong-eun' }, n.tokens.checker)).similarActors;
    expect(similar.map((s) => s.actor.id)).not.toContain(duplicate.id);
  });

  it('records the merge on both claims, whose chains still verify', async () => {
    for (const c of [published, draft]) {
      const { claim: read, verifyHistory } = await claim(c.id);
      expect(read.version).toBe(before[c.id]!.version + 1);
      expect(read.history).toHaveLength(before[c.id]!.events + 1);
      const last = read.history.find((e) => e.version === read.version)!;
      expect(last).toMatchObject({ action: 'mergeActors', entityType: 'CLAIM', entityId: c.id });
      expect(last.changes).toEqual([{ field: 'claimantId', from: duplicate.id, to: survivor.id }]);
      expect(last.note).toBe(`Merged "Kim Jong-eun" (${duplicate.id}) into "Kim Jong Un" (${survivor.id}): Same person, romanised differently.`);
      expect(verifyHistory).toEqual({ valid: true, eventCount: read.history.length, currentVersion: read.version });
    }
  });

  it('records the merge on both actors, whose chains verify; the duplicate keeps a redirect', async () => {
    const merged = await catalogChain('ACTOR', duplicate.id, 2);
    expect(merged.valid).toBe(true);
    expect(merged.events.at(-1)).toMatchObject({ action: 'mergeActors', changes: { mergedIntoId: { from: null, to: survivor.id }, wikidataId: { from: 'Q56226', to: null } } });
    const kept = await catalogChain('ACTOR', survivor.id, 2);
    expect(kept.valid).toBe(true);
    expect(kept.events.at(-1)).toMatchObject({ action: 'mergeActors', changes: { wikidataId: { from: null, to: 'Q56226' } } });
    // The Wikidata id now names the survivor when someone enters the person again.
    const refused = await app.fails(CREATE_ACTOR, { i: { name: 'Kim', kind: 'PERSON', wikidataId: 'Q56226' } }, n.tokens.checker);
    expect(refused.extensions.existingId).toBe(survivor.id);
  });

  it('refuses what would use the duplicate again: a second merge, a claim naming it, an edit', async () => {
    const now = (await actorById(survivor.id, n.tokens.editor))!;
    const again = await app.fails(MERGE_ACTORS, mergeVars(now, { id: duplicate.id, version: 2 }), n.tokens.editor);
    expect(again).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'mergedId', mergedIntoId: survivor.id } });
    const into = await app.fails(MERGE_ACTORS, mergeVars({ id: duplicate.id, version: 2 }, now), n.tokens.editor);
    expect(into).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'survivorId', mergedIntoId: survivor.id } });
    const naming = await app.fails(`mutation($i: CreateClaimInput!) { createClaim(input: $i) { id } }`, { i: { text: 'Another claim', claimantId: duplicate.id } }, n.tokens.checker);
    expect(naming).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.claimantId' } });
    const edit = await app.fails(`mutation($id: ID!) { updateActor(id: $id, expectedVersion: 2, input: { title: "x" }) { id } }`, { id: duplicate.id }, n.tokens.checker);
    expect(edit).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { mergedIntoId: survivor.id } });
    expect(await versionsOf('actors', [duplicate.id])).toEqual([{ id: duplicate.id, version: 2, merged_into_id: survivor.id }]);
  });

  it('re-points earlier redirects when the survivor is merged in turn', async () => {
    const now = (await actorById(survivor.id, n.tokens.editor))!;
    const third = await createActor({ name: 'Kim Jong Un (leader)', kind: 'PERSON' });
    await app.ok(MERGE_ACTORS, mergeVars(third, now), n.tokens.admin);
    expect((await actorById(duplicate.id, n.tokens.editor))!.id).toBe(third.id);
    expect(await versionsOf('actors', [duplicate.id])).toEqual([{ id: duplicate.id, version: 3, merged_into_id: third.id }]);
    expect((await catalogChain('ACTOR', duplicate.id, 3)).valid).toBe(true);
    for (const c of [published, draft]) expect((await claim(c.id)).verifyHistory.valid).toBe(true);
  });
});

describe('merging two sources', () => {
  it('moves first appearances and evidence, takes the URL, keeps the old id resolving, and every chain verifies', async () => {
    const survivor = await createSource({ title: 'UN Panel of Experts final report 2019', kind: 'REPORT' });
    const duplicate = await createSource({ title: 'UN PoE report S/2019/171 (copy)', url: 'https://un.org/panel/2019-final', kind: 'REPORT' });
    // Evidence cites the duplicate; a second claim first appeared in it.
    const cited = await claimIn(app, { ...n, sourceId: duplicate.id }, 'PUBLISHED', 'The panel documented ship-to-ship transfers.');
    const { createClaim: appeared } = await app.ok<{ createClaim: ClaimRef }>(
      `mutation($i: CreateClaimInput!) { createClaim(input: $i) { id version } }`,
      { i: { text: 'The report was leaked early.', claimantId: n.actorId, firstAppearanceId: duplicate.id } },
      n.tokens.checker,
    );
    const citedBefore = (await claim(cited.id)).claim;

    expect((await app.fails(MERGE_SOURCES, mergeVars(survivor, duplicate), n.tokens.checker)).code).toBe('FORBIDDEN');
    const { mergeSources } = await app.ok<{ mergeSources: SourceView }>(MERGE_SOURCES, mergeVars(survivor, duplicate), n.tokens.editor);
    expect(mergeSources).toEqual({ ...survivor, url: 'https://un.org/panel/2019-final', version: 2 });

    const { claim: citedAfter, verifyHistory: citedVerified } = await claim(cited.id);
    expect(citedAfter.evidence.map((e) => e.source?.id)).toEqual([survivor.id]);
    expect(citedAfter.version).toBe(citedBefore.version + 1);
    const moved = citedAfter.history.filter((e) => e.action === 'mergeSources');
    expect(moved).toEqual([
      expect.objectContaining({ entityType: 'EVIDENCE', entityId: citedAfter.evidence[0]!.id, version: citedAfter.version, changes: [{ field: 'sourceId', from: duplicate.id, to: survivor.id }] }),
    ]);
    expect(citedVerified.valid).toBe(true);

    const { claim: appearedAfter, verifyHistory: appearedVerified } = await claim(appeared.id);
    expect(appearedAfter.firstAppearance).toEqual({ id: survivor.id });
    expect(appearedAfter.history.at(-1)).toMatchObject({ action: 'mergeSources', entityType: 'CLAIM', changes: [{ field: 'firstAppearanceId', from: duplicate.id, to: survivor.id }] });
    expect(appearedVerified.valid).toBe(true);

    expect((await sourceById(duplicate.id, n.tokens.editor))!.id).toBe(survivor.id);
    expect((await catalogChain('SOURCE', duplicate.id, 2)).valid).toBe(true);
    expect((await catalogChain('SOURCE', survivor.id, 2)).valid).toBe(true);
    const again = await app.fails(CREATE_SOURCE, { i: { title: 'Again', url: 'https://un.org/panel/2019-final' } }, n.tokens.checker);
    expect(again.extensions.existingId).toBe(survivor.id);
    const { sources } = await app.ok<{ sources: { nodes: { id: string }[] } }>(`{ sources(filter: { search: "UN P" }) { nodes { id } } }`, {}, n.tokens.editor);
    expect(sources.nodes.map((s) => s.id)).toContain(survivor.id);
    expect(sources.nodes.map((s) => s.id)).not.toContain(duplicate.id);
  });
});
