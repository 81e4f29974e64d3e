import type { Page } from 'playwright-core';
import { ar } from '../../admin/src/i18n/ar';
import { en } from '../../admin/src/i18n/en';
import { fr } from '../../admin/src/i18n/fr';
import type { Messages } from '../../admin/src/i18n/messages';
import { useAdminApp } from '../helpers/browserApp';
import { logIn, logOut, messagePattern, openBrowser, screenshot, shot, type Browser } from './browser';

/**
 * The newsroom's journey in French and in Arabic, in headless Chromium against the demo newsroom:
 * a fact-checker records a claim, adds evidence, submits it and proposes a verdict; an editor
 * approves it — every word on screen in the newsroom's language. A missing key fails the test (the
 * app logs it as an error), and so does any English phrase of the catalogue left on screen, or in
 * Arabic any Latin word outside what people typed. Arabic mirrors the whole layout. Each user's
 * choice of language is saved with their account and applies at their next login.
 */
jest.setTimeout(180_000);

// Each language's journey opens a browser of its own, speaking that language.
const { app } = useAdminApp('demo');
let browser: Browser;
let page: Page;

const CHECKER = ['checker@claimledger.example', 'demo-checker-2018'] as const;
const EDITOR = ['editor@claimledger.example', 'demo-editor-2018'] as const;

afterAll(async () => browser?.close());

afterEach(() => {
  // A missing translation is logged as an error by the app: it fails the journey it happened in.
  const errors = browser.errors.splice(0);
  expect(errors).toEqual([]);
});

const status = () => page.getByLabel(messagePattern(fr.app.claim.status));

// ------------------------------------------------------------------ what counts as untranslated

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));

/**
 * The English catalogue's phrases (the text between its %{values} and plural forms) that would
 * give away an untranslated string: a few words long, and not also found in the language's own
 * catalogue (cognates such as "Source" or "Version" are French too).
 */
function englishPhrases(language: Messages): string[] {
  const theirs = leaves(language as unknown as Tree).join('\n');
  const phrases = leaves(en as unknown as Tree)
    .flatMap((m) => m.split(/\|\|\|\||%\{\w+\}/))
    .map((p) => p.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, ''))
    .filter((p) => (p.match(/\p{L}{2,}/gu) ?? []).length >= 2 && !theirs.includes(p));
  return [...new Set(phrases)];
}

/**
 * The text a person sees that the app wrote itself: visible text nodes, outside what people typed
 * (marked dir="auto": statements, names, notes), which may be in any language, outside what reads
 * left to right in every language (dir="ltr": addresses, hashes, language tags), and outside the
 * logged-in person's name that react-admin's user menu shows.
 */
async function interfaceText(p: Page): Promise<string> {
  // As source text: this project's tests compile without the DOM's types.
  return p.evaluate<string>(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('[dir="auto"], :not(html)[dir="ltr"], .RaUserMenu-userButton, script, style')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const text = node.textContent.trim();
      if (text) out.push(text);
    }
    return out.join('\\n');
  })()`);
}

/** A computed style of the first element `selector` finds (`pseudo`: "::before" …). */
const styleOf = (selector: string, property: string, pseudo = '') =>
  page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}), ${JSON.stringify(pseudo || null)}).${property}`);

/**
 * Where each of `texts` (what people typed, or its first words: lists shorten it) is on screen,
 * whether the nearest element saying a direction says `dir="auto"`, and which language the nearest
 * `lang` names. Every text must be found; text in form fields and hidden copies does not count.
 */
async function userTextMarks(texts: string[]): Promise<{ missing: string[]; unmarked: string[]; langs: Record<string, string[]> }> {
  return page.evaluate<{ missing: string[]; unmarked: string[]; langs: Record<string, string[]> }>(`((texts) => {
    const unmarked = [], langs = {};
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = texts.find((t) => node.textContent.includes(t));
      if (!text || !parent || parent.closest('script, style, textarea, [aria-hidden="true"]')) continue;
      if (!parent.checkVisibility()) continue;
      const dir = parent.closest('[dir]');
      if (!dir || dir.getAttribute('dir') !== 'auto') unmarked.push(text + ' in <' + parent.tagName.toLowerCase() + '>');
      const lang = parent.closest('[lang]')?.getAttribute('lang') ?? '';
      (langs[text] ??= []).includes(lang) || langs[text].push(lang);
    }
    return { missing: texts.filter((t) => !langs[t]), unmarked, langs };
  })(${JSON.stringify(texts)})`);
}

