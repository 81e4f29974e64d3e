import { randomUUID } from 'node:crypto';
import { claimIn } from '../fixtures/newsroom';
import { claimOperations } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * The catalogue of actors and sources over HTTP: create and edit (optimistic locking), aliases and
 * search, uniqueness of source URLs and Wikidata ids, what public readers may see, and paging.
 */

interface ActorView {
  id: string;
  name: string;
  kind: string;
  title: string | null;
  country: string | null;
  aliases: string[];
  wikidataId: string | null;
  version: number;
}
interface SourceView {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  author: string | null;
  publishedOn: string | null;
  kind: string;
  version: number;
}
interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  nodes: T[];
}

const ACTOR = 'id name kind title country aliases wikidataId version';
const SOURCE = 'id title url publisher author publishedOn kind version';
const CREATE_ACTOR = `mutation($i: CreateActorInput!) { createActor(input: $i) { ${ACTOR} } }`;
const UPDATE_ACTOR = `mutation($id: ID!, $v: Int!, $i: UpdateActorInput!) { updateActor(id: $id, expectedVersion: $v, input: $i) { ${ACTOR} } }`;
const CREATE_SOURCE = `mutation($i: CreateSourceInput!) { createSource(input: $i) { ${SOURCE} } }`;
const UPDATE_SOURCE = `mutation($id: ID!, $v: Int!, $i: UpdateSourceInput!) { updateSource(id: $id, expectedVersion: $v, input: $i) { ${SOURCE} } }`;
const ACTORS = `query($f: ActorFilter, $o: ActorOrder, $first: Int, $after: String, $offset: Int) {
  actors(filter: $f, orderBy: $o, first: $first, after: $after, offset: $offset) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { ${ACTOR} } } }`;
const SOURCES = `query($f: SourceFilter, $o: SourceOrder, $first: Int, $after: String, $offset: Int) {
  sources(filter: $f, orderBy: $o, first: $first, after: $after, offset: $offset) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { ${SOURCE} } } }`;
const AUDIT = `query($f: AuditLogFilter) { auditLog(filter: $f, first: 50, newestFirst: true) { nodes { entityId action version } } }`;

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);

const createActor = async (input: Record<string, unknown>, token = n.tokens.checker) =>
  (await app.ok<{ createActor: ActorView }>(CREATE_ACTOR, { i: input }, token)).createActor;
const createSource = async (input: Record<string, unknown>, token = n.tokens.checker) =>
  (await app.ok<{ createSource: SourceView }>(CREATE_SOURCE, { i: input }, token)).createSource;
const actors = async (vars: Record<string, unknown>, token?: string) => (await app.ok<{ actors: Page<ActorView> }>(ACTORS, vars, token)).actors;
const sources = async (vars: Record<string, unknown>, token?: string) => (await app.ok<{ sources: Page<SourceView> }>(SOURCES, vars, token)).sources;
const actorById = async (id: string, token?: string) =>
  (await app.ok<{ actor: ActorView | null }>(`query($id: ID!) { actor(id: $id) { ${ACTOR} } }`, { id }, token)).actor;
const sourceById = async (id: string, token?: string) =>
  (await app.ok<{ source: SourceView | null }>(`query($id: ID!) { source(id: $id) { ${SOURCE} } }`, { id }, token)).source;
const eventsOf = async (entityType: 'ACTOR' | 'SOURCE', id: string) =>
  (await app.ok<{ auditLog: { nodes: { entityId: string; action: string; version: number }[] } }>(AUDIT, { f: { entityType: [entityType] } }, n.tokens.auditor)).auditLog.nodes
    .filter((e) => e.entityId === id)
    .map((e) => [e.action, e.version])
    .reverse();

