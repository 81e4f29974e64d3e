import type { DataSource, EntityManager } from 'typeorm';
import { HistoryEvent } from '../db/entities';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { one, rows, selectList, SqlParams, type Db } from '../db/sql';
import type { PageWindow } from '../domain/cursor';
import { headsDigest, type Head } from '../domain/exportRecord';
import { hashEvent, recordOf, verifyChain, type ChainVerdict, type HashedEvent } from '../domain/hashChain';
import { chainOf, diffStates, toState, type FieldChanges, type HistoryAction, type HistoryEntityType } from '../domain/history';
import type { ChangeAuthor } from '../domain/viewer';
import { oneByKeys } from './batch';

/** One change as a service reports it: the entity before (null: just created) and after. */
export interface EntityChange {
  entityType: HistoryEntityType;
  entityId: string;
  /** The claim whose chain holds the change (the claim, its evidence, its disputes); null: the entity's own chain. */
  claimId: string | null;
  action: HistoryAction;
  /** The chain owner's version after the change. */
  version: number;
  author: ChangeAuthor;
  before: object | null;
  after: object;
  note?: string | null;
  /** What the states do not show: a redacted password, the claim fields a change of its evidence or disputes derived. */
  extra?: FieldChanges;
}

/** An event as `append` takes it: a change with its chain, its field changes and the state after. */
type NewHistoryEvent = Omit<EntityChange, 'before' | 'after' | 'extra'> & { chain: string; changes: FieldChanges; state: Record<string, unknown> };

/** The state of the whole history at one moment: the position of its last event and every chain's head. */
export interface HistoryHeads {
  /** Events recorded so far (positions are gapless, so also the last one's position). */
  position: number;
  heads: Head[];
  digest: string;
}

/** A stored event in the shape the hash covers, plus its database id. */
export interface StoredEvent extends HashedEvent {
  id: string;
}

/** A history event's id: its decimal number (up to 18 digits, always within a bigint). */
export const HISTORY_EVENT_ID = /^[1-9][0-9]{0,17}$/;

export interface AuditLogFilter {
  claimId?: string | null;
  userId?: string | null;
  action?: string[] | null;
  entityType?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

const OLDEST_FIRST: Ordering = { name: 'OCCURRED', expr: 'h.occurred_at', type: 'timestamptz', descending: false };
const NEWEST_FIRST: Ordering = { ...OLDEST_FIRST, name: 'OCCURRED_DESC', descending: true };

/**
 * The only writer of history_events. Every service that changes data calls `record` with its own
 * transaction's entity manager, so the change and its event commit or fail together.
 */
export class HistoryService {
  private readonly columns: string;

  constructor(private readonly ds: DataSource) {
    this.columns = selectList(ds, HistoryEvent, 'h');
  }

  /** Records a change in its chain, inside the change's own transaction: how every service writes history. */
  record(em: EntityManager, c: EntityChange): Promise<StoredEvent> {
    const state = toState(c.after);
    return this.append(em, {
      chain: c.claimId ? chainOf('CLAIM', c.claimId) : chainOf(c.entityType, c.entityId),
      claimId: c.claimId,
      entityType: c.entityType,
      entityId: c.entityId,
      action: c.action,
      version: c.version,
      author: c.author,
      changes: { ...diffStates(c.before && toState(c.before), state), ...c.extra },
      note: c.note ?? null,
      state,
    });
  }

