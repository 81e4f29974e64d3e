import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UI_LOCALES } from '../../server/domain/vocabulary';
import { browserLocale, CATALOGUES, directionOf, translatorFor, type UiLocale } from '../../admin/src/i18n/catalogues';
import { en } from '../../admin/src/i18n/en';

/**
 * The admin UI's message catalogues, one per language (admin/src/i18n/). The compiler holds
 * our own keys to English's shape; these tests hold every catalogue, react-admin's words
 * included, to exactly English's keys, the same %{values}, the plural forms polyglot picks from,
 * and words of its own.
 */
type Tree = { [key: string]: string | Tree };

const flatten = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : [...flatten(v, `${prefix}${k}.`)])));

const english = flatten(en as unknown as Tree);
const others = UI_LOCALES.filter((l) => l !== 'en');
const placeholders = (message: string) => [...new Set(message.match(/%\{\w+\}/g) ?? [])].sort();
const forms = (message: string) => message.split('||||').length;

/** How many plural forms polyglot chooses among for each language (node-polyglot's rules). */
const PLURAL_FORMS: Record<UiLocale, number> = { en: 2, fr: 2, es: 2, 'pt-BR': 2, de: 2, ar: 6 };

test('the catalogues are exactly the UI languages the server accepts for a user', () => {
  expect(Object.keys(CATALOGUES).sort()).toEqual([...UI_LOCALES].sort());
});

describe.each(others.map((locale) => [locale]))('%s', (locale) => {
  const messages = flatten(CATALOGUES[locale] as unknown as Tree);

  test('has every key English has, and no other', () => {
    expect([...english.keys()].filter((k) => !messages.has(k))).toEqual([]);
    expect([...messages.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  test('puts in the values English puts in, and no others', () => {
    const differing = [...english].flatMap(([key, text]) => {
      const theirs = placeholders(messages.get(key) ?? '');
      // What every form of the English says (a form may say "one" or "two" in words instead of the count).
      const always = text
        .split('||||')
        .map(placeholders)
        .reduce((a, b) => a.filter((p) => b.includes(p)))
        .filter((p) => p !== '%{smart_count}');
      // react-admin's own French (the published package) words a few messages without the value.
      const missing = key.startsWith('ra.') && locale === 'fr' ? [] : always.filter((p) => !theirs.includes(p));
      const stray = theirs.filter((p) => !placeholders(text).includes(p));
      return missing.length || stray.length ? [`${key}: missing ${missing.join(' ')} stray ${stray.join(' ')}`] : [];
    });
    expect(differing).toEqual([]);
  });

  test("counted messages have the language's plural forms (or a single one that fits all)", () => {
    const counted = [...english].filter(([, text]) => text.includes('%{smart_count}') || text.includes('||||')).map(([key]) => key);
    expect(counted.length).toBeGreaterThan(10);
    const wrong = counted.filter((key) => ![1, PLURAL_FORMS[locale]].includes(forms(messages.get(key)!)));
    expect(wrong).toEqual([]);
  });

  test('no message is empty, and every one of ours is in the language (few may equal English)', () => {
    expect([...messages].filter(([key, text]) => !text.trim() && key !== 'ra.boolean.null')).toEqual([]);
    // Words that are the same in this language (a proper name, an acronym, a cognate); anything
    // else equal to English is a string left untranslated.
    const same = [...messages].filter(([key, text]) => key.startsWith('app.') && text === english.get(key) && /\p{L}/u.test(text.replace(/%\{\w+\}/g, '')));
    const allowed = SAME_AS_ENGLISH[locale] ?? [];
    expect(same.map(([key]) => key).filter((k) => !allowed.includes(k))).toEqual([]);
    // …and the list names only what really is the same.
    expect(allowed.filter((k) => !same.some(([key]) => key === k))).toEqual([]);
  });
});

/** Our messages allowed to read exactly as in English: the same word in that language. */
const SAME_AS_ENGLISH: Partial<Record<UiLocale, string[]>> = {
  fr: [
    'app.source_kind.ARTICLE',
    'app.actor_kind.ORGANISATION',
    'app.history_entity.SOURCE',
    'app.field.sourceId',
    'app.field.url',
    'app.field.verdict',
    'app.field.attributionStatus',
    'app.claim.verdict_card',
    'app.claim.version',
    'app.audit.action',
    'app.field.note',
    'app.corrections.title',
    'app.api_keys.secret',
    'app.api_keys.active',
  ],
  es: ['app.field.url', 'app.role.EDITOR', 'app.role.AUDITOR', 'app.history_entity.ACTOR', 'app.common.no', 'app.actors.wikidata'],
  'pt-BR': [
    'app.field.url',
    'app.field.reviewStatus',
    'app.field.status',
    'app.role.EDITOR',
    'app.role.AUDITOR',
    'app.import.item',
    'app.field.email',
    'app.login.email',
    'app.actors.wikidata',
  ],
  de: [
    'app.field.url',
    'app.field.name',
    'app.field.displayName',
    'app.field.reviewStatus',
    'app.field.status',
    'app.actor_kind.PERSON',
    'app.actor_kind.ORGANISATION',
    'app.claim.version',
    'app.actors.wikidata',
  ],
};

describe('the language a browser gets before anyone logs in', () => {
  test.each([
    [['fr-CA', 'en'], 'fr'],
    [['pt-PT'], 'pt-BR'],
    [['ar-MA', 'fr'], 'ar'],
    [['de-CH'], 'de'],
    [['ja', 'es-MX'], 'es'],
    [['ja'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (preferred, expected) => {
    expect(browserLocale(preferred)).toBe(expected);
  });
});

test('Arabic, and claims in Persian or Hebrew, read right to left; the others left to right', () => {
  expect(UI_LOCALES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar']);
  expect(['fa', 'he-IL', 'ur', 'en-GB', 'zh-Hant'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'ltr', 'ltr']);
});

test('a key missing from a catalogue is reported, never shown as if it were a translation', () => {
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
  try {
    const t = translatorFor('fr');
    expect(t('app.verdict.NO_SUCH_VERDICT' as never)).toBe('app.verdict.NO_SUCH_VERDICT');
    expect(errors).toEqual(['Missing translation for "app.verdict.NO_SUCH_VERDICT" in fr']);
  } finally {
    spy.mockRestore();
  }
});

test('counts pick the plural form of the language: Arabic says two claims with the dual', () => {
  const ar = translatorFor('ar');
  expect([0, 1, 2, 3, 11, 100].map((n) => ar('app.bulk.archive_title', { smart_count: n }))).toEqual([
    'أرشفة 0 ادعاء',
    'أرشفة ادعاء واحد',
    'أرشفة ادعاءين',
    'أرشفة 3 ادعاءات',
    'أرشفة 11 ادعاءً',
    'أرشفة 100 ادعاء',
  ]);
  expect(translatorFor('fr')('app.bulk.archived', { smart_count: 1 })).toBe('1 affirmation archivée');
  expect(translatorFor('de')('app.bulk.archived', { smart_count: 2 })).toBe('2 Behauptungen archiviert');
});

test('the verdicts read in the interface as the feed publishes them by default (claimreview-verdict-labels.json)', () => {
  const published = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'server', 'domain', 'claimreview-verdict-labels.json'), 'utf8')) as Record<string, Record<string, string>>;
  const differing = UI_LOCALES.flatMap((locale) =>
    Object.entries(published[locale] ?? published[locale.split('-')[0]!] ?? {}).filter(([verdict, label]) => CATALOGUES[locale].app.verdict[verdict as keyof typeof en.app.verdict] !== label),
  );
  expect(differing).toEqual([]);
});
