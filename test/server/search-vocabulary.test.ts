import type { DataSource, QueryRunner } from 'typeorm';
import { claimOperations, type ClaimRef, type CreateClaimInput, SEARCH_PAGE, type SearchPage } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * The typo fallback's vocabulary (migration SearchVocabulary, services/claimSearch.ts), on claims
 * made through the API: a misspelt word is corrected to the nearest word the reader's copies use
 * and searched in full text, a text like a claimant's name finds the claimant; a word of a draft
 * never corrects, finds or ranks anything for the public; every write keeps the vocabulary equal
 * to a count from scratch; one statement per search, pages by cursor.
 */

const { app, n } = useNewsroom();
/** The test's data source, or a query runner inside a transaction. */
type Db = Pick<DataSource, 'query'> | Pick<QueryRunner, 'query'>;
const claimOps = claimOperations(app);


/** What a staff member's plain list costs (the session's look-up, then the one statement). */
let staffListStatements: number;

/** A page as the public (no token: the fast path) or staff (Apollo) reads it, in one statement. */
async function page(search: string, token?: string, first = 50, after?: string): Promise<SearchPage> {
  const res = await app.gql<{ claims: SearchPage }>(SEARCH_PAGE, { filter: { search }, first, after }, token);
  expect(res.errors).toBeUndefined();
  expect(res.statements).toBe(token ? staffListStatements : 1);
  return res.data!.claims;
}

const ids = (p: SearchPage) => p.edges.map((e) => e.node.id);
const editor = () => n.tokens.editor;

/** A published claim made through the API. */
async function published(input: CreateClaimInput): Promise<ClaimRef> {
  const c = await claimOps.create(input, n.tokens.checker);
  const { claim: withEvidence } = await claimOps.addEvidence(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 }, n.tokens.checker);
  return approve(await claimOps.submit(withEvidence, n.tokens.checker));
}

async function approve(c: ClaimRef): Promise<ClaimRef> {
  const proposed = await claimOps.proposeVerdict(c, 'MOSTLY_TRUE', 'Documented by the UN panel.', n.tokens.checker);
  return claimOps.approve(proposed, n.tokens.editor);
}

const UPDATE = `mutation($id: ID!, $v: Int!, $i: UpdateClaimInput!) { updateClaim(id: $id, expectedVersion: $v, input: $i) { id version } }`;
const update = async (c: ClaimRef, input: Record<string, unknown>): Promise<ClaimRef> =>
  (await app.ok<{ updateClaim: ClaimRef }>(UPDATE, { id: c.id, v: c.version, i: input }, n.tokens.checker)).updateClaim;

/** The words as the triggers keep them equal the words counted from scratch over every copy. */
async function expectVocabularyExact(db: Db = app.ds): Promise<void> {
  const recount = `SELECT w AS word, (count(*) FILTER (WHERE NOT x.published))::int AS claims, (count(*) FILTER (WHERE x.published))::int AS public_claims
    FROM (SELECT false AS published, claimledger_words(text, quote, context) AS words FROM claims
          UNION ALL SELECT true, claimledger_words(text, quote, context) FROM public_claims WHERE withdrawn_at IS NULL) AS x, unnest(x.words) AS w
    GROUP BY w`;
  const kept = `SELECT word, sum(claims)::int AS claims, sum(public_claims)::int AS public_claims FROM search_words GROUP BY word`;
  const [row] = await db.query(`SELECT (SELECT count(*) FROM (${kept} EXCEPT ${recount}) a)::int AS extra,
                                           (SELECT count(*) FROM (${recount} EXCEPT ${kept}) b)::int AS missing,
                                           (SELECT count(DISTINCT word) FROM search_words)::int AS words`);
  expect(row).toMatchObject({ extra: 0, missing: 0 });
  expect(row.words).toBeGreaterThan(10);
}

/** A word's counts over its parts: [working copies, listed public copies], or null when no copy uses it. */
async function counts(word: string, db: Db = app.ds): Promise<[number, number] | null> {
  const [row] = await db.query(
    `SELECT sum(claims)::int AS claims, sum(public_claims)::int AS public_claims FROM search_words WHERE word = $1 HAVING count(*) > 0`,
    [word],
  );
  return row ? [row.claims, row.public_claims] : null;
}

const corrected = async (published: boolean, text: string): Promise<string | null> =>
  (await app.ds.query(`SELECT claimledger_corrected_query($1, $2) AS c`, [published, text]))[0].c;

const k = {} as Record<'parliament' | 'quote' | 'both' | 'coal' | 'pompeo', string>;