  /** Appends an event as given (`record` builds it from a change). */
  async append(em: EntityManager, e: NewHistoryEvent): Promise<StoredEvent> {
    // The caller holds a lock on the chain's owner row, so no one else appends to this chain
    // meanwhile; the UNIQUE (chain, seq) constraint backs that up. The counter row's lock, taken
    // here and held until this transaction ends, hands out global positions in commit order (see
    // migration AddHistoryPositions): appends everywhere queue here, so it is taken last, in the
    // same statement as the chain's head. Its clock never runs backwards, so occurredAt follows
    // positions even when the database's clock is stepped back.
    const next = await one<{ position: number; occurred_at: Date; seq: number | null; hash: string | null }>(
      em,
      `WITH counter AS (
         UPDATE history_counter
            SET last_position = last_position + 1,
                last_occurred_at = greatest(last_occurred_at, date_trunc('milliseconds', clock_timestamp()))
         RETURNING last_position, last_occurred_at)
       SELECT counter.last_position AS position, counter.last_occurred_at AS occurred_at, head.seq, head.hash
       FROM counter LEFT JOIN LATERAL (
         SELECT seq, hash FROM history_events WHERE chain = $1 ORDER BY seq DESC LIMIT 1) head ON true`,
      [e.chain],
    );
    const event: HashedEvent = {
      chain: e.chain,
      seq: (next!.seq ?? 0) + 1,
      position: Number(next!.position),
      prevHash: next!.hash ?? null,
      version: e.version,
      claimId: e.claimId,
      entityType: e.entityType,
      entityId: e.entityId,
      action: e.action,
      userId: e.author.userId,
      userLabel: e.author.label,
      occurredAt: next!.occurred_at.toISOString(),
      changes: e.changes,
      note: e.note ?? null,
      state: e.state,
      hash: '',
    };
    event.hash = hashEvent(event);
    const inserted = await one<{ id: string }>(
      em,
      `INSERT INTO history_events
         (chain, seq, position, prev_hash, version, claim_id, entity_type, entity_id, action, user_id, user_label,
          occurred_at, changes, note, state, hash, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       RETURNING id`,
      [
        event.chain,
        event.seq,
        event.position,
        event.prevHash,
        event.version,
        event.claimId,
        event.entityType,
        event.entityId,
        event.action,
        event.userId,
        event.userLabel,
        event.occurredAt,
        JSON.stringify(event.changes),
        event.note,
        JSON.stringify(event.state),
        event.hash,
        recordOf(event),
      ],
    );
    return { ...event, id: String(inserted!.id) };
  }

  /** A claim's chain, oldest first (its own events plus those of its evidence and disputes). */
  async chain(chain: string): Promise<StoredEvent[]> {
    const found = await rows<HistoryEvent>(
      this.ds,
      `SELECT ${this.columns} FROM history_events h WHERE h.chain = $1 ORDER BY h.seq`,
      [chain],
    );
    return found.map(toStored);
  }

  /** The last event of `action` in a chain, read in the caller's transaction (which holds the chain's owner locked); null when there is none. */
  async lastOf(em: EntityManager, chain: string, action: HistoryAction): Promise<StoredEvent | null> {
    const found = await one<HistoryEvent>(
      em,
      `SELECT ${this.columns} FROM history_events h WHERE h.chain = $1 AND h.action = $2 ORDER BY h.seq DESC LIMIT 1`,
      [chain, action],
    );
    return found ? toStored(found) : null;
  }

  /** Batched lookup by id (`node`): an event's id is its decimal number. */
  async byIds(ids: readonly string[]): Promise<(StoredEvent | null)[]> {
    const found = await rows<HistoryEvent>(this.ds, `SELECT ${this.columns} FROM history_events h WHERE h.id = ANY($1::bigint[])`, [
      ids.filter((id) => HISTORY_EVENT_ID.test(id)),
    ]);
    return oneByKeys(ids, found.map(toStored), (e) => e.id);
  }

  /** Batched for DataLoader: the chains of many claims at once. */
  async chainsOfClaims(claimIds: readonly string[]): Promise<StoredEvent[][]> {
    const found = await rows<HistoryEvent>(
      this.ds,
      `SELECT ${this.columns} FROM history_events h
       WHERE h.chain = ANY($1::text[]) ORDER BY h.chain, h.seq`,
      [claimIds.map((id) => `claim:${id}`)],
    );
    const byClaim = new Map<string, StoredEvent[]>();
    for (const e of found.map(toStored)) {
      const list = byClaim.get(e.chain) ?? [];
      list.push(e);
      byClaim.set(e.chain, list);
    }
    return claimIds.map((id) => byClaim.get(`claim:${id}`) ?? []);
  }

  /**
   * Checks a chain against its owner's current version (so a cut tail is caught too), and that
   * each stored record — the bytes an export hands out — is exactly the event it stands for.
   */
  async verify(chain: string, currentVersion: number): Promise<ChainVerdict & { events: StoredEvent[] }> {
    const found = await rows<HistoryEvent>(
      this.ds,
      `SELECT ${this.columns}, h.record FROM history_events h WHERE h.chain = $1 ORDER BY h.seq`,
      [chain],
    );
    const events = found.map(toStored);
    const verdict = verifyChain(events, currentVersion);
    const limit = verdict.firstBreak ? verdict.firstBreak.index : events.length;
    for (let i = 0; i < limit; i++) {
      if (found[i]!.record !== recordOf(events[i]!)) {
        return {
          valid: false,
          checked: i,
          headHash: events[i - 1]?.hash ?? null,
          firstBreak: {
            index: i,
            seq: events[i]!.seq,
            reason: 'HASH_MISMATCH',
            message: `event #${events[i]!.seq}'s stored record differs from its fields: one of them was altered`,
          },
          events,
        };
      }
    }
    return { ...verdict, events };
  }

