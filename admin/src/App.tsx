import { Admin, CustomRoutes, localStorageStore, Resource, StoreContextProvider } from 'react-admin';
import { createBrowserRouter, Route, RouterProvider } from 'react-router';
import actors from './actors';
import apiKeys from './apiKeys';
import audit from './audit';
import { VerifyHistoryPage } from './audit/VerifyHistoryPage';
import claims from './claims';
import { Dashboard } from './dashboard/Dashboard';
import disputes from './disputes';
import { Direction } from './layout/Direction';
import { Layout } from './layout/Layout';
import { LoginPage } from './login/LoginPage';
import { authProvider, dataProvider, i18nProvider } from './providers';
import sources from './sources';
import { themes } from './theme';
import users from './users';

/** react-admin's store (the language shown, list settings …), shared with the direction above the app. */
const store = localStorageStore();

/**
 * The newsroom app. Mutations are pessimistic everywhere (each screen sets mutationMode): the
 * server enforces the workflow, so a change shows as done only once the server accepted it.
 */
const ClaimLedgerAdmin = () => (
  <StoreContextProvider value={store}>
    <Direction initialLocale={i18nProvider.getLocale()}>
      {(direction) => (
        <Admin
          title="ClaimLedger"
          store={store}
          dataProvider={dataProvider}
          authProvider={authProvider}
          i18nProvider={i18nProvider}
          dashboard={Dashboard}
          layout={Layout}
          loginPage={LoginPage}
          theme={themes[direction].light}
          darkTheme={themes[direction].dark}
          requireAuth
          disableTelemetry
        >
          <Resource name="claims" {...claims} />
          <Resource name="disputes" {...disputes} />
          <Resource name="actors" {...actors} />
          <Resource name="sources" {...sources} />
          <Resource name="auditLog" {...audit} />
          <Resource name="users" {...users} />
          <Resource name="apiKeys" {...apiKeys} />
          <Resource name="staff" />
          <Resource name="topics" />
          <CustomRoutes>
            <Route path="/verify" element={<VerifyHistoryPage />} />
          </CustomRoutes>
        </Admin>
      )}
    </Direction>
  </StoreContextProvider>
);

// A data router with real paths under /admin (the server answers index.html for each), so a
// claim's address can be shared, and unsaved-changes warnings can block navigation.
const router = createBrowserRouter([{ path: '*', element: <ClaimLedgerAdmin /> }], { basename: '/admin' });

export const App = () => <RouterProvider router={router} />;
