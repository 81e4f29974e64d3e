import net from 'node:net';
import { Client } from 'pg';
import pino from 'pino';
import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError, type EntityManager } from 'typeorm';
import { createDataSource } from '../../server/db/dataSource';
import { isDatabaseUnreachable } from '../../server/db/outage';
import { ConnectionLostError, transaction } from '../../server/db/transaction';
import { badInput } from '../../server/domain/errors';
import { withDatabase } from '../setup/globalSetup';

/**
 * Which failures are an outage (503 SERVICE_UNAVAILABLE) and which stay bugs: real errors from
 * pg and PostgreSQL where they can be had, in the wrappers they arrive in.
 */

const adminUrl = () => process.env.CLAIMLEDGER_TEST_ADMIN_URL!;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

test('a refused connection, as pg reports it and wrapped by TypeORM or graphql-js, is an outage', async () => {
  const url = new URL(adminUrl());
  url.port = String(await closedPort());
  const refused = await caught(() => new Client({ connectionString: url.toString() }).connect());
  expect((refused as { code: string }).code).toBe('ECONNREFUSED');
  expect(isDatabaseUnreachable(refused)).toBe(true);
  expect(isDatabaseUnreachable(new QueryFailedError('SELECT 1', [], refused as Error))).toBe(true);
  // graphql-js wraps a thrown value that is no Error of its own realm.
  expect(isDatabaseUnreachable({ name: 'NonErrorThrown', thrownValue: refused })).toBe(true);
  expect(isDatabaseUnreachable(new AggregateError([refused], 'connect failed'))).toBe(true);
});

test('a connection ended by the server (57P01) and the driver losing it are outages', async () => {
  const client = new Client({ connectionString: withDatabase(adminUrl(), 'postgres') });
  await client.connect();
  client.on('error', () => undefined);
  const admin = new Client({ connectionString: withDatabase(adminUrl(), 'postgres') });
  await admin.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const running = caught(() => client.query('SELECT pg_sleep(30)'));
    await new Promise((r) => setTimeout(r, 200));
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    const terminated = await running;
    expect((terminated as { code?: string }).code ?? (terminated as Error).message).toMatch(/57P01|Connection terminated/);
    expect(isDatabaseUnreachable(terminated)).toBe(true);
    // The same client afterwards.
    expect(isDatabaseUnreachable(await caught(() => client.query('SELECT 1')))).toBe(true);
  } finally {
    await admin.end();
    await client.end().catch(() => undefined);
  }
});

describe('a connection lost between two statements of a transaction', () => {
  const ds = createDataSource({ url: withDatabase(adminUrl(), 'postgres'), poolSize: 2, log: pino({ level: 'silent' }) });
  const admin = new Client({ connectionString: withDatabase(adminUrl(), 'postgres') });
  beforeAll(async () => {
    await ds.initialize();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await ds.destroy();
  });

  /** Ends this transaction's backend from outside, then waits until pg has reported it. */
  async function terminate(em: EntityManager): Promise<void> {
    const [backend] = (await em.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    await admin.query('SELECT pg_terminate_backend($1)', [backend!.pid]);
    await new Promise((r) => setTimeout(r, 300));
  }

  test('TypeORM alone reports it as a released query runner, which says nothing of the outage', async () => {
    // The cause that transaction() exists for.
    const err = await caught(() => ds.transaction(async (em) => (await terminate(em), em.query('SELECT 1'))));
    expect(err).toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
    expect(isDatabaseUnreachable(err)).toBe(false);
  });

  test("through transaction() it is the connection's loss, with pg's error as the cause: an outage", async () => {
    const err = await caught(() => transaction(ds, async (em) => (await terminate(em), em.query('SELECT 1'))));
    expect(err).toBeInstanceOf(ConnectionLostError);
    expect(isDatabaseUnreachable(err)).toBe(true);
    expect(isDatabaseUnreachable((err as Error).cause)).toBe(true);
    // The pool hands out a working connection afterwards.
    expect(await transaction(ds, (em) => em.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
  });

  test("the product's own refusal after the loss stays what it is", async () => {
    const refusal = badInput('text', 'must not be empty');
    const err = await caught(() =>
      transaction(ds, async (em) => {
        await terminate(em);
        throw refusal;
      }),
    );
    expect(err).toBe(refusal);
  });
});

test.each([
  ['57P02', 'crash shutdown'],
  ['57P03', 'cannot connect now'],
  ['53300', 'too many connections'],
  ['08006', 'connection failure'],
  ['08001', 'unable to connect'],
])('SQLSTATE %s (%s) is an outage', (code) => {
  expect(isDatabaseUnreachable(Object.assign(new Error('x'), { code }))).toBe(true);
});

test.each([
  ['timeout exceeded when trying to connect'],
  ['Connection terminated due to connection timeout'],
  ['Connection terminated unexpectedly'],
  ['Client has encountered a connection error and is not queryable'],
])('pg-pool and pg: "%s" is an outage', (message) => {
  expect(isDatabaseUnreachable(new Error(message))).toBe(true);
});

test('errors of the query or the data, and the product\'s own, are not outages', async () => {
  const client = new Client({ connectionString: withDatabase(adminUrl(), 'postgres') });
  await client.connect();
  try {
    const syntax = await caught(() => client.query('SELEC 1'));
    const missing = await caught(() => client.query('SELECT * FROM no_such_table'));
    const division = await caught(() => client.query('SELECT 1 / 0'));
    for (const err of [syntax, missing, division]) {
      expect(isDatabaseUnreachable(err)).toBe(false);
      expect(isDatabaseUnreachable(new QueryFailedError('…', [], err as Error))).toBe(false);
    }
  } finally {
    await client.end();
  }
  expect(isDatabaseUnreachable(new Error('boom'))).toBe(false);
  expect(isDatabaseUnreachable(badInput('text', 'must not be empty'))).toBe(false);
  expect(isDatabaseUnreachable(null)).toBe(false);
});
