import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema } from '../../server/resolvers';
import type { GqlResponse } from '../helpers/app';
import { claimIn, PASSWORD, type Person } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * Who may do what (DESIGN.md, Users): every mutation of the schema, called by every role and by
 * an anonymous client, against the explicit table below. A refused call changes nothing.
 */

const keyDir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-matrix-'));
const { app, n } = useNewsroom({ checkpointKeyFile: path.join(keyDir, 'checkpoint-key.pem') });
let tables: string[];

beforeAll(async () => {
  tables = ((await app.ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)) as { tablename: string }[]).map(
    (t) => t.tablename,
  );
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

// ------------------------------------------------------------------ the table

const WHO = ['FACT_CHECKER', 'EDITOR', 'AUDITOR', 'ADMIN', 'anonymous'] as const;
type Who = (typeof WHO)[number];
type Outcome = 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED';
const A: Outcome = 'allowed';
const F: Outcome = 'FORBIDDEN';
const U: Outcome = 'UNAUTHENTICATED';

// prettier-ignore
const EXPECTED: Record<string, [Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  //                FACT_CHECKER EDITOR AUDITOR ADMIN anonymous
  login:            [A,          A,     A,      A,    A],
  logout:           [A,          A,     A,      A,    A],
  createClaim:      [A,          A,     F,      A,    U],
  updateClaim:      [A,          A,     F,      A,    U],
  submitClaim:      [A,          A,     F,      A,    U],
  proposeVerdict:   [A,          A,     F,      A,    U],
  approveVerdict:   [F,          A,     F,      A,    U],
  rejectVerdict:    [F,          A,     F,      A,    U],
  reopenClaim:      [F,          A,     F,      A,    U],
  archiveClaim:     [F,          A,     F,      A,    U],
  restoreClaim:     [F,          F,     F,      A,    U],
  assignClaim:      [F,          A,     F,      A,    U],
  claimSubmit:      [A,          A,     F,      A,    U],
  claimProposeVerdict: [A,       A,     F,      A,    U],
  claimApproveVerdict: [F,       A,     F,      A,    U],
  claimRejectVerdict: [F,        A,     F,      A,    U],
  claimReopen:      [F,          A,     F,      A,    U],
  claimArchive:     [F,          A,     F,      A,    U],
  claimRestore:     [F,          F,     F,      A,    U],
  claimAssign:      [F,          A,     F,      A,    U],
  importClaimReviews: [F,        A,     F,      A,    U],
  recordCheckpoint: [F,          F,     A,      A,    U],
  addEvidence:      [A,          A,     F,      A,    U],
  updateEvidence:   [A,          A,     F,      A,    U],
  removeEvidence:   [A,          A,     F,      A,    U],
  openDispute:      [A,          A,     F,      A,    U],
  resolveDispute:   [F,          A,     F,      A,    U],
  withdrawDispute:  [A,          A,     F,      A,    U],
  createActor:      [A,          A,     F,      A,    U],
  updateActor:      [A,          A,     F,      A,    U],
  createSource:     [A,          A,     F,      A,    U],
  updateSource:     [A,          A,     F,      A,    U],
  mergeActors:      [F,          A,     F,      A,    U],
  mergeSources:     [F,          A,     F,      A,    U],
  createUser:       [F,          F,     F,      A,    U],
  updateUser:       [F,          F,     F,      A,    U],
  updateMyPreferences: [A,       A,     A,      A,    U],
  createApiKey:     [F,          F,     F,      A,    U],
  revokeApiKey:     [F,          F,     F,      A,    U],
};

const PERSON: Record<Who, Person | null> = { FACT_CHECKER: 'checker', EDITOR: 'editor', AUDITOR: 'auditor', ADMIN: 'admin', anonymous: null };

// ------------------------------------------------------------------ a valid call of each mutation

interface Call {
  query: string;
  variables?: Record<string, unknown>;
  /** Sent instead of the caller's usual token (logout ends a session of its own). */
  token?: string;
  /** Extra checks of an allowed call's answer. */
  accepted?: (answer: unknown) => void;
}

let counter = 0;
const unique = () => `${process.pid}-${++counter}`;

async function as<T>(person: Person, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return app.ok<T>(query, variables, n.tokens[person]);
}

async function draftWithEvidence() {
  const c = await claimIn(app, n, 'DRAFT');
  const { addEvidence } = await as<{ addEvidence: { id: string; claim: { version: number } } }>(
    'checker',
    `mutation($id: ID!, $v: Int!, $s: ID!) { addEvidence(claimId: $id, expectedVersion: $v, input: { sourceId: $s, stance: REFUTES, reliability: 3 }) { id claim { version } } }`,
    { id: c.id, v: c.version, s: n.sourceId },
  );
  return { evidenceId: addEvidence.id, version: addEvidence.claim.version };
}

async function disputeOpenedBy(person: Person) {
  const c = await claimIn(app, n, 'PUBLISHED');
  const { openDispute } = await as<{ openDispute: { id: string } }>(
    person,
    `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The figure is contested." }) { id } }`,
    { id: c.id },
  );
  return openDispute.id;
}

async function freshActor() {
  return (await as<{ createActor: { id: string; version: number } }>('checker', `mutation($n: String!) { createActor(input: { name: $n, kind: GOVERNMENT }) { id version } }`, { n: `Government ${unique()}` })).createActor;
}

async function freshSource() {
  return (
    await as<{ createSource: { id: string; version: number } }>('checker', `mutation($u: String!) { createSource(input: { title: "A matrix source", url: $u }) { id version } }`, {
      u: `https://example.org/matrix/${unique()}`,
    })
  ).createSource;
}

const claimCall = (state: Parameters<typeof claimIn>[2], query: string, extra: Record<string, unknown> = {}) => async (): Promise<Call> => {
  const c = await claimIn(app, n, state);
  return { query, variables: { id: c.id, v: c.version, ...extra } };
};

const CALLS: Record<string, (caller: Person | null) => Promise<Call>> = {
  login: async () => ({
    query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
    variables: { e: 'checker2@newsroom.test', p: PASSWORD },
  }),
  logout: async (caller) => {
    if (!caller) return { query: `mutation { logout }` };
    const { login } = await app.ok<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: `${caller}@newsroom.test`,
      p: PASSWORD,
    });
    return { query: `mutation { logout }`, token: login.token };
  },
  createClaim: async () => ({ query: `mutation($t: String!) { createClaim(input: { text: $t }) { id } }`, variables: { t: `A claim created by the matrix ${unique()}` } }),
  updateClaim: claimCall('DRAFT', `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { context: "Matrix edit" }) { id } }`),
  submitClaim: claimCall('DRAFT', `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { id } }`),
  proposeVerdict: claimCall('IN_REVIEW', `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: FALSE, rationale: "The evidence refutes it.") { id } }`),
  approveVerdict: claimCall('PENDING_APPROVAL', `mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id } }`),
  rejectVerdict: claimCall('PENDING_APPROVAL', `mutation($id: ID!, $v: Int!) { rejectVerdict(id: $id, expectedVersion: $v, reason: "Needs more evidence.") { id } }`),
  reopenClaim: claimCall('PUBLISHED', `mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "A correction.") { id } }`),
  archiveClaim: claimCall('DRAFT', `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "Duplicate.") { id } }`),
  restoreClaim: claimCall('ARCHIVED', `mutation($id: ID!, $v: Int!) { restoreClaim(id: $id, expectedVersion: $v, reason: "Not a duplicate.") { id } }`),
  assignClaim: async () => (await claimCall('DRAFT', `mutation($id: ID!, $v: Int!, $a: ID) { assignClaim(id: $id, expectedVersion: $v, assigneeId: $a) { id } }`, { a: n.ids.checker2 }))(),
  claimSubmit: claimCall('DRAFT', `mutation($id: ID!, $v: Int!) { claimSubmit(input: { claimId: $id, expectedVersion: $v }) { claim { id } } }`),
  claimProposeVerdict: claimCall('IN_REVIEW', `mutation($id: ID!, $v: Int!) { claimProposeVerdict(input: { claimId: $id, expectedVersion: $v, verdict: FALSE, rationale: "The evidence refutes it." }) { claim { id } } }`),
  claimApproveVerdict: claimCall('PENDING_APPROVAL', `mutation($id: ID!, $v: Int!) { claimApproveVerdict(input: { claimId: $id, expectedVersion: $v }) { claim { id } } }`),
  claimRejectVerdict: claimCall('PENDING_APPROVAL', `mutation($id: ID!, $v: Int!) { claimRejectVerdict(input: { claimId: $id, expectedVersion: $v, reason: "Needs more evidence." }) { claim { id } } }`),
  claimReopen: claimCall('PUBLISHED', `mutation($id: ID!, $v: Int!) { claimReopen(input: { claimId: $id, expectedVersion: $v, reason: "A correction." }) { claim { id } } }`),
  claimArchive: claimCall('DRAFT', `mutation($id: ID!, $v: Int!) { claimArchive(input: { claimId: $id, expectedVersion: $v, reason: "Duplicate." }) { claim { id } } }`),
  claimRestore: claimCall('ARCHIVED', `mutation($id: ID!, $v: Int!) { claimRestore(input: { claimId: $id, expectedVersion: $v, reason: "Not a duplicate." }) { claim { id } } }`),
  claimAssign: async () => (await claimCall('DRAFT', `mutation($id: ID!, $v: Int!, $a: ID) { claimAssign(input: { claimId: $id, expectedVersion: $v, assigneeId: $a }) { claim { id } } }`, { a: n.ids.checker2 }))(),
  recordCheckpoint: async () => ({
    query: `mutation { recordCheckpoint { seq } }`,
    accepted: (answer) => expect(answer).toEqual({ seq: expect.any(Number) }),
  }),
  importClaimReviews: async () => ({
    query: `mutation($d: String!) { importClaimReviews(document: $d) { created skipped } }`,
    variables: {
      d: JSON.stringify({
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `https://factcheck.example.org/review/${unique()}`,
        claimReviewed: 'An imported claim about refined petroleum imports.',
        reviewRating: { '@type': 'Rating', alternateName: 'False' },
        itemReviewed: { '@type': 'Claim' },
      }),
    },
    accepted: (answer) => expect(answer).toEqual({ created: 1, skipped: 0 }),
  }),
  addEvidence: async () => {
    const c = await claimIn(app, n, 'DRAFT');
    return {
      query: `mutation($id: ID!, $v: Int!) { addEvidence(claimId: $id, expectedVersion: $v, input: { url: "https://example.org/evidence", stance: CONTEXT, reliability: 2 }) { id } }`,
      variables: { id: c.id, v: c.version },
    };
  },
  updateEvidence: async () => {
    const e = await draftWithEvidence();
    return { query: `mutation($id: ID!, $v: Int!) { updateEvidence(id: $id, expectedVersion: $v, input: { reliability: 5 }) { id } }`, variables: { id: e.evidenceId, v: e.version } };
  },
  removeEvidence: async () => {
    const e = await draftWithEvidence();
    return { query: `mutation($id: ID!, $v: Int!) { removeEvidence(id: $id, expectedVersion: $v, reason: "Irrelevant.") { id } }`, variables: { id: e.evidenceId, v: e.version } };
  },
  openDispute: async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    return { query: `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "Contested by the ministry." }) { id } }`, variables: { id: c.id } };
  },
  resolveDispute: async () => ({
    query: `mutation($id: ID!) { resolveDispute(id: $id, outcome: REJECTED, note: "The verdict stands.") { id } }`,
    variables: { id: await disputeOpenedBy('checker') },
  }),
  // Whoever opened a dispute may withdraw it: writers withdraw their own, the others try the checker's.
  withdrawDispute: async (caller) => ({
    query: `mutation($id: ID!) { withdrawDispute(id: $id, reason: "Raised in error.") { id } }`,
    variables: { id: await disputeOpenedBy(caller && caller !== 'auditor' ? caller : 'checker') },
  }),
  createActor: async () => ({ query: `mutation($n: String!) { createActor(input: { name: $n, kind: PERSON }) { id } }`, variables: { n: `Person ${unique()}` } }),
  updateActor: async () => {
    const a = await freshActor();
    return { query: `mutation($id: ID!, $v: Int!) { updateActor(id: $id, expectedVersion: $v, input: { country: "KP" }) { id } }`, variables: { id: a.id, v: a.version } };
  },
  createSource: async () => ({
    query: `mutation($u: String!) { createSource(input: { title: "Created by the matrix", url: $u }) { id } }`,
    variables: { u: `https://example.org/created/${unique()}` },
  }),
  updateSource: async () => {
    const s = await freshSource();
    return { query: `mutation($id: ID!, $v: Int!) { updateSource(id: $id, expectedVersion: $v, input: { publisher: "UN" }) { id } }`, variables: { id: s.id, v: s.version } };
  },
  mergeActors: async () => {
    const [survivor, merged] = [await freshActor(), await freshActor()];
    return {
      query: `mutation($s: ID!, $m: ID!) { mergeActors(survivorId: $s, mergedId: $m, expectedSurvivorVersion: 1, expectedMergedVersion: 1) { id } }`,
      variables: { s: survivor.id, m: merged.id },
    };
  },
  mergeSources: async () => {
    const [survivor, merged] = [await freshSource(), await freshSource()];
    return {
      query: `mutation($s: ID!, $m: ID!) { mergeSources(survivorId: $s, mergedId: $m, expectedSurvivorVersion: 1, expectedMergedVersion: 1) { id } }`,
      variables: { s: survivor.id, m: merged.id },
    };
  },
  createUser: async () => ({
    query: `mutation($e: String!, $p: String!) { createUser(input: { email: $e, displayName: "Matrix Hire", role: FACT_CHECKER, password: $p }) { id } }`,
    variables: { e: `hire-${unique()}@newsroom.test`, p: PASSWORD },
  }),
  updateUser: async () => {
    const [{ version }] = (await app.ds.query('SELECT version FROM users WHERE id = $1', [n.ids.checker2])) as [{ version: number }];
    return {
      query: `mutation($id: ID!, $v: Int!, $d: String!) { updateUser(id: $id, expectedVersion: $v, input: { displayName: $d }) { id } }`,
      variables: { id: n.ids.checker2, v: version, d: `Sam Second ${unique()}` },
    };
  },
  // Each caller sets their own language; a different one each time, so every allowed call is a change.
  updateMyPreferences: async () => ({
    query: `mutation($l: String) { updateMyPreferences(input: { locale: $l }) { id locale } }`,
    variables: { l: ['fr', 'ar', 'de', 'es', 'pt-BR'][counter++ % 5] },
  }),
  createApiKey: async () => ({ query: `mutation($n: String!) { createApiKey(name: $n) { secret } }`, variables: { n: `Matrix app ${unique()}` } }),
  revokeApiKey: async () => {
    const { createApiKey } = await as<{ createApiKey: { apiKey: { id: string } } }>('admin', `mutation { createApiKey(name: "To be revoked") { apiKey { id } } }`);
    return { query: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, variables: { id: createApiKey.apiKey.id } };
  },
};

