import { claimOperations, type CreateClaimInput } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * Full-text search (`claims(filter: { search })`) and duplicate detection (`similarClaims`), as a
 * client sees them: English stemming, weights (statement > quote > context), web-search syntax,
 * visibility.
 */

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);

interface Found {
  id: string;
  searchRank: number | null;
}

const SEARCH = `query($filter: ClaimFilter, $orderBy: ClaimOrder, $first: Int) {
  claims(filter: $filter, orderBy: $orderBy, first: $first) { totalCount nodes { id searchRank } }
}`;

const SIMILAR = `query($text: String!, $first: Int) { similarClaims(text: $text, first: $first) { similarity claim { id text quote reviewStatus } } }`;

interface Similar {
  similarity: number;
  claim: { id: string; text: string; quote: string | null; reviewStatus: string };
}

async function search(filter: Record<string, unknown>, token?: string, orderBy?: string): Promise<Found[]> {
  const { claims } = await app.ok<{ claims: { totalCount: number; nodes: Found[] } }>(SEARCH, { filter, orderBy, first: 100 }, token);
  expect(claims.totalCount).toBe(claims.nodes.length);
  return claims.nodes;
}

const idsOf = (found: { id: string }[]) => found.map((f) => f.id);
const setOf = (found: { id: string }[]) => new Set(idsOf(found));

/** similarClaims is a newsroom tool (duplicate check while typing a claim): asked as a fact-checker. */
async function similar(text: string, first?: number, token = n.tokens.checker): Promise<Similar[]> {
  return (await app.ok<{ similarClaims: Similar[] }>(SIMILAR, { text, first }, token)).similarClaims;
}

/** A claim made through the API, published (checker proposes, editor approves) unless `draft`. */
async function claim(input: CreateClaimInput, draft = false): Promise<string> {
  const t = n.tokens;
  const c = await claimOps.create(input, t.checker);
  if (draft) return c.id;
  const { claim: withEvidence } = await claimOps.addEvidence(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 }, t.checker);
  const submitted = await claimOps.submit(withEvidence, t.checker);
  const proposed = await claimOps.proposeVerdict(submitted, 'MOSTLY_TRUE', 'Documented by the UN panel.', t.checker);
  await claimOps.approve(proposed, t.editor);
  return c.id;
}

const k = {} as Record<
  | 'capQuote'
  | 'breachedText'
  | 'breachNoun'
  | 'smugglingText'
  | 'smugglingQuote'
  | 'smugglingContext'
  | 'coalPrices'
  | 'petroleumApart'
  | 'oilPrices'
  | 'priceCap'
  | 'dataBreach'
  | 'draftDuplicate',
  string
>;

beforeAll(async () => {
  const made = await Promise.all([
    claim({
      text: "North Korea's 2018 refined-petroleum imports exceeded the UN cap of 500,000 barrels",
      quote: 'the cap of 500,000 barrels has been breached this year',
      context: 'UN Security Council meeting, New York',
    }),
    claim({ text: 'Tankers breached Resolution 2397 by delivering refined petroleum at sea' }),
    claim({ text: 'The panel of experts reported a sanctions breach by fishing fleets' }),
    claim({ text: 'Smuggling of coal through Chinese ports continued all year', context: 'Press briefing in Washington' }),
    claim({ text: 'Exports of coal went on despite the ban', quote: 'they keep smuggling coal out by sea' }),
    claim({ text: 'Coal exports continued through Chinese ports', context: 'Remarks on coal smuggling networks at a press briefing' }),
    claim({ text: 'Coal prices in Asia fell sharply during the summer' }),
    claim({ text: 'Petroleum that was refined in China reached Nampo by truck' }),
    claim({ text: 'Oil prices hit a record high this year in Pyongyang markets' }),
    claim({ text: 'The price cap on Russian oil was set at sixty dollars a barrel' }),
    claim({ text: 'A data breach exposed the foreign ministry e-mail archive' }),
    claim({ text: 'North Korea smuggled coal to Vietnam in 2019 using false papers' }, true),
  ]);
  [
    k.capQuote,
    k.breachedText,
    k.breachNoun,
    k.smugglingText,
    k.smugglingQuote,
    k.smugglingContext,
    k.coalPrices,
    k.petroleumApart,
    k.oilPrices,
    k.priceCap,
    k.dataBreach,
    k.draftDuplicate,
  ] = made as [string, string, string, string, string, string, string, string, string, string, string, string];
});

