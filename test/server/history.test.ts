import { hashEvent, recordOf, type ChainedEvent, type HashedEvent } from '../../server/domain/hashChain';
import { claimIn, PASSWORD, type ClaimRef, type Person } from '../fixtures/newsroom';
import { useNewsroom } from '../helpers/useApp';

/**
 * The history auditors rely on: one event per change with who, what and the state after; an
 * append-only table; hash chains that reveal tampering; the past state of a claim; the audit log.
 */

const { app, n } = useNewsroom();

interface Ev {
  id: string;
  chain: string;
  seq: number;
  claimId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  version: number;
  userLabel: string;
  user: { id: string } | null;
  occurredAt: string;
  changes: { field: string; from: unknown; to: unknown }[];
  note: string | null;
  state: Record<string, unknown>;
  prevHash: string | null;
  hash: string;
}

const EVENT_FIELDS = `id chain seq claimId entityType entityId action version userLabel user { id } occurredAt
  changes { field from to } note state prevHash hash`;

const DISPLAY: Record<Person, string> = {
  checker: 'Fran Checker',
  checker2: 'Sam Second',
  editor: 'Eddie Editor',
  editor2: 'Erin Editor',
  auditor: 'Audrey Auditor',
  admin: 'Ada Admin',
};

async function totalEvents(): Promise<number> {
  const { auditLog } = await app.ok<{ auditLog: { totalCount: number } }>(`{ auditLog(first: 0) { totalCount } }`, {}, n.tokens.auditor);
  return auditLog.totalCount;
}

/** Runs `change` and answers the events it wrote (oldest first), failing unless there are exactly `count`. */
async function recorded<T>(count: number, change: () => Promise<T>): Promise<{ result: T; events: Ev[] }> {
  const before = await totalEvents();
  const result = await change();
  const { auditLog } = await app.ok<{ auditLog: { totalCount: number; nodes: Ev[] } }>(
    `query($n: Int!) { auditLog(first: $n, newestFirst: true) { totalCount nodes { ${EVENT_FIELDS} } } }`,
    { n: count },
    n.tokens.auditor,
  );
  expect(auditLog.totalCount - before).toBe(count);
  return { result, events: [...auditLog.nodes].reverse() };
}

const changesOf = (e: Ev) => Object.fromEntries(e.changes.map((c) => [c.field, [c.from, c.to]]));

function expectEvent(
  e: Ev,
  want: { action: string; entityType: string; entityId: string; by: Person; version: number; claimId?: string | null; note?: string | null },
) {
  expect(e).toMatchObject({
    action: want.action,
    entityType: want.entityType,
    entityId: want.entityId,
    version: want.version,
    user: { id: n.ids[want.by] },
    userLabel: DISPLAY[want.by],
  });
  if (want.claimId !== undefined) expect(e.claimId).toBe(want.claimId);
  if (want.note !== undefined) expect(e.note).toBe(want.note);
  expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
}

async function mutate<T>(query: string, variables: Record<string, unknown>, who: Person): Promise<T> {
  const data = await app.ok<Record<string, T>>(query, variables, n.tokens[who]);
  return Object.values(data)[0]!;
}

interface ClaimView {
  id: string;
  version: number;
  text: string;
  reviewStatus: string;
  verdict: string | null;
  assignee: { id: string } | null;
  evidence: { id: string; excerpt: string | null; reliability: number }[];
}
const CLAIM_VIEW = `id version text reviewStatus verdict assignee { id } evidence { id excerpt reliability }`;

async function claimNow(id: string): Promise<ClaimView> {
  return (await app.ok<{ claim: ClaimView }>(`query($id: ID!) { claim(id: $id) { ${CLAIM_VIEW} } }`, { id }, n.tokens.editor)).claim;
}

