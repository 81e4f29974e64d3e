import type { Session, SessionStore } from './authProvider';

/**
 * The session in localStorage, so a reload or a second tab stays logged in until the token
 * expires or the user logs out.
 */
const KEY = 'claimledger.session';

export const browserSession: SessionStore = {
  get() {
    try {
      const raw = window.localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  set(session) {
    window.localStorage.setItem(KEY, JSON.stringify(session));
  },
  clear() {
    window.localStorage.removeItem(KEY);
  },
};

export const tokenFromBrowser = () => browserSession.get()?.token ?? null;