beforeAll(async () => {
  staffListStatements = (await app.gql(SEARCH_PAGE, { first: 50 }, n.tokens.editor)).statements;
  expect(staffListStatements).toBeLessThanOrEqual(2);
  const made = await Promise.all([
    published({ language: 'en-GB', text: 'Parliament was told the shipments were running late' }),
    published({ language: 'en', text: 'The ministry denied the report', quote: 'No tanker ever reached Nampo harbour.' }),
    published({ language: 'en', text: 'New sanctions on coal were agreed in Geneva' }),
    published({ language: 'en', text: 'Coal prices fell again' }),
    published({ language: 'en', text: 'The envoy praised the summit', claimantId: n.actorId }),
  ]);
  (['parliament', 'quote', 'both', 'coal', 'pompeo'] as const).forEach((key, i) => (k[key] = made[i]!.id));
});

describe('the fallback corrects misspelt words against the words the copies use', () => {
  test('"Parlament" finds the statement with "Parliament"; "Nampoo" the quote with "Nampo"; public and staff alike', async () => {
    for (const token of [undefined, editor()]) {
      const p = await page('Parlament', token);
      expect(p.searchMode).toBe('SIMILAR');
      expect(ids(p)).toEqual([k.parliament]);
      expect(p.edges[0]!.searchRank).toBeGreaterThan(0);
      expect(p.edges[0]!.searchRank).toBeLessThanOrEqual(1);
      expect(ids(await page('harbor Nampoo', token))).toEqual([k.quote]); // both words corrected
    }
    expect(await corrected(true, 'Parlament')).toBe('parliament');
    expect(await corrected(true, 'harbor Nampoo')).toBe('harbour nampo');
  });

  test('of several words only the misspelt one changes; the corrected words are ANDed as typed', async () => {
    const p = await page('sanctionz coal');
    expect(p.searchMode).toBe('SIMILAR');
    expect(ids(p)).toEqual([k.both]);
    expect(await corrected(true, 'sanctionz "coal" OR -Geneve')).toBe('sanctions "coal" OR -geneva');
    // Words used as they are, numbers, addresses and unspaced scripts are left as typed: no correction.
    expect(await corrected(true, 'coal 2019 example.org 制裁')).toBeNull();
  });

  test('"Pompei" finds the claims of Mike Pompeo through his name; the rank is its similarity', async () => {
    for (const token of [undefined, editor()]) {
      const p = await page('Pompei', token);
      expect(p.searchMode).toBe('SIMILAR');
      expect(ids(p)).toEqual([k.pompeo]);
      const [{ s }] = await app.ds.query(`SELECT word_similarity('Pompei', 'Mike Pompeo')::float8 AS s`);
      expect(p.edges[0]!.searchRank).toBeCloseTo(s, 6);
    }
  });

  test('a full-text match never corrects; a word no copy is like finds nothing', async () => {
    expect((await page('coal')).searchMode).toBe('FULL_TEXT');
    const none = await page('xqzvwkj');
    expect(none).toMatchObject({ searchMode: 'SIMILAR', edges: [] });
    expect(await corrected(true, 'xqzvwkj')).toBeNull();
  });

  test('similar results page by cursor, best first, ties by id, by both paths', async () => {
    const extra = await Promise.all([0, 1, 2].map(() => published({ language: 'en', text: 'Coal barges were inspected at the border' })));
    for (const token of [undefined, editor()]) {
      const all = await page('bargess', token);
      expect(all.searchMode).toBe('SIMILAR');
      expect(ids(all)).toEqual(extra.map((c) => c.id).sort().reverse()); // one rank: by id, descending
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const p = await page('bargess', token, 2, after);
        seen.push(...ids(p));
        if (!p.pageInfo.hasNextPage) break;
        after = p.edges[p.edges.length - 1]!.cursor;
      }
      expect(seen).toEqual(ids(all));
    }
  });
});

