import type { Role } from './vocabulary';

/**
 * Which screens and generic buttons each role gets: the UI's copy of the server's rules
 * (server/domain/permissions.ts), so a role never sees a menu entry or a button the server would
 * refuse. The server still decides; what a user may do to one claim comes from Claim.nextActions.
 */
type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'import' | string;

const WRITERS: readonly Role[] = ['FACT_CHECKER', 'EDITOR', 'ADMIN'];
const DESK: readonly Role[] = ['EDITOR', 'ADMIN'];
const AUDIT: readonly Role[] = ['AUDITOR', 'ADMIN'];
const ALL: readonly Role[] = ['FACT_CHECKER', 'EDITOR', 'AUDITOR', 'ADMIN'];
const ADMIN: readonly Role[] = ['ADMIN'];

const TABLE: Record<string, Partial<Record<Action, readonly Role[]>> & { '*': readonly Role[] }> = {
  // Deleting a claim means archiving it; export is the server's /export/claims.*, import is ClaimReview.
  claims: { '*': ALL, create: WRITERS, edit: WRITERS, delete: DESK, export: AUDIT, import: DESK },
  actors: { '*': ALL, create: WRITERS, edit: WRITERS, delete: [] },
  sources: { '*': ALL, create: WRITERS, edit: WRITERS, delete: [] },
  disputes: { '*': ALL, create: WRITERS, edit: DESK, delete: [] },
  auditLog: { '*': AUDIT },
  users: { '*': ADMIN, delete: [] },
  // Deleting a key means revoking it.
  apiKeys: { '*': ADMIN, edit: [] },
  staff: { '*': ALL },
  topics: { '*': ALL },
};

export function canAccess(role: Role | undefined, resource: string, action: Action): boolean {
  if (!role) return false;
  const rules = TABLE[resource];
  if (!rules) return false;
  return (rules[action] ?? rules['*']).includes(role);
}

export const isWriter = (role: Role | undefined) => !!role && WRITERS.includes(role);
export const isDesk = (role: Role | undefined) => !!role && DESK.includes(role);
export const isAudit = (role: Role | undefined) => !!role && AUDIT.includes(role);
