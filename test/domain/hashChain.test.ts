import { createHash } from 'node:crypto';
import { headsDigest } from '../../server/domain/exportRecord';
import { canonicalEvent, hashEvent, verifyChain, type ChainedEvent, type HashedEvent } from '../../server/domain/hashChain';

const CLAIM = '3f0c9a52-5b7e-4a0e-9d55-1c2f6b8e7a10';
const USER = '9b1d3c4e-0000-4000-8000-000000000001';
const TEXT = 'North Korea exceeded the UN oil cap in 2018.';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The worked example of docs/history-verification.md, fields in the order the server writes them. */
const created: ChainedEvent = {
  chain: `claim:${CLAIM}`,
  seq: 1,
  prevHash: null,
  version: 1,
  claimId: CLAIM,
  entityType: 'CLAIM',
  entityId: CLAIM,
  action: 'createClaim',
  userId: USER,
  userLabel: 'Fran Checker',
  occurredAt: '2018-09-28T09:15:00.000Z',
  changes: { text: { from: null, to: TEXT } },
  note: null,
  state: { text: TEXT, version: 1, reviewStatus: 'DRAFT', id: CLAIM },
};

describe('canonical serialisation (RFC 8785) and hash', () => {
  test('keys are sorted at every level and there is no whitespace (small example written by hand)', () => {
    const event: ChainedEvent = {
      chain: 'actor:a',
      seq: 2,
      prevHash: 'p',
      version: 3,
      claimId: null,
      entityType: 'ACTOR',
      entityId: 'a',
      action: 'updateActor',
      userId: null,
      userLabel: 'system',
      occurredAt: '2018-09-27T14:03:07.120Z',
      changes: { name: { to: 'Ri Yong Ho', from: 'Ri Hong Yo' } },
      note: 'typo',
      state: { z: [3, 1, 2], a: { y: true, b: null } },
    };
    expect(canonicalEvent(event)).toBe(
      '{"action":"updateActor","chain":"actor:a","changes":{"name":{"from":"Ri Hong Yo","to":"Ri Yong Ho"}},' +
        '"claimId":null,"entityId":"a","entityType":"ACTOR","note":"typo","occurredAt":"2018-09-27T14:03:07.120Z",' +
        '"prevHash":"p","seq":2,"state":{"a":{"b":null,"y":true},"z":[3,1,2]},"userId":null,"userLabel":"system","version":3}',
    );
  });

  test('strings keep non-ASCII characters as UTF-8 and escape only what JSON requires', () => {
    const event: ChainedEvent = { ...created, state: { s: 'Genève "quoted"\n\u0001€' } };
    expect(canonicalEvent(event)).toContain('"state":{"s":"Genève \\"quoted\\"\\n\\u0001€"}');
  });

  test('only the ChainedEvent fields are covered: extra export fields (hash, id) change nothing', () => {
    const withExtras = { ...created, hash: 'f'.repeat(64), id: '42' } as ChainedEvent;
    expect(canonicalEvent(withExtras)).toBe(canonicalEvent(created));
  });

  test('the worked example in docs/history-verification.md serialises and hashes as documented', () => {
    const first: ChainedEvent = { ...created, position: 41 };
    expect(canonicalEvent(first)).toBe(
      `{"action":"createClaim","chain":"claim:${CLAIM}","changes":{"text":{"from":null,"to":"${TEXT}"}},` +
        `"claimId":"${CLAIM}","entityId":"${CLAIM}","entityType":"CLAIM","note":null,` +
        `"occurredAt":"2018-09-28T09:15:00.000Z","position":41,"prevHash":null,"seq":1,` +
        `"state":{"id":"${CLAIM}","reviewStatus":"DRAFT","text":"${TEXT}","version":1},` +
        `"userId":"${USER}","userLabel":"Fran Checker","version":1}`,
    );
    expect(hashEvent(first)).toBe('9da0aab5b5acde74c396c1d71e8c4fcd8560e0a7c4007eb8cc109e392a0f607b');

    const submitted: ChainedEvent = {
      ...first,
      seq: 2,
      position: 42,
      prevHash: '9da0aab5b5acde74c396c1d71e8c4fcd8560e0a7c4007eb8cc109e392a0f607b',
      version: 2,
      action: 'submitClaim',
      occurredAt: '2018-09-28T09:20:00.000Z',
      changes: { reviewStatus: { from: 'DRAFT', to: 'IN_REVIEW' } },
      state: { ...created.state, reviewStatus: 'IN_REVIEW', version: 2 },
    };
    const second = hashEvent(submitted);
    expect(second).toBe('f1fe83659c6d12aa3dc7fd8d8a4bcb286ac1fe3186b3f6cd37e28340425da60c');
    expect(headsDigest([{ chain: `claim:${CLAIM}`, seq: 2, hash: second }])).toBe('94f427b0870b9a7de5c2a22d92f6f23f63abb3a6c5728d75cafe5696064c6c91');
  });

  test('an event recorded before positions existed is hashed without one, as the page says', () => {
    expect(canonicalEvent(created)).not.toContain('position');
    expect(hashEvent(created)).toBe('2e6dffc3bddaf750553d5dcf958d2221cadb3a9d4b8f4e731ce4c5a3f09ca51a');
  });

  test('the hash is the lowercase SHA-256 hex of the canonical text', () => {
    expect(hashEvent(created)).toBe(sha256(canonicalEvent(created)));
    expect(hashEvent(created)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the hash does not depend on the order fields were written in', () => {
    const reordered = Object.fromEntries(Object.entries(created).reverse()) as unknown as ChainedEvent;
    expect(hashEvent(reordered)).toBe(hashEvent(created));
  });
});

/** A valid chain of `n` events of one claim, built the way the server appends them. */
function chainOf(n: number): HashedEvent[] {
  const events: HashedEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const e: ChainedEvent = {
      ...created,
      seq,
      version: seq,
      prevHash: events[seq - 2]?.hash ?? null,
      action: seq === 1 ? 'createClaim' : 'updateClaim',
      occurredAt: new Date(Date.UTC(2018, 8, 28, 9, seq)).toISOString(),
      changes: { text: { from: `${TEXT} v${seq - 1}`, to: `${TEXT} v${seq}` } },
      state: { id: CLAIM, text: `${TEXT} v${seq}`, version: seq },
    };
    events.push({ ...e, hash: hashEvent(e) });
  }
  return events;
}

