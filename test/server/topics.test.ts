import { claimOperations, type ClaimRef } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * Topics in any script through the API (issue 14 §2): "العقوبات", "制裁", "Sanctions" and
 * "Sanctions (العقوبات)" are four topics, listed and filtered by, as staff and as the public
 * (over POST and over a GET whose URL carries the slug percent-encoded); names differing only by
 * case or width are one topic; and a topic stored under the slug the older rule gave keeps it.
 */

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);

const FOUR = ['العقوبات', '制裁', 'Sanctions', 'Sanctions (العقوبات)'] as const;
const SLUGS = ['العقوبات', '制裁', 'sanctions', 'sanctions-العقوبات'];

const TOPICS = `{ topics { id slug name } }`;
const FILTERED = `query($topic: String) { claims(filter: { topic: $topic }) { totalCount nodes { id topics { slug name } } } }`;
const CLAIM = `query($id: ID!) { claim(id: $id) { version topics { slug name } } }`;

type Topic = { id: string; slug: string; name: string };
type Filtered = { claims: { totalCount: number; nodes: { id: string; topics: { slug: string; name: string }[] }[] } };

/** Claim ids filed under `topic` (a slug or a name), as `token` sees them (the public without). */
const filed = async (topic: string, token?: string) =>
  (await app.ok<Filtered>(FILTERED, { topic }, token)).claims.nodes.map((c) => c.id).sort();

async function published(text: string, topics: string[]): Promise<ClaimRef> {
  const t = n.tokens;
  let c = await claimOps.create({ text, topics, language: 'ar' }, t.checker);
  ({ claim: c } = await claimOps.addEvidence(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 }, t.checker));
  c = await claimOps.submit(c, t.checker);
  c = await claimOps.proposeVerdict(c, 'MOSTLY_TRUE', 'Documented by the UN panel.', t.checker);
  return claimOps.approve(c, t.editor);
}

const claims: Record<string, ClaimRef> = {};

beforeAll(async () => {
  for (const [i, topic] of FOUR.entries()) claims[topic] = await published(`Claim number ${i} filed under one topic only`, [topic]);
});

test('the four names are four topics, each with its own slug and its name as typed', async () => {
  const { topics } = await app.ok<{ topics: Topic[] }>(TOPICS, {}, n.tokens.checker);
  const ours = topics.filter((t) => SLUGS.includes(t.slug));
  expect(ours.map((t) => [t.slug, t.name]).sort()).toEqual(SLUGS.map((s, i) => [s, FOUR[i]]).sort());
  for (const topic of FOUR) {
    const { claim } = await app.ok<{ claim: { topics: { slug: string; name: string }[] } }>(CLAIM, { id: claims[topic]!.id }, n.tokens.checker);
    expect(claim.topics.map((t) => t.name)).toEqual([topic]);
  }
});

test.each([
  ['staff', () => n.tokens.editor],
  ['the public', () => undefined],
])('filtering by each slug finds that topic’s claim only (%s)', async (_who, token) => {
  for (const [i, slug] of SLUGS.entries()) {
    expect(await filed(slug, token())).toEqual([claims[FOUR[i]!]!.id]);
  }
});

test('the filter takes a name too, in any case or width, and a name that gives no slug finds nothing', async () => {
  expect(await filed('Sanctions (العقوبات)')).toEqual([claims['Sanctions (العقوبات)']!.id]);
  expect(await filed('  SANCTIONS ')).toEqual([claims.Sanctions!.id]);
  expect(await filed('ＳＡＮＣＴＩＯＮＳ')).toEqual([claims.Sanctions!.id]);
  expect(await filed('!!!')).toEqual([]);
});

