import Brightness4Icon from '@mui/icons-material/Brightness4';
import Brightness7Icon from '@mui/icons-material/Brightness7';
import { Box, Chip, IconButton, Tooltip, Typography, useMediaQuery } from '@mui/material';
import { LoadingIndicator, LocalesMenuButton, AppBar as RaAppBar, TitlePortal, UserMenu, useGetIdentity, useTheme } from 'react-admin';
import { useT } from '../i18n';
import { termLabel } from '../vocabulary';
import type { Theme } from '@mui/material/styles';

/**
 * Always visible (no hide-on-scroll: the log-out and refresh buttons stay at hand). The page
 * title, the product name, and who is logged in with which role (so nobody wonders why a button
 * is missing); then the language menu (the UI's languages each in its own name), the dark-mode
 * switch, refresh, and the user menu. On a narrow screen (320 px, or 400 % zoom) the product
 * name and the role give way, and the title is cut with an ellipsis, so every button stays on
 * screen.
 */
export const AppBar = () => {
  const t = useT();
  const { identity } = useGetIdentity();
  const role = identity?.role ? termLabel(t, 'role', identity.role) : undefined;
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <RaAppBar
      color="primary"
      alwaysOn
      toolbar={
        <>
          <LocalesMenuButton />
          <DarkModeSwitch />
          <LoadingIndicator />
        </>
      }
      // Named as it shows (the person's name) and what it is for; below 600 px it shows only an
      // icon, and react-admin then takes the label as a message key.
      userMenu={<UserMenu label={narrow || !identity?.fullName ? 'app.app_bar.account_menu' : t('app.app_bar.user_menu', { name: identity.fullName })} />}
    >
      <Typography variant="h6" component="span" sx={{ mr: 2, fontWeight: 600, letterSpacing: 0.3, display: { xs: 'none', sm: 'inline' } }}>
        ClaimLedger
      </Typography>
      <TitlePortal component="h1" sx={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} />
      <Box sx={{ flex: { xs: 0, sm: 1 } }} />
      {role && (
        <Chip
          size="small"
          label={role}
          aria-label={t('app.app_bar.role', { role })}
          sx={{ color: 'inherit', borderColor: 'currentColor', mr: 1, display: { xs: 'none', md: 'inline-flex' } }}
          variant="outlined"
        />
      )}
    </RaAppBar>
  );
};

/** A switch that says whether dark mode is on (react-admin's toggle only says "Toggle Theme"). */
function DarkModeSwitch() {
  const t = useT();
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const [theme, setTheme] = useTheme(prefersDark ? 'dark' : 'light');
  const dark = theme === 'dark';
  return (
    <Tooltip title={t('app.app_bar.dark_mode')}>
      <IconButton color="inherit" aria-pressed={dark} aria-label={t('app.app_bar.dark_mode')} onClick={() => setTheme(dark ? 'light' : 'dark')}>
        {dark ? <Brightness7Icon /> : <Brightness4Icon />}
      </IconButton>
    </Tooltip>
  );
}