describe('the public never sees a word of a draft', () => {
  test('a draft-only word corrects, finds and ranks nothing publicly; staff find the draft', async () => {
    const queries = ['zebulo', 'okapiis', 'quokkas', 'Pompei', 'Parlament'];
    const before = await Promise.all(queries.map((q) => page(q)));
    await published({ language: 'en', text: 'A zebulon and an okapi were seen near the river' });
    const afterPublication = await Promise.all(queries.map((q) => page(q)));
    const draft = await claimOps.create({ language: 'en', text: 'The zebulo okapiis quokka Parlamen hid in a draft', claimantId: n.actorId }, n.tokens.checker);

    // The draft's words are nearer to these queries than the published ones: staff get them.
    expect(await corrected(false, 'okapiis')).toBeNull(); // the draft's own word, as typed
    expect(await corrected(false, 'quokkas')).toBe('quokka');
    expect(ids(await page('zebulo', editor()))).toEqual([draft.id]);
    expect(ids(await page('quokkas', editor()))).toEqual([draft.id]);
    // The public's corrections and pages are what they were before the draft existed.
    expect(await corrected(true, 'quokkas')).toBeNull();
    expect(await corrected(true, 'zebulo')).toBe('zebulon');
    expect(await Promise.all(queries.map((q) => page(q)))).toEqual(afterPublication);
    expect(before[2]).toEqual(afterPublication[2]); // quokkas: nothing public before or after
    expect(afterPublication[0]!.edges).toHaveLength(1);
    expect(await counts('quokka')).toEqual([1, 0]);
    await expectVocabularyExact();
  });
});

