import type { AuthProvider } from 'react-admin';
import { canAccess } from './access';
import { ApiError, type GraphQLClient } from './dataProvider/graphql';
import { LOGIN, LOGOUT, ME } from './dataProvider/queries';
import type { Role } from './vocabulary';

/**
 * Log in with e-mail and password (the API's login mutation), keep the session token, and log
 * out when the server says the session is gone. No JSX or browser globals: the store is passed in.
 */
interface SessionUser {
  id: string;
  displayName: string;
  role: Role;
  email: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface SessionStore {
  get(): Session | null;
  set(session: Session): void;
  clear(): void;
}

export function createAuthProvider(client: GraphQLClient, store: SessionStore, now: () => number = Date.now): AuthProvider {
  const current = () => {
    const s = store.get();
    if (s && Date.parse(s.expiresAt) <= now()) {
      store.clear();
      return null;
    }
    return s;
  };

  return {
    async login({ username, password }: { username: string; password: string }) {
      const { login } = await client.request<{ login: Session }>(LOGIN, { email: String(username ?? '').trim(), password });
      store.set(login);
    },
    async logout() {
      if (store.get()) {
        // Ends the session on the server too; a session that is already gone is fine.
        await client.request(LOGOUT).catch(() => undefined);
      }
      store.clear();
    },
    async checkAuth() {
      if (!current()) throw new Error('Please log in.');
    },
    async checkError(error: unknown) {
      const code = error instanceof ApiError ? error.code : (error as { body?: { code?: string } } | null)?.body?.code;
      if (code === 'UNAUTHENTICATED') {
        store.clear();
        throw error;
      }
      // FORBIDDEN and the rest are answers about one action, not about the session.
    },
    async getIdentity() {
      const s = current();
      if (!s) throw new Error('Please log in.');
      // The server's word, so a renamed user or a changed role shows at once.
      const { me } = await client.request<{ me: SessionUser | null }>(ME);
      if (!me) {
        store.clear();
        throw new ApiError('Your session has ended.', 'UNAUTHENTICATED');
      }
      store.set({ ...s, user: me });
      return { id: me.id, fullName: me.displayName, role: me.role, email: me.email };
    },
    async getPermissions() {
      return current()?.user.role;
    },
    async canAccess({ resource, action }: { resource: string; action: string }) {
      return canAccess(current()?.user.role, resource, action);
    },
  };
}
