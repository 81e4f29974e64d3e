import { createServer } from 'node:http';
import { Pool } from 'pg';

/**
 * The raw-SQL limit: a bare Node HTTP server answering scenario 1 (the first page of 20 published
 * claims with claimant name, first-appearance title, evidence stance and URL) with ONE hand-written
 * SQL statement through pg, PostgreSQL building the whole JSON response. Nothing between the
 * socket and the database: no routing, parsing, validation, auth or GraphQL. What ClaimLedger
 * is measured against.
 */
const SCENARIO_1 = `
  SELECT json_build_object('data', json_build_object('claims', json_build_object('edges', COALESCE(json_agg(
    json_build_object('node', json_build_object(
      'id', c.id, 'text', c.text, 'verdict', c.verdict,
      'claimant', (SELECT json_build_object('name', a.name) FROM actors a WHERE a.id = c.claimant_id),
      'firstAppearance', (SELECT json_build_object('title', s.title) FROM sources s WHERE s.id = c.first_appearance_id),
      'evidence', COALESCE((SELECT json_agg(json_build_object('stance', e.stance, 'url', e.url) ORDER BY e.created_at, e.id)
                            FROM public_evidence e WHERE e.claim_id = c.id AND e.removed_at IS NULL AND e.is_public), '[]'::json)))
    ORDER BY c.created_at DESC, c.id DESC), '[]'::json))))::text AS body
  FROM (SELECT * FROM public_claims WHERE withdrawn_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20) c`;

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) });

const server = createServer((req, res) => {
  // Drain the request body (the same GraphQL request ClaimLedger gets); its content is ignored.
  req.resume();
  req.on('end', () => {
    pool.query<{ body: string }>(SCENARIO_1).then(
      (r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(r.rows[0]!.body);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
});

server.listen(Number(process.env.PORT ?? 4001), '127.0.0.1', () => process.stdout.write('raw-sql server ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
