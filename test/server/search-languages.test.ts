import { claimOperations, type CreateClaimInput } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * Search in the claim's language (migration MultilingualSearch, services/claimSearch.ts), as a
 * client sees it, on claims made through the API: each claim stemmed by its language's
 * configuration, every language searched by default, `filter.language`, accents, Chinese,
 * Japanese and Korean within words, the typo fallback and its `searchMode`, one statement per
 * search. Anonymous readers are answered by the fast path, staff by Apollo's: both are asked.
 */

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);

interface Page {
  searchMode: 'FULL_TEXT' | 'SIMILAR' | null;
  edges: { searchRank: number | null; node: { id: string } }[];
}

const SEARCH = `query($filter: ClaimFilter, $first: Int) {
  claims(filter: $filter, first: $first) { searchMode edges { searchRank node { id } } }
}`;

/** What a staff member's plain list costs (the session's look-up, then the one statement). */
let staffListStatements: number;

/** The list as the public reads it (fast path) and as staff read it (Apollo); both must agree. */
async function search(filter: Record<string, unknown>): Promise<{ ids: Set<string>; mode: Page['searchMode']; page: Page }> {
  const anonymous = await app.gql<{ claims: Page }>(SEARCH, { filter, first: 50 });
  expect(anonymous.errors).toBeUndefined();
  expect(anonymous.statements).toBe(1);
  const staff = await app.gql<{ claims: Page }>(SEARCH, { filter, first: 50 }, n.tokens.editor);
  expect(staff.errors).toBeUndefined();
  expect(staff.statements).toBe(staffListStatements); // the search adds none to a plain list's
  const page = anonymous.data!.claims;
  expect(staff.data!.claims).toEqual(page); // every claim here is published: the same list
  return { ids: new Set(page.edges.map((e) => e.node.id)), mode: page.searchMode, page };
}

const found = async (text: string, language?: string) => (await search({ search: text, ...(language ? { language } : {}) })).ids;

/** A published claim made through the API. */
async function claim(input: CreateClaimInput): Promise<string> {
  const t = n.tokens;
  const c = await claimOps.create(input, t.checker);
  const { claim: withEvidence } = await claimOps.addEvidence(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 }, t.checker);
  const submitted = await claimOps.submit(withEvidence, t.checker);
  const proposed = await claimOps.proposeVerdict(submitted, 'MOSTLY_TRUE', 'Documented by the UN panel.', t.checker);
  await claimOps.approve(proposed, t.editor);
  return c.id;
}

const k = {} as Record<'en' | 'enGB' | 'fr' | 'frAccents' | 'es' | 'ptBR' | 'pt' | 'de' | 'ar' | 'fa' | 'ko' | 'zh' | 'ja', string>;

beforeAll(async () => {
  const { createActor } = await app.ok<{ createActor: { id: string } }>(
    `mutation { createActor(input: { name: "Ri Yong Ho", kind: PERSON, title: "Foreign Minister of North Korea", aliases: ["리용호"] }) { id } }`,
    {},
    n.tokens.checker,
  );
  staffListStatements = (await app.gql(SEARCH, { first: 50 }, n.tokens.editor)).statements;
  expect(staffListStatements).toBeLessThanOrEqual(2);
  const made = await Promise.all([
    claim({ language: 'en', text: 'The United Nations imposed new sanctions on coal exports', claimantId: n.actorId }),
    claim({ language: 'en-GB', text: 'Parliament was told the shipments were running late' }),
    claim({ language: 'fr', text: 'Le gouvernement a renforcé les sanctions économiques contre la Corée du Nord' }),
    claim({ language: 'fr', text: 'Zoë affirme que les exportations de charbon ont doublé' }),
    claim({ language: 'es', text: 'El señor ministro dijo que las sanciones fueron violadas' }),
    claim({ language: 'pt-BR', text: 'O governo brasileiro exportou petróleo refinado para a Coreia' }),
    claim({ language: 'pt', text: 'O carvão chegou aos portos chineses durante todo o ano' }),
    claim({ language: 'de', text: 'Die Regierung verhängte neue Sanktionen gegen Nordkorea' }),
    claim({ language: 'ar', text: 'فرضت الأمم المتحدة عقوبات جديدة على كوريا الشمالية' }),
    claim({ language: 'fa', text: 'وزیر گفت که تحریم علیه کره شمالی ادامه دارد' }),
    claim({ language: 'ko', text: '리용호 외무상은 대북제재가 계속될 것이라고 말했다', claimantId: createActor.id }),
    claim({ language: 'zh', text: '联合国安理会加强了对朝鲜的制裁措施' }),
    claim({ language: 'ja', text: '国連は北朝鮮への制裁を強化したと発表した' }),
  ]);
  (['en', 'enGB', 'fr', 'frAccents', 'es', 'ptBR', 'pt', 'de', 'ar', 'fa', 'ko', 'zh', 'ja'] as const).forEach((key, i) => (k[key] = made[i]!));
});

