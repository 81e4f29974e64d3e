import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rotateSigningKey } from '../../server/services/checkpoints';
import { claimIn, PASSWORD } from '../fixtures/newsroom';
import { useBrowserApp } from '../helpers/browserApp';
import { logIn, logOut, shot } from './browser';

/**
 * The auditor's verify page shows the server's latest signed checkpoint and checks the whole
 * checkpoint log in the browser (WebCrypto Ed25519), as `npm run verify -- --checkpoints` would:
 * a genuine log verifies, a log altered on its way to the browser does not, a key rotation is
 * followed from the first key, and a key other than the one this browser saw before is pointed out.
 */
jest.setTimeout(120_000);

const keyDir = mkdtempSync(path.join(os.tmpdir(), 'claimledger-e2e-checkpoints-'));
const keyFile = path.join(keyDir, 'checkpoint-key.pem');
const { app, n, page } = useBrowserApp('newsroom', { checkpointKeyFile: keyFile });

beforeAll(async () => {
  await claimIn(app, n, 'PUBLISHED');
  await app.ok(`mutation { recordCheckpoint { seq } }`, {}, n.tokens.auditor);
});

afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const verified = () => page.getByRole('status', { name: 'Checkpoints verified' });
const latest = async () => Number((await page.locator('dt:text("Latest checkpoint") + dd').textContent())!.replace('#', ''));

test('an auditor sees the latest checkpoint verified in the browser, records a new one, and sees that one verified too', shot(() => page, async () => {
  await logIn(page, app.url, 'auditor@newsroom.test', PASSWORD);
  await page.goto(`${app.url}/admin/verify`);
  await verified().getByText('All 1 checkpoints are signed by the published key and each links to the one before.').waitFor();
  const held = await app.services.history.heads();
  expect(await latest()).toBe(1);
  await page.locator(`dd:text-is("${held.digest}")`).waitFor();
  await page.locator(`dd:text-is("${held.position}")`).waitFor();
  const { keyId } = (await (await fetch(`${app.url}/checkpoints/public-key`)).json()) as { keyId: string };
  await page.getByText(`Public key id (SHA-256 of the key) ${keyId}`).waitFor();

  await claimIn(app, n, 'DRAFT');
  await page.getByRole('button', { name: 'Record a checkpoint now' }).click();
  await verified().getByText(/All 2 checkpoints are signed/).waitFor();
  expect(await latest()).toBe(2);
  await page.locator(`dd:text-is("${(await app.services.history.heads()).digest}")`).waitFor();
}));

test('a checkpoint log altered on its way to the browser is reported as failed, naming the checkpoint', shot(() => page, async () => {
  await page.route('**/checkpoints.ndjson', async (route) => {
    const lines = (await (await route.fetch()).text()).split('\n');
    // One digit of the last checkpoint's digest changed: its hash no longer matches.
    const last = lines.length - 2;
    lines[last] = lines[last]!.replace(/"headsDigest":"(.)/, (_m, c: string) => `"headsDigest":"${c === '0' ? '1' : '0'}`);
    await route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: lines.join('\n') });
  });
  try {
    await page.goto(`${app.url}/admin/verify`);
    const failed = page.getByRole('status', { name: 'Checkpoints failed' });
    await failed.getByText('Failed: the checkpoint log does not verify').waitFor();
    await failed.getByText(/Line 2 \(checkpoint #2\): HASH_MISMATCH — /).waitFor();
  } finally {
    await page.unroute('**/checkpoints.ndjson');
  }
}));

test('after the operator rotates the key, the browser follows it from the first key: all verified, no warning, the new key shown', shot(() => page, async () => {
  const { from, to } = await rotateSigningKey(app.services.checkpoints, keyFile);
  expect(await page.evaluate(`window.localStorage.getItem('claimledger.checkpointKeyId')`)).toBe(from.keyId);
  await page.goto(`${app.url}/admin/verify`);
  await verified().getByText(/All 4 checkpoints are signed/).waitFor();
  await page.getByText(`Public key id (SHA-256 of the key) ${to.keyId}`).waitFor();
  expect(await page.getByText(/is not the one this browser saw before/).count()).toBe(0);
}));

test('a key other than the one this browser saw before is pointed out', shot(() => page, async () => {
  await page.evaluate(`window.localStorage.setItem('claimledger.checkpointKeyId', '${'f'.repeat(64)}')`);
  await page.goto(`${app.url}/admin/verify`);
  await verified().waitFor();
  await page.getByText(/^The server’s key \([0-9a-f]{64}\) is not the one this browser saw before \(f{64}\)/).waitFor();
  await logOut(page);
}));

test('a fact-checker has no verify page', shot(() => page, async () => {
  await logIn(page, app.url, 'checker@newsroom.test', PASSWORD);
  await page.getByRole('menuitem', { name: 'Claims' }).waitFor();
  expect(await page.getByRole('menuitem', { name: 'Verify history' }).count()).toBe(0);
  await logOut(page);
}));