describe('actors', () => {
  it('creates an actor at version 1: country upper-cased, duplicate aliases dropped, recorded in history', async () => {
    const a = await createActor({
      name: 'Ri Yong Ho',
      kind: 'PERSON',
      title: 'Foreign Minister of North Korea',
      country: 'kp',
      aliases: ['Ri Hong Yo', 'Ri Yong-ho', 'Ri Hong Yo'],
      wikidataId: 'Q473239',
    });
    expect(a).toMatchObject({
      name: 'Ri Yong Ho',
      kind: 'PERSON',
      title: 'Foreign Minister of North Korea',
      country: 'KP',
      aliases: ['Ri Hong Yo', 'Ri Yong-ho'],
      wikidataId: 'Q473239',
      version: 1,
    });
    expect(await eventsOf('ACTOR', a.id)).toEqual([['createActor', 1]]);
  });

  it('finds an actor by any alias or part of the name, in any case ("Ri Hong Yo" finds Ri Yong Ho)', async () => {
    const ri = await createActor({ name: 'Ri Yong-ho (search)', kind: 'PERSON', aliases: ['Ri Hong Yo (search)'] });
    for (const search of ['Ri Hong Yo (search)', 'ri hong yo (SEARCH)', 'yong-ho (search']) {
      const page = await actors({ f: { search } }, n.tokens.checker);
      expect(page.nodes.map((x) => x.id)).toEqual([ri.id]);
    }
    expect((await actors({ f: { search: 'Nobody by this name' } }, n.tokens.checker)).nodes).toEqual([]);
  });

  it('finds an actor by name or alias in any script: Hangul, Chinese, Arabic', async () => {
    const ri = await createActor({ name: '리용호', kind: 'PERSON', aliases: ['Ri Yong Ho (Hangul test)'] });
    const wang = await createActor({ name: '王毅', kind: 'PERSON', aliases: ['وانغ يي', 'Wang Yi (script test)'] });
    const lavrov = await createActor({ name: 'سيرغي لافروف', kind: 'PERSON', aliases: ['谢尔盖·拉夫罗夫'] });
    for (const [search, id] of [
      ['리용호', ri.id], ['용호', ri.id], ['Ri Yong Ho (Hangul', ri.id],
      ['王毅', wang.id], ['وانغ', wang.id], ['wang yi (script', wang.id],
      ['سيرغي لافروف', lavrov.id], ['لافروف', lavrov.id], ['拉夫罗夫', lavrov.id],
    ] as const) {
      expect([search, (await actors({ f: { search } }, n.tokens.checker)).nodes.map((x) => x.id)]).toEqual([search, [id]]);
    }
  });

  it('filters by kind, and treats % and _ in a search as plain characters', async () => {
    const un = await createActor({ name: 'UN Panel of Experts (1718 Committee)', kind: 'ORGANISATION' });
    const page = await actors({ f: { kind: ['ORGANISATION'] } }, n.tokens.checker);
    expect(page.nodes.map((x) => x.id)).toContain(un.id);
    expect(page.nodes.every((x) => x.kind === 'ORGANISATION')).toBe(true);
    expect((await actors({ f: { search: '%' } }, n.tokens.checker)).nodes).toEqual([]);
  });

  it('edits with the version the editor saw: aliases replaced, null clears a field, version bumps', async () => {
    const a = await createActor({ name: 'Nikki Haley', kind: 'PERSON', title: 'Ambassador', country: 'US', aliases: ['N. Haley'] });
    const { updateActor } = await app.ok<{ updateActor: ActorView }>(
      UPDATE_ACTOR,
      { id: a.id, v: 1, i: { title: null, aliases: ['Nimrata Randhawa', 'Ambassador Haley'] } },
      n.tokens.checker2,
    );
    expect(updateActor).toMatchObject({ name: 'Nikki Haley', title: null, country: 'US', aliases: ['Nimrata Randhawa', 'Ambassador Haley'], version: 2 });
    expect(await actorById(a.id, n.tokens.checker)).toMatchObject({ title: null, aliases: ['Nimrata Randhawa', 'Ambassador Haley'], version: 2 });
    expect(await eventsOf('ACTOR', a.id)).toEqual([
      ['createActor', 1],
      ['updateActor', 2],
    ]);
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version; nothing changes', async () => {
    const a = await createActor({ name: 'Vassily Nebenzia', kind: 'PERSON' });
    await app.ok(UPDATE_ACTOR, { id: a.id, v: 1, i: { country: 'RU' } }, n.tokens.checker);
    const err = await app.fails(UPDATE_ACTOR, { id: a.id, v: 1, i: { title: 'Permanent Representative' } }, n.tokens.checker2);
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    expect(await actorById(a.id, n.tokens.checker)).toMatchObject({ title: null, country: 'RU', version: 2 });
    expect(await eventsOf('ACTOR', a.id)).toHaveLength(2);
  });

  it('answers NOT_FOUND when updating an unknown or malformed actor id', async () => {
    for (const id of [randomUUID(), 'pompeo']) {
      expect((await app.fails(UPDATE_ACTOR, { id, v: 1, i: { title: 'x' } }, n.tokens.checker)).code).toBe('NOT_FOUND');
    }
    expect(await actorById('pompeo', n.tokens.checker)).toBeNull();
  });

  it('refuses a Wikidata id another actor already has, with BAD_USER_INPUT and the existing id', async () => {
    const pompeo = await createActor({ name: 'Mike Pompeo (wikidata)', kind: 'PERSON', wikidataId: 'Q473' });
    const err = await app.fails(CREATE_ACTOR, { i: { name: 'Michael R. Pompeo', kind: 'PERSON', wikidataId: 'Q473' } }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions).toMatchObject({ field: 'input.wikidataId', existingId: pompeo.id });
    expect((await actors({ f: { search: 'Michael R. Pompeo' } }, n.tokens.checker)).totalCount).toBe(0);

    const other = await createActor({ name: 'Someone else', kind: 'PERSON' });
    const updErr = await app.fails(UPDATE_ACTOR, { id: other.id, v: 1, i: { wikidataId: 'Q473' } }, n.tokens.checker);
    expect(updErr.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.wikidataId', existingId: pompeo.id });
    expect(await actorById(other.id, n.tokens.checker)).toMatchObject({ wikidataId: null, version: 1 });
    // Saving an actor with its own Wikidata id is no clash.
    await app.ok(UPDATE_ACTOR, { id: pompeo.id, v: 1, i: { wikidataId: 'Q473', title: 'CIA Director' } }, n.tokens.checker);
  });

  it.each([
    ['an empty name', { name: '  ', kind: 'PERSON' }, 'input.name'],
    ['a three-letter country', { name: 'Someone', kind: 'PERSON', country: 'USA' }, 'input.country'],
    ['a malformed Wikidata id', { name: 'Someone', kind: 'PERSON', wikidataId: 'wd:473' }, 'input.wikidataId'],
    ['a blank alias', { name: 'Someone', kind: 'PERSON', aliases: [''] }, 'input.aliases.0'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, input, field) => {
    const err = await app.fails(CREATE_ACTOR, { i: input }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe(field);
  });

  it('refuses auditors (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    expect((await app.fails(CREATE_ACTOR, { i: { name: 'Auditor’s actor', kind: 'PERSON' } }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await app.fails(CREATE_ACTOR, { i: { name: 'Anonymous actor', kind: 'PERSON' } })).code).toBe('UNAUTHENTICATED');
    expect((await app.fails(UPDATE_ACTOR, { id: n.actorId, v: 1, i: { title: 'x' } }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await actors({ f: { search: 'Auditor’s actor' } }, n.tokens.checker)).totalCount).toBe(0);
    expect((await actors({ f: { search: 'Anonymous actor' } }, n.tokens.checker)).totalCount).toBe(0);
    expect(await actorById(n.actorId, n.tokens.checker)).toMatchObject({ title: 'US Secretary of State', version: 1 });
  });
});

describe('sources', () => {
  it('creates a source (kind defaults to OTHER) and edits it with the version it saw', async () => {
    const s = await createSource({ title: 'Remarks at a UN Security Council briefing', publisher: 'US State Department', publishedOn: '2018-09-27' });
    expect(s).toMatchObject({ kind: 'OTHER', url: null, publisher: 'US State Department', publishedOn: '2018-09-27', version: 1 });
    const { updateSource } = await app.ok<{ updateSource: SourceView }>(
      UPDATE_SOURCE,
      { id: s.id, v: 1, i: { kind: 'TRANSCRIPT', url: 'https://www.state.gov/remarks-unsc-2018-09-27', publisher: null } },
      n.tokens.checker,
    );
    expect(updateSource).toMatchObject({ kind: 'TRANSCRIPT', url: 'https://www.state.gov/remarks-unsc-2018-09-27', publisher: null, version: 2 });
    expect(await eventsOf('SOURCE', s.id)).toEqual([
      ['createSource', 1],
      ['updateSource', 2],
    ]);
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version; nothing changes', async () => {
    const s = await createSource({ title: 'Reuters wire', kind: 'ARTICLE' });
    await app.ok(UPDATE_SOURCE, { id: s.id, v: 1, i: { author: 'Michelle Nichols' } }, n.tokens.checker);
    const err = await app.fails(UPDATE_SOURCE, { id: s.id, v: 1, i: { author: 'Someone else' } }, n.tokens.checker2);
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions.currentVersion).toBe(2);
    expect(await sourceById(s.id, n.tokens.checker)).toMatchObject({ author: 'Michelle Nichols', version: 2 });
  });

  it('refuses a URL already catalogued (even with a #fragment) with BAD_USER_INPUT and the existing source id', async () => {
    for (const url of ['https://undocs.org/S/2019/171', 'https://undocs.org/S/2019/171#page=5']) {
      const err = await app.fails(CREATE_SOURCE, { i: { title: 'The same report again', url } }, n.tokens.checker);
      expect(err.code).toBe('BAD_USER_INPUT');
      expect(err.extensions).toMatchObject({ field: 'input.url', existingId: n.sourceId });
    }
    expect((await sources({ f: { search: 'The same report again' } }, n.tokens.checker)).totalCount).toBe(0);

    const other = await createSource({ title: 'Another report', url: 'https://undocs.org/S/2018/171' });
    const err = await app.fails(UPDATE_SOURCE, { id: other.id, v: 1, i: { url: 'https://undocs.org/S/2019/171' } }, n.tokens.checker);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url', existingId: n.sourceId });
    expect(await sourceById(other.id, n.tokens.checker)).toMatchObject({ url: 'https://undocs.org/S/2018/171', version: 1 });
  });

  it('finds sources by title or publisher in any script: Arabic, Chinese', async () => {
    const ar = await createSource({ title: 'تقرير فريق الخبراء بشأن العقوبات', publisher: 'الأمم المتحدة' });
    const zh = await createSource({ title: '外交部发言人就制裁问题答记者问', publisher: '中华人民共和国外交部' });
    for (const [search, id] of [['العقوبات', ar.id], ['الأمم المتحدة', ar.id], ['制裁问题', zh.id], ['中华人民共和国', zh.id]] as const) {
      expect([search, (await sources({ f: { search } }, n.tokens.checker)).nodes.map((x) => x.id)]).toEqual([search, [id]]);
    }
  });

  it('finds sources by part of the title, publisher or URL, and by exact URL', async () => {
    const s = await createSource({ title: 'KCNA statement on sanctions', publisher: 'Korean Central News Agency', url: 'https://kcnawatch.org/statement-1' });
    for (const f of [{ search: 'kcna statement' }, { search: 'central news' }, { search: 'kcnawatch' }, { url: 'https://kcnawatch.org/statement-1' }]) {
      expect((await sources({ f }, n.tokens.checker)).nodes.map((x) => x.id)).toEqual([s.id]);
    }
  });

  it.each([
    ['an empty title', { title: '' }, 'input.title'],
    ['a javascript: URL', { title: 'x', url: 'javascript:alert(1)' }, 'input.url'],
    ['a URL without a host name', { title: 'x', url: 'http://' }, 'input.url'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, input, field) => {
    const err = await app.fails(CREATE_SOURCE, { i: input }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe(field);
  });

  it('answers NOT_FOUND when updating an unknown or malformed source id', async () => {
    for (const id of [randomUUID(), 'report-1']) {
      expect((await app.fails(UPDATE_SOURCE, { id, v: 1, i: { title: 'x' } }, n.tokens.checker)).code).toBe('NOT_FOUND');
    }
  });
});

describe('what public readers see of the catalogue', () => {
  const ids = {} as Record<'publishedActor' | 'draftActor' | 'idleActor' | 'firstSeen' | 'cited' | 'citedPrivately' | 'draftSource', string>;
  let publicEvidence: string;

  beforeAll(async () => {
    const t = n.tokens;
    ids.publishedActor = (await createActor({ name: 'Visible Claimant', kind: 'GOVERNMENT' })).id;
    ids.draftActor = (await createActor({ name: 'Draft Claimant', kind: 'PERSON' })).id;
    ids.idleActor = (await createActor({ name: 'Idle Actor', kind: 'PERSON' })).id;
    ids.firstSeen = (await createSource({ title: 'Visible first appearance', url: 'https://example.org/first' })).id;
    ids.cited = (await createSource({ title: 'Visible cited source', url: 'https://example.org/cited' })).id;
    ids.citedPrivately = (await createSource({ title: 'Privately cited source', url: 'https://example.org/private' })).id;
    ids.draftSource = (await createSource({ title: 'Draft-only source', url: 'https://example.org/draft' })).id;

    const c = await claimOps.create({ text: 'A published claim with catalogued links', claimantId: ids.publishedActor, firstAppearanceId: ids.firstSeen }, t.checker);
    const e1 = await claimOps.addEvidence(c, { sourceId: ids.cited, stance: 'SUPPORTS', reliability: 4 }, t.checker);
    publicEvidence = e1.id;
    const e2 = await claimOps.addEvidence(e1.claim, { sourceId: ids.citedPrivately, stance: 'CONTEXT', reliability: 2, isPublic: false }, t.checker);
    const submitted = await claimOps.submit(e2.claim, t.checker);
    const proposed = await claimOps.proposeVerdict(submitted, 'MOSTLY_TRUE', 'Backed by the cited source.', t.checker);
    await claimOps.approve(proposed, t.editor);

    // A draft linked to the other actor and source, also citing the public source.
    const d = await claimOps.create({ text: 'A draft claim with catalogued links', claimantId: ids.draftActor, firstAppearanceId: ids.draftSource }, t.checker);
    await claimOps.addEvidence(d, { sourceId: ids.cited, stance: 'REFUTES', reliability: 1 }, t.checker);
  });

  it('actors lists only actors with a published claim; actor(id) is null for the others', async () => {
    const listed = (await actors({ first: 100 })).nodes.map((a) => a.id);
    expect(listed).toContain(ids.publishedActor);
    expect(listed).not.toContain(ids.draftActor);
    expect(listed).not.toContain(ids.idleActor);
    expect(await actorById(ids.publishedActor)).toMatchObject({ name: 'Visible Claimant' });
    expect(await actorById(ids.draftActor)).toBeNull();
    expect(await actorById(ids.idleActor)).toBeNull();
    // Staff see all of them.
    const staff = (await actors({ first: 100 }, n.tokens.auditor)).nodes.map((a) => a.id);
    expect(staff).toEqual(expect.arrayContaining([ids.publishedActor, ids.draftActor, ids.idleActor]));
  });

  it('sources lists only sources of published claims or of their public evidence; source(id) is null for the others', async () => {
    const listed = (await sources({ first: 100 })).nodes.map((s) => s.id);
    expect(listed).toEqual(expect.arrayContaining([ids.firstSeen, ids.cited]));
    expect(listed).not.toContain(ids.citedPrivately);
    expect(listed).not.toContain(ids.draftSource);
    expect(await sourceById(ids.cited)).toMatchObject({ title: 'Visible cited source' });
    expect(await sourceById(ids.citedPrivately)).toBeNull();
    expect(await sourceById(ids.draftSource)).toBeNull();
    expect(await sourceById(ids.draftSource, n.tokens.auditor)).toMatchObject({ title: 'Draft-only source' });
  });

  it('filter.ids finds actors and sources by id, within what the reader may see', async () => {
    const actorIds = [ids.publishedActor, ids.draftActor, ids.idleActor, randomUUID()];
    const sourceIds = [ids.firstSeen, ids.cited, ids.citedPrivately, ids.draftSource];
    const listed = async (query: string, root: 'actors' | 'sources', f: Record<string, unknown>, token?: string) => {
      const page = (await app.ok<Record<string, Page<{ id: string }>>>(query, { f, first: 100 }, token))[root]!;
      expect(page.totalCount).toBe(page.nodes.length);
      return page.nodes.map((x) => x.id).sort();
    };
    expect(await listed(ACTORS, 'actors', { ids: actorIds }, n.tokens.checker)).toEqual(actorIds.slice(0, 3).sort());
    expect(await listed(ACTORS, 'actors', { ids: actorIds })).toEqual([ids.publishedActor]);
    expect(await listed(ACTORS, 'actors', { ids: actorIds, search: 'claimant' }, n.tokens.checker)).toEqual([ids.publishedActor, ids.draftActor].sort());
    expect(await listed(SOURCES, 'sources', { ids: sourceIds }, n.tokens.auditor)).toEqual([...sourceIds].sort());
    expect(await listed(SOURCES, 'sources', { ids: sourceIds })).toEqual([ids.firstSeen, ids.cited].sort());
    expect(await listed(SOURCES, 'sources', { ids: [] }, n.tokens.auditor)).toEqual([]);

    const many = Array.from({ length: 101 }, () => randomUUID());
    expect(await app.fails(ACTORS, { f: { ids: many } }, n.tokens.checker)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'filter.ids', maximum: 100 } });
    expect(await app.fails(SOURCES, { f: { ids: ['not-an-id'] } })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'filter.ids' } });
  });

  it('source.evidence shows public readers only public evidence on published claims', async () => {
    const q = `query($id: ID!) { source(id: $id) { evidence { id claim { id } } } }`;
    const pub = await app.ok<{ source: { evidence: { id: string; claim: { id: string } }[] } }>(q, { id: ids.cited });
    expect(pub.source.evidence.map((e) => e.id)).toEqual([publicEvidence]);
    const staff = await app.ok<{ source: { evidence: { id: string }[] } }>(q, { id: ids.cited }, n.tokens.checker);
    expect(staff.source.evidence).toHaveLength(2);
  });

  it('actor.claims shows public readers only published claims', async () => {
    const q = `query($id: ID!) { actor(id: $id) { claims { totalCount nodes { reviewStatus } } } }`;
    await claimIn(app, n, 'DRAFT'); // the fixture claimant gets a draft …
    await claimIn(app, n, 'PUBLISHED'); // … and a published claim
    const pub = await app.ok<{ actor: { claims: { totalCount: number; nodes: { reviewStatus: string }[] } } }>(q, { id: n.actorId });
    expect(pub.actor.claims.nodes.length).toBeGreaterThan(0);
    expect(pub.actor.claims.nodes.every((c) => c.reviewStatus === 'PUBLISHED')).toBe(true);
    const staff = await app.ok<{ actor: { claims: { totalCount: number } } }>(q, { id: n.actorId }, n.tokens.checker);
    expect(staff.actor.claims.totalCount).toBeGreaterThan(pub.actor.claims.totalCount);
  });
});