describe('full-text search', () => {
  test('English stemming: "breach" finds "breached" and "breached" finds "breach"', async () => {
    const breachLike = new Set([k.capQuote, k.breachedText, k.breachNoun, k.dataBreach]);
    expect(setOf(await search({ search: 'breach' }))).toEqual(breachLike);
    expect(setOf(await search({ search: 'breached' }))).toEqual(breachLike);
    expect(setOf(await search({ search: 'BREACHES' }))).toEqual(breachLike);
    expect(setOf(await search({ search: 'smuggled' }))).toEqual(new Set([k.smugglingText, k.smugglingQuote, k.smugglingContext]));
  });

  test('a match in the statement ranks above one in the quote, which ranks above one only in the context', async () => {
    const found = await search({ search: 'smuggling' });
    expect(idsOf(found)).toEqual([k.smugglingText, k.smugglingQuote, k.smugglingContext]);
    const [statement, quote, context] = found.map((f) => f.searchRank!);
    expect(statement).toBeGreaterThan(quote!);
    expect(quote).toBeGreaterThan(context!);
    expect(context).toBeGreaterThan(0);
  });

  test('with a search the default order is best match first; orderBy still applies when given', async () => {
    const byRelevance = await search({ search: 'smuggling' }, undefined, 'RELEVANCE');
    expect(idsOf(await search({ search: 'smuggling' }))).toEqual(idsOf(byRelevance));
    const oldest = await search({ search: 'smuggling' }, undefined, 'OLDEST');
    expect(setOf(oldest)).toEqual(setOf(byRelevance));
    const created = await app.ok<{ claims: { nodes: { id: string; createdAt: string }[] } }>(
      `{ claims(filter: { search: "smuggling" }, orderBy: OLDEST) { nodes { id createdAt } } }`,
    );
    const times = created.claims.nodes.map((c) => c.createdAt);
    expect(times).toEqual([...times].sort());
  });

  test('searchRank is null when listing without a search', async () => {
    const all = await search({});
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => f.searchRank === null)).toBe(true);
  });

  test('orderBy RELEVANCE without a search is BAD_USER_INPUT', async () => {
    expect((await app.fails(SEARCH, { orderBy: 'RELEVANCE' })).code).toBe('BAD_USER_INPUT');
  });

  test('web-search syntax: a quoted phrase needs the words together', async () => {
    expect(setOf(await search({ search: 'refined petroleum' }))).toEqual(new Set([k.capQuote, k.breachedText, k.petroleumApart]));
    const phrase = setOf(await search({ search: '"refined petroleum"' }));
    expect(phrase.has(k.breachedText)).toBe(true);
    expect(phrase.has(k.petroleumApart)).toBe(false);
  });

  test('web-search syntax: -word excludes claims with that word, OR matches either word', async () => {
    expect(setOf(await search({ search: 'coal -smuggling' }))).toEqual(new Set([k.coalPrices]));
    expect(setOf(await search({ search: 'coal smuggling' }))).toEqual(new Set([k.smugglingText, k.smugglingQuote, k.smugglingContext]));
    expect(setOf(await search({ search: 'vietnam OR nampo' }))).toEqual(new Set([k.petroleumApart]));
    expect(setOf(await search({ search: 'nampo OR smuggling' }))).toEqual(
      new Set([k.petroleumApart, k.smugglingText, k.smugglingQuote, k.smugglingContext]),
    );
  });

  test('odd punctuation and unbalanced quotes are searched, never a server error', async () => {
    for (const q of ['"unclosed smuggling', 'smuggling & | ! ( ) :*', "coal's <-> smuggling", '-', '"""', 'the']) {
      const res = await app.gql<{ claims: { nodes: Found[] } }>(SEARCH, { filter: { search: q } });
      expect({ q, errors: res.errors }).toEqual({ q, errors: undefined });
    }
    expect(setOf(await search({ search: '"unclosed smuggling' }))).toEqual(new Set());
    expect(setOf(await search({ search: '"smuggling' }))).toEqual(new Set([k.smugglingText, k.smugglingQuote, k.smugglingContext]));
    // Only stop words: nothing to match, so nothing is found.
    expect(await search({ search: 'the' })).toEqual([]);
  });

  test('a blank or overlong search is BAD_USER_INPUT', async () => {
    expect((await app.fails(SEARCH, { filter: { search: '   ' } })).code).toBe('BAD_USER_INPUT');
    expect((await app.fails(SEARCH, { filter: { search: 'coal '.repeat(101) } })).code).toBe('BAD_USER_INPUT');
  });

  test('the public search finds only published claims; staff also find drafts', async () => {
    expect(setOf(await search({ search: 'vietnam' }))).toEqual(new Set());
    expect(setOf(await search({ search: 'vietnam' }, n.tokens.checker))).toEqual(new Set([k.draftDuplicate]));
    expect(setOf(await search({ search: 'smuggled' }, n.tokens.checker))).toEqual(
      new Set([k.smugglingText, k.smugglingQuote, k.smugglingContext, k.draftDuplicate]),
    );
  });

  test('search combines with the other filters', async () => {
    expect(setOf(await search({ search: 'smuggling', reviewStatus: ['DRAFT'] }, n.tokens.editor))).toEqual(new Set([k.draftDuplicate]));
    expect(await search({ search: 'smuggling', language: 'fr' })).toEqual([]);
  });
});

