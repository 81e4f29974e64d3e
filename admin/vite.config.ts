import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { CSP_NONCE_PLACEHOLDER } from './src/cspNonce';

/**
 * The admin UI. Built into admin/dist and served by the API server at /admin (same origin as
 * /graphql). `npm run dev` runs this config's dev server, which proxies the API to the server.
 */
const api = process.env.CLAIMLEDGER_API ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`;

export default defineConfig({
  root: __dirname,
  base: '/admin/',
  plugins: [react()],
  // `@domain/…` is server/domain: the vocabularies and rules the server and this app share.
  resolve: { alias: { '@domain': path.join(__dirname, '..', 'server', 'domain') } },
  // The page's tags, and the styles MUI injects at run time, carry a per-response nonce.
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: path.join(__dirname, 'dist'),
    emptyOutDir: true,
    // react-admin and MUI make one large bundle; split the stable libraries so a UI change does
    // not re-download them.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](recharts|d3-|victory)/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.ADMIN_DEV_PORT ?? 5173),
    strictPort: false,
    proxy: {
      '/graphql': api,
      '/export': api,
      '/checkpoints': api,
      '/health': api,
      '/claimreview.jsonld': api,
    },
  },
});