describe('paging through actors and sources', () => {
  beforeAll(async () => {
    for (let i = 1; i <= 5; i++) {
      await createActor({ name: `Paging Actor ${i}`, kind: 'PERSON' });
      await createSource({ title: `Paging Source ${i}`, url: `https://example.org/paging/${i}` });
    }
  });

  it('actors: pages by cursor in name order, without overlap or gaps, and with offset', async () => {
    const f = { search: 'Paging Actor' };
    const p1 = await actors({ f, first: 2 }, n.tokens.checker);
    expect(p1.totalCount).toBe(5);
    expect(p1.nodes.map((a) => a.name)).toEqual(['Paging Actor 1', 'Paging Actor 2']);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const p2 = await actors({ f, first: 2, after: p1.pageInfo.endCursor }, n.tokens.checker);
    expect(p2.nodes.map((a) => a.name)).toEqual(['Paging Actor 3', 'Paging Actor 4']);
    expect(p2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const p3 = await actors({ f, first: 2, after: p2.pageInfo.endCursor }, n.tokens.checker);
    expect(p3.nodes.map((a) => a.name)).toEqual(['Paging Actor 5']);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    const skipped = await actors({ f, first: 2, offset: 3 }, n.tokens.checker);
    expect(skipped.nodes.map((a) => a.name)).toEqual(['Paging Actor 4', 'Paging Actor 5']);
  });

  it('sources: pages by cursor in title order, without overlap or gaps', async () => {
    const f = { search: 'Paging Source' };
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const p: Page<SourceView> = await sources({ f, first: 2, after }, n.tokens.checker);
      expect(p.totalCount).toBe(5);
      seen.push(...p.nodes.map((s) => s.title));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5].map((i) => `Paging Source ${i}`));
  });

  it('refuses a page larger than the maximum', async () => {
    expect((await app.fails(ACTORS, { first: 101 }, n.tokens.checker)).code).toBe('PAGE_SIZE_EXCEEDED');
    expect((await app.fails(SOURCES, { first: 101 }, n.tokens.checker)).code).toBe('PAGE_SIZE_EXCEEDED');
  });
});
