import { Admin, CustomRoutes, Resource } from 'react-admin';
import { createBrowserRouter, Route, RouterProvider } from 'react-router';
import actors from './actors';
import apiKeys from './apiKeys';
import audit from './audit';
import { VerifyHistoryPage } from './audit/VerifyHistoryPage';
import claims from './claims';
import { Dashboard } from './dashboard/Dashboard';
import { i18nProvider } from './i18n';
import disputes from './disputes';
import { Layout } from './layout/Layout';
import { LoginPage } from './login/LoginPage';
import { authProvider, dataProvider } from './providers';
import sources from './sources';
import { darkTheme, lightTheme } from './theme';
import users from './users';

/**
 * The newsroom app. Mutations are pessimistic everywhere (each screen sets mutationMode): the
 * server enforces the workflow, so a change shows as done only once the server accepted it.
 */
const ClaimLedgerAdmin = () => (
  <Admin
    title="ClaimLedger"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    dashboard={Dashboard}
    layout={Layout}
    loginPage={LoginPage}
    theme={lightTheme}
    darkTheme={darkTheme}
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
);

// A data router with real paths under /admin (the server answers index.html for each), so a
// claim's address can be shared, and unsaved-changes warnings can block navigation.
const router = createBrowserRouter([{ path: '*', element: <ClaimLedgerAdmin /> }], { basename: '/admin' });

export const App = () => <RouterProvider router={router} />;