/** Proper names, formats and key names that read the same in every language. */
const SAME_IN_EVERY_LANGUAGE = /ClaimLedger|ClaimReview|JSON-LD|NDJSON|CSV|API|URL|SHA-256|BCP|ISO|Wikidata|HTTP|\bEnter\b/g;

/** What on screen is not in `language`: English phrases, message keys, and for Arabic any Latin word. */
async function untranslated(language: Messages, name: string) {
  const text = await interfaceText(page);
  const english = englishPhrases(language).filter((phrase) => new RegExp(`(?<!\\p{L})${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text));
  // A message key on screen is a translation that fell back to its key.
  const keys = text.match(/\b(app|ra|resources)\.[a-z_]+\.[\w.]+/g) ?? [];
  const latin = name === 'ar' ? (text.replace(SAME_IN_EVERY_LANGUAGE, '').match(/[A-Za-z]{2,}(?:[ \t]+[A-Za-z]{2,})*/g) ?? []) : [];
  return { english, keys, latin };
}

async function expectAllIn(language: Messages, name: string): Promise<void> {
  const found = await untranslated(language, name);
  if (found.english.length || found.keys.length || found.latin.length) await screenshot(page, `untranslated-${name}-${Date.now()}`);
  expect(found).toEqual({ english: [], keys: [], latin: [] });
}

// ------------------------------------------------------------------ French

describe('in French (the browser’s language)', () => {
  const STATEMENT = 'La Corée du Nord a importé en 2018 bien plus de produits pétroliers raffinés que le plafond de l’ONU ne l’autorise.';

  beforeAll(async () => {
    browser = await openBrowser({ locale: 'fr-FR' });
    page = browser.page;
  });
  afterAll(async () => browser.close());

  test('the login page speaks French before anyone logs in', shot(() => page, async () => {
    await page.goto(`${app.url}/admin/login`);
    await page.getByLabel(fr.app.login.email).waitFor();
    await page.getByRole('button', { name: fr.app.login.submit }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    await expectAllIn(fr, 'fr');
  }));

  test('a fact-checker records a claim, adds evidence, submits it and proposes « Plutôt vrai »', shot(() => page, async () => {
    await logIn(page, app.url, ...CHECKER, fr);
    await page.getByRole('menuitem', { name: 'Affirmations' }).click();
    await page.getByRole('link', { name: fr.app.claim_list.new_claim }).click();
    await page.getByLabel(fr.app.field.text).fill(STATEMENT);
    // A claim made in the newsroom's language is recorded in it unless the checker says otherwise.
    await expect(page.getByLabel(fr.app.claim_form.language).inputValue()).resolves.toBe('fr');
    await page.getByLabel(fr.app.field.quote).fill('bien au-delà du plafond');

    await page.getByRole('combobox', { name: fr.app.field.claimantId }).fill('Jean-Yves Le Drian');
    await page.getByRole('option', { name: /Nouvel acteur.+Jean-Yves Le Drian/ }).click();
    const actor = page.getByRole('dialog', { name: fr.app.catalog.new_actor });
    await actor.getByLabel(fr.app.catalog.title_office).fill('Ministre de l’Europe et des Affaires étrangères');
    await actor.getByRole('button', { name: fr.app.catalog.create_actor }).click();
    await actor.waitFor({ state: 'hidden' });
    await page.getByRole('combobox', { name: fr.app.field.firstAppearanceId }).fill('Report on the UN Security');
    await page.getByRole('option', { name: /Report on the UN Security Council meeting on North Korea/ }).click();
    await page.getByLabel(fr.app.field.claimedOn).fill('2018-09-27');
    await page.getByLabel(fr.app.field.context).fill('Réunion du Conseil de sécurité de l’ONU, New York');
    await expectAllIn(fr, 'fr');
    await page.getByRole('button', { name: fr.ra.action.save }).click();

    await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
    await status().getByText(fr.app.review_status.DRAFT).waitFor();
    await page.getByRole('button', { name: fr.app.evidence.add.SUPPORTS }).click();
    const form = page.getByLabel(fr.app.evidence.new);
    await form.getByRole('combobox', { name: fr.app.field.sourceId }).fill('Panel of Experts');
    await page.getByRole('option', { name: /Final report of the Panel of Experts/ }).click();
    await form.getByLabel(fr.app.field.excerpt).fill('Les transferts de navire à navire ont largement dépassé le plafond en 2018.');
    await form.getByRole('button', { name: fr.app.evidence.add_evidence }).click();
    await page.getByRole('heading', { name: 'Preuves (1)' }).waitFor();

    await page.getByRole('button', { name: fr.app.claim_action.SUBMIT }).click();
    await status().getByText(fr.app.review_status.IN_REVIEW).waitFor();
    await page.getByRole('button', { name: fr.app.claim_action.PROPOSE_VERDICT }).click();
    const dialog = page.getByRole('dialog', { name: fr.app.workflow.propose_title });
    await dialog.getByLabel(fr.app.field.verdict).click();
    await page.getByRole('option', { name: 'Plutôt vrai' }).click();
    await dialog.getByLabel(fr.app.field.verdictRationale).fill('Le groupe d’experts de l’ONU a documenté des livraisons au-delà du plafond ; les totaux exacts sont des estimations.');
    await expectAllIn(fr, 'fr');
    await dialog.getByRole('button', { name: fr.app.claim_action.PROPOSE_VERDICT }).click();
    await status().getByText(fr.app.review_status.PENDING_APPROVAL).waitFor();
    await status().getByText('Plutôt vrai').waitFor();
    await expectAllIn(fr, 'fr');
    await logOut(page, fr);
  }));

  test('an editor approves and publishes it; the page, dates included, is French', shot(() => page, async () => {
    await logIn(page, app.url, ...EDITOR, fr);
    await page.getByRole('heading', { name: /^Bonjour, Eddie Editor$/ }).waitFor();
    await expectAllIn(fr, 'fr');
    await page.getByRole('menuitem', { name: 'Affirmations' }).click();
    await page.getByRole('cell', { name: new RegExp(`^${STATEMENT.slice(0, 30)}`) }).click();
    await status().getByText(fr.app.review_status.PENDING_APPROVAL).waitFor();
    await page.getByRole('button', { name: fr.app.claim_action.APPROVE }).click();
    await page.getByRole('dialog', { name: fr.app.claim_action.APPROVE }).getByRole('button', { name: fr.app.claim_action.APPROVE }).click();
    await status().getByText(fr.app.review_status.PUBLISHED).waitFor();
    // Dates as French newsrooms write them ("27 sept. 2018").
    await page.getByText(/Jean-Yves Le Drian, le 27 sept\. 2018/).waitFor();
    await page.getByRole('list', { name: fr.app.history.list }).getByText(fr.app.history_action.approveVerdict).waitFor();
    await expectAllIn(fr, 'fr');
    // Without the notification of the approval over the page.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
    await screenshot(page, 'claim-page-fr', { height: 1200 });
  }));
});

// ------------------------------------------------------------------ Arabic

describe('in Arabic (chosen from the language menu, saved with the account)', () => {
  // A Persian claim checked by an Arabic-speaking desk: its own words stay right to left in Persian.
  const STATEMENT = 'کره شمالی در سال ۲۰۱۸ بیش از سقف تعیین‌شده سازمان ملل فرآورده‌های نفتی وارد کرد.';
  const QUOTE = 'سقف ۵۰۰ هزار بشکه امسال شکسته شده است';
  const CONTEXT = 'نشست شورای امنیت سازمان ملل، نیویورک';
  const EXCERPT = 'تجاوزت عمليات النقل من سفينة إلى سفينة السقف بكثير في عام 2018.';
  const RATIONALE = 'وثّق فريق خبراء الأمم المتحدة شحنات تتجاوز السقف؛ والأرقام الدقيقة تقديرية.';
  // What people typed that the claim's page shows; the claim's own words (the first three) in Persian.
  const CLAIM_WORDS = [STATEMENT.slice(0, 30), QUOTE, CONTEXT];
  const TYPED = [...CLAIM_WORDS, EXCERPT, RATIONALE, 'Mike Pompeo', 'Final report of the Panel of Experts'];
  const arStatus = () => page.getByLabel(messagePattern(ar.app.claim.status));

  beforeAll(async () => {
    browser = await openBrowser({ locale: 'en-GB' });
    page = browser.page;
  });

  test('a fact-checker switches the app to Arabic: the whole layout mirrors, and the choice is saved with the account', shot(() => page, async () => {
    await logIn(page, app.url, ...CHECKER);
    // The checks above do see English when it is there: the English dashboard fails them.
    const english = await untranslated(ar, 'ar');
    expect(english.english).toEqual(expect.arrayContaining(['Claims by status', 'Claims by verdict']));
    expect(english.latin).toEqual(expect.arrayContaining(['Dashboard']));
    expect((await untranslated(fr, 'fr')).english).toEqual(expect.arrayContaining(['Claims by status']));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await page.getByLabel(messagePattern(ar.app.app_bar.role)).waitFor();

    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ar');
    await expect(styleOf('body', 'direction')).resolves.toBe('rtl');
    // The menu sits on the right and the page's content to its left.
    const viewport = page.viewportSize()!;
    const menu = (await page.getByRole('menuitem', { name: ar.ra.page.dashboard }).boundingBox())!;
    expect(menu.x).toBeGreaterThan(viewport.width / 2);
    // The page's own heading (the h1 is the page title in the app bar, which spans it).
    const title = (await page.getByRole('main').getByRole('heading').first().boundingBox())!;
    expect(title.x + title.width).toBeLessThan(menu.x);
    await expectAllIn(ar, 'ar');

    const { login } = await app.ok<{ login: { user: { locale: string } } }>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { locale } } }`,
      { e: CHECKER[0], p: CHECKER[1] },
    );
    expect(login.user.locale).toBe('ar');
  }));

  test('they record a Persian claim, add evidence, submit it and propose a verdict, all in Arabic', shot(() => page, async () => {
    await page.getByRole('menuitem', { name: ar.resources.claims.name.split(' |||| ')[0] }).click();
    await page.getByRole('link', { name: ar.app.claim_list.new_claim }).click();
    await page.getByLabel(ar.app.field.text).fill(STATEMENT);
    await page.getByLabel(ar.app.field.quote).fill(QUOTE);
    await page.getByLabel(ar.app.claim_form.language).fill('fa');
    await page.getByRole('combobox', { name: ar.app.field.claimantId }).fill('Pompeo');
    await page.getByRole('option', { name: /Mike Pompeo/ }).click();
    await page.getByLabel(ar.app.field.claimedOn).fill('2018-09-27');
    await page.getByLabel(ar.app.field.context).fill(CONTEXT);
    await expectAllIn(ar, 'ar');
    await page.getByRole('button', { name: ar.ra.action.save }).click();

    await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
    await arStatus().getByText(ar.app.review_status.DRAFT).waitFor();
    await page.getByRole('button', { name: ar.app.evidence.add.SUPPORTS }).click();
    const form = page.getByLabel(ar.app.evidence.new);
    await form.getByRole('combobox', { name: ar.app.field.sourceId }).fill('Panel of Experts');
    await page.getByRole('option', { name: /Final report of the Panel of Experts/ }).click();
    await form.getByLabel(ar.app.field.excerpt).fill(EXCERPT);
    await form.getByRole('button', { name: ar.app.evidence.add_evidence }).click();
    await page.getByLabel(ar.app.evidence.column.replace('%{stance}', ar.app.stance.SUPPORTS).replace('%{count}', '1')).waitFor();

    await page.getByRole('button', { name: ar.app.claim_action.SUBMIT }).click();
    await arStatus().getByText(ar.app.review_status.IN_REVIEW).waitFor();
    await page.getByRole('button', { name: ar.app.claim_action.PROPOSE_VERDICT }).click();
    const dialog = page.getByRole('dialog', { name: ar.app.workflow.propose_title });
    await dialog.getByLabel(ar.app.field.verdict).click();
    await page.getByRole('option', { name: ar.app.verdict.MOSTLY_TRUE }).click();
    await dialog.getByLabel(ar.app.field.verdictRationale).fill(RATIONALE);
    await expectAllIn(ar, 'ar');
    await dialog.getByRole('button', { name: ar.app.claim_action.PROPOSE_VERDICT }).click();
    await arStatus().getByText(ar.app.review_status.PENDING_APPROVAL).waitFor();
    await expectAllIn(ar, 'ar');
    await logOut(page, ar);
  }));

  test("an editor whose account says Arabic gets it at login in any browser, and approves; the Persian quote reads right to left with Persian marks", shot(() => page, async () => {
    const { login } = await app.ok<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: EDITOR[0],
      p: EDITOR[1],
    });
    await app.ok(`mutation { updateMyPreferences(input: { locale: "ar" }) { id } }`, {}, login.token);
    // A fresh browser that has never seen this app, in English.
    await browser.close();
    browser = await openBrowser({ locale: 'en-GB' });
    page = browser.page;
    await page.goto(`${app.url}/admin/login`);
    await page.getByRole('button', { name: en.app.login.submit }).waitFor();
    await logIn(page, app.url, ...EDITOR, ar);
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');

    await page.getByRole('menuitem', { name: ar.resources.claims.name.split(' |||| ')[0] }).click();
    await page.getByRole('cell', { name: new RegExp(`^${STATEMENT.slice(0, 20)}`) }).click();
    await arStatus().getByText(ar.app.review_status.PENDING_APPROVAL).waitFor();
    await page.getByRole('button', { name: ar.app.claim_action.APPROVE }).click();
    await page.getByRole('dialog', { name: ar.app.claim_action.APPROVE }).getByRole('button', { name: ar.app.claim_action.APPROVE }).click();
    await arStatus().getByText(ar.app.review_status.PUBLISHED).waitFor();

    // The claim's own words carry its language and take their direction from themselves.
    const quote = page.locator('blockquote', { hasText: QUOTE });
    await expect(quote.getAttribute('dir')).resolves.toBe('auto');
    await expect(quote.getAttribute('lang')).resolves.toBe('fa');
    await expect(styleOf('blockquote[lang="fa"]', 'direction')).resolves.toBe('rtl');
    // Quotation marks chosen by the quote's language (« … » in Persian), not the interface's.
    await expect(styleOf('blockquote[lang="fa"] q', 'quotes')).resolves.toBe('auto');
    await expect(styleOf('blockquote[lang="fa"] q', 'content', '::before')).resolves.toBe('open-quote');
    await expect(page.getByRole('heading', { level: 2, name: STATEMENT }).getAttribute('lang')).resolves.toBe('fa');
    // Everything people typed takes its own direction; the claim's own words, wherever they are
    // shown (the heading, the title bar, the history), say they are Persian.
    const shown = await userTextMarks(TYPED);
    expect(shown.missing).toEqual([]);
    expect(shown.unmarked).toEqual([]);
    // The check does see text without a direction of its own: the interface's words are such text.
    expect((await userTextMarks([ar.app.review_status.PUBLISHED])).unmarked).not.toEqual([]);
    for (const words of CLAIM_WORDS) expect(shown.langs[words]).toEqual(['fa']);
    await expectAllIn(ar, 'ar');
    // Without the notification of the approval over the page.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
    await screenshot(page, 'claim-page-ar', { height: 1200 });
  }));

  test('in an English interface the same Persian quote still reads right to left', shot(() => page, async () => {
    await logOut(page, ar);
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await logIn(page, app.url, 'auditor@claimledger.example', 'demo-auditor-2018');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    await page.getByRole('menuitem', { name: 'Claims' }).click();
    await page.getByRole('cell', { name: new RegExp(`^${STATEMENT.slice(0, 20)}`) }).click();
    const quote = page.locator('blockquote', { hasText: QUOTE });
    await expect(quote.getAttribute('dir')).resolves.toBe('auto');
    await expect(quote.getAttribute('lang')).resolves.toBe('fa');
    await expect(styleOf('blockquote[lang="fa"]', 'direction')).resolves.toBe('rtl');
    // Its rule stands where the quote begins, on the right, though the page reads left to right.
    await expect(styleOf('blockquote[lang="fa"]', 'borderRightWidth')).resolves.toBe('4px');
    await expect(styleOf('blockquote[lang="fa"]', 'borderLeftWidth')).resolves.toBe('0px');
    const shown = await userTextMarks(TYPED);
    expect(shown).toMatchObject({ missing: [], unmarked: [] });
    for (const words of CLAIM_WORDS) expect(shown.langs[words]).toEqual(['fa']);
  }));

  test('the claims list and the audit log mark what people typed too; the audit log names the claim', shot(() => page, async () => {
    const id = new URL(page.url()).pathname.split('/')[3]!;
    await page.getByRole('menuitem', { name: 'Claims' }).click();
    const row = page.getByRole('row').filter({ hasText: STATEMENT.slice(0, 20) });
    await row.waitFor();
    const listed = await userTextMarks([STATEMENT.slice(0, 30), 'Mike Pompeo']);
    expect(listed).toMatchObject({ missing: [], unmarked: [] });
    expect(listed.langs[STATEMENT.slice(0, 30)]).toEqual(['fa']);

    // Each of the claim's events names it by its statement (cut between words), linked to its page.
    await page.goto(`${app.url}/admin/auditLog?filter=${encodeURIComponent(JSON.stringify({ claimId: id }))}`);
    const approval = page.getByRole('row').filter({ hasText: en.app.history_action.approveVerdict });
    const link = approval.getByRole('link', { name: new RegExp(`^${STATEMENT.slice(0, 20)}.*…: ${en.app.history_action.approveVerdict}`) });
    await expect(link.textContent()).resolves.toMatch(/^کره شمالی .*[^\s]…$/);
    await expect(link.locator('bdi').getAttribute('lang')).resolves.toBe('fa');
    const logged = await userTextMarks([STATEMENT.slice(0, 30), 'Eddie Editor']);
    expect(logged).toMatchObject({ missing: [], unmarked: [] });
    await link.click();
    await page.getByRole('heading', { level: 2, name: STATEMENT }).waitFor();
  }));

  test('a rejected proposal is shown as the rejected proposal, not as the verdict', shot(() => page, async () => {
    const PENDING = 'North Korea has dodged the full impact of UN sanctions.';
    const { login } = await app.ok<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: EDITOR[0], p: EDITOR[1] });
    const { claims } = await app.ok<{ claims: { nodes: { id: string; version: number; text: string }[] } }>(
      `{ claims(filter: { reviewStatus: [PENDING_APPROVAL] }, first: 50) { nodes { id version text } } }`, {}, login.token);
    const pending = claims.nodes.find((c) => c.text === PENDING)!;
    await app.ok(`mutation($i: ClaimRejectVerdictInput!) { claimRejectVerdict(input: $i) { claim { id } } }`,
      { i: { claimId: pending.id, expectedVersion: pending.version, reason: 'Say which transfers; "full impact" needs a source.' } }, login.token);

    await page.goto(`${app.url}/admin/claims/${pending.id}/show`);
    await page.getByRole('heading', { name: PENDING, exact: true }).waitFor();
    const enStatus = () => page.getByLabel(messagePattern(en.app.claim.status));
    await enStatus().getByText(en.app.review_status.IN_REVIEW).waitFor();
    // No verdict beside the status: the proposal was not accepted.
    await expect(enStatus().getByText(en.app.verdict.MOSTLY_TRUE).count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: en.app.claim.verdict_card }).count()).resolves.toBe(0);
    const rejected = page.getByRole('region', { name: en.app.claim.rejected_proposal });
    await rejected.getByText(en.app.verdict.MOSTLY_TRUE).waitFor();
    await rejected.getByText(/Evasion through ship-to-ship transfers is documented/).waitFor();
    await rejected.getByText('Say which transfers; "full impact" needs a source.').waitFor();
    await expect(rejected.textContent()).resolves.toMatch(/Proposed by .+Rejected by Eddie Editor, /);
    await screenshot(page, 'claim-rejected-proposal', { height: 900 });
  }));
});