  /**
   * Every chain's head, the position of the last event and the digest over the heads, read in one
   * snapshot (one statement): what a checkpoint signs and a backup records. The digest is the one
   * `npm run verify` prints for an export taken at this moment (docs/history-verification.md).
   */
  async heads(db: Db = this.ds): Promise<HistoryHeads> {
    // Newest first within each chain, walking the (chain, seq) index backwards: no sort.
    const found = await rows<{ position: number; chain: string; seq: number; hash: string }>(
      db,
      `SELECT (SELECT last_position FROM history_counter) AS position, h.chain, h.seq, h.hash
       FROM (SELECT DISTINCT ON (chain) chain, seq, hash FROM history_events ORDER BY chain DESC, seq DESC) h`,
    );
    const heads = found.map((h) => ({ chain: h.chain, seq: h.seq, hash: h.hash }));
    return { position: Number(found[0]?.position ?? 0), heads, digest: headsDigest(heads) };
  }

  /** Events of a claim chain up to an instant, oldest first: the raw material of `claim(asOf)`. */
  async chainUntil(chain: string, asOf: Date): Promise<StoredEvent[]> {
    const found = await rows<HistoryEvent>(
      this.ds,
      `SELECT ${this.columns} FROM history_events h WHERE h.chain = $1 AND h.occurred_at <= $2 ORDER BY h.seq`,
      [chain, asOf],
    );
    return found.map(toStored);
  }

  async auditLog(
    filter: AuditLogFilter,
    window: PageWindow,
    after: string | null | undefined,
    newestFirst: boolean,
  ): Promise<Connection<StoredEvent>> {
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.claimId) where.push(`h.claim_id = ${params.add(filter.claimId)}::uuid`);
    if (filter.userId) where.push(`h.user_id = ${params.add(filter.userId)}::uuid`);
    if (filter.action?.length) where.push(`h.action = ANY(${params.add(filter.action)}::text[])`);
    if (filter.entityType?.length) where.push(`h.entity_type = ANY(${params.add(filter.entityType)}::text[])`);
    if (filter.from) where.push(`h.occurred_at >= ${params.add(filter.from)}`);
    if (filter.to) where.push(`h.occurred_at < ${params.add(filter.to)}`);
    const page = await fetchPage<HistoryEvent>(this.ds, {
      select: this.columns,
      from: 'history_events h',
      where,
      params,
      ordering: newestFirst ? NEWEST_FIRST : OLDEST_FIRST,
      idColumn: 'h.id',
      idType: 'bigint',
      window,
      after,
    });
    return mapConnection(page, toStored);
  }
}

/** The chain fields of a change to an entity with a chain of its own (an actor, a source, a user, an API key). */
export function ownChain(entityType: Exclude<HistoryEntityType, 'CLAIM' | 'EVIDENCE' | 'DISPUTE'>, after: { id: string; version: number }) {
  return { entityType, entityId: after.id, claimId: null, version: after.version, after };
}

export function toStored(h: HistoryEvent): StoredEvent {
  return {
    id: String(h.id),
    chain: h.chain,
    seq: h.seq,
    ...(h.positionHashed ? { position: Number(h.position) } : {}),
    prevHash: h.prevHash,
    version: h.version,
    claimId: h.claimId,
    entityType: h.entityType,
    entityId: h.entityId,
    action: h.action,
    userId: h.userId,
    userLabel: h.userLabel,
    occurredAt: new Date(h.occurredAt).toISOString(),
    changes: h.changes,
    note: h.note,
    state: h.state,
    hash: h.hash,
  };
}

function mapConnection<A, B>(c: Connection<A>, f: (a: A) => B): Connection<B> {
  const edges = c.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) }));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: c.pageInfo, totalCount: c.totalCount, meta: c.meta };
}
