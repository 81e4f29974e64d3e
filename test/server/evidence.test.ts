import { randomUUID } from 'node:crypto';
import { claimIn, type ClaimRef } from '../fixtures/newsroom';
import { claimOperations } from '../helpers/claims';
import { useNewsroom } from '../helpers/useApp';

/**
 * addEvidence / updateEvidence / removeEvidence over HTTP: each change bumps the claim's version
 * and lands in its history; bad input is refused naming the field; public readers see only public
 * evidence of published claims and never the newsroom's notes; frozen claims refuse evidence changes.
 */

interface EvidenceView {
  id: string;
  url: string | null;
  excerpt: string | null;
  stance: string;
  reliability: number;
  note: string | null;
  isPublic: boolean;
  source: { id: string } | null;
  claim: { id: string; version: number };
}

interface HistoryView {
  action: string;
  entityType: string;
  entityId: string;
  version: number;
  note: string | null;
  state: Record<string, unknown>;
}

const EVIDENCE = `id url excerpt stance reliability note isPublic source { id } claim { id version }`;
const ADD = `mutation($id: ID!, $v: Int!, $i: AddEvidenceInput!) { addEvidence(claimId: $id, expectedVersion: $v, input: $i) { ${EVIDENCE} } }`;
const EDIT = `mutation($id: ID!, $v: Int!, $i: UpdateEvidenceInput!) { updateEvidence(id: $id, expectedVersion: $v, input: $i) { ${EVIDENCE} } }`;
const REMOVE = `mutation($id: ID!, $v: Int!, $r: String) { removeEvidence(id: $id, expectedVersion: $v, reason: $r) { id version evidence { id } } }`;
const STAFF_READ = `query($id: ID!) { claim(id: $id) { version reviewStatus evidence { ${EVIDENCE} }
  history { action entityType entityId version note state } } }`;

const { app, n } = useNewsroom();
const claimOps = claimOperations(app);

const add = async (claim: ClaimRef, input: Record<string, unknown>, token = n.tokens.checker) =>
  (await app.ok<{ addEvidence: EvidenceView }>(ADD, { id: claim.id, v: claim.version, i: input }, token)).addEvidence;

const staffRead = async (id: string) =>
  (
    await app.ok<{ claim: { version: number; reviewStatus: string; evidence: EvidenceView[]; history: HistoryView[] } }>(
      STAFF_READ,
      { id },
      n.tokens.editor,
    )
  ).claim;

const draft = () => claimIn(app, n, 'DRAFT');

const REPORT_EXCERPT = 'Refined petroleum deliveries exceeded the annual cap of 500,000 barrels.';