describe('similarClaims', () => {
  test('"the oil cap was breached" finds the claim whose quote says the cap "has been breached" first', async () => {
    const found = await similar('the oil cap was breached');
    expect(found[0]?.claim.id).toBe(k.capQuote);
    expect(found[0]?.claim.quote).toBe('the cap of 500,000 barrels has been breached this year');
  });

  test('results come most similar first, with similarity between 0 and 1', async () => {
    const found = await similar('the oil cap was breached', 10);
    expect(found.length).toBeGreaterThan(1);
    const scores = found.map((f) => f.similarity);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  test('a near-identical statement scores about 1 and comes first, despite case and punctuation', async () => {
    const [best] = await similar('the price cap on russian oil was set at sixty dollars a barrel!');
    expect(best!.claim.id).toBe(k.priceCap);
    expect(best!.similarity).toBeGreaterThan(0.9);
  });

  test('drafts are found too, so a checker sees work in progress before duplicating it', async () => {
    const [best] = await similar('North Korea smuggled coal to Vietnam in 2019');
    expect(best?.claim).toMatchObject({ id: k.draftDuplicate, reviewStatus: 'DRAFT' });
  });

  test('unrelated text finds nothing', async () => {
    expect(await similar('zebra crossings in Amsterdam')).toEqual([]);
  });

  test('first limits the number of results; too many is PAGE_SIZE_EXCEEDED', async () => {
    expect((await similar('coal oil breach cap smuggling', 2)).length).toBe(2);
    expect((await app.fails(SIMILAR, { text: 'coal exports', first: 500 }, n.tokens.checker)).code).toBe('PAGE_SIZE_EXCEEDED');
    expect((await app.fails(SIMILAR, { text: 'coal exports', first: -1 }, n.tokens.checker)).code).toBe('BAD_USER_INPUT');
  });

  test('text shorter than 3 or longer than 1000 characters is BAD_USER_INPUT', async () => {
    expect((await app.fails(SIMILAR, { text: ' a ' }, n.tokens.checker)).code).toBe('BAD_USER_INPUT');
    expect((await app.fails(SIMILAR, { text: 'x'.repeat(1001) }, n.tokens.checker)).code).toBe('BAD_USER_INPUT');
  });
});
