import pino from 'pino';
import type { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { createDataSource, migrate } from '../../server/db/dataSource';
import { createEmptyDatabase, type EmptyDatabase } from '../helpers/emptyDatabase';
import { ExportVerifier } from '../../server/domain/exportVerification';
import { hashEvent, recordOf, type ChainedEvent, type HashedEvent } from '../../server/domain/hashChain';
import { topicSlug } from '../../server/domain/topicSlug';
import { ExportService } from '../../server/services/exports';
import { HistoryService } from '../../server/services/history';

/**
 * The migrations on a brand-new, empty database (not the migrated template the other tests copy):
 * all the way up, the constraints the product relies on, all the way down one by one, and up again.
 */

/** What each migration creates, oldest first; its down() must remove exactly these. */
const CREATED_BY: [migration: string, created: { tables?: string[]; columns?: string[] }][] = [
  ['CreateActorsSourcesTopics1764403200001', { tables: ['actors', 'sources', 'topics'] }],
  ['CreateUsers1764403200002', { tables: ['users'] }],
  ['CreateClaims1764403200003', { tables: ['claims', 'claim_topics'] }],
  ['CreateEvidence1764403200004', { tables: ['evidence'] }],
  ['CreateDisputes1764403200005', { tables: ['disputes'] }],
  ['CreateHistoryEvents1764403200006', { tables: ['history_events'] }],
  ['CreateSessionsAndApiKeys1764403200007', { tables: ['sessions', 'api_keys'] }],
  ['AddClaimImportFields1764403200008', { columns: ['claims.imported_from', 'claims.original_rating'] }],
  ['ClaimLanguageAsBcp471764489600001', {}],
  [
    'KeepImportedReviewDetails1764489600002',
    { columns: ['claims.imported_key', 'claims.original_rating_value', 'claims.original_best_rating', 'claims.original_worst_rating'] },
  ],
  ['AddLoginLimits1764576000001', { tables: ['login_limits'], columns: ['sessions.login_address'] }],
  ['AddHistoryPositions1764662400001', { tables: ['history_counter'], columns: ['history_events.position', 'history_events.position_hashed'] }],
  ['CreateCheckpoints1764662400002', { tables: ['checkpoints'] }],
  ['AddUserLocale1764748800001', { columns: ['users.locale'] }],
  ['AddApiQuotaUsage1764835200001', { tables: ['api_quota_usage'] }],
  ['AddCatalogRedirects1764921600005', { columns: ['actors.merged_into_id', 'sources.merged_into_id'] }],
  ['CreatePublishedVersions1765008000001', { tables: ['public_claims', 'public_evidence'] }],
  ['TopicSlugsInAnyScript1765094400001', {}],
  ['MultilingualSearch1765094400002', { tables: ['claim_search', 'public_claim_search', 'search_languages'] }],
  ['SearchPostings1765094400003', { tables: ['public_claim_terms'] }],
  ['SearchVocabulary1765180800001', { tables: ['actor_names', 'search_words'] }],
];
const NAMES = CREATED_BY.map(([name]) => name);
const tablesOf = (entries: typeof CREATED_BY) => entries.flatMap(([, c]) => c.tables ?? []).sort();
const columnsOf = (entries: typeof CREATED_BY) => entries.flatMap(([, c]) => c.columns ?? []).sort();
const ALL_TABLES = tablesOf(CREATED_BY);

let db: EmptyDatabase;
let ds: DataSource;

async function tables(): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
     ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** The columns added to existing tables by later migrations, as table.column, that exist now. */
async function addedColumns(): Promise<string[]> {
  const wanted = columnsOf(CREATED_BY);
  const rows: { c: string }[] = await ds.query(
    `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name || '.' || column_name = ANY($1::text[]) ORDER BY 1`,
    [wanted],
  );
  return rows.map((r) => r.c);
}

async function applied(): Promise<string[]> {
  const rows: { name: string }[] = await ds.query(`SELECT name FROM schema_migrations ORDER BY timestamp`);
  return rows.map((r) => r.name);
}

/** The SQLSTATE a statement fails with, or null when it succeeds (each in its own transaction). */
async function sqlstateOf(sql: string, params: unknown[] = []): Promise<string | null> {
  const runner = ds.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query(sql, params);
    return null;
  } catch (err) {
    return (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code ?? 'unknown';
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

const HASH = 'a'.repeat(64);

/** The next free global position (the server takes it from history_counter; these rows are hand-made). */
const NEXT_POSITION = `(SELECT COALESCE(max(position), 0) + 1 FROM history_events)`;

async function insertHistoryEvent(seq = 1, prevHash: string | null = null): Promise<void> {
  await ds.query(
    `INSERT INTO history_events (chain, seq, position, entity_type, entity_id, action, version, user_label, occurred_at, changes, state, prev_hash, hash, record)
     VALUES ('actor:x', $1, ${NEXT_POSITION}, 'ACTOR', gen_random_uuid(), 'createActor', 1, 'system', now(), '{}', '{}', $2, $3, '{}')`,
    [seq, prevHash, HASH],
  );
}

/**
 * Topic slugs against the topics CHECK: every slug topicSlug makes passes, what is not a slug is
 * refused (check violation). The CHECK uses code points only, so that holds in any locale.
 */
const SLUG_NAMES = [
  'العقوبات', '制裁', 'Sanctions', 'Sanctions (العقوبات)', 'हिन्दी समाचार', 'ข่าวปลอม', '리용호', 'ΣΟΦΟΣ', 'Straße',
  'Économie & Société', '٢٠١٨ انتخابات', 'می\u200cخواهم', '𠀀 ext-B', `${'制裁'.repeat(50)}`, 'İstanbul', 'ﾆｭｰｽ',
];
const NOT_SLUGS = ['North-korea', 'north korea', '-north', 'north-', 'north--korea', 'north_korea', 'a\u00a0b', 'a\u200cb', 'a–b', '', 'a'.repeat(81)];
const TOPIC_SLUGS_EXPECTED = [...SLUG_NAMES.map((name) => [name, null]), ...NOT_SLUGS.map((bad) => [bad, '23514'])];

async function topicSlugOutcomes(sqlstate: (sql: string, params: unknown[]) => Promise<string | null>): Promise<[string, string | null][]> {
  const insert = (slug: string) => sqlstate(`INSERT INTO topics (slug, name) VALUES ($1, 'A topic')`, [slug]);
  const outcomes: [string, string | null][] = [];
  for (const name of SLUG_NAMES) outcomes.push([name, await insert(topicSlug(name))]);
  for (const bad of NOT_SLUGS) outcomes.push([bad, await insert(bad)]);
  return outcomes;
}

beforeAll(async () => {
  db = await createEmptyDatabase('mig');
  ds = createDataSource({ url: db.url, poolSize: 2, log: pino({ level: 'silent' }) });
  await ds.initialize();
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

test('the new database starts empty', async () => {
  const rows: { n: number }[] = await ds.query(
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  expect(rows[0]!.n).toBe(0);
});

test('every migration runs up, oldest first, and creates the expected tables', async () => {
  const done = await migrate(ds);
  expect(done).toEqual(NAMES);
  expect(migrations.map((m) => m.name)).toEqual(NAMES);
  expect(await applied()).toEqual(done);
  expect(await tables()).toEqual(ALL_TABLES);
  expect(await addedColumns()).toEqual(columnsOf(CREATED_BY));
  expect(await migrate(ds)).toEqual([]);
});

describe('constraints the product relies on', () => {
  test('a topic slug in any script, as topicSlug makes it, is accepted; anything not shaped like a slug is refused', async () => {
    expect(await topicSlugOutcomes(sqlstateOf)).toEqual(TOPIC_SLUGS_EXPECTED);
  });

  test('a claim with an unknown review status is refused (check violation)', async () => {
    expect(await sqlstateOf(`INSERT INTO claims (text, review_status) VALUES ('A claim long enough to be valid.', 'DELETED')`)).toBe('23514');
    expect(await sqlstateOf(`INSERT INTO claims (text, review_status) VALUES ('A claim long enough to be valid.', 'DRAFT')`)).toBeNull();
  });

  test('a pending or published claim needs a verdict and a rationale; a published one a date', async () => {
    expect(await sqlstateOf(`INSERT INTO claims (text, review_status) VALUES ('A claim long enough to be valid.', 'PENDING_APPROVAL')`)).toBe('23514');
    expect(
      await sqlstateOf(
        `INSERT INTO claims (text, review_status, verdict, verdict_rationale) VALUES ('A claim long enough to be valid.', 'PUBLISHED', 'FALSE', 'Because.')`,
      ),
    ).toBe('23514');
    expect(
      await sqlstateOf(
        `INSERT INTO claims (text, review_status, verdict, verdict_rationale, published_at)
         VALUES ('A claim long enough to be valid.', 'PUBLISHED', 'FALSE', 'Because.', now())`,
      ),
    ).toBeNull();
  });

  test('two sources cannot share a URL; sources without a URL may be many', async () => {
    await ds.query(`INSERT INTO sources (title, url) VALUES ('Remarks', 'https://www.state.gov/remarks')`);
    expect(await sqlstateOf(`INSERT INTO sources (title, url) VALUES ('Remarks again', 'https://www.state.gov/remarks')`)).toBe('23505');
    await ds.query(`INSERT INTO sources (title) VALUES ('Notes 1'), ('Notes 2')`);
  });

  test('a foreign review can be imported once: imported_from is unique', async () => {
    const insert = `INSERT INTO claims (text, imported_from) VALUES ('A claim long enough to be valid.', 'https://example.org/review/1')`;
    await ds.query(insert);
    expect(await sqlstateOf(insert)).toBe('23505');
  });

  test('a claim language is a BCP 47 tag in canonical case: language, optional script and region', async () => {
    for (const tag of ['en', 'und', 'pt-BR', 'zh-Hant', 'zh-Hant-TW', 'es-419']) {
      expect(await sqlstateOf(`INSERT INTO claims (text, language) VALUES ('A claim long enough to be valid.', '${tag}')`)).toBeNull();
    }
    for (const tag of ['pt_BR', 'EN', 'pt-br', 'english', 'en-US-x-private']) {
      expect(await sqlstateOf(`INSERT INTO claims (text, language) VALUES ('A claim long enough to be valid.', '${tag}')`)).toBe('23514');
    }
  });

  test('a foreign review is one claim by its canonical key; its numeric rating lies on a scale of two ends', async () => {
    const insert = (url: string) => `INSERT INTO claims (text, imported_from, imported_key) VALUES ('A claim long enough to be valid.', '${url}', 'https://example.org/review/2')`;
    await ds.query(insert('https://example.org/review/2/'));
    expect(await sqlstateOf(insert('http://example.org/review/2?utm_source=x'))).toBe('23505');
    const rating = (value: number, best: number, worst: number) =>
      `INSERT INTO claims (text, original_rating_value, original_best_rating, original_worst_rating) VALUES ('A claim long enough to be valid.', ${value}, ${best}, ${worst})`;
    expect(await sqlstateOf(rating(2, 5, 1))).toBeNull();
    expect(await sqlstateOf(rating(1, 1, 5))).toBeNull();
    expect(await sqlstateOf(rating(7, 6, 1))).toBe('23514');
    expect(await sqlstateOf(rating(3, 3, 3))).toBe('23514');
    expect(await sqlstateOf(`INSERT INTO claims (text, original_rating_value) VALUES ('A claim long enough to be valid.', 2)`)).toBe('23514');
  });

  test('two users cannot share an e-mail address, whatever its case', async () => {
    await ds.query(`INSERT INTO users (email, display_name, role) VALUES ('fran@example.org', 'Fran', 'FACT_CHECKER')`);
    expect(await sqlstateOf(`INSERT INTO users (email, display_name, role) VALUES ('Fran@Example.org', 'Fran 2', 'EDITOR')`)).toBe('23505');
  });

  test("a user's locale is a BCP 47-shaped tag or nothing", async () => {
    const insert = (locale: string | null) =>
      sqlstateOf(`INSERT INTO users (email, display_name, role, locale) VALUES (gen_random_uuid() || '@example.org', 'Loc', 'EDITOR', $1)`, [locale]);
    expect(await insert('pt-BR')).toBeNull();
    expect(await insert(null)).toBeNull();
    expect(await insert('French')).toBe('23514');
    expect(await insert("fr'; DROP")).toBe('23514');
  });

  test('evidence needs a source or a URL and a reliability from 1 to 5', async () => {
    const [claim] = (await ds.query(`INSERT INTO claims (text) VALUES ('A claim long enough to be valid.') RETURNING id`)) as { id: string }[];
    const insert = (origin: string, reliability: number) =>
      sqlstateOf(`INSERT INTO evidence (claim_id, url, stance, reliability) VALUES ($1, ${origin}, 'SUPPORTS', $2)`, [claim!.id, reliability]);
    expect(await insert('NULL', 3)).toBe('23514');
    expect(await insert(`'https://example.org/a'`, 6)).toBe('23514');
    expect(await insert(`'https://example.org/a'`, 5)).toBeNull();
  });

  test('history events link to the previous hash except the first, and a chain position is unique', async () => {
    expect(await sqlstateOf(`INSERT INTO history_events (chain, seq, position, entity_type, entity_id, action, version, user_label, occurred_at, changes, state, prev_hash, hash, record)
      VALUES ('actor:y', 1, ${NEXT_POSITION}, 'ACTOR', gen_random_uuid(), 'createActor', 1, 'system', now(), '{}', '{}', $1, $1, '{}')`, [HASH])).toBe('23514');
    await insertHistoryEvent(1);
    await expect(insertHistoryEvent(1)).rejects.toMatchObject({ driverError: { code: '23505' } });
  });

  test('a global position is given once', async () => {
    expect(await sqlstateOf(`INSERT INTO history_events (chain, seq, position, entity_type, entity_id, action, version, user_label, occurred_at, changes, state, hash, record)
      VALUES ('actor:z', 1, (SELECT max(position) FROM history_events), 'ACTOR', gen_random_uuid(), 'createActor', 1, 'system', now(), '{}', '{}', $1, '{}')`, [HASH])).toBe('23505');
  });

  test('checkpoints are append-only, and each names its predecessor, which no other checkpoint may also name', async () => {
    const insert = (seq: number, prev: string | null, hash: string) =>
      sqlstateOf(
        `INSERT INTO checkpoints (seq, position, event_count, heads_digest, recorded_at, prev_hash, key_id, hash, signature, record)
         VALUES ($1, 0, 0, $4, now(), $2, $4, $3, $5, '{}')`,
        [seq, prev, hash, HASH, 'b'.repeat(128)],
      );
    const [c1, c2, c3] = ['c', 'd', 'e'].map((x) => x.repeat(64)) as [string, string, string];
    expect(await insert(1, c1, c1)).toBe('23514'); // the first has no predecessor
    await ds.query(`INSERT INTO checkpoints (seq, position, event_count, heads_digest, recorded_at, key_id, hash, signature, record)
      VALUES (1, 0, 0, $1, now(), $1, $2, $3, '{}')`, [HASH, c1, 'b'.repeat(128)]);
    expect(await insert(2, c3, c2)).toBe('23503'); // a predecessor that does not exist
    expect(await insert(2, null, c2)).toBe('23514');
    await ds.query(`INSERT INTO checkpoints (seq, position, event_count, heads_digest, recorded_at, prev_hash, key_id, hash, signature, record)
      VALUES (2, 0, 0, $1, now(), $2, $1, $3, $4, '{}')`, [HASH, c1, c2, 'b'.repeat(128)]);
    expect(await insert(3, c1, c3)).toBe('23505'); // a fork: #1 already has a successor
    for (const sql of [`UPDATE checkpoints SET position = 1`, `DELETE FROM checkpoints`, `TRUNCATE checkpoints`]) {
      expect(await sqlstateOf(sql)).toBe('42501');
    }
  });

  test('history_events refuses UPDATE, DELETE and TRUNCATE (append-only trigger)', async () => {
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM history_events`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    for (const sql of [
      `UPDATE history_events SET user_label = 'someone else'`,
      `DELETE FROM history_events`,
      `TRUNCATE history_events`,
    ]) {
      expect(await sqlstateOf(sql)).toBe('42501');
    }
    await expect(ds.query(`DELETE FROM history_events`)).rejects.toThrow(/append-only: DELETE refused/);
    const [{ after }] = (await ds.query(`SELECT count(*)::int AS after FROM history_events`)) as [{ after: number }];
    expect(after).toBe(n);
  });
});

test('every migration reverts, newest first, removing exactly what it created', async () => {
  const remaining = [...CREATED_BY];
  for (let guard = 0; (await applied()).length > 0 && guard <= CREATED_BY.length; guard++) {
    await ds.undoLastMigration({ transaction: 'each' });
    remaining.pop();
    expect(await applied()).toEqual(remaining.map(([name]) => name));
    expect(await tables()).toEqual(tablesOf(remaining));
    expect(await addedColumns()).toEqual(columnsOf(remaining));
  }
  expect(remaining).toEqual([]);
  expect(await tables()).toEqual([]);
  const fns: unknown[] = await ds.query(`SELECT 1 FROM pg_proc WHERE proname IN ('history_events_refuse_change', 'checkpoints_refuse_change')`);
  expect(fns).toEqual([]);
});

test('after a full revert every migration runs up again and the append-only trigger is back', async () => {
  expect(await migrate(ds)).toEqual(NAMES);
  expect(await tables()).toEqual(ALL_TABLES);
  expect(await addedColumns()).toEqual(columnsOf(CREATED_BY));
  await insertHistoryEvent(1);
  expect(await sqlstateOf(`DELETE FROM history_events`)).toBe('42501');
});

test('AddHistoryPositions numbers the events recorded before it in the order they were written, keeps their records, and they still verify', async () => {
  // A history as the server wrote it before positions existed: two chains, interleaved.
  while ((await applied()).length) await ds.undoLastMigration({ transaction: 'each' });
  await migrate(ds);
  // Back to just before AddHistoryPositions, whatever migrations came after it.
  while ((await applied()).at(-1) !== 'AddLoginLimits1764576000001') await ds.undoLastMigration({ transaction: 'each' });
  const legacy: HashedEvent[] = [];
  const last = new Map<string, HashedEvent>();
  for (const [i, chain] of ['actor:11111111-1111-4111-8111-111111111111', 'source:22222222-2222-4222-8222-222222222222', 'actor:11111111-1111-4111-8111-111111111111'].entries()) {
    const prev = last.get(chain);
    const id = chain.slice(chain.indexOf(':') + 1);
    const e: ChainedEvent = {
      chain, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? null, version: (prev?.seq ?? 0) + 1, claimId: null,
      entityType: chain.startsWith('actor') ? 'ACTOR' : 'SOURCE', entityId: id, action: prev ? 'updateActor' : chain.startsWith('actor') ? 'createActor' : 'createSource',
      userId: null, userLabel: 'system', occurredAt: `2026-01-0${i + 1}T10:00:00.000Z`, changes: { name: { from: null, to: `Name ${i}` } }, note: null, state: { id, name: `Name ${i}` },
    };
    const hashed = { ...e, hash: hashEvent(e) };
    await ds.query(
      `INSERT INTO history_events (chain, seq, prev_hash, version, claim_id, entity_type, entity_id, action, user_id, user_label, occurred_at, changes, note, state, hash, record)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, NULL, $8, $9, $10, NULL, $11, $12, $13)`,
      [e.chain, e.seq, e.prevHash, e.version, e.entityType, e.entityId, e.action, e.userLabel, e.occurredAt, JSON.stringify(e.changes), JSON.stringify(e.state), hashed.hash, recordOf(hashed)],
    );
    legacy.push(hashed);
    last.set(chain, hashed);
  }

  expect((await migrate(ds)).slice(0, 2)).toEqual(['AddHistoryPositions1764662400001', 'CreateCheckpoints1764662400002']);
  const rows: { position: number; position_hashed: boolean; record: string }[] = await ds.query(
    `SELECT position, position_hashed, record FROM history_events ORDER BY id`,
  );
  expect(rows).toEqual(legacy.map((e, i) => ({ position: i + 1, position_hashed: false, record: recordOf(e) })));
  expect(await ds.query(`SELECT last_position FROM history_counter`)).toEqual([{ last_position: 3 }]);
  // The trigger is back on.
  expect(await sqlstateOf(`UPDATE history_events SET position = position + 10`)).toBe('42501');

  // The next event gets the next position, and its hash covers it.
  const history = new HistoryService(ds);
  const appended = await ds.transaction((em) =>
    history.append(em, {
      chain: legacy[0]!.chain, claimId: null, entityType: 'ACTOR', entityId: legacy[0]!.entityId, action: 'updateActor', version: 3,
      author: { userId: null, label: 'system' }, changes: { name: { from: 'Name 2', to: 'Name 3' } }, state: { id: legacy[0]!.entityId, name: 'Name 3' },
    }),
  );
  expect(appended).toMatchObject({ seq: 3, position: 4, prevHash: legacy[2]!.hash });
  expect((await history.verify(legacy[0]!.chain, 3)).valid).toBe(true);

  // The export verifies: the first three lines carry no position, the fourth its own.
  const opened = await new ExportService(ds).open('history', 'ndjson', {});
  let text = '';
  for await (const chunk of opened.stream) text += chunk;
  opened.release(false);
  const verifier = new ExportVerifier();
  const lines = text.split('\n');
  for (const l of lines.slice(0, -1)) expect(verifier.addLine(Buffer.from(l), true)).toBe(true);
  expect(verifier.finish()).toBeNull();
  expect({ legacy: verifier.legacyEvents, events: verifier.events, digest: verifier.headList().digest }).toEqual({
    legacy: 3,
    events: 4,
    digest: (await history.heads()).digest,
  });
});

test('the topic slug CHECK is the same in a database whose LC_CTYPE is C (no letter outside ASCII is [[:alnum:]] there)', async () => {
  const c = await createEmptyDatabase('mig_c', 'C');
  const cds = createDataSource({ url: c.url, poolSize: 1, log: pino({ level: 'silent' }) });
  try {
    await cds.initialize();
    await migrate(cds);
    const [{ alnum }] = (await cds.query(`SELECT '制裁' ~ '^[[:alnum:]]+$' AS alnum`)) as [{ alnum: boolean }];
    expect(alnum).toBe(false); // why the CHECK does not use it
    const sqlstate = async (sql: string, params: unknown[]) => {
      try {
        await cds.transaction(async (em) => {
          await em.query(sql, params);
          throw new Error('rollback');
        });
        return null;
      } catch (err) {
        return (err as { driverError?: { code?: string } }).driverError?.code ?? null;
      }
    };
    expect(await topicSlugOutcomes(sqlstate)).toEqual(TOPIC_SLUGS_EXPECTED);
  } finally {
    if (cds.isInitialized) await cds.destroy();
    await c.drop();
  }
});