describe('every change writes exactly one history event with who, what, before → after and the state after', () => {
  let claimId: string;
  let version: number;
  let evidenceId: string;

  test('claim workflow: create, edit, assign, submit, propose, reject, approve, archive, restore', async () => {
    const created = await recorded(1, () =>
      mutate<{ id: string; version: number }>(
        `mutation($i: CreateClaimInput!) { createClaim(input: $i) { id version } }`,
        { i: { text: 'Pyongyang imported 3.8 million barrels of refined petroleum in 2018.', claimantId: n.actorId, topics: ['Oil'] } },
        'checker',
      ),
    );
    claimId = created.result.id;
    const [c1] = created.events;
    expectEvent(c1!, { action: 'createClaim', entityType: 'CLAIM', entityId: claimId, by: 'checker', version: 1, claimId });
    expect(c1).toMatchObject({ chain: `claim:${claimId}`, seq: 1, prevHash: null });
    expect(changesOf(c1!)).toMatchObject({
      text: [null, 'Pyongyang imported 3.8 million barrels of refined petroleum in 2018.'],
      reviewStatus: [null, 'DRAFT'],
      claimantId: [null, n.actorId],
      topics: [null, ['oil']],
    });
    expect(c1!.state).toMatchObject({
      id: claimId,
      text: 'Pyongyang imported 3.8 million barrels of refined petroleum in 2018.',
      reviewStatus: 'DRAFT',
      version: 1,
      createdById: n.ids.checker,
      topics: ['oil'],
    });
    // The full state: every field of the claim, not only the changed ones.
    expect(Object.keys(c1!.state)).toEqual(
      expect.arrayContaining([
        'id', 'text', 'quote', 'claimantId', 'firstAppearanceId', 'claimedOn', 'context', 'language', 'reviewStatus', 'verdict',
        'verdictRationale', 'attributionStatus', 'disputeStatus', 'assigneeId', 'internalNote', 'proposedById', 'proposedAt',
        'approvedById', 'publishedAt', 'createdById', 'updatedById', 'version', 'createdAt', 'updatedAt', 'topics',
      ]),
    );
    version = 1;

    const steps: {
      by: Person;
      query: string;
      vars: Record<string, unknown>;
      action: string;
      changes: Record<string, [unknown, unknown]>;
      /** The changes are exactly these (not just including them). */
      exact?: boolean;
      note?: string | null;
      state: Record<string, unknown>;
    }[] = [
      {
        by: 'checker2',
        query: `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { text: "Pyongyang imported 3.9 million barrels of refined petroleum in 2018." }) { version } }`,
        vars: {},
        action: 'updateClaim',
        exact: true,
        changes: { text: ['Pyongyang imported 3.8 million barrels of refined petroleum in 2018.', 'Pyongyang imported 3.9 million barrels of refined petroleum in 2018.'] },
        state: { text: 'Pyongyang imported 3.9 million barrels of refined petroleum in 2018.', updatedById: n.ids.checker2 },
      },
      {
        by: 'editor',
        query: `mutation($id: ID!, $v: Int!, $a: ID) { assignClaim(id: $id, expectedVersion: $v, assigneeId: $a) { version } }`,
        vars: { a: n.ids.checker },
        action: 'assignClaim',
        exact: true,
        changes: { assigneeId: [null, n.ids.checker] },
        state: { assigneeId: n.ids.checker },
      },
      {
        by: 'checker',
        query: `mutation($id: ID!, $v: Int!) { submitClaim(id: $id, expectedVersion: $v) { version } }`,
        vars: {},
        action: 'submitClaim',
        changes: { reviewStatus: ['DRAFT', 'IN_REVIEW'] },
        state: { reviewStatus: 'IN_REVIEW' },
      },
      {
        by: 'checker',
        query: `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: UNPROVEN, rationale: "Customs data are not public.") { version } }`,
        vars: {},
        action: 'proposeVerdict',
        changes: { reviewStatus: ['IN_REVIEW', 'PENDING_APPROVAL'], verdict: [null, 'UNPROVEN'], verdictRationale: [null, 'Customs data are not public.'], proposedById: [null, n.ids.checker] },
        state: { reviewStatus: 'PENDING_APPROVAL', verdict: 'UNPROVEN' },
      },
      {
        by: 'editor',
        query: `mutation($id: ID!, $v: Int!) { rejectVerdict(id: $id, expectedVersion: $v, reason: "Ask the panel for its figures.") { version } }`,
        vars: {},
        action: 'rejectVerdict',
        // The verdict goes back to none; the rejected proposal is in this event's changes (Claim.rejectedProposal).
        changes: {
          reviewStatus: ['PENDING_APPROVAL', 'IN_REVIEW'],
          verdict: ['UNPROVEN', null],
          verdictRationale: ['Customs data are not public.', null],
          proposedById: [n.ids.checker, null],
        },
        note: 'Ask the panel for its figures.',
        state: { reviewStatus: 'IN_REVIEW', verdict: null, proposedById: null },
      },
      {
        by: 'checker2',
        query: `mutation($id: ID!, $v: Int!) { proposeVerdict(id: $id, expectedVersion: $v, verdict: UNPROVEN, rationale: "The panel declined to share its figures.") { version } }`,
        vars: {},
        action: 'proposeVerdict',
        changes: {
          reviewStatus: ['IN_REVIEW', 'PENDING_APPROVAL'],
          verdict: [null, 'UNPROVEN'],
          verdictRationale: [null, 'The panel declined to share its figures.'],
          proposedById: [null, n.ids.checker2],
        },
        state: { proposedById: n.ids.checker2 },
      },
      {
        by: 'editor2',
        query: `mutation($id: ID!, $v: Int!) { approveVerdict(id: $id, expectedVersion: $v) { version } }`,
        vars: {},
        action: 'approveVerdict',
        changes: { reviewStatus: ['PENDING_APPROVAL', 'PUBLISHED'], approvedById: [null, n.ids.editor2] },
        state: { reviewStatus: 'PUBLISHED', verdict: 'UNPROVEN', approvedById: n.ids.editor2 },
      },
      {
        by: 'editor',
        query: `mutation($id: ID!, $v: Int!) { archiveClaim(id: $id, expectedVersion: $v, reason: "Superseded by a newer claim.") { version } }`,
        vars: {},
        action: 'archiveClaim',
        changes: { reviewStatus: ['PUBLISHED', 'ARCHIVED'] },
        note: 'Superseded by a newer claim.',
        state: { reviewStatus: 'ARCHIVED' },
      },
      {
        by: 'admin',
        query: `mutation($id: ID!, $v: Int!) { restoreClaim(id: $id, expectedVersion: $v, reason: "Archived by mistake.") { version } }`,
        vars: {},
        action: 'restoreClaim',
        changes: { reviewStatus: ['ARCHIVED', 'DRAFT'] },
        note: 'Archived by mistake.',
        state: { reviewStatus: 'DRAFT' },
      },
    ];
    let previous = c1!;
    for (const step of steps) {
      const { result, events } = await recorded(1, () => mutate<{ version: number }>(step.query, { id: claimId, v: version, ...step.vars }, step.by));
      const [e] = events;
      expect(result.version).toBe(version + 1);
      version = result.version;
      expectEvent(e!, { action: step.action, entityType: 'CLAIM', entityId: claimId, by: step.by, version, claimId, note: step.note ?? null });
      if (step.exact) expect(changesOf(e!)).toEqual(step.changes);
      else expect(changesOf(e!)).toMatchObject(step.changes);
      // Bookkeeping (version, updatedAt, updatedById) is not reported as a change.
      for (const field of ['version', 'updatedAt', 'updatedById']) expect(changesOf(e!)).not.toHaveProperty(field);
      expect(e!.state).toMatchObject({ ...step.state, id: claimId, version });
      expect(e).toMatchObject({ chain: `claim:${claimId}`, seq: previous.seq + 1, prevHash: previous.hash });
      previous = e!;
    }
    // The state after the last change is the claim as it now is, field for field.
    const now = await claimNow(claimId);
    expect(previous.state).toMatchObject({ text: now.text, reviewStatus: now.reviewStatus, verdict: now.verdict, assigneeId: now.assignee?.id ?? null, version: now.version });
  });

  test('an edit that changes nothing, and a refused edit, write no event', async () => {
    const same = await claimNow(claimId);
    await recorded(0, () =>
      app.ok(
        `mutation($id: ID!, $v: Int!, $t: String!) { updateClaim(id: $id, expectedVersion: $v, input: { text: $t }) { version } }`,
        { id: claimId, v: version, t: same.text },
        n.tokens.checker,
      ),
    );
    expect((await claimNow(claimId)).version).toBe(version);
    await recorded(0, async () => {
      const stale = await app.fails(
        `mutation($id: ID!, $v: Int!) { updateClaim(id: $id, expectedVersion: $v, input: { text: "A stale edit that must not land anywhere." }) { version } }`,
        { id: claimId, v: version - 1 },
        n.tokens.checker,
      );
      expect(stale.code).toBe('CONFLICT');
    });
  });

  test('evidence: add, update and remove each write one EVIDENCE event in the claim chain', async () => {
    const added = await recorded(1, () =>
      mutate<{ id: string; claim: { version: number } }>(
        `mutation($id: ID!, $v: Int!, $s: ID!) { addEvidence(claimId: $id, expectedVersion: $v, input: { sourceId: $s, excerpt: "Table 3: 3.8m barrels", stance: SUPPORTS, reliability: 3, note: "Check the annex" }) { id claim { version } } }`,
        { id: claimId, v: version, s: n.sourceId },
        'checker',
      ),
    );
    evidenceId = added.result.id;
    version = added.result.claim.version;
    expectEvent(added.events[0]!, { action: 'addEvidence', entityType: 'EVIDENCE', entityId: evidenceId, by: 'checker', version, claimId, note: null });
    expect(added.events[0]!.chain).toBe(`claim:${claimId}`);
    expect(changesOf(added.events[0]!)).toMatchObject({ excerpt: [null, 'Table 3: 3.8m barrels'], stance: [null, 'SUPPORTS'], reliability: [null, 3], note: [null, 'Check the annex'] });
    expect(added.events[0]!.state).toMatchObject({ id: evidenceId, claimId, sourceId: n.sourceId, reliability: 3, isPublic: true, addedById: n.ids.checker });

    const updated = await recorded(1, () =>
      mutate<{ claim: { version: number } }>(
        `mutation($id: ID!, $v: Int!) { updateEvidence(id: $id, expectedVersion: $v, input: { reliability: 5 }) { claim { version } } }`,
        { id: evidenceId, v: version },
        'checker2',
      ),
    );
    version = updated.result.claim.version;
    expectEvent(updated.events[0]!, { action: 'updateEvidence', entityType: 'EVIDENCE', entityId: evidenceId, by: 'checker2', version, claimId });
    expect(changesOf(updated.events[0]!)).toEqual({ reliability: [3, 5] });
    expect(updated.events[0]!.state).toMatchObject({ reliability: 5, excerpt: 'Table 3: 3.8m barrels' });

    const removed = await recorded(1, () =>
      mutate<{ version: number }>(
        `mutation($id: ID!, $v: Int!) { removeEvidence(id: $id, expectedVersion: $v, reason: "Wrong table cited.") { version } }`,
        { id: evidenceId, v: version },
        'editor',
      ),
    );
    version = removed.result.version;
    expectEvent(removed.events[0]!, { action: 'removeEvidence', entityType: 'EVIDENCE', entityId: evidenceId, by: 'editor', version, claimId, note: 'Wrong table cited.' });
    expect(changesOf(removed.events[0]!)).toMatchObject({ removedById: [null, n.ids.editor] });
    expect(removed.events[0]!.state.removedAt).toEqual(expect.any(String));
  });

  test('disputes: open, reject, withdraw each write one DISPUTE event; the derived dispute status is recorded', async () => {
    const published = await claimIn(app, n, 'PUBLISHED');
    let v = published.version;
    const open = (who: Person) =>
      recorded(1, () =>
        mutate<{ id: string; claim: { version: number } }>(
          `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "The figure is wrong.", raisedByName: "KCNA" }) { id claim { version } } }`,
          { id: published.id },
          who,
        ),
      );
    const first = await open('checker');
    v = first.result.claim.version;
    expectEvent(first.events[0]!, { action: 'openDispute', entityType: 'DISPUTE', entityId: first.result.id, by: 'checker', version: v, claimId: published.id });
    expect(changesOf(first.events[0]!)).toMatchObject({ status: [null, 'OPEN'], reason: [null, 'The figure is wrong.'], 'claim.disputeStatus': ['NONE', 'DISPUTED'] });

    const rejected = await recorded(1, () =>
      mutate<{ claim: { version: number } }>(
        `mutation($id: ID!) { resolveDispute(id: $id, outcome: REJECTED, note: "The panel's figure stands.") { claim { version } } }`,
        { id: first.result.id },
        'editor',
      ),
    );
    v = rejected.result.claim.version;
    expectEvent(rejected.events[0]!, { action: 'resolveDispute', entityType: 'DISPUTE', entityId: first.result.id, by: 'editor', version: v, note: "The panel's figure stands." });
    expect(changesOf(rejected.events[0]!)).toMatchObject({ status: ['OPEN', 'REJECTED'], resolvedById: [null, n.ids.editor], 'claim.disputeStatus': ['DISPUTED', 'RESOLVED'] });

    const second = await open('checker2');
    const withdrawn = await recorded(1, () =>
      mutate<{ status: string }>(
        `mutation($id: ID!) { withdrawDispute(id: $id, reason: "Raised in error.") { status } }`,
        { id: second.result.id },
        'checker2',
      ),
    );
    expectEvent(withdrawn.events[0]!, { action: 'withdrawDispute', entityType: 'DISPUTE', entityId: second.result.id, by: 'checker2', version: v + 2, note: 'Raised in error.' });
    expect(changesOf(withdrawn.events[0]!)).toMatchObject({ status: ['OPEN', 'WITHDRAWN'] });
    expect((await claimNow(published.id)).reviewStatus).toBe('PUBLISHED');
  });

  test('a dispute upheld on a published claim writes two events: the dispute, then the reopening', async () => {
    const published = await claimIn(app, n, 'PUBLISHED');
    const opened = await mutate<{ id: string; claim: { version: number } }>(
      `mutation($id: ID!) { openDispute(claimId: $id, input: { reason: "A correction is needed." }) { id claim { version } } }`,
      { id: published.id },
      'checker',
    );
    const { events } = await recorded(2, () =>
      mutate(`mutation($id: ID!) { resolveDispute(id: $id, outcome: UPHELD, note: "The panel revised its figure.") { status } }`, { id: opened.id }, 'editor2'),
    );
    const [dispute, reopen] = events;
    const v = opened.claim.version;
    expectEvent(dispute!, { action: 'resolveDispute', entityType: 'DISPUTE', entityId: opened.id, by: 'editor2', version: v + 1, claimId: published.id });
    expect(changesOf(dispute!)).toMatchObject({ status: ['OPEN', 'UPHELD'] });
    expectEvent(reopen!, { action: 'reopenClaim', entityType: 'CLAIM', entityId: published.id, by: 'editor2', version: v + 2, claimId: published.id });
    expect(changesOf(reopen!)).toMatchObject({ reviewStatus: ['PUBLISHED', 'IN_REVIEW'] });
    expect(reopen!.note).toMatch(/The panel revised its figure\./);
    expect(reopen).toMatchObject({ seq: dispute!.seq + 1, prevHash: dispute!.hash });
    expect(reopen!.state).toMatchObject({ reviewStatus: 'IN_REVIEW', disputeStatus: 'RESOLVED', version: v + 2 });
    expect(await claimNow(published.id)).toMatchObject({ reviewStatus: 'IN_REVIEW', version: v + 2 });
  });

  test('reopening a published claim writes one event and keeps the public verdict as a correction', async () => {
    const published = await claimIn(app, n, 'PUBLISHED');
    const { events } = await recorded(1, () =>
      mutate(`mutation($id: ID!, $v: Int!) { reopenClaim(id: $id, expectedVersion: $v, reason: "New customs data.") { version } }`, { id: published.id, v: published.version }, 'editor'),
    );
    expectEvent(events[0]!, { action: 'reopenClaim', entityType: 'CLAIM', entityId: published.id, by: 'editor', version: published.version + 1, note: 'New customs data.' });
    expect(changesOf(events[0]!)).toMatchObject({ reviewStatus: ['PUBLISHED', 'IN_REVIEW'] });
    const { claim } = await app.ok<{ claim: { corrections: { verdict: string; reason: string; supersededAt: string }[] } }>(
      `query($id: ID!) { claim(id: $id) { corrections { verdict reason supersededAt } } }`,
      { id: published.id },
      n.tokens.checker,
    );
    expect(claim.corrections).toEqual([{ verdict: 'MOSTLY_TRUE', reason: 'New customs data.', supersededAt: events[0]!.occurredAt }]);
  });

  test('actors and sources: create and update each write one event in their own chain', async () => {
    const actor = await recorded(1, () =>
      mutate<{ id: string; version: number }>(`mutation { createActor(input: { name: "Ri Yong Ho", kind: PERSON, aliases: ["Ri Hong Yo"] }) { id version } }`, {}, 'checker'),
    );
    expectEvent(actor.events[0]!, { action: 'createActor', entityType: 'ACTOR', entityId: actor.result.id, by: 'checker', version: 1, claimId: null });
    expect(actor.events[0]).toMatchObject({ chain: `actor:${actor.result.id}`, seq: 1, prevHash: null });
    expect(changesOf(actor.events[0]!)).toMatchObject({ name: [null, 'Ri Yong Ho'], aliases: [null, ['Ri Hong Yo']] });
    const actorUpdate = await recorded(1, () =>
      mutate(`mutation($id: ID!) { updateActor(id: $id, expectedVersion: 1, input: { title: "DPRK Foreign Minister" }) { version } }`, { id: actor.result.id }, 'editor'),
    );
    expectEvent(actorUpdate.events[0]!, { action: 'updateActor', entityType: 'ACTOR', entityId: actor.result.id, by: 'editor', version: 2 });
    expect(changesOf(actorUpdate.events[0]!)).toEqual({ title: [null, 'DPRK Foreign Minister'] });
    expect(actorUpdate.events[0]!.state).toMatchObject({ name: 'Ri Yong Ho', title: 'DPRK Foreign Minister', version: 2 });
    expect(actorUpdate.events[0]).toMatchObject({ seq: 2, prevHash: actor.events[0]!.hash });

    const source = await recorded(1, () =>
      mutate<{ id: string }>(`mutation { createSource(input: { title: "UNSC 8362nd meeting", url: "https://press.un.org/en/2018/sc13516.doc.htm", kind: TRANSCRIPT }) { id } }`, {}, 'checker2'),
    );
    expectEvent(source.events[0]!, { action: 'createSource', entityType: 'SOURCE', entityId: source.result.id, by: 'checker2', version: 1, claimId: null });
    const sourceUpdate = await recorded(1, () =>
      mutate(`mutation($id: ID!) { updateSource(id: $id, expectedVersion: 1, input: { publisher: "United Nations" }) { version } }`, { id: source.result.id }, 'checker'),
    );
    expectEvent(sourceUpdate.events[0]!, { action: 'updateSource', entityType: 'SOURCE', entityId: source.result.id, by: 'checker', version: 2 });
    expect(changesOf(sourceUpdate.events[0]!)).toEqual({ publisher: [null, 'United Nations'] });
  });

  test('users and API keys: each change writes one event; passwords and key secrets are never recorded', async () => {
    const user = await recorded(1, () =>
      mutate<{ id: string }>(
        `mutation($p: String!) { createUser(input: { email: "newhire@newsroom.test", displayName: "Nia Newhire", role: FACT_CHECKER, password: $p }) { id } }`,
        { p: PASSWORD },
        'admin',
      ),
    );
    expectEvent(user.events[0]!, { action: 'createUser', entityType: 'USER', entityId: user.result.id, by: 'admin', version: 1, claimId: null });
    expect(changesOf(user.events[0]!)).toMatchObject({ email: [null, 'newhire@newsroom.test'], role: [null, 'FACT_CHECKER'], password: [null, '[redacted]'] });
    const updated = await recorded(1, () =>
      mutate(`mutation($id: ID!) { updateUser(id: $id, expectedVersion: 1, input: { role: EDITOR, password: "another long passphrase" }) { version } }`, { id: user.result.id }, 'admin'),
    );
    expectEvent(updated.events[0]!, { action: 'updateUser', entityType: 'USER', entityId: user.result.id, by: 'admin', version: 2 });
    expect(changesOf(updated.events[0]!)).toEqual({ role: ['FACT_CHECKER', 'EDITOR'], password: ['[redacted]', '[redacted]'] });
    expect(updated.events[0]!.state).toMatchObject({ role: 'EDITOR', displayName: 'Nia Newhire' });

    const key = await recorded(1, () =>
      mutate<{ secret: string; apiKey: { id: string } }>(`mutation { createApiKey(name: "History test app") { secret apiKey { id } } }`, {}, 'admin'),
    );
    expectEvent(key.events[0]!, { action: 'createApiKey', entityType: 'API_KEY', entityId: key.result.apiKey.id, by: 'admin', version: 1, claimId: null });
    const revoked = await recorded(1, () =>
      mutate(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.result.apiKey.id }, 'admin'),
    );
    expectEvent(revoked.events[0]!, { action: 'revokeApiKey', entityType: 'API_KEY', entityId: key.result.apiKey.id, by: 'admin', version: 2 });
    expect(changesOf(revoked.events[0]!).revokedAt![0]).toBeNull();

    const all = JSON.stringify(await app.ds.query('SELECT changes, state, note FROM history_events'));
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain('another long passphrase');
    expect(all).not.toContain(key.result.secret);
    expect(all).not.toMatch(/scrypt\$|keyHash|passwordHash/);
  });

  test('the claim chain those changes built verifies', async () => {
    const { verifyHistory } = await app.ok<{ verifyHistory: { valid: boolean; eventCount: number; currentVersion: number } }>(
      `query($id: ID!) { verifyHistory(claimId: $id) { valid eventCount currentVersion } }`,
      { id: claimId },
      n.tokens.auditor,
    );
    expect(verifyHistory).toEqual({ valid: true, eventCount: version, currentVersion: version });
  });
});