describe('adding, editing and removing evidence', () => {
  it('adds evidence citing a catalogued source: the claim’s version bumps and the change is in its history', async () => {
    const c = await draft();
    const e = await add(c, { sourceId: n.sourceId, excerpt: REPORT_EXCERPT, stance: 'SUPPORTS', reliability: 5, note: 'Annex 5' });
    expect(e).toMatchObject({
      source: { id: n.sourceId },
      url: null,
      excerpt: REPORT_EXCERPT,
      stance: 'SUPPORTS',
      reliability: 5,
      note: 'Annex 5',
      isPublic: true,
      claim: { id: c.id, version: c.version + 1 },
    });
    const stored = await staffRead(c.id);
    expect(stored.version).toBe(c.version + 1);
    expect(stored.evidence.map((x) => x.id)).toEqual([e.id]);
    expect(stored.history.at(-1)).toMatchObject({ action: 'addEvidence', entityType: 'EVIDENCE', entityId: e.id, version: c.version + 1 });
  });

  it('accepts a bare URL instead of a source', async () => {
    const c = await draft();
    const e = await add(c, { url: 'https://www.reuters.com/article/us-northkorea-sanctions', stance: 'CONTEXT', reliability: 3 });
    expect(e).toMatchObject({ source: null, url: 'https://www.reuters.com/article/us-northkorea-sanctions', stance: 'CONTEXT' });
  });

  it('edits evidence (version bumps again) and removes it: gone from the claim, kept in the history', async () => {
    const c = await draft();
    const e = await add(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 });
    const v1 = e.claim.version;

    const edited = (
      await app.ok<{ updateEvidence: EvidenceView }>(EDIT, { id: e.id, v: v1, i: { stance: 'REFUTES', excerpt: 'Deliveries stayed under the cap.' } }, n.tokens.checker2)
    ).updateEvidence;
    expect(edited).toMatchObject({ id: e.id, stance: 'REFUTES', excerpt: 'Deliveries stayed under the cap.', reliability: 4, claim: { version: v1 + 1 } });

    const { removeEvidence } = await app.ok<{ removeEvidence: { id: string; version: number; evidence: { id: string }[] } }>(
      REMOVE,
      { id: e.id, v: v1 + 1, r: 'Wrong annex cited' },
      n.tokens.checker,
    );
    expect(removeEvidence).toEqual({ id: c.id, version: v1 + 2, evidence: [] });

    const stored = await staffRead(c.id);
    expect(stored.evidence).toEqual([]);
    const trail = stored.history.filter((h) => h.entityId === e.id);
    expect(trail.map((h) => [h.action, h.version])).toEqual([
      ['addEvidence', v1],
      ['updateEvidence', v1 + 1],
      ['removeEvidence', v1 + 2],
    ]);
    expect(trail[2]!.note).toBe('Wrong annex cited');
    expect(trail[2]!.state).toMatchObject({ id: e.id, stance: 'REFUTES', excerpt: 'Deliveries stayed under the cap.' });
    expect(trail[2]!.state.removedAt).toEqual(expect.any(String));
  });

  it('answers NOT_FOUND for evidence that was removed, unknown or malformed', async () => {
    const c = await draft();
    const e = await add(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 });
    await app.ok(REMOVE, { id: e.id, v: e.claim.version }, n.tokens.checker);
    for (const id of [e.id, randomUUID(), 'evidence-1']) {
      expect((await app.fails(REMOVE, { id, v: e.claim.version + 1 }, n.tokens.checker)).code).toBe('NOT_FOUND');
      expect((await app.fails(EDIT, { id, v: e.claim.version + 1, i: { reliability: 2 } }, n.tokens.checker)).code).toBe('NOT_FOUND');
    }
    expect((await app.fails(ADD, { id: randomUUID(), v: 1, i: { url: 'https://example.org/a', stance: 'CONTEXT', reliability: 2 } }, n.tokens.checker)).code).toBe(
      'NOT_FOUND',
    );
    expect((await staffRead(c.id)).version).toBe(e.claim.version + 1);
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version, adding nothing', async () => {
    const c = await draft();
    const first = await add(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 });
    const err = await app.fails(ADD, { id: c.id, v: c.version, i: { url: 'https://example.org/late', stance: 'REFUTES', reliability: 2 } }, n.tokens.checker2);
    expect(err.code).toBe('CONFLICT');
    expect(err.extensions.currentVersion).toBe(first.claim.version);
    const editErr = await app.fails(EDIT, { id: first.id, v: c.version, i: { reliability: 1 } }, n.tokens.checker2);
    expect(editErr.code).toBe('CONFLICT');
    const stored = await staffRead(c.id);
    expect(stored.evidence.map((x) => [x.id, x.reliability])).toEqual([[first.id, 4]]);
    expect(stored.version).toBe(first.claim.version);
  });

  it('refuses auditors (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const c = await draft();
    const input = { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 };
    expect((await app.fails(ADD, { id: c.id, v: c.version, i: input }, n.tokens.auditor)).code).toBe('FORBIDDEN');
    expect((await app.fails(ADD, { id: c.id, v: c.version, i: input })).code).toBe('UNAUTHENTICATED');
    expect((await staffRead(c.id)).evidence).toEqual([]);
  });
});

