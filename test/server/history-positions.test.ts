import { claimIn } from '../fixtures/newsroom';
import { useApp, useNewsroom } from '../helpers/useApp';

/**
 * Every history event gets a global position: 1, 2, 3 … across all chains, without gaps, in the
 * order the changes committed — also when two server processes write at once, and when a change
 * fails after writing its event. That order is what lets an export prove the order of events
 * across chains, and makes every export a prefix of any later one.
 */

const { app, n } = useNewsroom();
const second = useApp(() => ({ databaseUrl: app.databaseUrl }));

interface Row {
  position: number;
  chain: string;
  seq: number;
  occurred_at: string;
}

const rows = async (): Promise<Row[]> =>
  app.ds.query(`SELECT position, chain, seq, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS occurred_at FROM history_events ORDER BY position`);

test('two servers writing at once: positions are 1 … N without gaps, each chain in seq order, occurredAt never going back', async () => {
  await Promise.all(Array.from({ length: 16 }, (_, i) => claimIn(i % 2 ? second : app, n, (['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'ARCHIVED'] as const)[i % 4]!)));
  const all = await rows();
  expect(all.length).toBeGreaterThan(50);
  expect(all.map((r) => r.position)).toEqual(all.map((_, i) => i + 1));
  const lastSeq = new Map<string, number>();
  for (const r of all) {
    expect({ chain: r.chain, seq: r.seq }).toEqual({ chain: r.chain, seq: (lastSeq.get(r.chain) ?? 0) + 1 });
    lastSeq.set(r.chain, r.seq);
  }
  const times = all.map((r) => r.occurred_at);
  expect(times).toEqual([...times].sort());
  const [{ last_position }] = await app.ds.query(`SELECT last_position FROM history_counter`);
  expect(Number(last_position)).toBe(all.length);
});

test('positions follow commit order: an append waits for the transaction holding the counter to end', async () => {
  // A transaction that has appended but not committed holds the next position …
  const runner = app.ds.createQueryRunner();
  await runner.startTransaction();
  try {
    const held = await app.services.history.append(runner.manager, {
      chain: `actor:${n.actorId}`, claimId: null, entityType: 'ACTOR', entityId: n.actorId, action: 'updateActor', version: 99,
      author: { userId: null, label: 'test' }, changes: {}, state: {},
    });
    // … so a change made meanwhile elsewhere is recorded only after it ends, with the position after it.
    let done = false;
    const change = claimIn(second, n, 'DRAFT').then((c) => ((done = true), c));
    const [waiting] = await poll(
      () => app.ds.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`),
      (r: { waiting: number }[]) => r[0]!.waiting > 0,
    );
    expect({ blocked: waiting!.waiting, done }).toEqual({ blocked: 1, done: false });
    await runner.rollbackTransaction();
    // Rolled back: its position was never used, and the waiting change takes it.
    const created = await change;
    const [event] = await app.ds.query(`SELECT position FROM history_events WHERE chain = $1`, [`claim:${created.id}`]);
    expect(Number(event.position)).toBe(held.position);
    const all = await rows();
    expect(all.map((r) => r.position)).toEqual(all.map((_, i) => i + 1));
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
});

/** Re-runs a query until its answer satisfies `done` (bounded: about five seconds). */
async function poll<T>(query: () => Promise<T>, done: (t: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const t = await query();
    if (done(t) || i === 100) return t;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