describe('the database keeps history append-only', () => {
  test.each([
    ['UPDATE', `UPDATE history_events SET note = 'rewritten' WHERE chain = $1`],
    ['DELETE', `DELETE FROM history_events WHERE chain = $1`],
    ['TRUNCATE', `TRUNCATE history_events`],
  ])('%s on history_events is refused by the database itself', async (op, sql) => {
    const claim = await claimIn(app, n, 'IN_REVIEW');
    const chain = `claim:${claim.id}`;
    const before = await app.ds.query('SELECT * FROM history_events ORDER BY id');
    await expect(app.ds.query(sql, op === 'TRUNCATE' ? [] : [chain])).rejects.toThrow(new RegExp(`append-only: ${op} refused`));
    expect(await app.ds.query('SELECT * FROM history_events ORDER BY id')).toEqual(before);
  });
});

describe('verifyHistory detects tampering done behind the server’s back', () => {
  const VERIFY = `query($id: ID!) { verifyHistory(claimId: $id) { claimId valid eventCount currentVersion headHash firstBreak { seq reason message } } }`;

  interface Verification {
    claimId: string;
    valid: boolean;
    eventCount: number;
    currentVersion: number;
    headHash: string | null;
    firstBreak: { seq: number; reason: string; message: string } | null;
  }

  const verify = async (id: string) => (await app.ok<{ verifyHistory: Verification }>(VERIFY, { id }, n.tokens.auditor)).verifyHistory;

  /** Edits the table the way an intruder with database access would: triggers off, change, triggers on. */
  async function tamper(sql: string, params: unknown[]) {
    await app.ds.transaction(async (em) => {
      await em.query('ALTER TABLE history_events DISABLE TRIGGER USER');
      await em.query(sql, params);
      await em.query('ALTER TABLE history_events ENABLE TRIGGER USER');
    });
    // The guard is back on.
    await expect(app.ds.query(`UPDATE history_events SET note = note WHERE id = (SELECT min(id) FROM history_events)`)).rejects.toThrow(/append-only/);
  }

  const hashes = async (chain: string) =>
    ((await app.ds.query('SELECT seq, hash FROM history_events WHERE chain = $1 ORDER BY seq', [chain])) as { seq: number; hash: string }[]).map(
      (r) => r.hash,
    );

  /** A published claim: five events (create, addEvidence, submit, propose, approve). */
  async function fiveEventClaim(): Promise<ClaimRef & { chain: string; hashes: string[] }> {
    const c = await claimIn(app, n, 'PUBLISHED');
    const chain = `claim:${c.id}`;
    const h = await hashes(chain);
    expect(h).toHaveLength(5);
    expect(await verify(c.id)).toEqual({ claimId: c.id, valid: true, eventCount: 5, currentVersion: 5, headHash: h[4], firstBreak: null });
    return { ...c, chain, hashes: h };
  }

  test.each([
    ['the state', `UPDATE history_events SET state = jsonb_set(state, '{excerpt}', '"forged excerpt"') WHERE chain = $1 AND seq = 2`],
    ['the changes', `UPDATE history_events SET changes = '{}'::jsonb WHERE chain = $1 AND seq = 2`],
    ['who did it', `UPDATE history_events SET user_label = 'Someone Else', user_id = NULL WHERE chain = $1 AND seq = 2`],
    ['when', `UPDATE history_events SET occurred_at = occurred_at - interval '1 day' WHERE chain = $1 AND seq = 2`],
    ['the action', `UPDATE history_events SET action = 'createClaim' WHERE chain = $1 AND seq = 2`],
  ])('an edit of %s of one event is reported as HASH_MISMATCH at that event', async (_what, sql) => {
    const c = await fiveEventClaim();
    await tamper(sql, [c.chain]);
    const v = await verify(c.id);
    expect(v).toMatchObject({ valid: false, eventCount: 1, headHash: c.hashes[0], firstBreak: { seq: 2, reason: 'HASH_MISMATCH' } });
  });

  /** Event 4 of the claim's chain, with its verdict changed and its hash recomputed the way the verifier computes it. */
  async function forgeEvent4(chain: string) {
    const [row] = (await app.ds.query(
      `SELECT chain, seq, position, prev_hash AS "prevHash", version, claim_id AS "claimId", entity_type AS "entityType", entity_id AS "entityId",
              action, user_id AS "userId", user_label AS "userLabel", occurred_at AS "occurredAt", changes, note, state, hash
       FROM history_events WHERE chain = $1 AND seq = 4`,
      [chain],
    )) as (Omit<HashedEvent, 'occurredAt'> & { occurredAt: Date })[];
    const { hash, ...fields } = row!;
    const original: ChainedEvent = { ...fields, occurredAt: fields.occurredAt.toISOString() };
    // The forger's hashing is the verifier's: unchanged, the event hashes to its stored hash.
    expect(hashEvent(original)).toBe(hash);
    const forged: ChainedEvent = { ...original, state: { ...original.state, verdict: 'TRUE' } };
    return { ...forged, hash: hashEvent(forged) };
  }

  test('an edited event whose hash was recomputed but whose stored record was not is reported as HASH_MISMATCH', async () => {
    const c = await fiveEventClaim();
    const forged = await forgeEvent4(c.chain);
    await tamper(`UPDATE history_events SET state = $2::jsonb, hash = $3 WHERE chain = $1 AND seq = 4`, [c.chain, JSON.stringify(forged.state), forged.hash]);
    expect(await verify(c.id)).toMatchObject({ valid: false, eventCount: 3, headHash: c.hashes[2], firstBreak: { seq: 4, reason: 'HASH_MISMATCH' } });
  });

  test('an edited event rehashed throughout still breaks the link from the next event (PREVIOUS_HASH_MISMATCH)', async () => {
    const c = await fiveEventClaim();
    const forged = await forgeEvent4(c.chain);
    await tamper(`UPDATE history_events SET state = $2::jsonb, hash = $3, record = $4 WHERE chain = $1 AND seq = 4`, [
      c.chain,
      JSON.stringify(forged.state),
      forged.hash,
      recordOf(forged),
    ]);
    expect(await verify(c.id)).toMatchObject({ valid: false, eventCount: 4, firstBreak: { seq: 5, reason: 'PREVIOUS_HASH_MISMATCH' } });
  });

  test('a deleted event in the middle is reported as SEQUENCE_GAP where the gap shows', async () => {
    const c = await fiveEventClaim();
    await tamper(`DELETE FROM history_events WHERE chain = $1 AND seq = 3`, [c.chain]);
    expect(await verify(c.id)).toMatchObject({ valid: false, eventCount: 2, headHash: c.hashes[1], firstBreak: { seq: 4, reason: 'SEQUENCE_GAP' } });
  });

  const SWAP_COLUMNS = 'version, claim_id, entity_type, entity_id, action, user_id, user_label, occurred_at, changes, note, state';

  test('two events swapped whole (hashes included) are reported as PREVIOUS_HASH_MISMATCH at the first', async () => {
    const c = await fiveEventClaim();
    const cols = `prev_hash, hash, record, ${SWAP_COLUMNS}`;
    await tamper(
      `UPDATE history_events h SET (${cols}) = (SELECT ${cols} FROM history_events o WHERE o.chain = h.chain AND o.seq = 5 - h.seq)
       WHERE h.chain = $1 AND h.seq IN (2, 3)`,
      [c.chain],
    );
    expect(await verify(c.id)).toMatchObject({ valid: false, eventCount: 1, firstBreak: { seq: 2, reason: 'PREVIOUS_HASH_MISMATCH' } });
  });

  test("two events' contents swapped (hashes left in place) are reported as HASH_MISMATCH at the first", async () => {
    const c = await fiveEventClaim();
    await tamper(
      `UPDATE history_events h SET (${SWAP_COLUMNS}) = (SELECT ${SWAP_COLUMNS} FROM history_events o WHERE o.chain = h.chain AND o.seq = 7 - h.seq)
       WHERE h.chain = $1 AND h.seq IN (3, 4)`,
      [c.chain],
    );
    expect(await verify(c.id)).toMatchObject({ valid: false, eventCount: 2, firstBreak: { seq: 3, reason: 'HASH_MISMATCH' } });
  });

  test('deleting the last events is reported as TAIL_MISSING: the chain ends before the claim’s version', async () => {
    const c = await fiveEventClaim();
    await tamper(`DELETE FROM history_events WHERE chain = $1 AND seq >= 4`, [c.chain]);
    const v = await verify(c.id);
    expect(v).toMatchObject({ valid: false, eventCount: 3, currentVersion: 5, headHash: c.hashes[2], firstBreak: { seq: 4, reason: 'TAIL_MISSING' } });
    expect(v.firstBreak!.message).toMatch(/version 3.*version is 5/);
  });

  test('deleting a whole chain is reported as TAIL_MISSING at the first event', async () => {
    const c = await fiveEventClaim();
    await tamper(`DELETE FROM history_events WHERE chain = $1`, [c.chain]);
    expect(await verify(c.id)).toMatchObject({ valid: false, eventCount: 0, headHash: null, firstBreak: { seq: 1, reason: 'TAIL_MISSING' } });
  });

  test('tampering with one chain leaves the others valid', async () => {
    const untouched = await fiveEventClaim();
    const victim = await fiveEventClaim();
    await tamper(`UPDATE history_events SET note = 'added later' WHERE chain = $1 AND seq = 5`, [victim.chain]);
    expect((await verify(victim.id)).firstBreak).toMatchObject({ seq: 5, reason: 'HASH_MISMATCH' });
    expect((await verify(untouched.id)).valid).toBe(true);
  });
});

