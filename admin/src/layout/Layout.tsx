import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { ConflictProvider } from '../common/ConflictDialog';
import { AccountLocale } from './AccountLocale';
import { AppBar } from './AppBar';
import { DocumentTitle } from './DocumentTitle';
import { Menu } from './Menu';

/** react-admin's layout with our menu and app bar; conflicts can open their dialog from any screen; the account's language applies; the tab's title follows the page's. */
export const Layout = ({ children }: { children: ReactNode }) => (
  <ConflictProvider>
    <AccountLocale />
    <DocumentTitle />
    <RaLayout menu={Menu} appBar={AppBar}>
      {children}
    </RaLayout>
  </ConflictProvider>
);