describe('writes keep the vocabulary exact, in their own transaction', () => {
  test('creation, publication, a correction (public only when republished) and withdrawal', async () => {
    let c = await claimOps.create({ language: 'en', text: 'Wombats dig burrows', context: 'Seen by rangers.' }, n.tokens.checker);
    expect(await counts('wombats')).toEqual([1, 0]);
    expect(await counts('rangers')).toEqual([1, 0]);
    expect(ids(await page('wombatz'))).toEqual([]);
    expect(ids(await page('wombatz', editor()))).toEqual([c.id]);

    const { claim: withEvidence } = await claimOps.addEvidence(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 }, n.tokens.checker);
    c = await approve(await claimOps.submit(withEvidence, n.tokens.checker));
    expect(await counts('wombats')).toEqual([1, 1]);
    expect(ids(await page('wombatz'))).toEqual([c.id]);
    await expectVocabularyExact();

    c = await claimOps.reopen(c, 'The animal was misidentified.', n.tokens.editor);
    c = await update(c, { text: 'Badgers dig burrows' });
    expect(await counts('wombats')).toEqual([0, 1]); // the public copy still says it
    expect(await counts('badgers')).toEqual([1, 0]);
    expect(ids(await page('wombatz'))).toEqual([c.id]);
    expect(ids(await page('badgerz'))).toEqual([]);
    expect(ids(await page('badgerz', editor()))).toEqual([c.id]);
    await expectVocabularyExact();

    c = await approve(c);
    expect(await counts('wombats')).toBeNull(); // no copy uses it any more
    expect(await counts('badgers')).toEqual([1, 1]);
    expect(ids(await page('badgerz'))).toEqual([c.id]);
    expect(await page('wombatz')).toMatchObject({ searchMode: 'SIMILAR', edges: [] });
    await expectVocabularyExact();

    await claimOps.archive(c, 'The source recanted entirely.', n.tokens.editor);
    expect(await counts('badgers')).toEqual([1, 0]); // withdrawn: the working copy only
    expect(await page('badgerz')).toMatchObject({ searchMode: 'SIMILAR', edges: [] });
    await expectVocabularyExact();
  });

  test('one statement over many copies (as a restore loads them) moves each count once, exactly', async () => {
    const runner = app.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`UPDATE claims SET context = concat_ws(' ', context, 'Manatees counted.')`);
      await runner.query(`UPDATE public_claims SET quote = NULL, withdrawn_at = CASE WHEN text LIKE 'Coal%' THEN now() END`);
      const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM claims`);
      expect(await counts('manatees', runner)).toEqual([n, 0]);
      expect(await counts('nampo', runner)).toEqual([1, 0]); // in the working copy's quote only now
      await expectVocabularyExact(runner);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await expectVocabularyExact();
  });

  test("an actor's new alias finds the actor's claims at once; a dropped one no longer does", async () => {
    const ACTOR = `mutation($i: CreateActorInput!) { createActor(input: $i) { id version } }`;
    const { createActor: actor } = await app.ok<{ createActor: { id: string; version: number } }>(
      ACTOR,
      { i: { name: 'Ri Yong Ho', kind: 'PERSON', aliases: ['Ri Yongho'] } },
      n.tokens.checker,
    );
    const c = await published({ language: 'en', text: 'The foreign minister spoke in Manila', claimantId: actor.id });
    expect(ids(await page('Ri Hong Yo'))).toEqual([c.id]);
    expect(ids(await page('Kang Sok Joo'))).toEqual([]);
    const UPDATE_ACTOR = `mutation($id: ID!, $v: Int!, $i: UpdateActorInput!) { updateActor(id: $id, expectedVersion: $v, input: $i) { id } }`;
    await app.ok(UPDATE_ACTOR, { id: actor.id, v: actor.version, i: { name: 'Kang Sok Ju', aliases: ['Kang Sokju'] } }, n.tokens.editor);
    expect(ids(await page('Kang Sok Joo'))).toEqual([c.id]);
    expect(ids(await page('Ri Hong Yo'))).toEqual([]);
    const names = await app.ds.query(`SELECT name FROM actor_names WHERE actor_id = $1 ORDER BY name`, [actor.id]);
    expect(names.map((r: { name: string }) => r.name)).toEqual(['Kang Sok Ju', 'Kang Sokju']);
  });
});

describe('concurrent writes that trade words never deadlock', () => {
  /** A transaction of its own on a connection of its own. */
  async function transaction(): Promise<{ runner: QueryRunner; pid: number }> {
    const runner = app.ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
    return { runner, pid };
  }

  /** Resolves once the backend waits for a lock (the order of waiting is what a deadlock needs). */
  async function waitingForLock(pid: number): Promise<void> {
    for (;;) {
      const [row] = await app.ds.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (row?.wait_event_type === 'Lock') return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  const SAVE = `UPDATE claims SET text = $2 WHERE id = $1`;
  const settle = async (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message: string }) => e.code ?? e.message);

  test('two edits trading two words, their locks taken in the worst order, both go through', async () => {
    // Claims in one part of the counts (those of others rarely share a row: no wait at all).
    const part = async (c: ClaimRef): Promise<number> => (await app.ds.query(`SELECT claimledger_word_part($1) AS p`, [c.id]))[0].p;
    const census = () => claimOps.create({ language: 'en', text: 'A census of marsupials' }, n.tokens.checker);
    const x = await census();
    let y = await census();
    while ((await part(y)) !== (await part(x))) y = await census();
    await app.ds.query(SAVE, [x.id, 'A quokkas census']);
    await app.ds.query(SAVE, [y.id, 'A numbats census']);
    // A third transaction holds "numbats": the first edit waits for it, the second (which takes
    // "quokkas" first when the triggers do not order every lock) then queues behind the first.
    const holder = await transaction();
    const first = await transaction();
    const second = await transaction();
    try {
      await holder.runner.query(`SELECT FROM search_words WHERE word = 'numbats' FOR UPDATE`);
      const firstSaved = settle(first.runner.query(SAVE, [x.id, 'A numbats census']));
      await waitingForLock(first.pid);
      const secondSaved = settle(second.runner.query(SAVE, [y.id, 'A quokkas census']));
      await waitingForLock(second.pid);
      await holder.runner.commitTransaction();
      expect(await firstSaved).toBeNull();
      await first.runner.commitTransaction();
      expect(await secondSaved).toBeNull();
      await second.runner.commitTransaction();
    } finally {
      for (const t of [holder, first, second]) {
        if (t.runner.isTransactionActive) await t.runner.rollbackTransaction();
        await t.runner.release();
      }
    }
    expect(await counts('quokkas')).toEqual([1, 0]);
    expect(await counts('numbats')).toEqual([1, 0]);
    await expectVocabularyExact();
  });

  test('many pairs of edits trading the same words at once: none fails, the counts stay exact', async () => {
    const words = ['pangolins', 'bilbies', 'dugongs'];
    await claimOps.create({ language: 'en', text: `Pangolins, bilbies and dugongs are counted` }, n.tokens.checker);
    // Four claims per word; each round every claim takes the next word (and loses its own) in a transaction of its own.
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimOps.create({ language: 'en', text: `Survey of ${words[i % 3]} near the coast` }, n.tokens.checker)),
    );
    for (let round = 1; round <= 12; round++) {
      const outcomes = await Promise.all(
        claims.map(async (c, i) => {
          const t = await transaction();
          try {
            const failed = await settle(t.runner.query(SAVE, [c.id, `Survey of ${words[(i + round) % 3]} near the coast`]));
            if (failed) await t.runner.rollbackTransaction();
            else await t.runner.commitTransaction();
            return failed;
          } finally {
            if (t.runner.isTransactionActive) await t.runner.rollbackTransaction();
            await t.runner.release();
          }
        }),
      );
      expect(outcomes.filter(Boolean)).toEqual([]);
    }
    await expectVocabularyExact();
  });
});
