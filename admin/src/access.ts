import { inRoleGroup, ROLE_GROUPS, type Role } from '@domain/vocabulary';

/**
 * Which screens and generic buttons each role gets, by the server's role groups
 * (server/domain/vocabulary.ts ROLE_GROUPS, the groups server/domain/permissions.ts names), so a
 * role never sees a menu entry or a button the server would refuse. The server still decides;
 * what a user may do to one claim comes from Claim.nextActions.
 */
type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'import' | string;

const { STAFF, WRITER, DESK, AUDIT, ADMIN } = ROLE_GROUPS;

const TABLE: Record<string, Partial<Record<Action, readonly Role[]>> & { '*': readonly Role[] }> = {
  // Deleting a claim means archiving it; export is the server's /export/claims.*, import is ClaimReview.
  claims: { '*': STAFF, create: WRITER, edit: WRITER, delete: DESK, export: AUDIT, import: DESK },
  actors: { '*': STAFF, create: WRITER, edit: WRITER, merge: DESK, delete: [] },
  sources: { '*': STAFF, create: WRITER, edit: WRITER, merge: DESK, delete: [] },
  disputes: { '*': STAFF, create: WRITER, edit: DESK, delete: [] },
  auditLog: { '*': AUDIT },
  users: { '*': ADMIN, delete: [] },
  // Deleting a key means revoking it.
  apiKeys: { '*': ADMIN, edit: [] },
  staff: { '*': STAFF },
  topics: { '*': STAFF },
};

export function canAccess(role: Role | undefined, resource: string, action: Action): boolean {
  if (!role) return false;
  const rules = TABLE[resource];
  if (!rules) return false;
  return (rules[action] ?? rules['*']).includes(role);
}

export const isWriter = (role: Role | undefined) => !!role && inRoleGroup(role, 'WRITER');
export const isDesk = (role: Role | undefined) => !!role && inRoleGroup(role, 'DESK');
export const isAudit = (role: Role | undefined) => !!role && inRoleGroup(role, 'AUDIT');
