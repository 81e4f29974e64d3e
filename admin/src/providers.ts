import { createAuthProvider } from './authProvider';
import { createDataProvider } from './dataProvider';
import { createGraphQLClient } from './dataProvider/graphql';
import { browserSession, tokenFromBrowser } from './session';

/** The browser's wiring: same-origin /graphql (the server, or Vite's proxy in `npm run dev`). */
const client = createGraphQLClient({ url: '/graphql', getToken: tokenFromBrowser });
export const dataProvider = createDataProvider(client);
export const authProvider = createAuthProvider(client, browserSession);
