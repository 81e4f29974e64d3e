import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The GraphQL explorer (GraphiQL from npm), built into explorer/dist and served by the API server:
 * the page at /graphql when a browser opens it, its files under /explorer/.
 */
export default defineConfig({
  root: __dirname,
  base: '/explorer/',
  plugins: [react()],
  build: {
    outDir: `${__dirname}/dist`,
    emptyOutDir: true,
    // GraphiQL with its Monaco editor is one large bundle by nature.
    chunkSizeWarningLimit: 6000,
  },
  worker: { format: 'es' },
});
