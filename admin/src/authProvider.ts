import type { AuthProvider } from 'react-admin';
import { canAccess } from './access';
import { ApiError, type GraphQLClient } from './dataProvider/graphql';
import { LOGIN, LOGOUT, ME, UPDATE_MY_PREFERENCES } from './dataProvider/queries';
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
  /** The admin UI's language this user chose, saved with their account; null until they choose. */
  locale: string | null;
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
      // A message key: react-admin translates what it shows.
      if (!current()) throw new Error('app.auth.please_log_in');
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
      if (!s) throw new Error('app.auth.please_log_in');
      // The server's word, so a renamed user or a changed role shows at once.
      const { me } = await client.request<{ me: SessionUser | null }>(ME);
      if (!me) {
        store.clear();
        throw new ApiError('app.auth.session_ended', 'UNAUTHENTICATED');
      }
      store.set({ ...s, user: me });
      return { id: me.id, fullName: me.displayName, role: me.role, email: me.email, locale: me.locale };
    },
    async getPermissions() {
      return current()?.user.role;
    },
    async canAccess({ resource, action }: { resource: string; action: string }) {
      return canAccess(current()?.user.role, resource, action);
    },
  };
}

/**
 * The language of the account logged in, as last known here: what the server said at login or
 * in `me`, or what this user just chose. The layout applies it (a choice made on another device
 * shows at the next look at `me`).
 */
export const accountLocale = (store: SessionStore): string | null => store.get()?.user.locale ?? null;

/**
 * Saves a language the user chose with their account (updateMyPreferences), so it follows them
 * to any browser. The session learns it at once, before the server answers, so applying the
 * account's language never undoes the choice; a language equal to the account's (applying it at
 * login) sends nothing. Without a session (the login page) the choice stays in this browser.
 */
export function createLocaleSaver(client: GraphQLClient, store: SessionStore): (locale: string) => Promise<void> {
  return async (locale) => {
    const s = store.get();
    if (!s || s.user.locale === locale) return;
    store.set({ ...s, user: { ...s.user, locale } });
    const { updateMyPreferences } = await client.request<{ updateMyPreferences: { locale: string | null } }>(UPDATE_MY_PREFERENCES, { input: { locale } });
    const now = store.get();
    if (now && now.token === s.token) store.set({ ...now, user: { ...now.user, locale: updateMyPreferences.locale } });
  };
}
