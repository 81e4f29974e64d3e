import type { I18nProvider } from 'react-admin';
import { createAuthProvider, createLocaleSaver } from './authProvider';
import { createDataProvider } from './dataProvider';
import { createGraphQLClient } from './dataProvider/graphql';
import { createI18nProvider } from './i18n';
import { browserSession, tokenFromBrowser } from './session';

/** The browser's wiring: same-origin /graphql (the server, or Vite's proxy in `npm run dev`). */
const client = createGraphQLClient({ url: '/graphql', getToken: tokenFromBrowser });
export const dataProvider = createDataProvider(client);
export const authProvider = createAuthProvider(client, browserSession);

const saveLocale = createLocaleSaver(client, browserSession);
const i18n = createI18nProvider();

/**
 * react-admin changes the language through this provider whenever the language shown changes:
 * the language menu, or the account's language applied at login. A choice is saved with the
 * account; a failure to save leaves it in this browser only (said in the console, not in the way).
 */
export const i18nProvider: I18nProvider = {
  ...i18n,
  changeLocale: (locale, options) => {
    // Not waited for: the page changes language at once, the server is told meanwhile.
    // eslint-disable-next-line no-console -- not the user's problem: the page still changed language
    saveLocale(locale).catch((error: unknown) => console.warn('The language could not be saved with the account', error));
    return i18n.changeLocale(locale, options);
  },
};
