#!/usr/bin/env node
/**
 * Unpacks the Chromium that the @sparticuz/chromium devDependency carries inside its npm package
 * (brotli archives: the browser, the libraries it needs, a font) into
 * <tmp>/claimledger-chromium-<version>-<uid>/ and prints, as JSON, the binary's path and the
 * environment it needs. The browser tests use it when no other Chromium is given (test/admin/browser.ts).
 *
 * Run as its own process because the package is ESM (jest loads tests as CommonJS) and because
 * the package unpacks into os.tmpdir(): here TMPDIR points at a private staging folder that is then
 * renamed into place, so test files starting together never see a half-written binary, and a new
 * version of the package never reuses an old one (the package itself only checks /tmp/chromium exists).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(import.meta.resolve('@sparticuz/chromium'));
const packageDir = path.join(path.dirname(entry), '..');
const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const target = path.join(os.tmpdir(), `claimledger-chromium-${version}-${process.getuid?.() ?? 'user'}`);

const unpacked = ['chromium', 'libGLESv2.so', path.join('fonts', 'fonts.conf'), path.join('al2023', 'lib', 'libnss3.so')];
const complete = () => unpacked.every((file) => existsSync(path.join(target, file)));

if (!complete()) {
  if (existsSync(target)) {
    // Left incomplete (a cleaner of old temporary files took part of it): set it aside, unpack anew.
    const stale = `${target}.stale-${process.pid}`;
    try {
      renameSync(target, stale);
      rmSync(stale, { recursive: true, force: true });
    } catch {
      // Another test file set it aside first.
    }
  }
  const staging = mkdtempSync(`${target}.partial-`);
  try {
    process.env.TMPDIR = staging; // where the package unpacks: os.tmpdir() is read at each call
    const { default: chromium, inflate } = await import('@sparticuz/chromium');
    await chromium.executablePath(); // the browser, its GL libraries, fonts/
    await inflate(path.join(packageDir, 'bin', 'al2023.tar.br')); // al2023/lib: NSS and expat, used only where the machine lacks them
    // The package's fonts.conf names Lambda's folders; ours adds its font to the machine's own fonts.
    writeFileSync(
      path.join(staging, 'fonts', 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(target, 'fonts', 'fonts')}</dir>
  <cachedir>${path.join(target, 'fonts', 'cache')}</cachedir>
</fontconfig>
`,
    );
    try {
      renameSync(staging, target);
    } catch (err) {
      // Another test file unpacked the same version first: use its copy.
      if (!['ENOTEMPTY', 'EEXIST'].includes(err.code)) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
// The folder's name is predictable: refuse one that someone else put there.
if (process.getuid && statSync(target).uid !== process.getuid()) {
  throw new Error(`${target} belongs to another user; remove it or set CHROMIUM_PATH`);
}

const executablePath = path.join(target, 'chromium');
const env = { FONTCONFIG_PATH: path.join(target, 'fonts') };
// The binary needs NSS and expat; a minimal system (a slim container) may not have them.
if (librariesMissing(executablePath)) {
  env.LD_LIBRARY_PATH = [path.join(target, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}
process.stdout.write(`${JSON.stringify({ executablePath, env, version })}\n`);

function librariesMissing(binary) {
  try {
    return /not found/.test(execFileSync('ldd', [binary], { encoding: 'utf8' }));
  } catch {
    return true; // no ldd to ask: the packaged libraries are a safe default
  }
}
