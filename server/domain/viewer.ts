import type { Role } from './vocabulary';

/** Who is asking: a public reader (maybe through a client app's API key) or a logged-in user. */
export type Viewer =
  | { kind: 'public'; apiKeyId: string | null }
  | { kind: 'user'; userId: string; role: Role; displayName: string; sessionId: string | null };

export type StaffViewer = Extract<Viewer, { kind: 'user' }>;

export const anonymous: Viewer = { kind: 'public', apiKeyId: null };

export const isStaff = (v: Viewer): v is StaffViewer => v.kind === 'user';

/** Who history records as making a change: a user, or the server itself (no userId: demo seed, imports). */
export interface ChangeAuthor {
  userId: string | null;
  label: string;
}

export const authorOf = (v: StaffViewer): ChangeAuthor => ({ userId: v.userId, label: v.displayName });
