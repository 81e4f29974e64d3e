import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { z } from 'zod';
import { fetchPage, type Connection, type Ordering } from '../db/paging';
import { insertEntity, one, rows, selectList, SqlParams, updateVersioned } from '../db/sql';
import { pageWindow } from '../domain/cursor';
import { AppError, badInput, conflict, notFound } from '../domain/errors';
import type { HistoryAction, HistoryEntityType } from '../domain/history';
import { idList, optionalReasonInput, parseInput, uuid } from '../domain/validation';
import { authorOf, isStaff, type StaffViewer, type Viewer } from '../domain/viewer';
import { inRoleGroup } from '../domain/vocabulary';
import { oneByKeys } from './batch';
import type { CatalogReferences, MergeSpec } from './catalogMerge';
import { ownChain, type HistoryService } from './history';
import { within, writerOf, type ChangeBy } from './writes';

/** What differs between actors and sources; everything else about them works the same. */
export interface CatalogSpec<F> {
  entity: EntityTarget<ObjectLiteral>;
  entityType: Extract<HistoryEntityType, 'ACTOR' | 'SOURCE'>;
  /** Singular, for messages: "actor". */
  noun: string;
  /** The history actions of creating and of editing one. */
  actions: { create: HistoryAction; update: HistoryAction };
  alias: string;
  orderings: Record<string, Ordering>;
  defaultOrder: string;
  createInput: z.ZodType;
  updateInput: z.ZodType;
  /** Rows a public reader may see: those linked to published claims. */
  publicScope: string;
  filter(f: F, params: SqlParams): string[];
  /** Fields that must be unique: property → message when taken. */
  unique: Record<string, string>;
  merge: MergeSpec;
}

export interface MergeArgs {
  survivorId: string;
  mergedId: string;
  expectedSurvivorVersion: number;
  expectedMergedVersion: number;
  reason?: string | null;
}

/** A catalogue row as stored, with the redirect a merge leaves. */
type Stored = { id: string; version: number; mergedIntoId: string | null };

export interface ListArgs<F> {
  filter?: (F & { ids?: string[] | null }) | null;
  orderBy?: string | null;
  first?: number | null;
  after?: string | null;
  offset?: number | null;
}

/**
 * Actors and sources: listed, created and edited with optimistic locking, each change recorded
 * in the entity's own history chain.
 */
export class CatalogService<T extends { id: string; version: number; mergedIntoId: string | null }, F> {
  private readonly columns: string;
  private readonly table: string;

  constructor(
    private readonly ds: DataSource,
    private readonly history: HistoryService,
    private readonly spec: CatalogSpec<F>,
    private readonly maxPageSize: number,
    private readonly references: CatalogReferences,
  ) {
    this.columns = selectList(ds, spec.entity, spec.alias);
    this.table = ds.getMetadata(spec.entity).tableName;
  }

  list(viewer: Viewer, args: ListArgs<F>): Promise<Connection<T>> {
    const params = new SqlParams();
    const where = args.filter ? this.spec.filter(args.filter, params) : [];
    // A merged row is a redirect, not an entry of its own.
    where.push(`${this.spec.alias}.merged_into_id IS NULL`);
    const ids = args.filter?.ids;
    if (ids) where.push(`${this.spec.alias}.id = ANY(${params.add(idList('filter.ids', ids, this.maxPageSize))}::uuid[])`);
    if (!isStaff(viewer)) where.push(this.spec.publicScope);
    return fetchPage<T>(this.ds, {
      select: this.columns,
      from: `${this.table} ${this.spec.alias}`,
      where,
      params,
      ordering: this.spec.orderings[args.orderBy ?? this.spec.defaultOrder]!,
      idColumn: `${this.spec.alias}.id`,
      window: pageWindow(args.first, args.offset, this.maxPageSize),
      after: args.after,
    });
  }

  /** By id; a merged one's id answers its survivor (links to it keep working). */
  async byIds(viewer: Viewer, ids: readonly string[]): Promise<(T | null)[]> {
    const valid = ids.filter((id) => uuid.safeParse(id).success);
    const a = this.spec.alias;
    const found = valid.length
      ? await rows<T & { askedId: string }>(
          this.ds,
          `SELECT ${this.columns}, asked.id AS "askedId"
           FROM ${this.table} asked JOIN ${this.table} ${a} ON ${a}.id = coalesce(asked.merged_into_id, asked.id)
           WHERE asked.id = ANY($1::uuid[]) ${isStaff(viewer) ? '' : `AND ${this.spec.publicScope}`}`,
          [valid],
        )
      : [];
    return oneByKeys(ids, found, (r) => r.askedId).map((r) => {
      if (!r) return null;
      const { askedId: _, ...row } = r;
      return row as unknown as T;
    });
  }

  /** Creates one; imports create actors and sources as the server, inside the import's transaction. */
  create(by: ChangeBy, raw: unknown, tx?: EntityManager): Promise<T> {
    const author = writerOf(by, `${this.spec.noun}s`);
    return within(this.ds, tx, async (em) => {
      const input = parseInput(this.spec.createInput, raw) as Record<string, unknown>;
      await this.checkUnique(em, input, null);
      const created = await insertEntity<T>(em, this.spec.entity, input);
      await this.history.record(em, { ...ownChain(this.spec.entityType, created), action: this.spec.actions.create, author, before: null });
      return created;
    });
  }

