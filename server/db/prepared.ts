import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { pgPool } from './pool';
import { countStatement } from './statementCounter';

/**
 * Named prepared statements for the hottest reads: PostgreSQL plans each shape once per
 * connection instead of on every request. Names come from the SQL text; only the first
 * MAX_SHAPES distinct texts get one, so odd queries cannot pile up plans on the server.
 */
const MAX_SHAPES = 200;
const named = new Map<string, string>();

function nameFor(sql: string): string | undefined {
  const known = named.get(sql);
  if (known) return known;
  if (named.size >= MAX_SHAPES) return undefined;
  const name = `cl_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  named.set(sql, name);
  return name;
}

export async function preparedRows<T>(ds: DataSource, sql: string, values: unknown[]): Promise<T[]> {
  const pool = pgPool(ds)!;
  countStatement();
  const result = await pool.query<T & object>({ name: nameFor(sql), text: sql, values });
  return result.rows as T[];
}