describe('claim(id, asOf) shows a claim as it was', () => {
  const AS_OF = `query($id: ID!, $t: DateTime!) { claim(id: $id, asOf: $t) { text reviewStatus verdict version asOf evidence { excerpt } } }`;

  interface Past {
    text: string;
    reviewStatus: string;
    verdict: string | null;
    version: number;
    asOf: string;
    evidence: { excerpt: string | null }[];
  }

  test('text, verdict and evidence at several instants, for staff and for public readers', async () => {
    const t = n.tokens;
    const { createClaim: c } = await app.ok<{ createClaim: ClaimRef }>(
      `mutation { createClaim(input: { text: "Version one of the petroleum claim." }) { id version } }`,
      {},
      t.checker,
    );
    const run = (q: string, v: Record<string, unknown>, who: Person = 'checker') => app.ok(q, { id: c.id, ...v }, t[who]);
    await run(`mutation($id: ID!) { addEvidence(claimId: $id, expectedVersion: 1, input: { url: "https://example.org/customs", excerpt: "Customs ledger", stance: SUPPORTS, reliability: 4 }) { id } }`, {});
    await run(`mutation($id: ID!) { updateClaim(id: $id, expectedVersion: 2, input: { text: "Version two of the petroleum claim." }) { id } }`, {});
    await run(`mutation($id: ID!) { submitClaim(id: $id, expectedVersion: 3) { id } }`, {});
    await run(`mutation($id: ID!) { proposeVerdict(id: $id, expectedVersion: 4, verdict: MOSTLY_FALSE, rationale: "The ledger shows less.") { id } }`, {});
    await run(`mutation($id: ID!) { approveVerdict(id: $id, expectedVersion: 5) { id } }`, {}, 'editor');
    await run(`mutation($id: ID!) { reopenClaim(id: $id, expectedVersion: 6, reason: "A second ledger surfaced.") { id } }`, {}, 'editor');
    const { claim } = await app.ok<{ claim: { evidence: { id: string }[] } }>(`query($id: ID!) { claim(id: $id) { evidence { id } } }`, { id: c.id }, t.checker);
    await app.ok(`mutation($id: ID!) { removeEvidence(id: $id, expectedVersion: 7) { id } }`, { id: claim.evidence[0]!.id }, t.checker);
    await run(`mutation($id: ID!) { updateClaim(id: $id, expectedVersion: 8, input: { text: "Version three of the petroleum claim." }) { id } }`, {});

    const { claim: withHistory } = await app.ok<{ claim: { history: { action: string; occurredAt: string }[] } }>(
      `query($id: ID!) { claim(id: $id) { history { action occurredAt } } }`,
      { id: c.id },
      t.auditor,
    );
    const at = withHistory.history.map((e) => e.occurredAt);
    expect(withHistory.history.map((e) => e.action)).toEqual([
      'createClaim',
      'addEvidence',
      'updateClaim',
      'submitClaim',
      'proposeVerdict',
      'approveVerdict',
      'reopenClaim',
      'removeEvidence',
      'updateClaim',
    ]);
    const past = async (instant: string, who: Person | null = 'auditor') =>
      (await app.ok<{ claim: Past | null }>(AS_OF, { id: c.id, t: instant }, who ? t[who] : undefined)).claim;
    const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

    expect(await past(justBefore(at[0]!))).toBeNull();
    expect(await past(at[0]!)).toEqual({ text: 'Version one of the petroleum claim.', reviewStatus: 'DRAFT', verdict: null, version: 1, asOf: at[0], evidence: [] });
    expect(await past(at[1]!)).toMatchObject({ text: 'Version one of the petroleum claim.', version: 2, evidence: [{ excerpt: 'Customs ledger' }] });
    expect(await past(at[2]!)).toMatchObject({ text: 'Version two of the petroleum claim.', version: 3, evidence: [{ excerpt: 'Customs ledger' }] });
    expect(await past(at[4]!)).toMatchObject({ reviewStatus: 'PENDING_APPROVAL', verdict: 'MOSTLY_FALSE', version: 5 });
    expect(await past(at[5]!)).toMatchObject({ text: 'Version two of the petroleum claim.', reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_FALSE', version: 6 });
    expect(await past(at[6]!)).toMatchObject({ reviewStatus: 'IN_REVIEW', version: 7, evidence: [{ excerpt: 'Customs ledger' }] });
    expect(await past(at[7]!)).toMatchObject({ text: 'Version two of the petroleum claim.', version: 8, evidence: [] });
    expect(await past(at[8]!)).toMatchObject({ text: 'Version three of the petroleum claim.', version: 9, evidence: [] });
    // Between two events the claim is as the earlier one left it.
    expect(await past(justBefore(at[2]!))).toMatchObject({ text: 'Version one of the petroleum claim.', version: 2 });

    // Public readers see the version published at that instant: none before the first publication,
    // then the published one, also while it was being corrected (its evidence as published).
    const published = { text: 'Version two of the petroleum claim.', reviewStatus: 'PUBLISHED', verdict: 'MOSTLY_FALSE', version: 6, evidence: [{ excerpt: 'Customs ledger' }] };
    expect(await past(at[5]!, null)).toMatchObject(published);
    expect(await past(justBefore(at[6]!), null)).toMatchObject(published);
    expect(await past(at[2]!, null)).toBeNull();
    expect(await past(at[6]!, null)).toMatchObject(published);
    expect(await past(at[8]!, null)).toMatchObject(published);
  });
});

describe('auditLog', () => {
  const LOG = `query($f: AuditLogFilter, $first: Int, $after: String, $newest: Boolean) {
    auditLog(filter: $f, first: $first, after: $after, newestFirst: $newest) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id claimId action entityType occurredAt user { id } } } } }`;

  interface LogNode {
    id: string;
    claimId: string | null;
    action: string;
    entityType: string;
    occurredAt: string;
    user: { id: string } | null;
  }
  interface LogPage {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: LogNode }[];
  }

  /** Every page of the log for `filter`, following endCursor. */
  async function walk(filter: Record<string, unknown> | null, pageSize: number, newest = false): Promise<{ nodes: LogNode[]; pages: number; total: number }> {
    const nodes: LogNode[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = -1;
    for (;;) {
      const { auditLog }: { auditLog: LogPage } = await app.ok<{ auditLog: LogPage }>(
        LOG,
        { f: filter, first: pageSize, after, newest },
        n.tokens.auditor,
      );
      pages++;
      total = auditLog.totalCount;
      expect(auditLog.edges.length).toBeLessThanOrEqual(pageSize);
      nodes.push(...auditLog.edges.map((e) => e.node));
      if (!auditLog.pageInfo.hasNextPage) break;
      expect(auditLog.edges).toHaveLength(pageSize);
      after = auditLog.pageInfo.endCursor;
      expect(pages).toBeLessThan(1000);
    }
    return { nodes, pages, total };
  }

  async function sqlIds(where: string, params: unknown[] = [], newest = false): Promise<string[]> {
    const dir = newest ? 'DESC' : 'ASC';
    const found = (await app.ds.query(`SELECT id::text AS id FROM history_events ${where} ORDER BY occurred_at ${dir}, id ${dir}`, params)) as { id: string }[];
    return found.map((r) => r.id);
  }

  let subject: ClaimRef;
  beforeAll(async () => {
    subject = await claimIn(app, n, 'PUBLISHED', 'The audit log subject claim, published.');
    await claimIn(app, n, 'PENDING_APPROVAL');
    const pending = await claimIn(app, n, 'PENDING_APPROVAL');
    await app.ok(`mutation($id: ID!, $v: Int!) { rejectVerdict(id: $id, expectedVersion: $v, reason: "Not yet.") { id } }`, { id: pending.id, v: pending.version }, n.tokens.editor2);
  });

  test('pages with cursors, oldest first or newest first, without gaps or duplicates', async () => {
    const expected = await sqlIds('');
    expect(expected.length).toBeGreaterThan(30);
    const oldest = await walk(null, 7);
    expect(oldest.nodes.map((e) => e.id)).toEqual(expected);
    expect(new Set(oldest.nodes.map((e) => e.id)).size).toBe(expected.length);
    expect(oldest.pages).toBe(Math.ceil(expected.length / 7) + (expected.length % 7 === 0 ? 1 : 0));
    expect(oldest.total).toBe(expected.length);
    const newest = await walk(null, 11, true);
    expect(newest.nodes.map((e) => e.id)).toEqual(await sqlIds('', [], true));
  });

  test('filters by claim, user, action and entity type; every page holds only matching events', async () => {
    const cases: [Record<string, unknown>, string, unknown[], (e: LogNode) => boolean][] = [
      [{ claimId: subject.id }, 'WHERE claim_id = $1', [subject.id], (e) => e.claimId === subject.id],
      [{ userId: n.ids.editor2 }, 'WHERE user_id = $1', [n.ids.editor2], (e) => e.user?.id === n.ids.editor2],
      [{ action: ['approveVerdict', 'rejectVerdict'] }, `WHERE action IN ('approveVerdict', 'rejectVerdict')`, [], (e) => ['approveVerdict', 'rejectVerdict'].includes(e.action)],
      [{ entityType: ['EVIDENCE', 'ACTOR'] }, `WHERE entity_type IN ('EVIDENCE', 'ACTOR')`, [], (e) => ['EVIDENCE', 'ACTOR'].includes(e.entityType)],
      [{ claimId: subject.id, action: ['approveVerdict'] }, `WHERE claim_id = $1 AND action = 'approveVerdict'`, [subject.id], (e) => e.claimId === subject.id && e.action === 'approveVerdict'],
    ];
    const everything = (await sqlIds('')).length;
    for (const [filter, where, params, matches] of cases) {
      const expected = await sqlIds(where, params);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(everything);
      const { nodes, total } = await walk(filter, 3);
      expect(nodes.map((e) => e.id)).toEqual(expected);
      expect(total).toBe(expected.length);
      expect(nodes.every(matches)).toBe(true);
    }
  });

  test('filters by a date range: from inclusive, to exclusive', async () => {
    const all = await walk(null, 500);
    const from = all.nodes[5]!.occurredAt;
    const to = all.nodes[all.nodes.length - 5]!.occurredAt;
    const expected = await sqlIds('WHERE occurred_at >= $1 AND occurred_at < $2', [from, to]);
    const { nodes } = await walk({ from, to }, 4);
    expect(nodes.map((e) => e.id)).toEqual(expected);
    expect(nodes.map((e) => e.id)).toContain(all.nodes[5]!.id);
    expect(nodes.map((e) => e.id)).not.toContain(all.nodes[all.nodes.length - 5]!.id);
    expect(nodes.every((e) => e.occurredAt >= from && e.occurredAt < to)).toBe(true);
    expect(expected.length).toBeLessThan(all.nodes.length - 8);
  });

  test('pages by offset too, in either order and with filters: page n is what walking the log gives', async () => {
    const OFFSET_LOG = `query($f: AuditLogFilter, $first: Int, $offset: Int, $newest: Boolean) {
      auditLog(filter: $f, first: $first, offset: $offset, newestFirst: $newest) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { id } } }`;
    type OffsetPage = { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean }; nodes: { id: string }[] };
    for (const [filter, where, params, newest] of [
      [null, '', [], false],
      [null, '', [], true],
      [{ claimId: subject.id }, 'WHERE claim_id = $1', [subject.id], true],
    ] as [Record<string, unknown> | null, string, unknown[], boolean][]) {
      const expected = await sqlIds(where, params, newest);
      expect(expected.length).toBeGreaterThan(4);
      const { auditLog } = await app.ok<{ auditLog: OffsetPage }>(OFFSET_LOG, { f: filter, first: 2, offset: 2, newest }, n.tokens.auditor);
      expect(auditLog.nodes.map((e) => e.id)).toEqual(expected.slice(2, 4));
      expect(auditLog.totalCount).toBe(expected.length);
      expect(auditLog.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
      const last = await app.ok<{ auditLog: OffsetPage }>(OFFSET_LOG, { f: filter, first: 3, offset: expected.length - 1, newest }, n.tokens.auditor);
      expect(last.auditLog.nodes.map((e) => e.id)).toEqual(expected.slice(-1));
      expect(last.auditLog.pageInfo.hasNextPage).toBe(false);
    }
    for (const offset of [-1, 100_001]) {
      const refused = await app.fails(OFFSET_LOG, { first: 3, offset }, n.tokens.auditor);
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'offset' } });
    }
  });

  test('a cursor from one ordering is refused by the other', async () => {
    const { auditLog } = await app.ok<{ auditLog: LogPage }>(LOG, { first: 2 }, n.tokens.auditor);
    const refused = await app.fails(LOG, { first: 2, after: auditLog.pageInfo.endCursor, newest: true }, n.tokens.auditor);
    expect(refused.code).toBe('BAD_USER_INPUT');
  });

  test.each([
    ['an auditor may read it', 'auditor', null],
    ['an admin may read it', 'admin', null],
    ['a fact-checker is refused with FORBIDDEN', 'checker', 'FORBIDDEN'],
    ['an editor is refused with FORBIDDEN', 'editor', 'FORBIDDEN'],
    ['a public reader is refused with UNAUTHENTICATED', null, 'UNAUTHENTICATED'],
  ] as [string, Person | null, string | null][])('auditLog: %s', async (_rule, who, refusal) => {
    const res = await app.gql<{ auditLog: { totalCount: number } }>(`{ auditLog(first: 1) { totalCount } }`, {}, who ? n.tokens[who] : undefined);
    if (refusal === null) {
      expect(res.errors).toBeUndefined();
      expect(res.data!.auditLog.totalCount).toBeGreaterThan(0);
    } else {
      expect(res.errors?.map((e) => e.extensions.code)).toEqual([refusal]);
      expect(res.data).toEqual({ auditLog: null });
    }
  });
});
