import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/** The default react-admin look with a newsroom's ink blue, a little more air, and rounder cards. */
const shared: Partial<RaThemeOptions> = {
  shape: { borderRadius: 8 },
  sidebar: { width: 220, closedWidth: 55 },
  typography: { fontFamily: 'Roboto, system-ui, -apple-system, "Segoe UI", sans-serif' },
};

/** The logged-in person's name, which react-admin's user menu shows as plain text: its own direction whatever the interface's. */
const userName = { RaUserMenu: { styleOverrides: { root: { '& .RaUserMenu-userButton': { unicodeBidi: 'plaintext' } } } } };

const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  ...shared,
  components: { ...defaultLightTheme.components, ...userName },
  palette: {
    ...defaultLightTheme.palette,
    mode: 'light',
    primary: { main: '#1e3a5f' },
    secondary: { main: '#7b3f8c' },
    background: { default: '#f4f5f7', paper: '#fff' },
  },
};

const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  ...shared,
  components: { ...defaultDarkTheme.components, ...userName },
  palette: {
    ...defaultDarkTheme.palette,
    mode: 'dark',
    primary: { main: '#90b4e0' },
    secondary: { main: '#d6a2e8' },
  },
};

/** Each theme in both directions: MUI's components read `direction` (the CSS itself is flipped by layout/Direction). */
export const themes = {
  ltr: { light: lightTheme, dark: darkTheme },
  rtl: { light: { ...lightTheme, direction: 'rtl' }, dark: { ...darkTheme, direction: 'rtl' } },
} satisfies Record<'ltr' | 'rtl', { light: RaThemeOptions; dark: RaThemeOptions }>;
