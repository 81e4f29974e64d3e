import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';
import { lighten, type Theme } from '@mui/material/styles';

/**
 * The default react-admin look with a newsroom's ink blue, a little more air, and rounder cards,
 * made to meet WCAG 2.2 AA in both modes: the state colours (chips, outlined and text buttons)
 * are dark enough on white, and light enough on the dark background, for text contrast of at
 * least 4.5:1 (MUI's defaults give 3.1–3.9:1); every focused control shows an outline of at
 * least 3:1 against the page, not only MUI's faint focus shade.
 */
const shared: Partial<RaThemeOptions> = {
  shape: { borderRadius: 8 },
  sidebar: { width: 220, closedWidth: 55 },
  typography: { fontFamily: 'Roboto, system-ui, -apple-system, "Segoe UI", sans-serif' },
};

/** Where the app bar would cover what gets focus when the page scrolls to it. */
const APP_BAR_CLEARANCE = 72;

/** Components' overrides for one mode; `focus` is the outline colour (≥ 3:1 against the page's backgrounds). */
function components(base: RaThemeOptions['components'], focus: string): RaThemeOptions['components'] {
  const outline = { outline: `2px solid ${focus}`, outlineOffset: 2 };
  return {
    ...base,
    MuiCssBaseline: {
      styleOverrides: {
        html: { scrollPaddingTop: APP_BAR_CLEARANCE, scrollPaddingBottom: 16 },
        // MUI marks keyboard focus with .Mui-focusVisible (a faint shade) and its buttons set
        // `outline: 0`; both get a real outline ("html body" outranks a component's one class).
        'html body *:focus-visible, html body .Mui-focusVisible': outline,
        // A select shows focus only by its border, which a borderless one (rows per page) lacks.
        'html body .MuiSelect-select:focus-visible': outline,
        // On the app bar the page's outline colour would vanish: its own text colour stands out there.
        'html body .MuiAppBar-root *:focus-visible, html body .MuiAppBar-root .Mui-focusVisible': { outlineColor: 'currentColor' },
      },
    },
    // Below 600 px the language menu's button shows its icon only (its name, the language's, is
    // still read out): the app bar's title needs the room (320 px left it none).
    RaLocalesMenuButton: {
      styleOverrides: {
        root: ({ theme }: { theme: Theme }) => ({
          [theme.breakpoints.down('sm')]: {
            '& .MuiButton-root': { fontSize: 0, minWidth: 0 },
            '& .MuiButton-startIcon': { margin: 0 },
            '& .MuiButton-endIcon': { display: 'none' },
          },
        }),
      },
    },
    // The logged-in person's name, which react-admin's user menu shows as plain text: its own direction whatever the interface's.
    RaUserMenu: { styleOverrides: { root: { '& .RaUserMenu-userButton': { unicodeBidi: 'plaintext' } } } },
    // react-admin's skip link is white on the page background (1.1:1): the app's own colours instead.
    RaSkipNavigationButton: {
      styleOverrides: {
        root: ({ theme }: { theme: Theme }) => ({
          backgroundColor: theme.palette.primary.main,
          color: theme.palette.primary.contrastText,
          '&:hover': { backgroundColor: theme.palette.primary.dark },
        }),
      },
    },
    // Reflow (WCAG 1.4.10): at 320 px, or 400 % zoom, the page never scrolls sideways. A wide
    // table scrolls in its own box; toolbars wrap; the content column may shrink below its
    // children's widths.
    RaDataTable: { styleOverrides: { root: { '& .RaDataTable-tableWrapper': { overflowX: 'auto' } } } },
    RaTopToolbar: { styleOverrides: { root: { flexWrap: 'wrap', whiteSpace: 'normal' } } },
    RaLayout: { styleOverrides: { root: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } } } },
    RaList: { styleOverrides: { root: { '& .RaList-main': { minWidth: 0 } } } },
    // react-admin's empty-list message ("No API keys yet.") is an h4 in the disabled text colour:
    // after the page's h1 it skips levels, and it is below 3:1. A section heading in readable text.
    RaEmpty: { styleOverrides: { root: ({ theme }: { theme: Theme }) => ({ '& .RaEmpty-message': { color: theme.palette.text.secondary } }) } },
    MuiTypography: { defaultProps: { variantMapping: { h4: 'h2' } } },
    // Sort headers' click targets at least 24 px tall (WCAG 2.5.8).
    MuiTableSortLabel: { styleOverrides: { root: { minHeight: 24 } } },
    // The bulk toolbar, folded away while nothing is selected, kept its buttons in the Tab order.
    // Shown, it sits above the table instead of over the list's own buttons (which it covered).
    // Its light tint is paler than react-admin's, so its red Archive button keeps 4.5:1.
    RaBulkActionsToolbar: {
      styleOverrides: {
        root: ({ theme }: { theme: Theme }) => ({
          '& .RaBulkActionsToolbar-toolbar': {
            position: 'relative',
            transform: 'none',
            ...(theme.palette.mode === 'light' ? { backgroundColor: lighten(theme.palette.primary.main, 0.92) } : {}),
          },
          '& .RaBulkActionsToolbar-collapsed': { visibility: 'hidden' },
        }),
      },
    },
  };
}

const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  ...shared,
  components: components(defaultLightTheme.components, '#1e3a5f'),
  palette: {
    ...defaultLightTheme.palette,
    mode: 'light',
    primary: { main: '#1e3a5f' },
    secondary: { main: '#7b3f8c' },
    // Each ≥ 4.5:1 against white and the page grey, and white text on it ≥ 4.5:1.
    error: { main: '#c62828' },
    warning: { main: '#a84300' },
    info: { main: '#01579b' },
    success: { main: '#2e7d32' },
    background: { default: '#f4f5f7', paper: '#fff' },
  },
};

const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  ...shared,
  components: components(defaultDarkTheme.components, '#90b4e0'),
  palette: {
    ...defaultDarkTheme.palette,
    mode: 'dark',
    primary: { main: '#90b4e0' },
    secondary: { main: '#d6a2e8' },
    // Light tones: ≥ 4.5:1 on the dark paper, and MUI picks dark text for filled chips and buttons.
    error: { main: '#f28b82' },
    warning: { main: '#ffb74d' },
    info: { main: '#4fc3f7' },
    success: { main: '#81c784' },
  },
};

/** Each theme in both directions: MUI's components read `direction` (the CSS itself is flipped by layout/Direction). */
export const themes = {
  ltr: { light: lightTheme, dark: darkTheme },
  rtl: { light: { ...lightTheme, direction: 'rtl' }, dark: { ...darkTheme, direction: 'rtl' } },
} satisfies Record<'ltr' | 'rtl', { light: RaThemeOptions; dark: RaThemeOptions }>;
