import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../db/transaction';
import { AppError } from '../domain/errors';
import { authorOf, type ChangeAuthor, type StaffViewer } from '../domain/viewer';
import { inRoleGroup } from '../domain/vocabulary';

/**
 * The one transaction convention of service writes: each takes an optional `tx` as its last
 * argument. Given one, the write joins that transaction (an import creates a claim, its actor,
 * sources and evidence together); otherwise it runs in a transaction of its own.
 */
export function within<T>(ds: DataSource, tx: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return tx ? work(tx) : transaction(ds, work);
}

/**
 * Who makes a change: a logged-in user, or the server itself (an import, the demo seed) on a path
 * whose caller has checked the permission already.
 */
export type ChangeBy = StaffViewer | ChangeAuthor;

export const isUser = (by: ChangeBy): by is StaffViewer => 'kind' in by;

/** The author history records; a user must be one who changes the newsroom's data (`what`: "claims"). */
export function writerOf(by: ChangeBy, what: string): ChangeAuthor {
  if (!isUser(by)) return by;
  if (!inRoleGroup(by.role, 'WRITER')) {
    throw new AppError('FORBIDDEN', `Your role (${by.role}) may read but not change ${what}.`);
  }
  return authorOf(by);
}
