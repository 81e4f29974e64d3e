import { claimOperations, type ClaimRef, type CreateClaimInput, SEARCH_PAGE, type SearchPage } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * The public's search through rank-ordered postings (migration SearchPostings,
 * services/claimSearch.ts), on claims made and published through the API: for every kind of query
 * the page (ids, order, searchRank) is what ts_rank_cd over the listed public vectors gives (ties
 * by id, descending), whichever branch answers; cursors page through it; the postings follow
 * publication, republication after a correction (not the edits before it), withdrawal and a
 * language change; one statement per search.
 */

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);


/** The public page, in one statement. */
async function publicPage(search: string, first = 50, after?: string): Promise<SearchPage> {
  const res = await app.gql<{ claims: SearchPage }>(SEARCH_PAGE, { filter: { search }, first, after });
  expect(res.errors).toBeUndefined();
  expect(res.statements).toBe(1);
  return res.data!.claims;
}

/**
 * What ts_rank_cd says, over every listed public copy's vector: [id, rank] best first, ties by id
 * descending. The real rank as PostgreSQL prints it (the shortest text that reads back as the same
 * real), as searchRank carries it.
 */
async function expected(search: string): Promise<[string, number][]> {
  const rows: { id: string; rank: string }[] = await app.ds.query(
    `SELECT s.id, ts_rank_cd(s.vector, q)::text AS rank
     FROM public_claim_search s, claimledger_search_query(NULL, $1) AS q
     WHERE s.listed AND s.vector @@ q ORDER BY ts_rank_cd(s.vector, q) DESC, s.id DESC`,
    [search],
  );
  return rows.map((r) => [r.id, Number(r.rank)]);
}

/** The branch a search takes: postings (the lexemes of an OR) or the GIN index (null). */
async function lexemesOf(search: string): Promise<string[] | null> {
  const [row] = await app.ds.query(`SELECT claimledger_or_lexemes(claimledger_search_query(NULL, $1)) AS l`, [search]);
  return row.l;
}

/** The page equals ts_rank_cd's ranking exactly. */
async function expectExact(search: string): Promise<string[]> {
  const want = await expected(search);
  const page = await publicPage(search);
  const [{ empty }] = await app.ds.query(`SELECT numnode(claimledger_search_query(NULL, $1)) = 0 AS empty`, [search]);
  // Nothing found in full text falls back to similarity (unless the query is empty: stop words only).
  expect(page.searchMode).toBe(want.length || empty ? 'FULL_TEXT' : 'SIMILAR');
  if (page.searchMode === 'FULL_TEXT') expect(page.edges.map((e) => [e.node.id, e.searchRank])).toEqual(want);
  return want.map(([id]) => id);
}

/** A verdict proposed and approved: the claim (IN_REVIEW) is published. */
async function approve(c: ClaimRef): Promise<ClaimRef> {
  const proposed = await claimOps.proposeVerdict(c, 'MOSTLY_TRUE', 'Documented by the UN panel.', n.tokens.checker);
  return claimOps.approve(proposed, n.tokens.editor);
}

/** A published claim made through the API. */
async function claim(input: CreateClaimInput): Promise<ClaimRef> {
  const c = await claimOps.create(input, n.tokens.checker);
  const { claim: withEvidence } = await claimOps.addEvidence(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 }, n.tokens.checker);
  return approve(await claimOps.submit(withEvidence, n.tokens.checker));
}

const UPDATE = `mutation($id: ID!, $v: Int!, $i: UpdateClaimInput!) { updateClaim(id: $id, expectedVersion: $v, input: $i) { id version } }`;
const update = async (c: ClaimRef, input: Record<string, unknown>): Promise<ClaimRef> =>
  (await app.ok<{ updateClaim: ClaimRef }>(UPDATE, { id: c.id, v: c.version, i: input }, n.tokens.checker)).updateClaim;

/** The claim's postings as stored. */
const postings = async (id: string): Promise<string[]> =>
  (await app.ds.query(`SELECT lexeme FROM public_claim_terms WHERE claim_id = $1 ORDER BY lexeme`, [id])).map((r: { lexeme: string }) => r.lexeme);

