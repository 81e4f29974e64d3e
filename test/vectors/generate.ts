/**
 * Rebuilds docs/verification-vectors/: `npx tsx test/vectors/generate.ts`.
 *
 * A real server (a throw-away embedded PostgreSQL, the real services, HTTP and GraphQL) records a
 * small history — users, an actor, a source, three claims — and signs checkpoints along the way;
 * the auditor's exports, head list, checkpoint log and public key are downloaded as an auditor
 * would. Every other vector is one of those files tampered with in one precise way. Each vector's
 * expected outcome is written here from the specification (which check a tampering must trip, at
 * which line), never read back from a verifier; the TypeScript verifier is then run on every
 * vector and the files are written only if it agrees with all of them. The signing key is
 * generated for the run and thrown away: only its public half is kept.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import canonicalize from 'canonicalize';
import { ensureFirstAdmin } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import { createDataSource, migrate } from '../../server/db/dataSource';
import { startEmbeddedDatabase } from '../../server/db/embedded';
import { EMPTY_DIGEST, ROTATION_FORMAT, checkpointRecord, type Checkpoint, type CheckpointPayload, type RotationCheckpoint } from '../../server/domain/checkpoint';
import { publishedKey, signCheckpoint } from '../../server/domain/checkpointCrypto';
import { headsDigest, type Head } from '../../server/domain/exportRecord';
import { hashEvent, recordOf, type HashedEvent } from '../../server/domain/hashChain';
import { createHttpApp } from '../../server/http';
import { createServices } from '../../server/services';
import { loadOrCreateSigningKey, rotateSigningKey } from '../../server/services/checkpoints';
import { mismatches, runVector, type Expect, type Vector } from './outcome';

const OUT = path.resolve(__dirname, '../../docs/verification-vectors');
const log = pino({ level: 'warn' });
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

type Event = HashedEvent & Record<string, unknown>;

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'claimledger-vectors-'));
  const db = await startEmbeddedDatabase({ dataDir: path.join(tmp, 'pg'), port: 54500, log, postgresFlags: ['-c', 'fsync=off'] });
  const ds = createDataSource({ url: db.url, poolSize: 4, log });
  await ds.initialize();
  await migrate(ds);
  const keyFile = path.join(tmp, 'checkpoint-key.pem');
  const { signer } = loadOrCreateSigningKey(keyFile);
  const services = createServices(ds, { ...loadConfig({}), checkpointSigner: signer });
  const http = await createHttpApp({ config: { ...loadConfig({}), introspection: false, METRICS_ENABLED: false }, services, log });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  const files = new Map<string, string | Buffer>();
  const vectors: Vector[] = [];

  try {
    const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data: T; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const login = async (email: string, password: string) =>
      (await gql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password })).login.token;

    // --- the history: twelve events, a checkpoint after the 5th, 10th and 12th -----------------
    await ensureFirstAdmin(services, { ADMIN_EMAIL: 'admin@vectors.example', ADMIN_PASSWORD: 'vectors-admin-password' }, log); // 1
    const admin = await login('admin@vectors.example', 'vectors-admin-password');
    await gql(`mutation { createUser(input: { email: "zoe@vectors.example", displayName: "Zoë Checker", role: FACT_CHECKER, password: "vectors-checker-password" }) { id } }`, {}, admin); // 2
    const checker = await login('zoe@vectors.example', 'vectors-checker-password');
    const { createActor: actor } = await gql<{ createActor: { id: string; version: number } }>(
      `mutation { createActor(input: { name: "Mike Pompeo", kind: PERSON, title: "US Secretary of State" }) { id version } }`, {}, checker); // 3
    const { createSource: source } = await gql<{ createSource: { id: string } }>(
      `mutation { createSource(input: { title: "UN Panel of Experts report S/2019/171", url: "https://undocs.org/S/2019/171", kind: REPORT }) { id } }`, {}, checker); // 4
    const create = async (text: string, extra: Record<string, unknown> = {}) =>
      (await gql<{ createClaim: { id: string; version: number } }>(`mutation($i: CreateClaimInput!) { createClaim(input: $i) { id version } }`, { i: { text, ...extra } }, checker)).createClaim;
    const a = await create('North Korea’s 2018 refined-petroleum imports exceeded the UN cap of 500,000 barrels.', {
      claimantId: actor.id, quote: 'the cap of 500,000 barrels has been breached this year', context: 'UN Security Council, New York (not Genève)',
    }); // 5
    const record = async () => (await gql<{ recordCheckpoint: { seq: number } }>(`mutation { recordCheckpoint { seq } }`, {}, admin)).recordCheckpoint;
    await record(); // checkpoint #1 at position 5
    await gql(`mutation($id: ID!, $s: ID!) { addEvidence(claimId: $id, expectedVersion: 1, input: { sourceId: $s, stance: SUPPORTS, reliability: 4 }) { id } }`, { id: a.id, s: source.id }, checker); // 6
    const b = await create('Sanctions have had no effect on North Korea at all.'); // 7
    await gql(`mutation($id: ID!) { updateActor(id: $id, expectedVersion: 1, input: { title: "US Secretary of State (2018–2021)" }) { id } }`, { id: actor.id }, checker); // 8
    await gql(`mutation($id: ID!) { submitClaim(id: $id, expectedVersion: 2) { id } }`, { id: a.id }, checker); // 9
    await gql(`mutation($id: ID!) { archiveClaim(id: $id, expectedVersion: 1, reason: "Duplicate of an earlier claim.") { id } }`, { id: b.id }, admin); // 10
    await record(); // #2 at 10
    const exportNow = async (query = '') => {
      const res = await fetch(`${url}/export/history.ndjson${query}`, { headers: { authorization: `Bearer ${admin}` } });
      if (res.status !== 200) throw new Error(`export: ${res.status}`);
      return res.text();
    };
    const earlierText = await exportNow();
    const midTime = (JSON.parse(earlierText.split('\n')[5]!) as Event).occurredAt;
    await gql(`mutation($id: ID!) { updateClaim(id: $id, expectedVersion: 3, input: { context: "UN Security Council, New York" }) { id } }`, { id: a.id }, checker); // 11
    await create('The Panel of Experts documented 89 ship-to-ship transfers.'); // 12
    await record(); // #3 at 12
    const genuineText = await exportNow();
    const filteredText = await exportNow(`?from=${encodeURIComponent(midTime)}`);
    const logText = await (await fetch(`${url}/checkpoints.ndjson`)).text();
    const publicKey = await (await fetch(`${url}/checkpoints/public-key`)).json();
    const dbHeads = await services.history.heads();
    // The operator rotates the key (checkpoint #4, signed by the first key, names the second; #5 is
    // the second's first), and one more checkpoint follows: no new events, so all cover 12.
    const nextKeyFile = path.join(tmp, 'checkpoint-key-2.pem');
    await rotateSigningKey(services.checkpoints, keyFile, nextKeyFile);
    await record(); // #6
    const rotatedText = await (await fetch(`${url}/checkpoints.ndjson`)).text();
    const nextPublicKey = await (await fetch(`${url}/checkpoints/public-key`)).json();
    const keyList = await (await fetch(`${url}/checkpoints/public-keys`)).json();
    const next = loadOrCreateSigningKey(nextKeyFile).signer;

    // --- the files ---------------------------------------------------------------------------
    const G = genuineText.slice(0, -1).split('\n');
    const E = earlierText.slice(0, -1).split('\n');
    if (G.length !== 12 || E.length !== 10 || E.some((l, i) => l !== G[i])) throw new Error('unexpected history: the scenario changed');
    const parse = (l: string) => JSON.parse(l) as Event;
    const ev = G.map(parse);
    const chainOf = (i: number) => ev[i - 1]!.chain;
    const [A, B, ACTOR] = [`claim:${a.id}`, `claim:${b.id}`, `actor:${actor.id}`];
    const cps = logText.slice(0, -1).split('\n');
    const cp = cps.map((l) => JSON.parse(l) as Checkpoint);
    const digestOf = (lines: string[]) => {
      const heads = new Map<string, Head>();
      for (const l of lines) {
        const e = parse(l);
        heads.set(e.chain, { chain: e.chain, seq: e.seq, hash: e.hash });
      }
      return headsDigest([...heads.values()]);
    };
    const [G12, G10] = [digestOf(G), digestOf(E)];
    if (G12 !== dbHeads.digest || cp[2]!.headsDigest !== G12 || cp[1]!.headsDigest !== G10 || cp[0]!.headsDigest !== digestOf(G.slice(0, 5))) {
      throw new Error('the exports, the database and the checkpoints disagree');
    }

    const nd = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
    const put = (name: string, content: string | Buffer) => {
      if (files.has(name) && files.get(name) !== content) throw new Error(`two contents for ${name}`);
      files.set(name, content);
      return name;
    };
    const vector = (name: string, about: string, args: string[], expect: Expect) => vectors.push({ name, about, args, expect });
    const fails = (code: string, file: string, line: number | null, subject?: string): Expect => ({ exit: 1, code, file, line, ...(subject ? { subject } : {}) });
    /** An export that differs from the genuine one only in the lines `change` gives. */
    const variant = (name: string, change: (lines: string[]) => string[]) => put(`${name}.ndjson`, nd(change([...G])));
    const withLine = (n: number, text: string) => (lines: string[]) => (lines.splice(n - 1, 1, text), lines);
    const oneChar = (line: string, marker: string, offset = 0) => {
      const at = line.indexOf(marker) + marker.length + offset;
      if (line.indexOf(marker) < 0 || at >= line.length) throw new Error(`no ${marker}`);
      const from = line[at]!;
      const to = /[0-8]/.test(from) ? String(Number(from) + 1) : from === '9' ? '8' : /[a-e]/.test(from) ? String.fromCharCode(from.charCodeAt(0) + 1) : from === 'f' ? 'e' : from === from.toUpperCase() ? from.toLowerCase() : from.toUpperCase();
      return line.slice(0, at) + to + line.slice(at + 1);
    };
    /** What a forger with the algorithm writes: the event re-hashed, canonical. */
    const reseal = (e: Event) => recordOf({ ...e, hash: hashEvent(e) });
    /** Re-hashes `chain`'s events from line `from` on, each linked to the one before: a rewrite that checks out alone. */
    const rechain = (lines: string[], chain: string, from: number, edit: (e: Event) => Event = (e) => e) => {
      let prevHash: string | null | undefined;
      return lines.map((l, i) => {
        const e = parse(l);
        if (e.chain !== chain || i + 1 < from) return l;
        const edited = edit(prevHash === undefined ? e : { ...e, prevHash });
        const text = reseal(edited);
        prevHash = parse(text).hash;
        return text;
      });
    };
    const renumber = (lines: string[]) => {
      // A forger who deleted lines renumbers every later position and re-chains each chain.
      const out: string[] = [];
      const last = new Map<string, string>();
      lines.forEach((l, i) => {
        const e = parse(l);
        const text = reseal({ ...e, position: i + 1, prevHash: e.seq === 1 ? null : last.get(e.chain)! });
        last.set(e.chain, parse(text).hash);
        out.push(text);
      });
      return out;
    };

    put('genuine.ndjson', genuineText);
    put('earlier.ndjson', earlierText);
    put('filtered.ndjson', filteredText);
    put('empty.ndjson', '');
    put('checkpoints.ndjson', logText);
    put('checkpoints-earlier.ndjson', nd(cps.slice(0, 2)));
    put('public-key.json', `${JSON.stringify(publicKey, null, 2)}\n`);
    const headsFile = (heads: Head[]) => `${JSON.stringify({ format: 'claimledger-heads-v1', digest: headsDigest(heads), heads: [...heads].sort((x, y) => (x.chain < y.chain ? -1 : 1)) }, null, 2)}\n`;
    const earlierHeads = [...new Map(E.map(parse).map((e) => [e.chain, { chain: e.chain, seq: e.seq, hash: e.hash }])).values()];
    put('earlier.heads.json', headsFile(earlierHeads));
    const key = ['--public-key', 'public-key.json'];

    // --- genuine files pass --------------------------------------------------------------------
    vector('genuine', 'The full export of the small history: every check passes.', ['genuine.ndjson'], { exit: 0, digest: G12 });
    vector('earlier', 'The export taken after ten events.', ['earlier.ndjson'], { exit: 0, digest: G10 });
    vector('empty', 'An export of an empty history: zero bytes, no heads; the digest is SHA-256 of nothing.', ['empty.ndjson'], { exit: 0, digest: EMPTY_DIGEST });
    vector('filtered', 'A filtered export (?from=): chains start mid-way and positions skip; passes with --filtered.', ['filtered.ndjson', '--filtered'], { exit: 0, digest: digestOf(filteredText.slice(0, -1).split('\n')) });
    vector('filtered-without-flag', 'The same file as an unfiltered export: line 1 holds position 6.', ['filtered.ndjson'], fails('POSITION_MISMATCH', 'filtered.ndjson', 1));
    vector('growth-heads', 'History only grew since the earlier head list, whose digest the auditor kept.', ['genuine.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10], { exit: 0, digest: G12 });
    vector('growth-export', 'History only grew since the earlier export itself.', ['genuine.ndjson', '--since-export', 'earlier.ndjson', '--expect-digest', G10], { exit: 0, digest: G12 });
    vector('checkpoints-match', 'The export matches all three signed checkpoints (after lines 5, 10 and 12).', ['genuine.ndjson', '--checkpoint', 'checkpoints.ndjson', ...key], { exit: 0, digest: G12 });
    vector('checkpoint-log', 'The checkpoint log alone: three checkpoints, signed, linked.', ['--checkpoints', 'checkpoints.ndjson', ...key], { exit: 0, checkpoint: { seq: 3, hash: cp[2]!.hash } });
    vector('checkpoint-log-extends', 'A later log extends the earlier one.', ['--checkpoints', 'checkpoints-earlier.ndjson', 'checkpoints.ndjson', ...key], { exit: 0, checkpoint: { seq: 3, hash: cp[2]!.hash } });

    // Events recorded before positions existed: a prefix without `position`, hashed without it.
    {
      const lines: string[] = [];
      const last = new Map<string, string>();
      G.forEach((l, i) => {
        const { position, ...e } = parse(l);
        const text = reseal({ ...(i < 5 ? e : { ...e, position }), prevHash: e.seq === 1 ? null : last.get(e.chain)! } as Event);
        last.set(e.chain, parse(text).hash);
        lines.push(text);
      });
      put('legacy-prefix.ndjson', nd(lines));
      vector('legacy-prefix', 'The first five events predate positions (no position field, hashed without it): allowed as the file’s first lines.', ['legacy-prefix.ndjson'], { exit: 0, digest: digestOf(lines) });
      const late = [...lines];
      const { position: _p, ...e9 } = parse(late[8]!);
      late[8] = reseal(e9 as Event);
      put('legacy-after-positions.ndjson', nd(late));
      vector('legacy-after-positions', 'An event without position after events with one.', ['legacy-after-positions.ndjson'], fails('MISSING_FIELD', 'legacy-after-positions.ndjson', 9));
    }

    // --- framing -----------------------------------------------------------------------------
    put('bom.ndjson', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(genuineText)]));
    vector('bom', 'A UTF-8 byte-order mark before line 1.', ['bom.ndjson'], fails('BOM', 'bom.ndjson', 1));
    put('crlf.ndjson', G.map((l) => `${l}\r\n`).join(''));
    vector('crlf', 'Every line ends with CR LF.', ['crlf.ndjson'], fails('CRLF', 'crlf.ndjson', 1));
    put('crlf-one-line.ndjson', nd(G.map((l, i) => (i === 6 ? `${l}\r` : l))));
    vector('crlf-one-line', 'Line 7 alone ends with CR LF.', ['crlf-one-line.ndjson'], fails('CRLF', 'crlf-one-line.ndjson', 7));
    put('blank-line.ndjson', nd([...G.slice(0, 6), '', ...G.slice(6)]));
    vector('blank-line', 'An empty line after line 6.', ['blank-line.ndjson'], fails('BLANK_LINE', 'blank-line.ndjson', 7));
    put('blank-line-at-end.ndjson', `${genuineText}\n`);
    vector('blank-line-at-end', 'An extra LF at the end: an empty 13th line.', ['blank-line-at-end.ndjson'], fails('BLANK_LINE', 'blank-line-at-end.ndjson', 13));
    put('no-final-newline.ndjson', genuineText.slice(0, -1));
    vector('no-final-newline', 'The last line lacks its LF (a download cut just before it).', ['no-final-newline.ndjson'], fails('TRUNCATED', 'no-final-newline.ndjson', 12));
    put('truncated.ndjson', nd(G).slice(0, genuineText.length - Math.floor(G[11]!.length / 2)));
    vector('truncated', 'A download cut off in the middle of the last line.', ['truncated.ndjson'], fails('TRUNCATED', 'truncated.ndjson', 12));
    variant('truncated-middle', withLine(6, G[5]!.slice(0, Math.floor(G[5]!.length / 2))));
    vector('truncated-middle', 'Line 6 cut in half, the rest intact.', ['truncated-middle.ndjson'], fails('NOT_JSON', 'truncated-middle.ndjson', 6));
    {
      const raw = Buffer.from(genuineText);
      const at = raw.indexOf(Buffer.from('"userLabel":"', 'utf8'), raw.indexOf(Buffer.from(G[5]!.slice(0, 40)))) + 13;
      raw[at] = 0xff;
      put('not-utf8.ndjson', raw);
      vector('not-utf8', 'A byte of line 6 that is not UTF-8 (0xFF).', ['not-utf8.ndjson'], fails('NOT_JSON', 'not-utf8.ndjson', 6));
    }
    variant('not-an-object', withLine(6, '[]'));
    vector('not-an-object', 'Line 6 is JSON but not an object.', ['not-an-object.ndjson'], fails('NOT_JSON', 'not-an-object.ndjson', 6));
    variant('nan', withLine(6, G[5]!.replace(/"version":\d+/, '"version":NaN')));
    vector('nan', 'NaN is not JSON (some parsers accept it).', ['nan.ndjson'], fails('NOT_JSON', 'nan.ndjson', 6));

    // --- canonical form ------------------------------------------------------------------------
    const nonCanonical: [string, string, number, string][] = [
      ['whitespace', 'A space after the first colon.', 6, G[5]!.replace('":', '": ')],
      ['escape-letter', 'A letter written as a \\u escape.', 6, G[5]!.replace('"action":"a', '"action":"\\u0061')],
      ['escape-non-ascii', 'A non-ASCII character (ë) escaped instead of written as UTF-8.', 2, G[1]!.replace('Zoë', 'Zo\\u00eb')],
      ['escape-slash', 'A solidus escaped as \\/.', 4, G[3]!.replace('https://', 'https:\\/\\/')],
      ['key-order', 'Two keys out of order.', 6, G[5]!.replace(/^\{"action":("[^"]*"),"chain":("[^"]*"),/, '{"chain":$2,"action":$1,')],
      ['number-6.0', 'An integer written as 2.0.', 6, G[5]!.replace(/"version":(\d+)/, '"version":$1.0')],
      ['number-exponent', 'An integer written as 6e0.', 6, G[5]!.replace('"position":6', '"position":6e0')],
      ['duplicate-key', 'A key given twice (the same value).', 6, G[5]!.replace(/("action":"[^"]*",)/, '$1$1')],
      ['lone-surrogate', 'A lone surrogate, escaped (RFC 8785 has no form for it).', 6, G[5]!.replace('"userLabel":"', '"userLabel":"\\ud800')],
    ];
    for (const [name, about, line, text] of nonCanonical) {
      if (text === G[line - 1]) throw new Error(`${name}: no change`);
      variant(name, withLine(line, text));
      vector(name, about, [`${name}.ndjson`], fails('NOT_CANONICAL', `${name}.ndjson`, line));
    }

    // --- fields ------------------------------------------------------------------------------
    const inject = (line: string, key: string, value: unknown) => canonicalize({ ...parse(line), [key]: value })!;
    variant('extra-field', withLine(6, inject(G[5]!, 'verdictOverride', 'FALSE')));
    vector('extra-field', 'A field the hash does not cover ("verdictOverride":"FALSE"), kept canonical.', ['extra-field.ndjson'], fails('UNKNOWN_FIELD', 'extra-field.ndjson', 6, `${A} #2`));
    {
      const { note: _n, ...rest } = parse(G[5]!);
      variant('missing-field', withLine(6, canonicalize(rest)!));
      vector('missing-field', 'The note field removed (its value was null).', ['missing-field.ndjson'], fails('MISSING_FIELD', 'missing-field.ndjson', 6, `${A} #2`));
    }
    variant('uppercase-hash', withLine(6, G[5]!.replace(/"hash":"([0-9a-f]{64})"/, (_m, h: string) => `"hash":"${h.toUpperCase()}"`)));
    vector('uppercase-hash', 'The hash in upper-case hex: the same number, not the same text.', ['uppercase-hash.ndjson'], fails('BAD_FIELD', 'uppercase-hash.ndjson', 6, `${A} #2`));
    variant('impossible-date', withLine(6, reseal({ ...ev[5]!, occurredAt: `${ev[5]!.occurredAt.slice(0, 5)}02-30${ev[5]!.occurredAt.slice(10)}` })));
    vector('impossible-date', 'occurredAt on 30 February (re-hashed).', ['impossible-date.ndjson'], fails('BAD_FIELD', 'impossible-date.ndjson', 6, `${A} #2`));

    // One character changed in each field of line 6 (claim A’s evidence event #2), or of line 10 for the note.
    const perField: [string, number, string, number, string][] = [
      // field, line, marker, offset from marker end, expected code
      ['chain', 6, '"chain":"claim:', 0, 'CHAIN_MISMATCH'],
      ['seq', 6, '"seq":', 0, 'SEQUENCE_GAP'],
      ['position', 6, '"position":', 0, 'POSITION_MISMATCH'],
      ['prevHash', 6, '"prevHash":"', 10, 'PREVIOUS_HASH_MISMATCH'],
      ['version', 6, '"version":', 0, 'HASH_MISMATCH'],
      ['claimId', 6, '"claimId":"', 3, 'CHAIN_MISMATCH'],
      ['entityType', 6, '"entityType":"EVIDENC', 0, 'BAD_FIELD'],
      ['entityId', 6, '"entityId":"', 3, 'HASH_MISMATCH'],
      ['action', 6, '"action":"', 3, 'HASH_MISMATCH'],
      ['userId', 6, '"userId":"', 3, 'HASH_MISMATCH'],
      ['userLabel', 6, '"userLabel":"', 1, 'HASH_MISMATCH'],
      ['occurredAt', 6, '"occurredAt":"202', 0, 'HASH_MISMATCH'],
      ['changes', 6, '"stance":{"from":null,"to":"', 0, 'HASH_MISMATCH'],
      ['note', 10, '"note":"', 2, 'HASH_MISMATCH'],
      ['state', 6, '"reliability":4', -1, 'HASH_MISMATCH'],
      ['hash', 6, '"hash":"', 10, 'HASH_MISMATCH'],
    ];
    for (const [field, line, marker, offset, code] of perField) {
      const name = `edit-${field}`;
      variant(name, withLine(line, oneChar(G[line - 1]!, marker, offset)));
      const e = ev[line - 1]!;
      // A report names the event only from fields that are well formed; an edited chain or seq is not that event any more.
      const subject = field === 'chain' ? null : field === 'seq' ? `${e.chain} #${e.seq + 1}` : `${e.chain} #${e.seq}`;
      const editedChain = field === 'chain' ? parse(oneChar(G[line - 1]!, marker, offset)).chain : null;
      vector(name, `One character of ${field} changed on line ${line}.`, [`${name}.ndjson`], fails(code, `${name}.ndjson`, line, subject ?? `${editedChain} #${e.seq}`));
    }

    // --- re-hashed rewrites: caught alone only where a link breaks; otherwise only by what the auditor kept --
    variant('rehashed-event', withLine(6, reseal({ ...ev[5]!, userLabel: 'Someone Else' })));
    vector('rehashed-event', 'Line 6 edited and re-hashed: its own hash checks out, the next event of its chain (line 9) no longer links to it.', ['rehashed-event.ndjson'], fails('PREVIOUS_HASH_MISMATCH', 'rehashed-event.ndjson', 9, `${A} #3`));
    const backdated = rechain(G, A, 9, (e) => (e.seq === 3 ? { ...e, occurredAt: ev[4]!.occurredAt } : e));
    if (parse(backdated[8]!).occurredAt >= ev[7]!.occurredAt) throw new Error('backdating did not move the event before line 8');
    put('occurred-backdated.ndjson', nd(backdated));
    vector('occurred-backdated', 'Line 9’s occurredAt moved before line 8’s, its chain re-hashed onwards: the time order across lines catches it.', ['occurred-backdated.ndjson'], fails('TIME_OUT_OF_ORDER', 'occurred-backdated.ndjson', 9, `${A} #3`));
    // occurredAt of line 6 moved within its neighbours and the chain re-hashed: nothing in the file betrays it.
    const shiftedTime = ev[4]!.occurredAt < ev[5]!.occurredAt ? ev[4]!.occurredAt : ev[6]!.occurredAt;
    if (shiftedTime === ev[5]!.occurredAt) throw new Error('lines 5 to 7 share one millisecond: rerun');
    const shifted = rechain(G, A, 6, (e) => (e.seq === 2 ? { ...e, occurredAt: shiftedTime } : e));
    put('occurred-rewritten.ndjson', nd(shifted));
    vector('occurred-rewritten', 'Line 6’s occurredAt rewritten within its neighbours and claim A’s chain re-hashed from there: the file checks out alone (another digest).', ['occurred-rewritten.ndjson'], { exit: 0, digest: digestOf(shifted) });
    vector('occurred-rewritten-since', '… and is caught against the earlier head list: claim A’s earlier head (#3, line 9) differs.', ['occurred-rewritten.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10], fails('REWRITTEN', 'occurred-rewritten.ndjson', 9, `${A} #3`));
    vector('occurred-rewritten-since-export', '… and against the earlier export, at the first changed line.', ['occurred-rewritten.ndjson', '--since-export', 'earlier.ndjson', '--expect-digest', G10], fails('REWRITTEN', 'occurred-rewritten.ndjson', 6, `${A} #2`));
    vector('occurred-rewritten-checkpoint', '… and against the signed checkpoints: the one after line 10 no longer matches.', ['occurred-rewritten.ndjson', '--checkpoint', 'checkpoints.ndjson', ...key], fails('CHECKPOINT_MISMATCH', 'occurred-rewritten.ndjson', 10));
    const rewritten = rechain(G, A, 5, (e) => (e.seq === 1 ? { ...e, state: { ...e.state, text: 'North Korea respected the UN cap in 2018.' } } : e));
    put('chain-rewritten.ndjson', nd(rewritten));
    vector('chain-rewritten', 'Claim A’s first event rewritten and its whole chain re-hashed: checks out alone.', ['chain-rewritten.ndjson'], { exit: 0, digest: digestOf(rewritten) });
    vector('chain-rewritten-since', '… caught with --since at claim A’s earlier head (#3, line 9).', ['chain-rewritten.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10], fails('REWRITTEN', 'chain-rewritten.ndjson', 9, `${A} #3`));
    vector('chain-rewritten-since-export', '… caught with --since-export at the first changed event (line 5).', ['chain-rewritten.ndjson', '--since-export', 'earlier.ndjson', '--expect-digest', G10], fails('REWRITTEN', 'chain-rewritten.ndjson', 5, `${A} #1`));
    vector('chain-rewritten-checkpoint', '… caught by the first checkpoint (after line 5).', ['chain-rewritten.ndjson', '--checkpoint', 'checkpoints.ndjson', ...key], fails('CHECKPOINT_MISMATCH', 'chain-rewritten.ndjson', 5));
    const lateRewrite = withLine(12, reseal({ ...ev[11]!, userLabel: 'Someone Else' }))([...G]);
    put('rehashed-after-heads.ndjson', nd(lateRewrite));
    vector('rehashed-after-heads', 'The last event (line 12, recorded after the earlier head list) rewritten and re-hashed: the head list cannot see it …', ['rehashed-after-heads.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10], { exit: 0, digest: digestOf(lateRewrite) });
    vector('rehashed-after-heads-checkpoint', '… a checkpoint signed after it can.', ['rehashed-after-heads.ndjson', '--checkpoint', 'checkpoints.ndjson', ...key], fails('CHECKPOINT_MISMATCH', 'rehashed-after-heads.ndjson', 12));

    // --- deletions, swaps, duplicates ------------------------------------------------------------
    const without = (...drop: number[]) => (lines: string[]) => lines.filter((_, i) => !drop.includes(i + 1));
    variant('deleted-chain-start', without(7));
    vector('deleted-chain-start', 'Claim B’s first event (line 7) deleted.', ['deleted-chain-start.ndjson'], fails('POSITION_MISMATCH', 'deleted-chain-start.ndjson', 7, `${ACTOR} #2`));
    variant('deleted-middle', without(6));
    vector('deleted-middle', 'Line 6 (claim A #2) deleted.', ['deleted-middle.ndjson'], fails('POSITION_MISMATCH', 'deleted-middle.ndjson', 6, `${B} #1`));
    variant('deleted-chain-end', without(8));
    vector('deleted-chain-end', 'The actor’s last event (line 8) deleted.', ['deleted-chain-end.ndjson'], fails('POSITION_MISMATCH', 'deleted-chain-end.ndjson', 8, `${A} #3`));
    variant('deleted-chain', without(7, 10));
    vector('deleted-chain', 'Claim B deleted whole (lines 7 and 10).', ['deleted-chain.ndjson'], fails('POSITION_MISMATCH', 'deleted-chain.ndjson', 7, `${ACTOR} #2`));
    const lastCut = G.slice(0, 11);
    variant('deleted-last', without(12));
    vector('deleted-last', 'The file’s last line deleted: what is left is a valid shorter history …', ['deleted-last.ndjson'], { exit: 0, digest: digestOf(lastCut) });
    vector('deleted-last-checkpoint', '… but the last checkpoint covers 12 events.', ['deleted-last.ndjson', '--checkpoint', 'checkpoints.ndjson', ...key], fails('CHECKPOINT_AHEAD', 'deleted-last.ndjson', null));
    const cutTail = G.slice(0, 8);
    put('cut.ndjson', nd(cutTail));
    const lostFirst = [A, B].sort()[0]!;
    vector('cut', 'History cut after line 8: a valid shorter history alone …', ['cut.ndjson'], { exit: 0, digest: digestOf(cutTail) });
    vector('cut-since', '… caught against the earlier head list: a chain ends before its earlier head.', ['cut.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10], fails('CUT', 'cut.ndjson', null, `${lostFirst} #${lostFirst === A ? 3 : 2}`));
    vector('cut-since-export', '… and against the earlier export, naming its first missing event.', ['cut.ndjson', '--since-export', 'earlier.ndjson', '--expect-digest', G10], fails('CUT', 'cut.ndjson', null, `${A} #3`));
    const chainGone = renumber(without(7, 10)([...G]));
    put('deleted-chain-renumbered.ndjson', nd(chainGone));
    vector('deleted-chain-renumbered', 'Claim B deleted and every later event renumbered and re-hashed: checks out alone …', ['deleted-chain-renumbered.ndjson'], { exit: 0, digest: digestOf(chainGone) });
    vector('deleted-chain-renumbered-since', '… caught against the earlier head list: claim B is missing.', ['deleted-chain-renumbered.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10], fails('REWRITTEN', 'deleted-chain-renumbered.ndjson', 7, `${ACTOR} #2`));
    vector('deleted-chain-renumbered-checkpoint', '… and by the checkpoint after line 10.', ['deleted-chain-renumbered.ndjson', '--checkpoint', 'checkpoints.ndjson', ...key], fails('CHECKPOINT_MISMATCH', 'deleted-chain-renumbered.ndjson', 10));
    const swap = (x: number, y: number) => (lines: string[]) => ([lines[x - 1], lines[y - 1]] = [lines[y - 1]!, lines[x - 1]!], lines);
    variant('swap-within-chain', swap(6, 9));
    vector('swap-within-chain', 'Claim A’s events #2 and #3 (lines 6 and 9) swapped.', ['swap-within-chain.ndjson'], fails('POSITION_MISMATCH', 'swap-within-chain.ndjson', 6, `${A} #3`));
    variant('swap-across-chains', swap(7, 8));
    vector('swap-across-chains', 'Lines 7 (claim B) and 8 (the actor) swapped: each chain is still in order.', ['swap-across-chains.ndjson'], fails('POSITION_MISMATCH', 'swap-across-chains.ndjson', 7, `${ACTOR} #2`));
    variant('reordered', (lines) => [...lines.slice(0, 2), ...lines.slice(3), lines[2]!]);
    vector('reordered', 'Line 3 moved to the end.', ['reordered.ndjson'], fails('POSITION_MISMATCH', 'reordered.ndjson', 3, `${chainOf(4)} #1`));
    variant('duplicate', (lines) => [...lines.slice(0, 6), lines[5]!, ...lines.slice(6)]);
    vector('duplicate', 'Line 6 repeated.', ['duplicate.ndjson'], fails('POSITION_MISMATCH', 'duplicate.ndjson', 7, `${A} #2`));

    // --- chain and claim --------------------------------------------------------------------------
    const otherId = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';
    const renamed = rechain(G, A, 5, (e) => ({ ...e, chain: `claim:${otherId}` }));
    put('chain-renamed.ndjson', nd(renamed));
    vector('chain-renamed', 'Claim A’s chain renamed and re-hashed: its events still name claim A.', ['chain-renamed.ndjson'], fails('CHAIN_MISMATCH', 'chain-renamed.ndjson', 5, `claim:${otherId} #1`));
    variant('actor-event-with-claim', withLine(8, reseal({ ...ev[7]!, claimId: a.id })));
    vector('actor-event-with-claim', 'The actor’s event given a claimId (re-hashed).', ['actor-event-with-claim.ndjson'], fails('CHAIN_MISMATCH', 'actor-event-with-claim.ndjson', 8, `${ACTOR} #2`));

    // --- head lists ------------------------------------------------------------------------------
    const edited = JSON.parse(files.get('earlier.heads.json') as string) as { heads: Head[] };
    edited.heads[0]!.seq += 1;
    put('heads-edited.json', `${JSON.stringify(edited, null, 2)}\n`);
    vector('heads-edited', 'A head list edited without updating its digest.', ['genuine.ndjson', '--since', 'heads-edited.json', '--expect-digest', G10], fails('HEADS_INVALID', 'heads-edited.json', null));
    // The forger's heads: those of the renumbered export at its 8th line, digest recomputed.
    const forgedList = [...new Map(chainGone.slice(0, 8).map(parse).map((e) => [e.chain, { chain: e.chain, seq: e.seq, hash: e.hash }])).values()];
    put('heads-forged.json', headsFile(forgedList));
    vector('heads-forged-without-digest', 'A forged head list (consistent with its own digest) matching a rewritten export: without --expect-digest it passes, with a warning — the growth proof means nothing.', ['deleted-chain-renumbered.ndjson', '--since', 'heads-forged.json'], { exit: 0, digest: digestOf(chainGone), warnings: ['SINCE_WITHOUT_DIGEST'] });
    vector('heads-forged-with-digest', 'The same with the digest the auditor kept: refused.', ['deleted-chain-renumbered.ndjson', '--since', 'heads-forged.json', '--expect-digest', G10], fails('DIGEST_MISMATCH', 'heads-forged.json', null));
    vector('since-without-digest', 'A genuine growth check without --expect-digest passes, with the warning.', ['genuine.ndjson', '--since', 'earlier.heads.json'], { exit: 0, digest: G12, warnings: ['SINCE_WITHOUT_DIGEST'] });

    // --- checkpoints -----------------------------------------------------------------------------
    const resign = (c: CheckpointPayload, k = signer.privateKey) => signCheckpoint(c, k);
    const cpLine = (c: Checkpoint) => checkpointRecord(c);
    const payload = ({ hash: _h, signature: _s, ...rest }: Checkpoint) => rest;
    {
      const forgedDigest = { ...payload(cp[2]!), headsDigest: digestOf(rewritten) };
      const forged = { ...forgedDigest, hash: sha256(canonicalize(forgedDigest)!), signature: cp[2]!.signature };
      put('checkpoints-forged-signature.ndjson', nd([cps[0]!, cps[1]!, cpLine(forged)]));
      vector('checkpoint-forged-signature', 'Checkpoint #3 given another digest and re-hashed; the signature is the old one.', ['--checkpoints', 'checkpoints-forged-signature.ndjson', ...key], fails('BAD_SIGNATURE', 'checkpoints-forged-signature.ndjson', 3, 'checkpoint #3'));
      const random = { ...cp[2]!, signature: sha256('not a signature') + sha256('at all') };
      put('checkpoints-random-signature.ndjson', nd([cps[0]!, cps[1]!, cpLine(random)]));
      vector('checkpoint-random-signature', 'Checkpoint #3 with 64 random bytes as its signature.', ['--checkpoints', 'checkpoints-random-signature.ndjson', ...key], fails('BAD_SIGNATURE', 'checkpoints-random-signature.ndjson', 3, 'checkpoint #3'));
      const later = new Date(Date.parse(cp[2]!.recordedAt) + 1).toISOString();
      put('checkpoints-edited.ndjson', nd([cps[0]!, cps[1]!, cpLine({ ...cp[2]!, recordedAt: later })]));
      vector('checkpoint-edited', 'Checkpoint #3’s time edited, hash left as it was.', ['--checkpoints', 'checkpoints-edited.ndjson', ...key], fails('HASH_MISMATCH', 'checkpoints-edited.ndjson', 3, 'checkpoint #3'));
      const other = generateKeyPairSync('ed25519').privateKey;
      const otherKeyId = sha256('another key');
      put('checkpoints-other-key.ndjson', nd([cps[0]!, cps[1]!, cpLine(resign({ ...payload(cp[2]!), keyId: otherKeyId }, other))]));
      vector('checkpoint-other-key', 'Checkpoint #3 signed by another key.', ['--checkpoints', 'checkpoints-other-key.ndjson', ...key], fails('UNKNOWN_KEY', 'checkpoints-other-key.ndjson', 3, 'checkpoint #3'));
      const fork = resign({ ...payload(cp[2]!), headsDigest: digestOf(rewritten) });
      put('checkpoints-fork.ndjson', nd([cps[0]!, cps[1]!, cpLine(fork)]));
      vector('checkpoint-fork-alone', 'A fork: checkpoint #3 validly signed over another history. Alone it checks out …', ['--checkpoints', 'checkpoints-fork.ndjson', ...key], { exit: 0, checkpoint: { seq: 3, hash: fork.hash } });
      vector('checkpoint-fork', '… against the log another auditor kept, it is a fork.', ['--checkpoints', 'checkpoints.ndjson', 'checkpoints-fork.ndjson', ...key], fails('FORK', 'checkpoints-fork.ndjson', 3, 'checkpoint #3'));
      vector('checkpoint-fork-export', '… and the genuine export does not match it.', ['genuine.ndjson', '--checkpoint', 'checkpoints-fork.ndjson', ...key], fails('CHECKPOINT_MISMATCH', 'genuine.ndjson', 12));
      vector('checkpoint-rolled-back-log', 'A later copy of the log that ends before the earlier copy did: the log was rolled back.', ['--checkpoints', 'checkpoints.ndjson', 'checkpoints-earlier.ndjson', ...key], fails('ROLLED_BACK', 'checkpoints-earlier.ndjson', null, 'checkpoint #2'));
      const fewer = resign({ ...payload(cp[2]!), position: 8, eventCount: 8, headsDigest: digestOf(G.slice(0, 8)) });
      put('checkpoints-rolled-back.ndjson', nd([cps[0]!, cps[1]!, cpLine(fewer)]));
      vector('checkpoint-rolled-back', 'Checkpoint #3 validly signed but covering fewer events than #2: history was rolled back.', ['--checkpoints', 'checkpoints-rolled-back.ndjson', ...key], fails('ROLLED_BACK', 'checkpoints-rolled-back.ndjson', 3, 'checkpoint #3'));
      put('checkpoints-gap.ndjson', nd([cps[0]!, cps[2]!]));
      vector('checkpoint-gap', 'Checkpoint #2 missing from the log.', ['--checkpoints', 'checkpoints-gap.ndjson', ...key], fails('SEQUENCE_GAP', 'checkpoints-gap.ndjson', 2, 'checkpoint #3'));
      put('checkpoints-empty.ndjson', '');
      vector('checkpoint-log-empty', 'A checkpoint file with no checkpoint in it.', ['--checkpoints', 'checkpoints-empty.ndjson', ...key], fails('NO_CHECKPOINT', 'checkpoints-empty.ndjson', null));
      put('checkpoint-1.ndjson', nd([cps[0]!]));
      put('checkpoint-3.ndjson', nd([cps[2]!]));
      vector('checkpoint-unlinked', 'Checkpoint #3 alone cannot show it extends #1: the log between them is needed.', ['--checkpoints', 'checkpoint-1.ndjson', 'checkpoint-3.ndjson', ...key], fails('UNLINKED', 'checkpoint-3.ndjson', 1, 'checkpoint #3'));
      vector('checkpoint-one-matches', 'The export against checkpoint #3 alone.', ['genuine.ndjson', '--checkpoint', 'checkpoint-3.ndjson', ...key], { exit: 0, digest: G12 });
    }

    // --- key rotation ----------------------------------------------------------------------------
    {
      const rcs = rotatedText.slice(0, -1).split('\n');
      const rcp = rcs.map((l) => JSON.parse(l) as Checkpoint);
      const handOver = rcp[3] as RotationCheckpoint;
      if (rcs.length !== 6 || rcs.slice(0, 3).some((l, i) => l !== cps[i]) || handOver.format !== ROTATION_FORMAT || handOver.nextKeyId !== next.key.keyId || rcp[4]!.keyId !== next.key.keyId) {
        throw new Error('unexpected rotated log: the scenario changed');
      }
      const [K1, K2] = [publishedKey(signer.publicKey), next.key];
      const thief = generateKeyPairSync('ed25519');
      const K3 = publishedKey(thief.publicKey);
      const rotationTo = (to: { keyId: string; publicKey: string }, from = K1): Omit<RotationCheckpoint, 'hash' | 'signature'> => ({
        ...payload(handOver),
        format: ROTATION_FORMAT,
        keyId: from.keyId,
        publicKey: from.publicKey,
        nextKeyId: to.keyId,
        nextPublicKey: to.publicKey,
      });
      put('checkpoints-rotated.ndjson', rotatedText);
      put('public-key-next.json', `${JSON.stringify(nextPublicKey, null, 2)}\n`);
      put('public-keys.json', `${JSON.stringify(keyList, null, 2)}\n`);
      put('checkpoints-after-rotation.ndjson', nd(rcs.slice(4)));
      const last = { seq: 6, hash: rcp[5]!.hash };
      vector('rotation', 'The log after a key rotation: #4, signed by the first key, hands over to the second, which signs #5 and #6. The first key alone verifies it all.', ['--checkpoints', 'checkpoints-rotated.ndjson', ...key], { exit: 0, checkpoint: last });
      vector('rotation-extends', 'The rotated log extends the log kept before the rotation.', ['--checkpoints', 'checkpoints.ndjson', 'checkpoints-rotated.ndjson', ...key], { exit: 0, checkpoint: last });
      vector('rotation-export', 'The export matches every checkpoint of the rotated log, whichever key signed it.', ['genuine.ndjson', '--checkpoint', 'checkpoints-rotated.ndjson', ...key], { exit: 0, digest: G12 });
      vector('rotation-new-key-from-start', 'The second key cannot vouch for the checkpoints the first key signed: the file’s first checkpoint is not its.', ['--checkpoints', 'checkpoints-rotated.ndjson', '--public-key', 'public-key-next.json'], fails('UNKNOWN_KEY', 'checkpoints-rotated.ndjson', 1, 'checkpoint #1'));
      vector('rotation-new-key-after', 'The log from the second key’s first checkpoint on, with the second key.', ['--checkpoints', 'checkpoints-after-rotation.ndjson', '--public-key', 'public-key-next.json'], { exit: 0, checkpoint: last });
      put('checkpoints-unintroduced.ndjson', nd([...cps, cpLine(resign({ ...payload(rcp[4]!), seq: 4, prevHash: cp[2]!.hash }, next.privateKey))]));
      vector('rotation-unintroduced', 'Checkpoint #4 signed by the second key with no rotation before it: no key introduced it.', ['--checkpoints', 'checkpoints-unintroduced.ndjson', ...key], fails('UNKNOWN_KEY', 'checkpoints-unintroduced.ndjson', 4, 'checkpoint #4'));
      put('checkpoints-rotation-missing.ndjson', nd([...cps, rcs[4]!, rcs[5]!]));
      vector('rotation-missing', 'The rotation checkpoint #4 left out: #5’s key was introduced by nothing the file holds (the key is checked before the link).', ['--checkpoints', 'checkpoints-rotation-missing.ndjson', ...key], fails('UNKNOWN_KEY', 'checkpoints-rotation-missing.ndjson', 4, 'checkpoint #5'));
      put('checkpoints-retired-key.ndjson', nd([...rcs.slice(0, 5), cpLine(resign({ ...payload(rcp[5]!), keyId: K1.keyId }, signer.privateKey))]));
      vector('rotation-retired-key', 'Checkpoint #6 signed by the retired first key (stolen, say) after it handed over: refused.', ['--checkpoints', 'checkpoints-retired-key.ndjson', ...key], fails('UNKNOWN_KEY', 'checkpoints-retired-key.ndjson', 6, 'checkpoint #6'));
      put('checkpoints-after-rotation-other-key.ndjson', nd([...rcs.slice(0, 4), cpLine(resign({ ...payload(rcp[4]!), keyId: K3.keyId }, thief.privateKey))]));
      vector('rotation-other-key', 'Checkpoint #5 signed by a third key, not the one #4 introduced.', ['--checkpoints', 'checkpoints-after-rotation-other-key.ndjson', ...key], fails('UNKNOWN_KEY', 'checkpoints-after-rotation-other-key.ndjson', 5, 'checkpoint #5'));
      put('checkpoints-rotation-to-itself.ndjson', nd([...cps, cpLine(resign(rotationTo(K1)))]))
      vector('rotation-to-itself', 'A rotation record, signed by the first key, that hands over to the first key.', ['--checkpoints', 'checkpoints-rotation-to-itself.ndjson', ...key], fails('BAD_FIELD', 'checkpoints-rotation-to-itself.ndjson', 4, 'checkpoint #4'));
      put('checkpoints-rotation-other-signer.ndjson', nd([...cps, cpLine(resign(rotationTo(K2, K3), thief.privateKey))]));
      vector('rotation-other-signer', 'A rotation record to the second key, signed by a third key that names itself: not the key of #3.', ['--checkpoints', 'checkpoints-rotation-other-signer.ndjson', ...key], fails('UNKNOWN_KEY', 'checkpoints-rotation-other-signer.ndjson', 4, 'checkpoint #4'));
      put('checkpoints-rotation-forged.ndjson', nd([...cps, cpLine(resign(rotationTo(K3), thief.privateKey))]));
      vector('rotation-forged', 'A rotation record naming the first key as its signer and a third key as the next, signed by the third key.', ['--checkpoints', 'checkpoints-rotation-forged.ndjson', ...key], fails('BAD_SIGNATURE', 'checkpoints-rotation-forged.ndjson', 4, 'checkpoint #4'));
      put('checkpoints-rotation-key-id.ndjson', nd([...cps, cpLine(resign({ ...rotationTo(K2), nextKeyId: K3.keyId }))]));
      vector('rotation-next-key-id', 'A rotation record, signed by the first key, whose nextKeyId is not the SHA-256 of its nextPublicKey.', ['--checkpoints', 'checkpoints-rotation-key-id.ndjson', ...key], fails('KEY_MISMATCH', 'checkpoints-rotation-key-id.ndjson', 4, 'checkpoint #4'));
      put('checkpoints-rotation-public-key.ndjson', nd([...cps, cpLine(resign({ ...rotationTo(K2), publicKey: K3.publicKey }))]));
      vector('rotation-public-key', 'A rotation record, signed by the first key, whose publicKey is another key’s.', ['--checkpoints', 'checkpoints-rotation-public-key.ndjson', ...key], fails('KEY_MISMATCH', 'checkpoints-rotation-public-key.ndjson', 4, 'checkpoint #4'));
      // What rotation cannot undo: whoever stole the first key before the rotation signs another
      // history from before it, and rotates that to a key of their own.
      const forked3 = resign({ ...payload(cp[2]!), headsDigest: digestOf(rewritten) });
      const forked4 = resign({ ...rotationTo(K3), prevHash: forked3.hash, headsDigest: forked3.headsDigest });
      const forked5 = resign({ ...payload(rcp[4]!), prevHash: forked4.hash, keyId: K3.keyId, headsDigest: forked3.headsDigest }, thief.privateKey);
      put('checkpoints-stolen-key-fork.ndjson', nd([cps[0]!, cps[1]!, ...[forked3, forked4, forked5].map(cpLine)]));
      vector('rotation-stolen-key-fork-alone', 'A stolen first key signs another history from #3 on and rotates it to the thief’s key: alone, it checks out …', ['--checkpoints', 'checkpoints-stolen-key-fork.ndjson', ...key], { exit: 0, checkpoint: { seq: 5, hash: forked5.hash } });
      vector('rotation-stolen-key-fork', '… against the log an auditor kept, it is a fork at #3.', ['--checkpoints', 'checkpoints-rotated.ndjson', 'checkpoints-stolen-key-fork.ndjson', ...key], fails('FORK', 'checkpoints-stolen-key-fork.ndjson', 3, 'checkpoint #3'));
    }

    // --- usage errors ----------------------------------------------------------------------------
    vector('usage-uppercase-digest', 'A digest in upper case is refused as a usage error.', ['genuine.ndjson', '--since', 'earlier.heads.json', '--expect-digest', G10.toUpperCase()], { exit: 2 });
    vector('usage-checkpoint-without-key', 'A checkpoint without the key to check it is refused.', ['genuine.ndjson', '--checkpoint', 'checkpoints.ndjson'], { exit: 2 });
    vector('usage-filtered-since', 'A growth proof from a filtered export is refused.', ['filtered.ndjson', '--filtered', '--since', 'earlier.heads.json'], { exit: 2 });

    // --- check every vector with the TypeScript verifier, then write ------------------------------
    const stage = mkdtempSync(path.join(tmp, 'stage-'));
    for (const [name, content] of files) writeFileSync(path.join(stage, name), content);
    const problems: string[] = [];
    for (const v of vectors) {
      const wrong = mismatches(v.expect, await runVector(v, stage));
      if (wrong.length) problems.push(`${v.name}: ${wrong.join('; ')}`);
    }
    if (problems.length) throw new Error(`the TypeScript verifier disagrees with ${problems.length} vectors:\n${problems.join('\n')}`);
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (/\.(ndjson|json)$/.test(f)) rmSync(path.join(OUT, f));
    for (const [name, content] of files) writeFileSync(path.join(OUT, name), content);
    writeFileSync(
      path.join(OUT, 'vectors.json'),
      `${JSON.stringify({ format: 'claimledger-verification-vectors-v1', generated: new Date().toISOString().slice(0, 10), vectors }, null, 2)}\n`,
    );
    process.stdout.write(`${vectors.length} vectors in ${files.size} files written to ${OUT}\n`);
  } finally {
    await http.close();
    await ds.destroy();
    await db.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
