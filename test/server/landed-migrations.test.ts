import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { migrations } from '../../migrations';

/**
 * Migrations are history: a database that ran a migration never runs it again, so a landed file
 * that changes makes new databases differ from existing ones. migrations/landed.json holds every
 * migration file's SHA-256; a new migration adds its line in the commit that adds it, and once on
 * main a line never changes or goes.
 */
const dir = path.resolve(__dirname, '../../migrations');
const landed = JSON.parse(readFileSync(path.join(dir, 'landed.json'), 'utf8')) as Record<string, string>;
const files = readdirSync(dir).filter((f) => /^\d+-\w+\.ts$/.test(f));

// Line endings as checked out on Windows do not count as a change.
const sha256 = (file: string) => createHash('sha256').update(readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n')).digest('hex');

test('every registered migration is in landed.json', () => {
  // AddLoginLimits1764576000001 lives in 1764576000001-AddLoginLimits.ts (the timestamp is 13 digits).
  const registered = migrations.map((m) => m.name.replace(/^(\w+?)(\d{13})$/, '$2-$1.ts'));
  expect(registered.filter((f) => !(f in landed))).toEqual([]);
});

test.each(Object.entries(landed))('landed migration %s is unchanged and still there', (file, hash) => {
  if (!existsSync(path.join(dir, file))) throw new Error(`${file} has landed and must stay: a migration is never removed`);
  if (sha256(file) !== hash) {
    throw new Error(`${file} changed after it landed. Undo the change and put it in a new migration instead.`);
  }
});

test('every migration file is listed in landed.json', () => {
  const missing = files.filter((f) => !(f in landed));
  // The line to add, so a new migration is listed in the same commit.
  expect(missing.map((f) => `"${f}": "${sha256(f)}"`)).toEqual([]);
});