  update(viewer: StaffViewer, id: string, expectedVersion: number, raw: unknown, tx?: EntityManager): Promise<T> {
    const author = writerOf(viewer, `${this.spec.noun}s`);
    const input = parseInput(this.spec.updateInput, raw) as Record<string, unknown>;
    if (!uuid.safeParse(id).success) throw notFound(this.spec.noun, id);
    return within(this.ds, tx, async (em) => {
      const a = this.spec.alias;
      const current = await one<T>(em, `SELECT ${this.columns} FROM ${this.table} ${a} WHERE ${a}.id = $1 FOR UPDATE`, [id]);
      if (!current) throw notFound(this.spec.noun, id);
      if (current.mergedIntoId) throw this.mergedAway('id', current);
      if (current.version !== expectedVersion) throw conflict(this.spec.noun, expectedVersion, current.version);
      const changed = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => JSON.stringify((current as Record<string, unknown>)[k] ?? null) !== JSON.stringify(v ?? null)),
      );
      if (Object.keys(changed).length === 0) return current; // a no-op save: no version, no event
      await this.checkUnique(em, changed, id);
      const updated = await updateVersioned<T>(em, this.spec.entity, id, expectedVersion, changed);
      if (!updated) throw conflict(this.spec.noun, expectedVersion, expectedVersion + 1);
      await this.history.record(em, { ...ownChain(this.spec.entityType, updated), action: this.spec.actions.update, author, before: current });
      return updated;
    });
  }

  private async checkUnique(em: EntityManager, input: Record<string, unknown>, selfId: string | null) {
    const meta = this.ds.getMetadata(this.spec.entity);
    for (const [prop, message] of Object.entries(this.spec.unique)) {
      const value = input[prop];
      if (value === undefined || value === null) continue;
      const column = meta.findColumnWithPropertyName(prop)!.databaseName;
      const taken = await one<Stored>(em, `SELECT id, merged_into_id AS "mergedIntoId" FROM ${this.table} WHERE ${column} = $1`, [value]);
      if (taken && taken.id !== selfId) {
        // A merged row may keep its value (a second URL of the same document): name its survivor.
        const existingId = taken.mergedIntoId ?? taken.id;
        throw new AppError('BAD_USER_INPUT', `input.${prop}: ${message}`, { field: `input.${prop}`, existingId });
      }
    }
  }

  /**
   * Merges a duplicate into its survivor, all or nothing: the claims and evidence that name the
   * duplicate move (each recorded on its claim's chain), the survivor takes over what it lacks,
   * and the duplicate stays as a redirect. Both versions are checked, as for an edit.
   */
  merge(viewer: StaffViewer, args: MergeArgs, tx?: EntityManager): Promise<T> {
    const noun = this.spec.noun;
    if (!inRoleGroup(viewer.role, 'DESK')) {
      throw new AppError('FORBIDDEN', `Your role (${viewer.role}) may not merge ${noun}s; ask an editor.`);
    }
    const reason = parseInput(optionalReasonInput, { reason: args.reason ?? null }, '').reason;
    for (const id of [args.survivorId, args.mergedId]) if (!uuid.safeParse(id).success) throw notFound(noun, id);
    if (args.survivorId === args.mergedId) throw badInput('mergedId', `an ${noun} cannot be merged into itself.`);
    return within(this.ds, tx, async (em) => {
      const a = this.spec.alias;
      // NO KEY UPDATE: claims being saved meanwhile may still reference these rows without waiting.
      const locked = await rows<T>(
        em,
        `SELECT ${this.columns} FROM ${this.table} ${a} WHERE ${a}.id = ANY($1::uuid[]) ORDER BY ${a}.id FOR NO KEY UPDATE`,
        [[args.survivorId, args.mergedId]],
      );
      const survivor = locked.find((r) => r.id === args.survivorId);
      const merged = locked.find((r) => r.id === args.mergedId);
      if (!survivor) throw notFound(noun, args.survivorId);
      if (!merged) throw notFound(noun, args.mergedId);
      if (merged.mergedIntoId) throw this.mergedAway('mergedId', merged);
      if (survivor.mergedIntoId) throw this.mergedAway('survivorId', survivor);
      if (survivor.version !== args.expectedSurvivorVersion) throw conflict(noun, args.expectedSurvivorVersion, survivor.version);
      if (merged.version !== args.expectedMergedVersion) throw conflict(noun, args.expectedMergedVersion, merged.version);
      const absorbed = this.spec.merge.absorb(survivor, merged);
      const { label } = this.spec.merge;
      const note = `Merged ${label(merged)} (${merged.id}) into ${label(survivor)} (${survivor.id})${reason ? `: ${reason}` : '.'}`;
      const author = authorOf(viewer);
      const action = this.spec.merge.action;
      await this.references.move(em, this.spec.merge, merged.id, survivor.id, author, note);
      // Rows merged into the duplicate earlier now redirect to the survivor: one hop, always.
      const earlier = await rows<T>(em, `SELECT ${this.columns} FROM ${this.table} ${a} WHERE ${a}.merged_into_id = $1 ORDER BY ${a}.id FOR NO KEY UPDATE`, [merged.id]);
      for (const row of [...earlier, merged]) {
        const patch = row === merged ? { ...absorbed.merged, mergedIntoId: survivor.id } : { mergedIntoId: survivor.id };
        const updated = (await updateVersioned<T>(em, this.spec.entity, row.id, row.version, patch))!;
        await this.history.record(em, { ...ownChain(this.spec.entityType, updated), action, author, before: row, note });
      }
      // After the duplicate gave up its unique values, so the survivor can take them.
      const after = (await updateVersioned<T>(em, this.spec.entity, survivor.id, survivor.version, absorbed.survivor))!;
      await this.history.record(em, { ...ownChain(this.spec.entityType, after), action, author, before: survivor, note });
      return after;
    });
  }

  private mergedAway(field: string, row: Stored): AppError {
    return badInput(field, `this ${this.spec.noun} was merged into ${row.mergedIntoId}; use that one.`, { mergedIntoId: row.mergedIntoId });
  }
}