describe('each claim is stemmed in its own language', () => {
  test.each([
    ['en', 'imposing', 'en'],
    ['en-GB', 'run', 'enGB'],
    ['fr', 'renforcer', 'fr'],
    ['es', 'violada', 'es'],
    ['pt-BR', 'refinada', 'ptBR'],
    ['pt', 'chegar', 'pt'],
    ['de', 'Sanktion', 'de'],
    ['ar', 'متحد', 'ar'], // المتحدة: article and feminine ending off
    ['ar', 'الشمالي', 'ar'],
  ] as const)('%s: "%s" finds its claim', async (_language, text, key) => {
    const { ids, mode } = await search({ search: text });
    expect(ids).toEqual(new Set([k[key]]));
    expect(mode).toBe('FULL_TEXT');
  });

  test('fa has no configuration of its own: simple, whole words (no stemming, nothing dropped)', async () => {
    expect(await found('تحریم')).toEqual(new Set([k.fa]));
    expect(await found('کره شمالی')).toEqual(new Set([k.fa]));
  });

  test('the mapping: a stock configuration per primary language where PostgreSQL has one, simple otherwise', async () => {
    const rows = await app.ds.query(
      `SELECT tag, claimledger_search_config(tag)::text AS config FROM unnest($1::text[]) AS tag ORDER BY tag`,
      [['ar', 'de', 'en', 'en-GB', 'es', 'fa', 'fr', 'ja', 'ko', 'nb', 'pt-BR', 'und', 'zh-Hant']],
    );
    expect(Object.fromEntries(rows.map((r: { tag: string; config: string }) => [r.tag, r.config]))).toEqual({
      ar: 'claimledger_arabic',
      de: 'claimledger_german',
      en: 'claimledger_english',
      'en-GB': 'claimledger_english',
      es: 'claimledger_spanish',
      fa: 'claimledger_simple',
      fr: 'claimledger_french',
      ja: 'claimledger_simple',
      ko: 'claimledger_simple',
      nb: 'claimledger_norwegian',
      'pt-BR': 'claimledger_portuguese',
      und: 'claimledger_simple',
      'zh-Hant': 'claimledger_simple',
    });
  });
});

describe('scripts without spaces: characters and pairs of characters', () => {
  test('zh: "制裁" finds "对朝鲜的制裁" (and the Japanese claim that writes it too)', async () => {
    expect(await found('制裁')).toEqual(new Set([k.zh, k.ja]));
    expect(await found('朝鲜的制裁')).toEqual(new Set([k.zh]));
    expect(await found('"对朝鲜的制裁"')).toEqual(new Set([k.zh]));
    expect(await found('"制裁的朝鲜"')).toEqual(new Set()); // a phrase keeps its order
  });

  test('ja: "北朝鮮" finds "北朝鮮への制裁", not the Chinese claim (朝鲜 is another character)', async () => {
    expect(await found('北朝鮮')).toEqual(new Set([k.ja]));
    expect(await found('強化')).toEqual(new Set([k.ja]));
  });

  test('ko: "리용호" and "제재" find "리용호 외무상은 대북제재가 …"', async () => {
    expect(await found('리용호')).toEqual(new Set([k.ko]));
    expect(await found('제재')).toEqual(new Set([k.ko]));
  });

  test('one character finds the claims that contain it', async () => {
    expect(await found('朝')).toEqual(new Set([k.zh, k.ja]));
  });
});

