import { Box, Chip, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal, useGetIdentity } from 'react-admin';
import { ROLE, type Role } from '../vocabulary';

/** Always visible (no hide-on-scroll: the log-out and refresh buttons stay at hand). The page title, the product name, and who is logged in with which role (so nobody wonders why a button is missing). */
export const AppBar = () => {
  const { identity } = useGetIdentity();
  const role = identity?.role as Role | undefined;
  return (
    <RaAppBar color="primary" alwaysOn>
      <Typography variant="h6" component="span" sx={{ mr: 2, fontWeight: 600, letterSpacing: 0.3 }}>
        ClaimLedger
      </Typography>
      <TitlePortal />
      <Box sx={{ flex: 1 }} />
      {role && <Chip size="small" label={ROLE[role]} aria-label={`Role: ${ROLE[role]}`} sx={{ color: 'inherit', borderColor: 'currentColor', mr: 1 }} variant="outlined" />}
    </RaAppBar>
  );
};
