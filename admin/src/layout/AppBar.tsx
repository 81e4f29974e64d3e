import { Box, Chip, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal, useGetIdentity } from 'react-admin';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';

/**
 * Always visible (no hide-on-scroll: the log-out and refresh buttons stay at hand). The page
 * title, the product name, and who is logged in with which role (so nobody wonders why a button
 * is missing). react-admin's toolbar adds the language menu (LocalesMenuButton, the UI's
 * languages each in its own name) and the light/dark switch.
 */
export const AppBar = () => {
  const t = useT();
  const { identity } = useGetIdentity();
  const role = identity?.role ? termLabel(t, 'role', identity.role) : undefined;
  return (
    <RaAppBar color="primary" alwaysOn>
      <Typography variant="h6" component="span" sx={{ mr: 2, fontWeight: 600, letterSpacing: 0.3 }}>
        ClaimLedger
      </Typography>
      <TitlePortal />
      <Box sx={{ flex: 1 }} />
      {role && <Chip size="small" label={role} aria-label={t('app.app_bar.role', { role })} sx={{ color: 'inherit', borderColor: 'currentColor', mr: 1 }} variant="outlined" />}
    </RaAppBar>
  );
};