describe('every language by default; filter.language narrows', () => {
  test('a French query finds French claims stemmed as French and English claims containing the word', async () => {
    expect(await found('sanctions')).toEqual(new Set([k.en, k.fr]));
    expect(await found('sanctions', 'fr')).toEqual(new Set([k.fr]));
    expect(await found('sanctions', 'en')).toEqual(new Set([k.en]));
  });

  test('a language matches its regional forms; a regional tag only itself', async () => {
    const list = async (language: string) => (await search({ language })).ids;
    expect(await list('pt')).toEqual(new Set([k.pt, k.ptBR]));
    expect(await list('pt-br')).toEqual(new Set([k.ptBR])); // canonical case, as claims store it
    expect(await list('en')).toEqual(new Set([k.en, k.enGB]));
    expect(await list('en-GB')).toEqual(new Set([k.enGB]));
    expect((await search({ language: 'pt' })).mode).toBeNull(); // no search, no mode
  });

  test('a tag that is not BCP 47 is BAD_USER_INPUT naming filter.language', async () => {
    const res = await app.gql(SEARCH, { filter: { search: 'sanctions', language: 'French!' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.language' });
  });
});

describe('accents', () => {
  test('"zoe" finds "Zoë", "senor" finds "señor", and the other way round', async () => {
    expect(await found('zoe')).toEqual(new Set([k.frAccents]));
    expect(await found('ZOË')).toEqual(new Set([k.frAccents]));
    expect(await found('senor')).toEqual(new Set([k.es]));
    expect(await found('señor', 'es')).toEqual(new Set([k.es]));
    expect(await found('petroleo refinado')).toEqual(new Set([k.ptBR]));
    expect(await found('carvao')).toEqual(new Set([k.pt]));
  });
});

describe('typos: similarity when full text finds nothing, and searchMode says so', () => {
  test('"Pompei" finds the claims of Mike Pompeo (his name); "Ri Hong Yo" those of Ri Yong Ho', async () => {
    const pompei = await search({ search: 'Pompei' });
    expect(pompei.mode).toBe('SIMILAR');
    expect(pompei.ids).toEqual(new Set([k.en]));
    expect(pompei.page.edges[0]!.searchRank).toBeGreaterThan(0.5);
    expect(pompei.page.edges[0]!.searchRank).toBeLessThanOrEqual(1);
    const ri = await search({ search: 'Ri Hong Yo' });
    expect(ri.mode).toBe('SIMILAR');
    expect(ri.ids).toEqual(new Set([k.ko]));
  });

  test('a misspelt word of the statement finds it', async () => {
    const typo = await search({ search: 'Parlament' });
    expect(typo.mode).toBe('SIMILAR');
    expect(typo.ids).toEqual(new Set([k.enGB]));
  });

  test('a full-text match is FULL_TEXT, and then no similar claim is mixed in', async () => {
    const exact = await search({ search: 'Pompeo' }); // in no statement: his name only
    expect(exact.mode).toBe('SIMILAR');
    const words = await search({ search: 'coal' });
    expect(words.mode).toBe('FULL_TEXT');
    expect(words.ids).toEqual(new Set([k.en]));
  });

  test('the fallback keeps the other filters; nothing at all is SIMILAR with no claims', async () => {
    expect(await search({ search: 'Pompei', language: 'fr' })).toMatchObject({ mode: 'SIMILAR', ids: new Set() });
    expect(await search({ search: 'xqzvwkj' })).toMatchObject({ mode: 'SIMILAR', ids: new Set() });
  });

  test('stop words only are no typo: nothing found, in full text', async () => {
    expect(await search({ search: 'the' })).toMatchObject({ mode: 'FULL_TEXT', ids: new Set() });
  });
});

describe('ranking and writes', () => {
  test('best match first, ties by id; pages add up to the list', async () => {
    const twins = await Promise.all([0, 1, 2].map(() => claim({ language: 'en', text: 'Coal exports doubled while coal prices fell' })));
    const { page } = await search({ search: 'coal' });
    const ranks = page.edges.map((e) => e.searchRank!);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    // The twins rank alike (and above the claim saying coal once), so their order is by id, descending.
    expect(page.edges.slice(0, 3).map((e) => e.node.id)).toEqual([...twins].sort().reverse());
    expect(page.edges[3]!.node.id).toBe(k.en);

    // Page by page (cursors, an offset), by both paths, and with another filter (ranked after the join): the same list.
    const all = page.edges.map((e) => e.node.id);
    const PAGED = `query($filter: ClaimFilter, $first: Int, $after: String, $offset: Int) {
      claims(filter: $filter, first: $first, after: $after, offset: $offset) { totalCount searchMode edges { cursor node { id } } pageInfo { hasNextPage } }
    }`;
    type Paged = { claims: { totalCount: number; searchMode: string; edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } };
    for (const [token, filter] of [
      [undefined, { search: 'coal' }],
      [n.tokens.editor, { search: 'coal' }],
      [undefined, { search: 'coal', verdict: ['MOSTLY_TRUE'] }],
    ] as const) {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const { claims } = await app.ok<Paged>(PAGED, { filter, first: 2, after }, token);
        expect(claims).toMatchObject({ totalCount: all.length, searchMode: 'FULL_TEXT' });
        seen.push(...claims.edges.map((e) => e.node.id));
        if (!claims.pageInfo.hasNextPage) break;
        after = claims.edges[claims.edges.length - 1]!.cursor;
      }
      expect(seen).toEqual(all);
      const { claims: skipped } = await app.ok<Paged>(PAGED, { filter, first: 2, offset: 1 }, token);
      expect(skipped.edges.map((e) => e.node.id)).toEqual(all.slice(1, 3));
    }
  });

  test("changing a claim's language re-indexes it in the same transaction", async () => {
    const draft = await claimOps.create({ language: 'en', text: 'The inspectors were running out of time' }, n.tokens.checker);
    const staff = async (text: string) => {
      const res = await app.gql<{ claims: Page }>(SEARCH, { filter: { search: text } }, n.tokens.checker);
      return { ids: res.data!.claims.edges.map((e) => e.node.id), mode: res.data!.claims.searchMode };
    };
    expect(await staff('run inspector')).toEqual({ ids: [draft.id], mode: 'FULL_TEXT' });
    await app.ok(
      `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { language: "ko" }) { id } }`,
      { id: draft.id, v: draft.version },
      n.tokens.checker,
    );
    // Korean has no stemmer: the words are now indexed as written (full text no longer finds the
    // stems; only the similarity fallback does).
    expect((await staff('run inspector')).mode).toBe('SIMILAR');
    expect(await staff('running inspectors')).toEqual({ ids: [draft.id], mode: 'FULL_TEXT' });
  });
});
