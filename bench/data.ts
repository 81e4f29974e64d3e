import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashEvent, recordOf, type HashedEvent } from '../server/domain/hashChain';
import { digest } from '../server/domain/secrets';
import { ENGLISH, LANGUAGES, VOCABULARY_SIZE } from './vocabulary';

/**
 * A realistic database for the benchmark, made with generate_series in seconds: by default 100,000
 * claims in every state, 1,000 actors, 5,000 sources, 300,000 evidence rows and 1,000,000 history
 * events (valid hash chains, so verifyHistory passes after the write scenario). Claims are in five
 * languages (vocabulary.ts: 70 % English, 7.5 % each French, Spanish, Arabic, Chinese). `scale` multiplies
 * everything. Deterministic apart from ids, so runs compare.
 */
export interface Sizes {
  claims: number;
  actors: number;
  sources: number;
  evidencePerClaim: number;
  eventsPerClaim: number;
  editors: number;
}

export function sizes(scale: number): Sizes {
  return {
    claims: Math.round(100_000 * scale),
    actors: Math.max(10, Math.round(1_000 * scale)),
    sources: Math.max(10, Math.round(5_000 * scale)),
    evidencePerClaim: 3,
    eventsPerClaim: 10,
    editors: 32,
  };
}

export async function generate(url: string, scale: number, log: (m: string) => void): Promise<Sizes> {
  const n = sizes(scale);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    // A deterministic "random" word for row g, position i, from a vocabulary passed as a parameter:
    // a uniform u, cubed, picks low ranks far more often than high ones (a Zipf-like long tail).
    // `vocabulary` is `$1` (one list) or `$1[r.language]` (one list per language, as rows).
    const rank = (g: string, i: number) => `1 + floor(${VOCABULARY_SIZE} * power(abs(hashtext(${g}::text || '-${i}'))::float8 / 2147483648, 3))::int`;
    const word = (g: string, i: number) => `($1::text[])[${rank(g, i)}]`;
    const sentence = (g: string, count: number, offset = 0) =>
      Array.from({ length: count }, (_, i) => word(g, i + offset)).join(` || ' ' || `);
    const claimWord = (i: number) => `($1::text[])[r.language][${rank('g', i)}]`;
    const claimSentence = (count: number, offset = 0) =>
      Array.from({ length: count }, (_, i) => claimWord(i + offset)).join(` || l.separator || `);
    // Each claim's language by a hash of its number (not by g % 20, which decides its status).
    const languageOf = LANGUAGES.flatMap((l, k) => Array<number>(l.share).fill(k + 1));

    log(`users and topics`);
    await db.query(`INSERT INTO users (email, display_name, role)
      SELECT 'bench-editor-' || g || '@bench.example', 'Bench Editor ' || g, 'EDITOR' FROM generate_series(1, ${n.editors}) g`);
    await db.query(`INSERT INTO users (email, display_name, role) VALUES ('bench-auditor@bench.example', 'Bench Auditor', 'AUDITOR')`);
    await db.query(`INSERT INTO topics (slug, name) SELECT 'topic-' || g, 'Topic ' || g FROM generate_series(1, 50) g`);

    log(`${n.actors} actors, ${n.sources} sources`);
    await db.query(`INSERT INTO actors (name, kind, title, country, aliases)
      SELECT 'Actor ' || g, (ARRAY['PERSON','ORGANISATION','GOVERNMENT','OUTLET'])[1 + g % 4], 'Title ' || g,
             (ARRAY['US','GB','FR','DE','KP','CN','RU','IN'])[1 + g % 8], ARRAY['A. ' || g]
      FROM generate_series(1, ${n.actors}) g`);
    await db.query(`INSERT INTO sources (title, url, publisher, published_on, kind)
      SELECT 'Source ' || g || ': ' || ${sentence('g', 5)}, 'https://example.org/source/' || g, 'Publisher ' || (g % 100),
             date '2015-01-01' + (g % 3650), (ARRAY['ARTICLE','SPEECH','TRANSCRIPT','REPORT','DATASET','SOCIAL_POST','OTHER'])[1 + g % 7]
      FROM generate_series(1, ${n.sources}) g`, [ENGLISH]);

    log(`${n.claims} claims`);
    // Status by g % 20: 50 % published, 15 % draft, 15 % in review, 10 % pending, 10 % archived.
    await db.query(`
      WITH a AS (SELECT array_agg(id ORDER BY name) ids FROM actors),
           s AS (SELECT array_agg(id ORDER BY url) ids FROM sources),
           rows AS (
             SELECT g, CASE WHEN g % 20 < 10 THEN 'PUBLISHED' WHEN g % 20 < 13 THEN 'DRAFT' WHEN g % 20 < 16 THEN 'IN_REVIEW'
                            WHEN g % 20 < 18 THEN 'PENDING_APPROVAL' ELSE 'ARCHIVED' END AS status,
                    (ARRAY['TRUE','MOSTLY_TRUE','MIXED','MOSTLY_FALSE','FALSE','MISLEADING','UNPROVEN','NOT_CHECKABLE'])[1 + (g / 20) % 8] AS verdict,
                    timestamptz '2024-01-01' + (g * interval '5 minutes') * (100000.0 / ${n.claims}) AS created,
                    ($2::int[])[1 + abs(hashtext(g::text || '-language')) % ${languageOf.length}] AS language
             FROM generate_series(1, ${n.claims}) g),
           languages AS (SELECT * FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS l (tag, separator, k))
      INSERT INTO claims (text, quote, claimant_id, first_appearance_id, claimed_on, context, review_status, verdict,
                          verdict_rationale, attribution_status, published_at, created_at, updated_at, version, language)
      SELECT 'Claim ' || g || ': ' || ${claimSentence(12)}, ${claimSentence(6, 20)}, a.ids[1 + (g * 31) % ${n.actors}],
             s.ids[1 + (g * 17) % ${n.sources}], date '2015-01-01' + (g % 3650), 'Context ' || ${claimSentence(4, 40)},
             r.status, CASE WHEN r.status IN ('PUBLISHED', 'PENDING_APPROVAL') THEN r.verdict END,
             CASE WHEN r.status IN ('PUBLISHED', 'PENDING_APPROVAL') THEN 'Rationale for claim ' || g END,
             (ARRAY['VERIFIED','PARAPHRASED','MISATTRIBUTED','UNVERIFIED'])[1 + g % 4],
             CASE WHEN r.status = 'PUBLISHED' THEN r.created + interval '2 days' END, r.created, r.created, ${n.eventsPerClaim}, l.tag
      FROM rows r JOIN languages l ON l.k = r.language, a, s`,
      [LANGUAGES.map((l) => l.words), languageOf, LANGUAGES.map((l) => l.tag), LANGUAGES.map((l) => l.separator)]);
    await db.query(`INSERT INTO claim_topics (claim_id, topic_id)
      SELECT c.id, t.ids[1 + abs(hashtext(c.id::text)) % 50] FROM claims c, (SELECT array_agg(id ORDER BY slug) ids FROM topics) t`);

    log(`${n.claims * n.evidencePerClaim} evidence rows`);
    await db.query(`
      INSERT INTO evidence (claim_id, source_id, url, excerpt, stance, reliability, is_public, created_at, updated_at)
      SELECT c.id, s.ids[1 + abs(hashtext(c.id::text || k)) % ${n.sources}], 'https://example.org/evidence/' || abs(hashtext(c.id::text || k)),
             'Excerpt ' || k, (ARRAY['SUPPORTS','REFUTES','CONTEXT'])[1 + k % 3], 1 + k % 5, k <> 3, c.created_at, c.created_at
      FROM claims c CROSS JOIN generate_series(1, ${n.evidencePerClaim}) k, (SELECT array_agg(id ORDER BY url) ids FROM sources) s`);
    await db.query(`INSERT INTO disputes (claim_id, raised_by_name, reason)
      SELECT id, 'Reader ' || left(id::text, 8), 'The figures are disputed by a reader.' FROM claims WHERE review_status = 'PUBLISHED' AND abs(hashtext(id::text)) % 50 = 0`);
    await db.query(`UPDATE claims SET dispute_status = 'DISPUTED' WHERE id IN (SELECT claim_id FROM disputes)`);
    // What the public reads: the published claims' copies, as an approval makes them (server/services/publishedVersions.ts).
    const columnsOf = async (table: string) =>
      (
        await db.query<{ list: string }>(
          `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS list FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
          [table],
        )
      ).rows[0]!.list;
    const [claimColumns, evidenceColumns] = [await columnsOf('claims'), await columnsOf('evidence')];
    await db.query(`INSERT INTO public_claims (${claimColumns}) SELECT ${claimColumns} FROM claims WHERE review_status = 'PUBLISHED'`);
    await db.query(`INSERT INTO public_evidence (${evidenceColumns}) SELECT ${evidenceColumns} FROM evidence WHERE claim_id IN (SELECT id FROM public_claims)`);

    log(`${n.claims * n.eventsPerClaim} history events (hash-chained)`);
    await writeHistory(db, n, url);
    // VACUUM as well as ANALYZE, as autovacuum would have done on a live database: a GIN index
    // filled by fewer rows than its pending list holds (public_claims' search index) is otherwise
    // left unmerged, and the planner rightly prefers a sequential scan to it.
    log('VACUUM ANALYZE');
    await db.query('VACUUM ANALYZE');
    return n;
  } finally {
    await db.end();
  }
}

const ACTIONS = ['createClaim', 'updateClaim', 'addEvidence', 'addEvidence', 'addEvidence', 'submitClaim', 'updateClaim', 'proposeVerdict', 'approveVerdict', 'updateClaim'];

/** Streams every claim's chain into COPY: hashes computed here exactly as the server does. */
async function writeHistory(db: Client, n: Sizes, url: string): Promise<void> {
  const reader = new Client({ connectionString: url });
  await reader.connect();
  const editor = (await db.query<{ id: string }>(`SELECT id FROM users WHERE role = 'EDITOR' ORDER BY email LIMIT 1`)).rows[0]!.id;
  await reader.query('BEGIN');
  await reader.query(`DECLARE claims_cur NO SCROLL CURSOR FOR SELECT id, text, review_status, created_at FROM claims ORDER BY created_at, id`);
  const csv = (v: string | number | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
  // Global positions in writing order, and times that never go back along them, as the server's counter hands them out.
  let position = 0;
  let lastOccurred = 0;
  async function* lines() {
    while (true) {
      const batch = await reader.query<{ id: string; text: string; review_status: string; created_at: Date }>('FETCH 2000 FROM claims_cur');
      if (batch.rows.length === 0) return;
      let chunk = '';
      for (const c of batch.rows) {
        let prev: string | null = null;
        for (let seq = 1; seq <= n.eventsPerClaim; seq++) {
          const e: HashedEvent = {
            chain: `claim:${c.id}`,
            seq,
            position: ++position,
            prevHash: prev,
            version: seq,
            claimId: c.id,
            entityType: 'CLAIM',
            entityId: c.id,
            action: ACTIONS[(seq - 1) % ACTIONS.length]!,
            userId: editor,
            userLabel: 'Bench Editor 1',
            occurredAt: new Date((lastOccurred = Math.max(lastOccurred, c.created_at.getTime() + seq * 60_000))).toISOString(),
            changes: seq === 1 ? { text: { from: null, to: c.text } } : { version: { from: seq - 1, to: seq } },
            note: null,
            state: { id: c.id, text: c.text, reviewStatus: seq === n.eventsPerClaim ? c.review_status : 'DRAFT', version: seq },
            hash: '',
          };
          e.hash = hashEvent(e);
          prev = e.hash;
          chunk +=
            [e.chain, e.seq, e.position!, e.claimId, e.entityType, e.entityId, e.action, e.version, e.userId, e.userLabel, e.occurredAt,
              JSON.stringify(e.changes), e.note, JSON.stringify(e.state), e.prevHash, e.hash, recordOf(e)]
              .map(csv)
              .join(',') + '\n';
        }
      }
      yield chunk;
    }
  }
  await pipeline(
    Readable.from(lines()),
    db.query(
      copyFrom(`COPY history_events (chain, seq, position, claim_id, entity_type, entity_id, action, version, user_id, user_label,
        occurred_at, changes, note, state, prev_hash, hash, record) FROM STDIN WITH (FORMAT csv)`),
    ),
  );
  await reader.query('COMMIT');
  await reader.end();
  await db.query(`UPDATE history_counter SET last_position = $1, last_occurred_at = $2`, [position, new Date(lastOccurred)]);
}

/** Fresh session tokens for the bench's editors and auditor (the bench does not need passwords). */
export async function benchSessions(url: string): Promise<{ editors: string[]; auditor: string }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const users = (await db.query<{ id: string; role: string }>(`SELECT id, role FROM users WHERE email LIKE 'bench-%' ORDER BY email`)).rows;
    const tokens: { editors: string[]; auditor: string } = { editors: [], auditor: '' };
    for (const u of users) {
      const token = `cls_${randomBytes(32).toString('base64url')}`;
      await db.query(`INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [u.id, digest(token)]);
      if (u.role === 'AUDITOR') tokens.auditor = token;
      else tokens.editors.push(token);
    }
    return tokens;
  } finally {
    await db.end();
  }
}
