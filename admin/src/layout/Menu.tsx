import FactCheckIcon from '@mui/icons-material/FactCheck';
import { Divider } from '@mui/material';
import { Menu as RaMenu, usePermissions } from 'react-admin';
import { isAudit } from '../access';
import { useT } from '../i18n';
import type { Role } from '../vocabulary';

/** Work first (claims, disputes), then the catalogue, then oversight; each entry only for roles that may use it. */
export const Menu = () => {
  const t = useT();
  const { permissions } = usePermissions<Role>();
  return (
    <RaMenu>
      <RaMenu.DashboardItem />
      <RaMenu.ResourceItem name="claims" />
      <RaMenu.ResourceItem name="disputes" />
      <RaMenu.ResourceItem name="actors" />
      <RaMenu.ResourceItem name="sources" />
      {isAudit(permissions) && <Divider />}
      <RaMenu.ResourceItem name="auditLog" />
      {isAudit(permissions) && <RaMenu.Item to="/verify" primaryText={t('app.menu.verify_history')} leftIcon={<FactCheckIcon />} />}
      <RaMenu.ResourceItem name="users" />
      <RaMenu.ResourceItem name="apiKeys" />
    </RaMenu>
  );
};