beforeAll(async () => {
  await Promise.all([
    claim({ language: 'en', text: 'The United Nations imposed new sanctions on coal exports', quote: 'Coal, coal and more coal.' }),
    claim({ language: 'en', text: 'Coal exports doubled while coal prices fell', context: 'Sanctions on coal were announced in March.' }),
    claim({ language: 'en', text: 'Coal exports doubled while coal prices fell' }),
    claim({ language: 'en', text: 'Coal exports doubled while coal prices fell' }),
    claim({ language: 'en', text: 'Sanctions and more sanctions on oil', quote: 'The sanction is working.' }),
    claim({ language: 'fr', text: 'Le gouvernement a renforcé les sanctions économiques contre la Corée du Nord' }),
    claim({ language: 'es', text: 'El ministro dijo que las sanciones fueron violadas', context: 'Sanciones al carbón.' }),
    // Mixed weights: a sum of rounded per-word ranks would be 1.4000001 here, ts_rank_cd says 1.4.
    claim({ language: 'en', text: 'The walrus population fell sharply', context: 'A walrus and a narwhal were counted.' }),
    claim({ language: 'en', text: 'Narwhal sightings rose', quote: 'We saw a walrus, a walrus and another walrus.' }),
    claim({ language: 'en', text: 'The report is at http://example.org/o\'brien/report and was cited' }),
    claim({ language: 'zh', text: '联合国安理会加强了对朝鲜的制裁措施' }),
    claim({ language: 'ja', text: '国連は北朝鮮への制裁を強化したと発表した' }),
  ]);
});

