import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { ConflictProvider } from '../common/ConflictDialog';
import { AppBar } from './AppBar';
import { Menu } from './Menu';

/** react-admin's layout with our menu and app bar; conflicts can open their dialog from any screen. */
export const Layout = ({ children }: { children: ReactNode }) => (
  <ConflictProvider>
    <RaLayout menu={Menu} appBar={AppBar}>
      {children}
    </RaLayout>
  </ConflictProvider>
);