// ------------------------------------------------------------------ "nothing changed"

/** Row counts of every table, and the version and state of every versioned or stateful row. */
async function snapshot() {
  const counts = (await app.ds.query(tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '))) as {
    t: string;
    n: number;
  }[];
  const rows = await app.ds.query(`
    SELECT 'claim' AS kind, id::text, version, review_status || '/' || dispute_status || '/' || coalesce(assignee_id::text, '') AS state FROM claims
    UNION ALL SELECT 'actor', id::text, version, '' FROM actors
    UNION ALL SELECT 'source', id::text, version, '' FROM sources
    UNION ALL SELECT 'user', id::text, version, active::text || '/' || display_name FROM users
    UNION ALL SELECT 'api_key', id::text, version, coalesce(revoked_at::text, '') FROM api_keys
    UNION ALL SELECT 'session', id::text, 0, coalesce(revoked_at::text, '') FROM sessions
    UNION ALL SELECT 'evidence', id::text, 0, coalesce(removed_at::text, '') || '/' || reliability FROM evidence
    UNION ALL SELECT 'dispute', id::text, 0, status FROM disputes
    ORDER BY 1, 2`);
  return { counts, rows };
}

// ------------------------------------------------------------------ the tests

const MUTATIONS = Object.keys(buildSchema().getMutationType()!.getFields()).sort();

function ruleText(name: string): string {
  const row = EXPECTED[name];
  if (!row) return 'has no row in the expected-outcome table';
  const allowed = WHO.filter((_, i) => row[i] === 'allowed');
  return `allowed to ${allowed.join(', ') || 'nobody'}; refused to the others, changing nothing`;
}

test('the table has a row and a call for exactly the mutations of the schema', () => {
  expect(MUTATIONS.length).toBeGreaterThanOrEqual(26);
  expect(Object.keys(EXPECTED).sort()).toEqual(MUTATIONS);
  expect(Object.keys(CALLS).sort()).toEqual(MUTATIONS);
});

describe('every mutation as every role and anonymously', () => {
  test.each(MUTATIONS.map((m) => [m, ruleText(m)]))('%s: %s', async (name) => {
    const row = EXPECTED[name];
    const prepare = CALLS[name];
    if (!row || !prepare) throw new Error(`Mutation.${name} has no case: add it to EXPECTED and CALLS`);
    for (const [i, who] of WHO.entries()) {
      const expected = row[i]!;
      const person = PERSON[who];
      const call = await prepare(person);
      const token = call.token ?? (person ? n.tokens[person] : undefined);
      const before = await snapshot();
      const res: GqlResponse = await app.gql(call.query, call.variables ?? {}, token);
      const seen = res.errors?.length ? res.errors[0]!.extensions.code : 'allowed';
      if (seen !== expected) {
        throw new Error(`${name} as ${who}: expected ${expected}, got ${seen}: ${JSON.stringify(res.errors ?? res.data)}`);
      }
      if (expected === 'allowed') {
        expect(res.errors).toBeUndefined();
        expect(res.data![name]).not.toBeNull();
        expect(res.data![name]).not.toBeUndefined();
        call.accepted?.(res.data![name]);
      } else {
        expect(res.errors).toHaveLength(1);
        expect(res.data).toBeNull();
        expect(await snapshot()).toEqual(before);
      }
    }
  });
});

test('the four-eyes rule: an editor may not approve a verdict they proposed, and nothing changes', async () => {
  const c = await claimIn(app, n, 'IN_REVIEW');
  const { proposeVerdict } = await as<{ proposeVerdict: { version: number } }>(
    'editor',
    `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: TRUE, rationale: "Documented by the panel.") { version } }`,
    { id: c.id, v: c.version },
  );
  const before = await snapshot();
  const refused = await app.fails(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id } }`, { id: c.id, v: proposeVerdict.version }, n.tokens.editor);
  expect(refused).toMatchObject({ code: 'FORBIDDEN', extensions: { rule: 'FOUR_EYES' } });
  expect(await snapshot()).toEqual(before);
  await app.ok(`mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { id } }`, { id: c.id, v: proposeVerdict.version }, n.tokens.editor2);
});

test("a fact-checker may not withdraw someone else's dispute, and nothing changes", async () => {
  const id = await disputeOpenedBy('checker');
  const before = await snapshot();
  const refused = await app.fails(`mutation($id: ID!) { withdrawDispute(id: $id) { id } }`, { id }, n.tokens.checker2);
  expect(refused.code).toBe('FORBIDDEN');
  expect(await snapshot()).toEqual(before);
});

// ------------------------------------------------------------------ public readers

describe('public readers (anonymous, or with an API key)', () => {
  type State = 'DRAFT' | 'IN_REVIEW' | 'PENDING_APPROVAL' | 'PUBLISHED' | 'ARCHIVED' | 'REOPENED';
  const STATES: State[] = ['DRAFT', 'IN_REVIEW', 'PENDING_APPROVAL', 'PUBLISHED', 'ARCHIVED', 'REOPENED'];
  const INTERNAL_NOTE = 'Newsroom only: the ministry asked us not to quote the source.';
  const EVIDENCE_NOTE = 'Desk note: source is a friend of the editor.';

  let actorId: string;
  let hiddenActorId: string;
  let sourceId: string;
  let hiddenSourceId: string;
  let apiKey: string;
  const claims = {} as Record<State, string>;
  // What a staff-only field answers: log in (anonymous), or FORBIDDEN (an API key: logging in is for staff).
  const readers: [string, () => string | undefined, 'UNAUTHENTICATED' | 'FORBIDDEN'][] = [
    ['anonymous', () => undefined, 'UNAUTHENTICATED'],
    ['with an API key', () => apiKey, 'FORBIDDEN'],
  ];

  async function staged(state: State, actor: string, source: string): Promise<string> {
    const run = async <T>(who: Person, q: string, v: Record<string, unknown>) => Object.values(await as<Record<string, T>>(who, q, v))[0]!;
    const created = await run<{ id: string; version: number }>(
      'checker',
      `mutation($i: CreateClaimInput!) { createClaim(input: $i) { id version } }`,
      { i: { text: `Visibility claim that ends ${state}.`, claimantId: actor, firstAppearanceId: source, internalNote: INTERNAL_NOTE } },
    );
    const id = created.id;
    let v = created.version;
    const evidence = async (excerpt: string, isPublic: boolean) => {
      const e = await run<{ id: string; claim: { version: number } }>(
        'checker',
        `mutation($id: ID!, $v: Int!, $i: AddEvidenceInput!) { addEvidence(claimId: $id, expectedVersion: $v, input: $i) { id claim { version } } }`,
        { id, v, i: { sourceId: source, excerpt, isPublic, note: EVIDENCE_NOTE, stance: 'SUPPORTS', reliability: 4 } },
      );
      v = e.claim.version;
      return e.id;
    };
    await evidence(`public evidence of ${state}`, true);
    await evidence(`private evidence of ${state}`, false);
    const removed = await evidence(`removed evidence of ${state}`, true);
    v = (await run<{ version: number }>('checker', `mutation($id: ID!, $v: Int!) { removeEvidence(id: $id, expectedVersion: $v) { version } }`, { id: removed, v })).version;
    const step = async (who: Person, q: string) => {
      v = (await run<{ version: number }>(who, q, { id, v })).version;
    };
    await step('editor', `mutation($id: ID!, $v: Int!) { assignClaim(id: $id, expectedVersion: $v, assigneeId: "${n.ids.checker}") { version } }`);
    if (state === 'DRAFT') return id;
    if (state === 'ARCHIVED') {
      await step('editor', `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "Off topic") { version } }`);
      return id;
    }
    await step('checker', `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { version } }`);
    if (state === 'IN_REVIEW') return id;
    await step('checker', `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: MISLEADING, rationale: "Cherry-picked figures.") { version } }`);
    if (state === 'PENDING_APPROVAL') return id;
    await step('editor', `mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { version } }`);
    if (state === 'REOPENED') {
      await step('editor', `mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "New figures") { version } }`);
      return id;
    }
    await as('checker2', `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The ministry objects." }) { id } }`, { id });
    return id;
  }

  beforeAll(async () => {
    actorId = (await freshActor()).id;
    hiddenActorId = (await freshActor()).id;
    sourceId = (await freshSource()).id;
    hiddenSourceId = (await freshSource()).id;
    for (const s of STATES) claims[s] = await staged(s, actorId, sourceId);
    // An actor and a source known only from unpublished work.
    await staged('PENDING_APPROVAL', hiddenActorId, hiddenSourceId);
    apiKey = (await as<{ createApiKey: { secret: string } }>('admin', `mutation { createApiKey(name: "Public reader app") { secret } }`)).createApiKey.secret;
  });

  // Never published: invisible. A REOPENED claim stays in view as published (its correction is under way).
  const unpublished = () => STATES.filter((s) => s !== 'PUBLISHED' && s !== 'REOPENED').map((s) => claims[s]);
  const PUBLIC_NOW = `SELECT count(*)::int AS n FROM public_claims WHERE withdrawn_at IS NULL`;

  describe.each(readers)('%s', (_label, token, refused) => {
    test('claims lists published claims only, whatever the filter', async () => {
      const { claims: list } = await app.ok<{ claims: { totalCount: number; nodes: { id: string; reviewStatus: string }[] } }>(
        `{ claims(first: 100) { totalCount nodes { id reviewStatus } } }`,
        {},
        token(),
      );
      const [{ n: published }] = (await app.ds.query(PUBLIC_NOW)) as [{ n: number }];
      expect(list.totalCount).toBe(published);
      expect(list.nodes.map((c) => c.id)).toEqual(expect.arrayContaining([claims.PUBLISHED, claims.REOPENED]));
      for (const id of unpublished()) expect(list.nodes.map((c) => c.id)).not.toContain(id);
      expect(new Set(list.nodes.map((c) => c.reviewStatus))).toEqual(new Set(['PUBLISHED']));

      const asked = await app.ok<{ claims: { totalCount: number; nodes: unknown[] } }>(
        `{ claims(filter: { reviewStatus: [DRAFT, IN_REVIEW, PENDING_APPROVAL, ARCHIVED] }) { totalCount nodes { id } } }`,
        {},
        token(),
      );
      expect(asked.claims).toEqual({ totalCount: 0, nodes: [] });
      const searched = await app.ok<{ claims: { nodes: { id: string }[] } }>(`{ claims(filter: { search: "visibility claim" }) { nodes { id } } }`, {}, token());
      expect(searched.claims.nodes.map((c) => c.id).sort()).toEqual([claims.PUBLISHED, claims.REOPENED].sort());
    });

    test('claim(id) and claim(id, asOf) answer null for anything unpublished', async () => {
      for (const id of unpublished()) {
        expect(await app.ok(`query($id: ID!) { claim(id: $id) { id } }`, { id }, token())).toEqual({ claim: null });
        expect(await app.ok(`query($id: ID!, $t: DateTime!) { claim(id: $id, asOf: $t) { id } }`, { id, t: new Date(Date.now() + 60_000).toISOString() }, token())).toEqual({
          claim: null,
        });
      }
      const { claim } = await app.ok<{ claim: { id: string; disputeStatus: string; evidence: { excerpt: string }[] } }>(
        `query($id: ID!) { claim(id: $id) { id disputeStatus evidence { excerpt } } }`,
        { id: claims.PUBLISHED },
        token(),
      );
      const reopened = await app.ok(`query($id: ID!) { claim(id: $id) { reviewStatus correctionInProgress } }`, { id: claims.REOPENED }, token());
      expect(reopened).toEqual({ claim: { reviewStatus: 'PUBLISHED', correctionInProgress: true } });
      // Public readers see that it is disputed, and only its public evidence.
      expect(claim).toEqual({ id: claims.PUBLISHED, disputeStatus: 'DISPUTED', evidence: [{ excerpt: 'public evidence of PUBLISHED' }] });
    });

    test('actor.claims, source.claims and source.evidence hold published work only', async () => {
      const { actor } = await app.ok<{ actor: { claims: { totalCount: number; nodes: { id: string }[] } } }>(
        `query($id: ID!) { actor(id: $id) { claims(first: 100) { totalCount nodes { id } } } }`,
        { id: actorId },
        token(),
      );
      const published = [claims.PUBLISHED, claims.REOPENED].sort();
      expect(actor.claims.totalCount).toBe(2);
      expect(actor.claims.nodes.map((c) => c.id).sort()).toEqual(published);
      const { source } = await app.ok<{ source: { claims: { totalCount: number; nodes: { id: string }[] }; evidence: { excerpt: string; claim: { id: string } }[] } }>(
        `query($id: ID!) { source(id: $id) { claims(first: 100) { totalCount nodes { id } } evidence { excerpt claim { id } } } }`,
        { id: sourceId },
        token(),
      );
      expect(source.claims.totalCount).toBe(2);
      expect(source.claims.nodes.map((c) => c.id).sort()).toEqual(published);
      expect(source.evidence).toEqual(
        expect.arrayContaining([
          { excerpt: 'public evidence of PUBLISHED', claim: { id: claims.PUBLISHED } },
          { excerpt: 'public evidence of REOPENED', claim: { id: claims.REOPENED } },
        ]),
      );
      expect(source.evidence).toHaveLength(2);
    });

    test('actors and sources known only from unpublished work are invisible', async () => {
      expect(await app.ok(`query($id: ID!) { actor(id: $id) { id } }`, { id: hiddenActorId }, token())).toEqual({ actor: null });
      expect(await app.ok(`query($id: ID!) { source(id: $id) { id } }`, { id: hiddenSourceId }, token())).toEqual({ source: null });
      const { actors } = await app.ok<{ actors: { nodes: { id: string }[] } }>(`{ actors(first: 100) { nodes { id } } }`, {}, token());
      expect(actors.nodes.map((a) => a.id)).toContain(actorId);
      expect(actors.nodes.map((a) => a.id)).not.toContain(hiddenActorId);
      const { sources } = await app.ok<{ sources: { nodes: { id: string }[] } }>(`{ sources(first: 100) { nodes { id } } }`, {}, token());
      expect(sources.nodes.map((s) => s.id)).toContain(sourceId);
      expect(sources.nodes.map((s) => s.id)).not.toContain(hiddenSourceId);
    });

    test('stats count published claims only', async () => {
      const { stats } = await app.ok<{
        stats: { claimsByStatus: { status: string; count: number }[]; claimsByVerdict: { verdict: string; count: number }[]; weekly: { created: number; published: number }[] };
      }>(`{ stats { claimsByStatus { status count } claimsByVerdict { verdict count } weekly { created published } } }`, {}, token());
      const published = (await app.ds.query(`SELECT verdict, count(*)::int AS count FROM public_claims WHERE withdrawn_at IS NULL GROUP BY verdict ORDER BY verdict`)) as {
        verdict: string;
        count: number;
      }[];
      const total = published.reduce((s, r) => s + r.count, 0);
      expect(stats.claimsByStatus).toEqual([{ status: 'PUBLISHED', count: total }]);
      expect(stats.claimsByVerdict).toEqual(published);
      // The pending claim's MISLEADING verdict is not public; the published and the reopened claim's are.
      expect(stats.claimsByVerdict.find((v) => v.verdict === 'MISLEADING')?.count).toBe(2);
      expect(stats.weekly.reduce((s, w) => s + w.created, 0)).toBe(total);
      for (const field of ['openDisputes', 'myAssignments', 'pendingMyApproval']) {
        const res = await app.gql(`{ stats { ${field} } }`, {}, token());
        expect(res.errors?.map((e) => e.extensions.code)).toEqual([refused]);
      }
    });

    test.each([
      ['internalNote', 'internalNote'],
      ['assignee', 'assignee { id }'],
      ['proposedBy', 'proposedBy { id }'],
      ['proposedAt', 'proposedAt'],
      ['approvedBy', 'approvedBy { id }'],
      ['createdBy', 'createdBy { id email }'],
      ['history', 'history { id userLabel }'],
      ['disputes', 'disputes { id reason }'],
      ['evidence.note', 'evidence { note }'],
      ['evidence.isPublic', 'evidence { isPublic }'],
      ['evidence.addedBy', 'evidence { addedBy { id email } }'],
    ])('the hidden field %s is refused and nothing of it leaks', async (_field, selection) => {
      const res = await app.gql(`query($id: ID!) { claim(id: $id) { id ${selection} } }`, { id: claims.PUBLISHED }, token());
      expect(res.errors?.length).toBeGreaterThanOrEqual(1);
      expect(new Set(res.errors!.map((e) => e.extensions.code))).toEqual(new Set([refused]));
      const body = JSON.stringify(res);
      for (const secret of [INTERNAL_NOTE, EVIDENCE_NOTE, '@newsroom.test', 'Fran Checker', 'Eddie Editor', 'The ministry objects.', ...Object.values(n.ids)]) {
        expect(body).not.toContain(secret);
      }
    });

    test.each([
      ['users', '{ users { id email } }'],
      ['disputes', '{ disputes { nodes { id } } }'],
      ['auditLog', '{ auditLog { nodes { id } } }'],
      ['apiKeys', '{ apiKeys { id } }'],
      ['similarClaims', '{ similarClaims(text: "visibility claim") { similarity } }'],
      ['similarActors', '{ similarActors(name: "Mike Pompeo") { similarity } }'],
      ['similarSources', '{ similarSources(title: "UN Panel of Experts report") { similarity } }'],
    ])('the staff query %s is refused', async (_name, query) => {
      const res = await app.gql(query, {}, token());
      expect(res.errors?.map((e) => e.extensions.code)).toEqual([refused]);
      expect(JSON.stringify(res)).not.toContain('@newsroom.test');
    });
  });

  test('staff see what public readers do not (the fixtures are not trivially empty)', async () => {
    const { claim } = await app.ok<{ claim: { internalNote: string; evidence: { excerpt: string; note: string }[]; disputes: unknown[] } }>(
      `query($id: ID!) { claim(id: $id) { internalNote evidence { excerpt note } disputes { id } } }`,
      { id: claims.PUBLISHED },
      n.tokens.auditor,
    );
    expect(claim.internalNote).toBe(INTERNAL_NOTE);
    expect(claim.evidence.map((e) => e.excerpt)).toEqual(['public evidence of PUBLISHED', 'private evidence of PUBLISHED']);
    expect(claim.disputes).toHaveLength(1);
    for (const id of unpublished()) {
      expect((await app.ok<{ claim: { id: string } | null }>(`query($id: ID!) { claim(id: $id) { id } }`, { id }, n.tokens.auditor)).claim).toEqual({ id });
    }
  });

  describe('User.email is visible only to admins and to the user themself', () => {
    const Q = `query($id: ID!) { claim(id: $id) { createdBy { id email } approvedBy { id email } } me { email } }`;

    test.each([
      ['the fact-checker who created the claim sees their own e-mail only', 'checker', true, false],
      ['the editor who approved it sees their own e-mail only', 'editor', false, true],
      ['an auditor sees neither', 'auditor', false, false],
      ['another fact-checker sees neither', 'checker2', false, false],
      ['an admin sees both', 'admin', true, true],
    ] as [string, Person, boolean, boolean][])('%s', async (_rule, person, creatorVisible, approverVisible) => {
      const res = await app.gql<{ claim: { createdBy: { id: string; email: string | null }; approvedBy: { id: string; email: string | null } }; me: { email: string } }>(
        Q,
        { id: claims.PUBLISHED },
        n.tokens[person],
      );
      expect(res.data!.me.email).toBe(`${person}@newsroom.test`);
      expect(res.data!.claim.createdBy).toEqual({ id: n.ids.checker, email: creatorVisible ? 'checker@newsroom.test' : null });
      expect(res.data!.claim.approvedBy).toEqual({ id: n.ids.editor, email: approverVisible ? 'editor@newsroom.test' : null });
      const refusedPaths = (res.errors ?? []).map((e) => [e.path!.join('.'), e.extensions.code]);
      expect(refusedPaths).toEqual([
        ...(creatorVisible ? [] : [['claim.createdBy.email', 'FORBIDDEN']]),
        ...(approverVisible ? [] : [['claim.approvedBy.email', 'FORBIDDEN']]),
      ]);
    });

    test('only admins list users with their e-mails', async () => {
      const { users } = await app.ok<{ users: { email: string }[] }>(`{ users { email } }`, {}, n.tokens.admin);
      expect(users.map((u) => u.email)).toEqual(expect.arrayContaining(['checker@newsroom.test', 'auditor@newsroom.test']));
      for (const person of ['checker', 'editor', 'auditor'] as Person[]) {
        expect((await app.fails(`{ users { email } }`, {}, n.tokens[person])).code).toBe('FORBIDDEN');
      }
    });

    test("the author of a history event is shown without e-mail to an auditor", async () => {
      const res = await app.gql<{ claim: { history: { user: { id: string; email: string | null } }[] } }>(
        `query($id: ID!) { claim(id: $id) { history { user { id email } } } }`,
        { id: claims.PUBLISHED },
        n.tokens.auditor,
      );
      expect(res.data!.claim.history.length).toBeGreaterThan(0);
      expect(res.data!.claim.history.every((e) => e.user.email === null)).toBe(true);
      expect(new Set(res.errors!.map((e) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
    });
  });
});
