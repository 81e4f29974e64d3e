import { startTestApp, type TestApp } from '../helpers/app';
import { ensureAdminBuilt } from './browser';

/** The admin UI on the API's own port: /admin with client-side routes, hashed assets, and a clear answer when it is not built. */
let built: TestApp;
let bare: TestApp;
beforeAll(async () => {
  ensureAdminBuilt();
  [built, bare] = await Promise.all([startTestApp({ serveAdmin: true }), startTestApp()]);
}, 180_000);
afterAll(async () => {
  await built?.close();
  await bare?.close();
});

const get = (app: TestApp, path: string) => fetch(`${app.url}${path}`, { redirect: 'manual' });

test('/ and /admin redirect to /admin/', async () => {
  const root = await get(built, '/');
  expect([root.status, root.headers.get('location')]).toEqual([302, '/admin/']);
  const admin = await get(built, '/admin?x=1');
  expect([admin.status, admin.headers.get('location')]).toEqual([301, '/admin/']);
});

test('every client-side route answers the app page, never stored', async () => {
  for (const path of ['/admin/', '/admin/claims', '/admin/claims/6f1c1a84-0000-4000-8000-000000000000/show?asOf=2026-01-01T00:00:00.000Z', '/admin/login']) {
    const res = await get(built, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toContain('<div id="root">');
  }
});

test('assets are served with a long cache; a missing asset is a 404, not the page', async () => {
  const page = await (await get(built, '/admin/')).text();
  const scripts = [...page.matchAll(/src="(\/admin\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  const asset = await get(built, scripts[0]!);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

  const missing = await get(built, '/admin/assets/index-doesnotexist.js');
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
});

test('without a build, /admin says how to build it and the API still works', async () => {
  const res = await get(bare, '/admin/claims');
  expect(res.status).toBe(503);
  expect(await res.text()).toMatch(/npm run build:admin/);
  const health = await get(bare, '/health');
  expect(health.status).toBe(200);
});
