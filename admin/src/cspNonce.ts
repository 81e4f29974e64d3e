/**
 * What Vite writes as the nonce of index.html's tags and of its `<meta property="csp-nonce">`
 * (vite.config.ts, html.cspNonce). The server replaces it with a fresh nonce for every page it
 * sends and names that nonce in the page's Content-Security-Policy (server/routes/admin.ts).
 */
export const CSP_NONCE_PLACEHOLDER = 'CLAIMLEDGER_CSP_NONCE';
