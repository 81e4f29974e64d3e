import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CSP_NONCE_PLACEHOLDER } from '../../admin/src/cspNonce';
import { startTestApp, type TestApp } from '../helpers/app';
import { ensureAdminBuilt } from './browser';

/**
 * The admin UI's Content-Security-Policy without a browser: every page is sent with the policy
 * and a fresh nonce that its own tags carry, and the built page has nothing inline that a strict
 * policy would have to allow. (test/admin/csp.e2e.test.ts runs the app under the policy in Chromium.)
 */
let app: TestApp;
beforeAll(async () => {
  ensureAdminBuilt();
  app = await startTestApp({ serveAdmin: true });
}, 180_000);
afterAll(async () => {
  await app?.close();
});

const built = () => readFileSync(path.join(__dirname, '..', '..', 'admin', 'dist', 'index.html'), 'utf8');

/** The policy as directive → sources. */
function directives(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

test('the built page has no inline script, no inline handler, and every inline style and tag carries the nonce placeholder', () => {
  const html = built();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\bsrc="\/admin\/assets\/[^"]+\.js"/);
    expect(body!.trim()).toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
  for (const [tag] of html.matchAll(/<style\b[^>]*>/gi)) expect(tag).toContain(`nonce="${CSP_NONCE_PLACEHOLDER}"`);
  expect(html).toContain(`<meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}">`);
});

test('every page is sent with a strict policy naming a fresh nonce, which the page carries instead of the placeholder', async () => {
  const nonces = new Set<string>();
  for (const address of ['/admin/', '/admin/login', '/admin/claims/6f1c1a84-0000-4000-8000-000000000000/show', '/admin/index.html']) {
    const res = await fetch(`${app.url}${address}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const policy = directives(res.headers.get('content-security-policy'));
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(policy.get('style-src')?.find((s) => s.startsWith("'nonce-")) ?? '')?.[1];
    expect(nonce).toBeDefined();
    expect(Buffer.from(nonce!, 'base64')).toHaveLength(16);
    nonces.add(nonce!);

    const page = await res.text();
    expect(page).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(page.split(`nonce="${nonce}"`).length - 1).toBe(built().split(`nonce="${CSP_NONCE_PLACEHOLDER}"`).length - 1);

    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", `'nonce-${nonce}'`],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  }
  expect(nonces.size).toBe(4);
});