describe('verifyChain', () => {
  test('accepts a valid chain and reports its head hash', () => {
    const chain = chainOf(4);
    expect(verifyChain(chain)).toEqual({ valid: true, checked: 4, headHash: chain[3]!.hash, firstBreak: null });
    expect(verifyChain(chain, 4).valid).toBe(true);
  });

  test('accepts an empty chain (nothing recorded, nothing expected)', () => {
    expect(verifyChain([])).toEqual({ valid: true, checked: 0, headHash: null, firstBreak: null });
  });

  test('an empty chain for an owner at version 1 or later has lost its events (TAIL_MISSING at seq 1)', () => {
    const verdict = verifyChain([], 1);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBreak).toMatchObject({ reason: 'TAIL_MISSING', seq: 1, index: 0 });
  });

  test('an edited field is detected as HASH_MISMATCH at that event', () => {
    const chain = chainOf(4);
    chain[2] = { ...chain[2]!, userLabel: 'Someone Else' };
    const verdict = verifyChain(chain);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBreak).toMatchObject({ reason: 'HASH_MISMATCH', seq: 3, index: 2 });
    expect(verdict.checked).toBe(2);
    expect(verdict.headHash).toBe(chain[1]!.hash);
  });

  test('an edit deep inside the recorded state is detected as HASH_MISMATCH', () => {
    const chain = chainOf(3);
    chain[0] = { ...chain[0]!, state: { ...chain[0]!.state, text: 'Something the claim never said.' } };
    expect(verifyChain(chain).firstBreak).toMatchObject({ reason: 'HASH_MISMATCH', seq: 1 });
  });

  test('an edit whose own hash was recomputed breaks the next link (PREVIOUS_HASH_MISMATCH)', () => {
    const chain = chainOf(3);
    const { hash: _old, ...forged } = { ...chain[1]!, note: 'inserted later' };
    chain[1] = { ...forged, hash: hashEvent(forged) };
    expect(verifyChain(chain).firstBreak).toMatchObject({ reason: 'PREVIOUS_HASH_MISMATCH', seq: 3, index: 2 });
  });

  test('a deleted event is detected as SEQUENCE_GAP where it was', () => {
    const chain = chainOf(4);
    chain.splice(1, 1);
    const verdict = verifyChain(chain);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBreak).toMatchObject({ reason: 'SEQUENCE_GAP', seq: 3, index: 1 });
  });

  test('two swapped events are detected at the first swapped position', () => {
    const chain = chainOf(4);
    [chain[1], chain[2]] = [chain[2]!, chain[1]!];
    const verdict = verifyChain(chain);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBreak).toMatchObject({ index: 1, seq: 3, reason: 'SEQUENCE_GAP' });
  });

  test('two swapped events whose seq numbers were exchanged too are still detected', () => {
    const chain = chainOf(4);
    const second = chain[1]!;
    const third = chain[2]!;
    chain[1] = { ...third, seq: 2 };
    chain[2] = { ...second, seq: 3 };
    const verdict = verifyChain(chain);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBreak).toMatchObject({ index: 1, seq: 2, reason: 'PREVIOUS_HASH_MISMATCH' });
  });

  test('a first event that points to a previous hash is refused (FIRST_EVENT_HAS_PREVIOUS_HASH)', () => {
    const [first] = chainOf(1);
    const { hash: _h, ...content } = { ...first!, prevHash: 'a'.repeat(64) };
    const verdict = verifyChain([{ ...content, hash: hashEvent(content) }]);
    expect(verdict.firstBreak).toMatchObject({ reason: 'FIRST_EVENT_HAS_PREVIOUS_HASH', seq: 1, index: 0 });
  });

  test('an event whose prevHash is not the previous hash is refused (PREVIOUS_HASH_MISMATCH)', () => {
    const chain = chainOf(3);
    const { hash: _h, ...content } = { ...chain[2]!, prevHash: chain[0]!.hash };
    chain[2] = { ...content, hash: hashEvent(content) };
    expect(verifyChain(chain).firstBreak).toMatchObject({ reason: 'PREVIOUS_HASH_MISMATCH', seq: 3, index: 2 });
  });

  test('a chain that does not start at seq 1 has lost its head (SEQUENCE_GAP)', () => {
    const chain = chainOf(3).slice(1);
    expect(verifyChain(chain).firstBreak).toMatchObject({ reason: 'SEQUENCE_GAP', seq: 2, index: 0 });
  });

  test('an event of another chain is refused (WRONG_CHAIN)', () => {
    const chain = chainOf(3);
    const { hash: _h, ...content } = { ...chain[2]!, chain: 'claim:00000000-0000-4000-8000-000000000000' };
    chain[2] = { ...content, hash: hashEvent(content) };
    expect(verifyChain(chain).firstBreak).toMatchObject({ reason: 'WRONG_CHAIN', index: 2 });
  });

  test('a cut tail is valid in itself but TAIL_MISSING once the owner version is given', () => {
    const chain = chainOf(5).slice(0, 3);
    expect(verifyChain(chain).valid).toBe(true);
    const verdict = verifyChain(chain, 5);
    expect(verdict.valid).toBe(false);
    expect(verdict.firstBreak).toMatchObject({ reason: 'TAIL_MISSING', seq: 4, index: 3 });
    expect(verdict.firstBreak?.message).toContain('5');
    expect(verdict.headHash).toBe(chain[2]!.hash);
  });
});
