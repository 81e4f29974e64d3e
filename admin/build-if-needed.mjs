#!/usr/bin/env node
/**
 * Builds the admin UI into admin/dist, and the GraphQL explorer into explorer/dist, each when it
 * is missing or older than its sources (always with --force), so
 * `npm start` on a fresh clone serves a working /admin and /graphql explorer and a second start costs nothing.
 * The end-to-end tests call it too, from parallel jest workers: a lock directory makes the
 * second caller wait for the first build instead of writing the same files at once.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const explorer = path.join(here, '..', 'explorer');
const lockfile = path.join(here, '..', 'package-lock.json');
const apps = [
  // server/domain is bundled too (the `@domain/…` imports).
  { name: 'the admin UI (admin/dist)', dir: here, extra: [path.join(here, '..', 'server', 'domain'), lockfile] },
  { name: 'the GraphQL explorer (explorer/dist)', dir: explorer, extra: [lockfile] },
].map((app) => ({
  ...app,
  dist: path.join(app.dir, 'dist', 'index.html'),
  inputs: [...['src', 'index.html', 'vite.config.ts'].map((p) => path.join(app.dir, p)), ...app.extra],
}));
const quiet = process.argv.includes('--quiet');
/** `npm run build:admin`: build even when the output looks current. */
const force = process.argv.includes('--force');

function newestMtime(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

function isStale(app) {
  let built;
  try {
    built = statSync(app.dist).mtimeMs;
  } catch {
    return true;
  }
  return Math.max(...app.inputs.map(newestMtime)) > built;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock(fn) {
  const lock = path.join(os.tmpdir(), `claimledger-admin-build-${createHash('sha1').update(here).digest('hex').slice(0, 12)}`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A build takes well under a minute; an older lock was left by a killed process.
      if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// Vite's notice about the future native config loader says nothing actionable to someone starting the server.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';

if (!force && !apps.some(isStale)) process.exit(0);
await withLock(async () => {
  // A production bundle even when called from jest (NODE_ENV=test), which Vite would otherwise
  // honour and ship React's development build.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  for (const app of apps) {
    // Someone else may have built it while we waited.
    if (!force && !isStale(app)) continue;
    if (!quiet) process.stdout.write(`Building ${app.name}…\n`);
    await build({ configFile: path.join(app.dir, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  }
});