describe('every kind of query: the page is ts_rank_cd over the public vectors, exactly', () => {
  test.each([
    ['coal', 'postings'], // one lexeme in every configuration in use
    ['coal or sanctions', 'postings'],
    ['sanctions', 'postings'], // stemmed differently in en, fr, es: an OR
    ['sanctions or sanciones or oil', 'postings'],
    ['walrus or narwhal', 'postings'],
    ['walrus', 'postings'],
    ['walrus or xylophones', 'postings'], // a lexeme without postings is dropped: one lexeme, in rank order
    ['制裁', 'postings'],
    ['朝 or 朝鲜', 'gin'], // a character and the pair starting at it share a position: ts_rank_cd counts it once
    ['朝鲜的制裁', 'gin'], // the pairs ANDed
    ['coal exports', 'gin'], // AND
    ['"coal exports"', 'gin'], // a phrase
    ['coal -sanctions', 'gin'], // NOT
    ['-coal', 'gin'],
    ['the', 'gin'], // stop words only: the empty query, nothing found
    ['nothingmatcheshere', 'postings'],
  ] as const)('"%s" (%s)', async (search, branch) => {
    expect((await lexemesOf(search)) === null ? 'gin' : 'postings').toBe(branch);
    await expectExact(search);
  });

  test('the walrus: an OR adds up exact scores, not rounded ranks', async () => {
    const [[, rank]] = (await expected('walrus or narwhal')) as [[string, number]];
    expect((await publicPage('walrus or narwhal')).edges[0]!.searchRank).toBe(rank);
    const [row] = await app.ds.query(
      `SELECT count(*) FILTER (WHERE naive <> exact)::int AS differ FROM (
         SELECT (sum(ts_rank_cd(s.vector, l.q)::float8) OVER w)::real AS naive, ts_rank_cd(s.vector, 'walrus | narwhal') AS exact
         FROM public_claim_search s, (VALUES ('walrus'::tsquery), ('narwhal'::tsquery)) AS l(q)
         WHERE s.vector @@ 'walrus & narwhal' WINDOW w AS (PARTITION BY s.id)) AS x`,
    );
    expect(row.differ).toBeGreaterThan(0); // the case the exact scores are for
  });

  test('a prefix, a weight, AND, NOT and phrases are no OR of lexemes; quotes and backslashes in lexemes are read back', async () => {
    const of = async (q: string) => (await app.ds.query(`SELECT claimledger_or_lexemes($1::tsquery) AS l`, [q]))[0].l;
    expect(await of(`'coal':*`)).toBeNull();
    expect(await of(`'coal':* | 'oil'`)).toBeNull();
    expect(await of(`'coal':A | 'oil'`)).toBeNull();
    expect(await of(`'coal' & 'oil'`)).toBeNull();
    expect(await of(`'coal' <-> 'oil'`)).toBeNull();
    expect(await of(`!'coal'`)).toBeNull();
    expect(await of(`'coal' | !'oil'`)).toBeNull();
    expect(await of(`'coal' | 'oil' | 'coal'`)).toEqual(['coal', 'oil']);
    expect(await of(`'o''brien' | 'a\\\\b' | 'x|y' | 'a b'`)).toEqual(['a b', 'a\\b', "o'brien", 'x|y']);
    // A lexeme with a quote, from a URL's path: its posting is found and ranked.
    const [{ lexeme }] = await app.ds.query(`SELECT lexeme FROM public_claim_terms WHERE lexeme LIKE '%''%' LIMIT 1`);
    const page = await app.ds.query(
      `SELECT t.rank::float8 AS rank, ts_rank_cd(s.vector, q)::float8 AS expected
       FROM public_claim_terms t JOIN public_claim_search s ON s.id = t.claim_id,
       CAST(array_to_tsvector(ARRAY[$1])::text AS tsquery) AS q WHERE t.lexeme = $1`,
      [lexeme],
    );
    expect(page).toHaveLength(1);
    expect(page[0].rank).toBe(page[0].expected);
  });

  test('every posting\'s rank is ts_rank_cd of its claim\'s vector and that lexeme alone', async () => {
    const [row] = await app.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE t.rank <> ts_rank_cd(s.vector, array_to_tsvector(ARRAY[t.lexeme])::text::tsquery))::int AS differ
       FROM public_claim_terms t JOIN public_claim_search s ON s.id = t.claim_id`,
    );
    expect(row.n).toBeGreaterThan(100);
    expect(row.differ).toBe(0);
    // Exactly the listed copies' lexemes.
    const [missing] = await app.ds.query(
      `SELECT count(*)::int AS n FROM (SELECT s.id, u.lexeme FROM public_claim_search s, unnest(s.vector) u WHERE s.listed
       EXCEPT SELECT claim_id, lexeme FROM public_claim_terms) AS x`,
    );
    expect(missing.n).toBe(0);
  });
});

describe('paging', () => {
  test.each(['coal', 'coal or sanctions', 'sanctions', 'coal exports'])('"%s": pages of two by cursor add up to the list', async (search) => {
    const all = (await expected(search)).map(([id]) => id);
    expect(all.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await publicPage(search, 2, after);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.edges[page.edges.length - 1]!.cursor;
    }
    expect(seen).toEqual(all);
  });
});

describe('writes keep the postings in step', () => {
  test('publication adds them; a correction changes them only when republished; archiving removes them', async () => {
    let c = await claim({ language: 'en', text: 'The albatross colony was counted twice' });
    expect(await postings(c.id)).toEqual(expect.arrayContaining(['albatross', 'coloni']));
    expect(await expectExact('albatross')).toContain(c.id);

    c = await claimOps.reopen(c, 'The count was revised.', n.tokens.editor);
    c = await update(c, { text: 'The pelican colony was counted twice' });
    // Still the published text until the correction is approved.
    expect(await expectExact('albatross')).toContain(c.id);
    expect(await expectExact('pelican')).not.toContain(c.id);
    expect(await postings(c.id)).toContain('albatross');

    c = await approve(c);
    expect(await expectExact('albatross')).not.toContain(c.id);
    expect(await expectExact('pelican')).toContain(c.id);
    expect(await postings(c.id)).toEqual(expect.arrayContaining(['pelican', 'coloni']));
    expect(await postings(c.id)).not.toContain('albatross');

    await claimOps.archive(c, 'The source recanted entirely.', n.tokens.editor);
    expect(await postings(c.id)).toEqual([]);
    expect(await expectExact('pelican')).not.toContain(c.id);
  });

  test('a language change re-stems the postings at republication', async () => {
    let c = await claim({ language: 'en', text: 'The inspectors were running out of time' });
    expect(await postings(c.id)).toEqual(expect.arrayContaining(['inspector', 'run']));
    c = await claimOps.reopen(c, 'Wrong language recorded.', n.tokens.editor);
    c = await update(c, { language: 'ko' });
    c = await approve(c);
    // Korean has no stemmer: the words as written.
    expect(await postings(c.id)).toEqual(expect.arrayContaining(['inspectors', 'running']));
    expect(await postings(c.id)).not.toContain('inspector');
    expect(await expectExact('running')).toContain(c.id);
  });

  test('unchanged postings stay as they are; only the changed ones are rewritten', async () => {
    const c = await claim({ language: 'en', text: 'The ferry timetable changed in winter' });
    const before: { lexeme: string; ctid: string }[] = await app.ds.query(`SELECT lexeme, ctid::text FROM public_claim_terms WHERE claim_id = $1`, [c.id]);
    let r = await claimOps.reopen(c, 'The season was wrong.', n.tokens.editor);
    r = await update(r, { text: 'The ferry timetable changed in summer' });
    await approve(r);
    const after: { lexeme: string; ctid: string }[] = await app.ds.query(`SELECT lexeme, ctid::text FROM public_claim_terms WHERE claim_id = $1`, [c.id]);
    const kept = before.filter((b) => after.some((a) => a.lexeme === b.lexeme && a.ctid === b.ctid)).map((b) => b.lexeme);
    expect(kept.sort()).toEqual(['chang', 'ferri', 'timet']);
    expect(after.map((a) => a.lexeme).sort()).toEqual(['chang', 'ferri', 'summer', 'timet']);
  });
});