test('a GET request carries a non-ASCII slug percent-encoded in its URL', async () => {
  const query = encodeURIComponent(FILTERED);
  const variables = encodeURIComponent(JSON.stringify({ topic: 'sanctions-العقوبات' }));
  expect(variables).not.toMatch(/[^\x21-\x7e]/); // the URL itself is ASCII
  const res = await fetch(`${app.url}/graphql?query=${query}&variables=${variables}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: Filtered };
  expect(body.data.claims.nodes.map((c) => c.id)).toEqual([claims['Sanctions (العقوبات)']!.id]);
});

test('names that differ only by case or width are the existing topic (its name stays as first typed)', async () => {
  const c = await claimOps.create({ text: 'A claim filed under the same topic typed twice', topics: ['ＳＡＮＣＴＩＯＮＳ', 'sanctions', '制裁'] }, n.tokens.checker);
  const { claim } = await app.ok<{ claim: { topics: { slug: string; name: string }[] } }>(CLAIM, { id: c.id }, n.tokens.checker);
  expect(claim.topics.map((t) => [t.slug, t.name]).sort()).toEqual([['sanctions', 'Sanctions'], ['制裁', '制裁']]);
  const { topics } = await app.ok<{ topics: Topic[] }>(TOPICS, {}, n.tokens.checker);
  expect(topics.filter((t) => t.slug === 'sanctions')).toHaveLength(1);
  expect(topics.filter((t) => SLUGS.includes(t.slug))).toHaveLength(4);
});

describe('a topic created under the older slug rule', () => {
  // As the server stored it before migration 1765094400001: accents stripped, only a–z and 0–9.
  let legacyId: string;
  beforeAll(async () => {
    const [row] = (await app.ds.query(`INSERT INTO topics (slug, name) VALUES ('economie-sociale', 'Économie sociale') RETURNING id`)) as [{ id: string }];
    legacyId = row.id;
  });

  test('is found by its name as typed now, in any case, and an unchanged list of topics is no change', async () => {
    const c = await claimOps.create({ text: 'A claim filed under a topic from before', topics: ['Économie sociale'] }, n.tokens.checker);
    const read = async () => (await app.ok<{ claim: { version: number; topics: Topic[] } }>(
      `query($id: ID!) { claim(id: $id) { version topics { id slug name } } }`, { id: c.id }, n.tokens.checker)).claim;
    expect((await read()).topics).toEqual([{ id: legacyId, slug: 'economie-sociale', name: 'Économie sociale' }]);
    const { updateClaim } = await app.ok<{ updateClaim: { version: number } }>(
      `mutation($id: ID!, $v: Int!, $i: UpdateClaimInput!) { updateClaim(id: $id, expectedVersion: $v, input: $i) { version } }`,
      { id: c.id, v: c.version, i: { topics: ['ÉCONOMIE SOCIALE'] } },
      n.tokens.checker,
    );
    expect(updateClaim.version).toBe(c.version); // the same topic: no new version, no event
    expect((await read()).topics.map((t) => t.id)).toEqual([legacyId]);
    const { topics } = await app.ok<{ topics: Topic[] }>(TOPICS, {}, n.tokens.checker);
    expect(topics.filter((t) => t.name.toLowerCase() === 'économie sociale')).toHaveLength(1);
    expect(await filed('economie-sociale', n.tokens.editor)).toEqual([c.id]);
  });

  test('keeps its slug in the history, and the chain verifies', async () => {
    const c = await claimOps.create({ text: 'Another claim filed under a topic from before', topics: ['Économie sociale', '制裁'] }, n.tokens.checker);
    const [event] = (await app.ds.query(`SELECT state->'topics' AS topics FROM history_events WHERE entity_id = $1 ORDER BY seq`, [c.id])) as [{ topics: string[] }];
    expect([...event.topics].sort()).toEqual(['economie-sociale', '制裁']);
    const { verifyHistory } = await app.ok<{ verifyHistory: { valid: boolean } }>(
      `query($id: ID!) { verifyHistory(claimId: $id) { valid } }`,
      { id: c.id },
      n.tokens.editor,
    );
    expect(verifyHistory.valid).toBe(true);
  });
});