describe('evidence input rules', () => {
  const addRefusals: [string, Record<string, unknown>, string][] = [
    ['reliability 0', { url: 'https://example.org/a', stance: 'SUPPORTS', reliability: 0 }, 'input.reliability'],
    ['reliability 6', { url: 'https://example.org/a', stance: 'SUPPORTS', reliability: 6 }, 'input.reliability'],
    ['neither sourceId nor url', { excerpt: 'Floating quote', stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['an unknown sourceId', { sourceId: randomUUID(), stance: 'SUPPORTS', reliability: 3 }, 'input.sourceId'],
    ['a malformed sourceId', { sourceId: 'un-report', stance: 'SUPPORTS', reliability: 3 }, 'input.sourceId'],
    ['a url that is not http(s)', { url: 'ftp://example.org/report.pdf', stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['a url that is not an address', { url: 'the UN report', stance: 'SUPPORTS', reliability: 3 }, 'input.url'],
    ['an excerpt over 5000 characters', { url: 'https://example.org/a', excerpt: 'e'.repeat(5001), stance: 'SUPPORTS', reliability: 3 }, 'input.excerpt'],
  ];

  it.each(addRefusals)('addEvidence refuses %s with BAD_USER_INPUT naming the field, changing nothing', async (_, input, field) => {
    const c = await draft();
    const err = await app.fails(ADD, { id: c.id, v: c.version, i: input }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe(field);
    const stored = await staffRead(c.id);
    expect(stored.evidence).toEqual([]);
    expect(stored.version).toBe(c.version);
  });

  const editRefusals: [string, Record<string, unknown>, string][] = [
    ['reliability 9', { reliability: 9 }, 'input.reliability'],
    ['reliability -1', { reliability: -1 }, 'input.reliability'],
    ['an unknown sourceId', { sourceId: randomUUID() }, 'input.sourceId'],
    ['removing the source without a url', { sourceId: null }, 'input.url'],
    ['stance set to null', { stance: null }, 'input.stance'],
  ];

  it.each(editRefusals)('updateEvidence refuses %s with BAD_USER_INPUT naming the field, changing nothing', async (_, input, field) => {
    const c = await draft();
    const e = await add(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 });
    const err = await app.fails(EDIT, { id: e.id, v: e.claim.version, i: input }, n.tokens.checker);
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe(field);
    const stored = await staffRead(c.id);
    expect(stored.version).toBe(e.claim.version);
    expect(stored.evidence).toEqual([expect.objectContaining({ id: e.id, stance: 'SUPPORTS', reliability: 4, source: { id: n.sourceId } })]);
  });

  it('updateEvidence may swap a source for a url', async () => {
    const c = await draft();
    const e = await add(c, { sourceId: n.sourceId, stance: 'SUPPORTS', reliability: 4 });
    const { updateEvidence } = await app.ok<{ updateEvidence: EvidenceView }>(
      EDIT,
      { id: e.id, v: e.claim.version, i: { sourceId: null, url: 'https://undocs.org/S/2019/171#annex5' } },
      n.tokens.checker,
    );
    expect(updateEvidence).toMatchObject({ source: null, url: 'https://undocs.org/S/2019/171#annex5' });
  });
});

describe('what public readers see', () => {
  let published: string;
  let publicId: string;
  let privateId: string;
  let draftEvidence: string;

  beforeAll(async () => {
    const t = n.tokens;
    let c = await claimOps.create({ text: 'The DPRK received 3.78 million barrels in 2018' }, t.checker);
    const pub = await add(c, { sourceId: n.sourceId, excerpt: REPORT_EXCERPT, stance: 'SUPPORTS', reliability: 5, note: 'Source: a panel member, off the record' });
    const priv = await add({ id: c.id, version: pub.claim.version }, { url: 'https://example.org/tip', stance: 'CONTEXT', reliability: 2, isPublic: false, note: 'Unconfirmed tip' });
    c = { id: c.id, version: priv.claim.version };
    c = await claimOps.submit(c, t.checker);
    c = await claimOps.proposeVerdict(c, 'TRUE', 'The UN panel documented it.', t.checker);
    await claimOps.approve(c, t.editor);
    published = c.id;
    publicId = pub.id;
    privateId = priv.id;
    const d = await draft();
    draftEvidence = (await add(d, { sourceId: n.sourceId, stance: 'REFUTES', reliability: 3 })).id;
  });

  it('see only the public evidence of a published claim', async () => {
    const { claim } = await app.ok<{ claim: { evidence: { id: string; excerpt: string | null; source: { id: string } | null }[] } }>(
      `query($id: ID!) { claim(id: $id) { evidence { id excerpt source { id } } } }`,
      { id: published },
    );
    expect(claim.evidence).toEqual([{ id: publicId, excerpt: REPORT_EXCERPT, source: { id: n.sourceId } }]);
    // Staff see both.
    expect((await staffRead(published)).evidence.map((e) => e.id)).toEqual([publicId, privateId]);
  });

  it('never see an evidence note, whether it is public or not', async () => {
    const res = await app.gql<{ claim: { evidence: { id: string; note: string | null }[] } }>(
      `query($id: ID!) { claim(id: $id) { evidence { id note } } }`,
      { id: published },
    );
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(res.data?.claim.evidence).toEqual([{ id: publicId, note: null }]);
    expect(JSON.stringify(res)).not.toContain('off the record');
  });

  it('never see evidence of claims that are not published, not even through its source', async () => {
    expect((await app.ok<{ claim: unknown }>(`query($id: ID!) { claim(id: $id) { id } }`, { id: (await draft()).id })).claim).toBeNull();
    const { source } = await app.ok<{ source: { evidence: { id: string }[] } }>(`query($id: ID!) { source(id: $id) { evidence { id } } }`, { id: n.sourceId });
    expect(source.evidence.map((e) => e.id)).toEqual([publicId]);
    const staff = await app.ok<{ source: { evidence: { id: string }[] } }>(`query($id: ID!) { source(id: $id) { evidence { id } } }`, { id: n.sourceId }, n.tokens.auditor);
    expect(staff.source.evidence.map((e) => e.id)).toEqual(expect.arrayContaining([publicId, draftEvidence]));
  });
});

describe('frozen claims refuse evidence changes', () => {
  it.each(['PENDING_APPROVAL', 'PUBLISHED', 'ARCHIVED'] as const)(
    'add, update and remove are INVALID_TRANSITION on a claim in %s, naming the state; nothing changes',
    async (state) => {
      const c = await claimIn(app, n, state);
      const before = await staffRead(c.id);
      // Each refusal names what was tried: removing evidence is not refused as "cannot add".
      const attempts: [string, ReturnType<typeof app.fails>][] = [
        ['add', app.fails(ADD, { id: c.id, v: c.version, i: { url: 'https://example.org/late', stance: 'REFUTES', reliability: 2 } }, n.tokens.editor)],
      ];
      const existing = before.evidence[0];
      if (existing) {
        attempts.push(
          ['edit', app.fails(EDIT, { id: existing.id, v: c.version, i: { reliability: 1 } }, n.tokens.editor)],
          ['remove', app.fails(REMOVE, { id: existing.id, v: c.version, r: 'Too late' }, n.tokens.editor)],
        );
      }
      expect(attempts).toHaveLength(state === 'ARCHIVED' ? 1 : 3); // claimIn archives a draft, without evidence
      for (const [doing, attempt] of attempts) {
        const err = await attempt;
        expect(err.message).toMatch(new RegExp(`^Cannot ${doing} evidence: `));
        expect(err.code).toBe('INVALID_TRANSITION');
        expect(err.extensions).toMatchObject({ action: 'EDIT_EVIDENCE', currentState: state });
        expect(err.extensions.allowedActions).toEqual(expect.any(Array));
        expect(err.extensions.allowedActions).not.toContain('EDIT_EVIDENCE');
        expect(err.message).toContain(state);
      }
      expect(await staffRead(c.id)).toEqual(before);
    },
  );

  it('a published claim’s evidence can be changed again once it is reopened', async () => {
    const c = await claimIn(app, n, 'PUBLISHED');
    const { reopenClaim } = await app.ok<{ reopenClaim: ClaimRef }>(
      `mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "New panel report") { id version } }`,
      { id: c.id, v: c.version },
      n.tokens.editor,
    );
    const e = await add(reopenClaim, { url: 'https://undocs.org/S/2020/151', stance: 'REFUTES', reliability: 5 });
    expect(e.claim.version).toBe(reopenClaim.version + 1);
  });
});
