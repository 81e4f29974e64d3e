import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request } from 'playwright-core';
import { claimIn, PASSWORD } from '../fixtures/newsroom';
import { useBrowserApp } from '../helpers/browserApp';
import { logIn, shot } from './browser';

/**
 * The public API as a browser on another origin uses it, in Chromium: a partner's page (served by
 * a second local server, another port: another origin) reads published claims with fetch(), and a
 * staff request from it carries no ambient credentials even while the same browser is logged in
 * to the newsroom app. Then the GraphQL explorer, served by the API itself from npm's GraphiQL.
 */
jest.setTimeout(120_000);

const { app, n, browser, page } = useBrowserApp('newsroom', { explorer: true });
let partner: Server;
let partnerUrl: string;
const PUBLISHED = 'The panel found 148 deliveries of refined petroleum by tanker in 2018.';
const DRAFT = 'A draft nobody outside the newsroom may read.';

/** A partner's verdict widget: plain HTML and fetch(), as someone would write it on their own site. */
const partnerPage = (api: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner site</title></head>
<body><h1>Checked claims</h1><ul id="verdicts"></ul><p id="status">loading</p>
<script>
  fetch(${JSON.stringify(`${api}/graphql`)}, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ claims(first: 10) { edges { node { text verdict } } } }' }),
  })
    .then((r) => r.json())
    .then((body) => {
      for (const { node } of body.data.claims.edges) {
        const li = document.createElement('li');
        li.textContent = node.verdict + ': ' + node.text;
        document.getElementById('verdicts').append(li);
      }
      document.getElementById('status').textContent = 'cost ' + body.extensions.cost.requested;
    })
    .catch((e) => { document.getElementById('status').textContent = 'failed: ' + e; });
</script></body></html>`;

beforeAll(async () => {
  await claimIn(app, n, 'PUBLISHED', PUBLISHED);
  await claimIn(app, n, 'DRAFT', DRAFT);
  partner = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(partnerPage(app.url));
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => partner?.close(resolve)));

test('a page on another origin reads published claims with fetch()', shot(() => page, async () => {
  expect(new URL(partnerUrl).origin).not.toBe(new URL(app.url).origin);
  await page.goto(partnerUrl);
  await page.getByText(/^cost \d+$/).waitFor();
  const items = await page.getByRole('listitem').allTextContents();
  expect(items).toContainEqual(expect.stringMatching(new RegExp(`^[A-Z_]+: ${PUBLISHED}$`)));
  expect(items.join('\n')).not.toContain(DRAFT);
}));

test('a staff request from that page carries no ambient credentials, even with the newsroom app logged in', shot(() => page, async () => {
  // The same browser is logged in to the newsroom app on the API's origin.
  await logIn(page, app.url, 'editor@newsroom.test', PASSWORD);
  await page.goto(partnerUrl);
  await page.getByText(/^cost \d+$/).waitFor();

  const ask = (query: string, credentials: 'same-origin' | 'include') =>
    page.evaluate(
      async ([url, q, c]) => {
        try {
          const r = await fetch(url!, { method: 'POST', credentials: c as 'same-origin' | 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
          return { status: r.status, body: await r.json() };
        } catch (e) {
          return { refused: String(e) };
        }
      },
      [`${app.url}/graphql`, query, credentials],
    );
  // Whatever the newsroom app holds stays on its origin: the API sees an anonymous reader.
  expect(await ask('{ me { displayName } }', 'same-origin')).toMatchObject({ status: 200, body: { data: { me: null } } });
  const drafts = await ask('{ claims(filter: { reviewStatus: [DRAFT] }) { totalCount } }', 'same-origin');
  expect(drafts).toMatchObject({ body: { data: { claims: { totalCount: 0 } } } });
  // Asked to send credentials, the browser refuses to hand over the answer: the API never allows them.
  expect(await ask('{ me { displayName } }', 'include')).toEqual({ refused: expect.stringMatching(/TypeError/) });
  const refusal = browser.errors.splice(0);
  expect(refusal).toEqual([expect.stringMatching(/blocked by CORS policy.*must not be the wildcard '\*' when the request's credentials mode is 'include'/)]);
}));

test('the GraphQL explorer opens at /graphql, runs a query, and loads nothing from another origin', shot(() => page, async () => {
  const elsewhere: string[] = [];
  const watch = (r: Request) => {
    const url = r.url();
    if (!url.startsWith(app.url) && !/^(data|blob):/.test(url)) elsewhere.push(url);
  };
  page.on('request', watch);
  try {
    await page.goto(`${app.url}/graphql`);
    // The example query in the editor: GraphiQL is ready (the button shows before it is).
    await page.locator('.graphiql-query-editor .view-lines').getByText('LatestVerdicts').waitFor();
    const run = page.getByRole('button', { name: /^Execute query/ });
    const answered = page.waitForResponse((r) => r.url() === `${app.url}/graphql` && r.request().method() === 'POST');
    await run.click();
    expect((await answered).status()).toBe(200);
    // The response editor (Monaco) shows the answer, its cost included.
    const result = page.locator('.graphiql-response .view-lines');
    await result.getByText('"requested"').waitFor();
    const text = (await result.textContent())!.replace(/\u00a0/g, ' ');
    expect(text).toContain(PUBLISHED.slice(0, 40));
    expect(text).toContain('"cost"');
    expect(elsewhere).toEqual([]);
  } finally {
    page.off('request', watch);
  }
}));
