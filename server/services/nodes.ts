import type { DataSource } from 'typeorm';
import { rows } from '../db/sql';
import { idCount, uuid } from '../domain/validation';

/**
 * Relay's object identification (`node`, `nodes`). Ids stay what clients, exports and hash chains
 * already use: an entity's UUID (globally unique, so it names its type without a prefix), a history
 * event's decimal number, a claim revision's `<claim id>@<version>`. The three forms never overlap.
 */
const UUID_TABLES = {
  Claim: 'claims',
  Actor: 'actors',
  Source: 'sources',
  Evidence: 'evidence',
  Dispute: 'disputes',
  User: 'users',
  ApiKey: 'api_keys',
  Topic: 'topics',
} as const;

export type UuidNodeType = keyof typeof UUID_TABLES;

export class NodeService {
  private readonly typesSql: string;

  constructor(
    private readonly ds: DataSource,
    private readonly maxPageSize: number,
  ) {
    this.typesSql = Object.entries(UUID_TABLES)
      .map(([type, table]) => `SELECT id::text AS id, '${type}' AS type FROM ${table} WHERE id = ANY($1::uuid[])`)
      .join(' UNION ALL ');
  }

  /** Refuses a `nodes` request for more ids than a page holds. */
  checkCount(ids: readonly string[]): void {
    idCount('ids', ids, this.maxPageSize);
  }

  /** The type of each UUID that exists, in one statement. */
  async typesOf(ids: readonly string[]): Promise<Map<string, UuidNodeType>> {
    const valid = [...new Set(ids.filter((id) => uuid.safeParse(id).success))];
    if (valid.length === 0) return new Map();
    const found = await rows<{ id: string; type: UuidNodeType }>(this.ds, this.typesSql, [valid]);
    return new Map(found.map((r) => [r.id, r.type]));
  }
}
