/**
 * What Vite writes as the nonce of index.html's tags and of its `<meta property="csp-nonce">`
 * (vite.config.ts, html.cspNonce). The server replaces it with a fresh nonce for every page it
 * sends and names that nonce in the page's Content-Security-Policy (server/routes/admin.ts).
 */
export const CSP_NONCE_PLACEHOLDER = 'CLAIMLEDGER_CSP_NONCE';

/**
 * The nonce the server gave this page (in `<meta property="csp-nonce">`): the styles MUI injects
 * at run time must carry it for the page's Content-Security-Policy to let them apply.
 */
export const pageStyleNonce = (): string | undefined =>
  (globalThis as { document?: { querySelector(s: string): { nonce?: string } | null } }).document?.querySelector('meta[property="csp-nonce"]')?.nonce || undefined;
