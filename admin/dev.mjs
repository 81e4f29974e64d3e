#!/usr/bin/env node
/**
 * `npm run dev`: the API server (restarted by tsx when server/ changes) and Vite's dev server for
 * the admin UI with hot reload, which proxies /graphql to the API server. Open the URL Vite prints.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
// Vite's notice about its future native config loader says nothing actionable here.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
const root = path.join(here, '..');
const port = process.env.PORT ?? '4000';

const api = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['watch', '--clear-screen=false', '--include', 'server', 'server/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PORT: port },
});

const vite = await createServer({ configFile: path.join(here, 'vite.config.ts'), server: { open: false } });
await vite.listen();
process.stdout.write('\nAdmin UI with hot reload (API proxied to port ' + port + '):\n');
vite.printUrls();

let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  await vite.close();
  process.exit(code);
};
api.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
