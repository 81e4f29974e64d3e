import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** Either the data source (autocommit) or a transaction's entity manager. */
export type Db = DataSource | EntityManager;

/** Collects positional parameters while a statement is assembled: `p.add(v)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `$n` bound to a LIKE/ILIKE pattern matching `text` anywhere, its wildcards taken literally. */
export function containsPattern(p: SqlParams, text: string): string {
  return p.add(`%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
}

export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

export async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(db, sql, params))[0];
}

/**
 * INSERT/UPDATE … RETURNING through TypeORM: its raw query API answers UPDATE with
 * [rows, count], so this asks for the structured result and always yields the rows.
 */
export async function returning<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('returning() needs a transaction');
  const result = await runner.query(sql, params, true);
  return result.records as T[];
}

/**
 * The columns of an entity as `alias.column AS "property"`, so raw SQL answers in the same
 * camelCase shape as the entity (and the GraphQL type) without a mapping layer.
 */
export function selectList(ds: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  return columnsOf(ds.getMetadata(entity))
    .map(([prop, col]) => `${alias}.${col} AS "${prop}"`)
    .join(', ');
}

/** The same columns as one JSON object, for nesting a related row inside another. */
export function jsonObject(
  ds: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
  extra: Record<string, string> = {},
): string {
  const pairs = [
    ...columnsOf(ds.getMetadata(entity)).map(([prop, col]) => `'${prop}', ${alias}.${col}`),
    ...Object.entries(extra).map(([prop, expr]) => `'${prop}', ${expr}`),
  ];
  return `json_build_object(${pairs.join(', ')})`;
}

/** Columns marked `select: false` (password and key hashes) never leave the database this way. */
export function columnsOf(meta: EntityMetadata): [string, string][] {
  return meta.columns.filter((c) => c.isSelect).map((c) => [c.propertyName, c.databaseName]);
}

/** INSERT of entity properties (camelCase keys), answering the full row in entity shape. */
export async function insertEntity<T>(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  values: Record<string, unknown>,
): Promise<T> {
  const meta = em.connection.getMetadata(entity);
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const cols = entries.map(([k]) => columnName(meta, k));
  const [row] = await returning<T>(
    em,
    `INSERT INTO ${meta.tableName} AS x (${cols.join(', ')})
     VALUES (${entries.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${selectList(em.connection, entity, 'x')}`,
    entries.map(([, v]) => v),
  );
  return row!;
}

/**
 * Optimistic-locked UPDATE of a versioned entity: applies `patch` only if the row is still at
 * `expectedVersion` and bumps it. Undefined when no row matched (gone or changed meanwhile).
 */
export async function updateVersioned<T>(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  id: string,
  expectedVersion: number,
  patch: Record<string, unknown>,
): Promise<T | undefined> {
  const meta = em.connection.getMetadata(entity);
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const sets = entries.map(([k], i) => `${columnName(meta, k)} = $${i + 3}`);
  const [row] = await returning<T>(
    em,
    `UPDATE ${meta.tableName} AS x SET ${[...sets, 'version = x.version + 1', 'updated_at = now()'].join(', ')}
     WHERE x.id = $1 AND x.version = $2 RETURNING ${selectList(em.connection, entity, 'x')}`,
    [id, expectedVersion, ...entries.map(([, v]) => v)],
  );
  return row;
}

function columnName(meta: EntityMetadata, property: string): string {
  const column = meta.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${meta.tableName} has no column for ${property}`);
  return column.databaseName;
}
