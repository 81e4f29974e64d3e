import { TOPIC_SLUG_SHAPE } from '../../migrations/1765094400001-TopicSlugsInAnyScript';
import { legacyTopicSlug, TOPIC_SLUG_MAX, topicSlug } from '../../server/domain/topicSlug';

/**
 * The topic slug rule (server/domain/topicSlug.ts): any script kept, NFKC and case folding,
 * the same slugs as before for every name in ASCII, and every slug within the database's CHECK.
 */

const codePoints = (s: string) => [...s].length;

describe('topicSlug', () => {
  test.each([
    // As before: the slugs of these names are stored and chained in history.
    ['North Korea', 'north-korea'],
    ['  UN  Security Council ', 'un-security-council'],
    ['oil/petroleum (2018)', 'oil-petroleum-2018'],
    ['!!!', ''],
    // Every script's letters and digits, and combining marks inside words.
    ['العقوبات', 'العقوبات'],
    ['制裁', '制裁'],
    ['Sanctions (العقوبات)', 'sanctions-العقوبات'],
    ['리용호', '리용호'],
    ['हिन्दी समाचार', 'हिन्दी-समाचार'],
    ['ข่าวปลอม', 'ข่าวปลอม'],
    ['Économie & Société', 'économie-société'],
    ['Москва', 'москва'],
    ['٢٠١٨ انتخابات', '٢٠١٨-انتخابات'],
  ])('%j → %j', (name, slug) => {
    expect(topicSlug(name)).toBe(slug);
  });

  test('the four topics of issue 14 are four slugs', () => {
    const slugs = ['العقوبات', '制裁', 'Sanctions', 'Sanctions (العقوبات)'].map(topicSlug);
    expect(new Set(slugs).size).toBe(4);
  });

  test.each([
    ['case', ['Sanctions', 'SANCTIONS', 'sanctions', 'sAnCtIoNs']],
    ['width (full-width Latin)', ['Sanctions', 'Ｓａｎｃｔｉｏｎｓ', 'ＳＡＮＣＴＩＯＮＳ']],
    ['composed or decomposed accents', ['Zoë', 'Zoe\u0308', 'ZOË']],
    ['ß and ss (case folding, not just lower case)', ['Straße', 'STRASSE', 'strasse', 'STRAẞE']],
    ['final sigma', ['ΣΟΦΟΣ', 'σοφος', 'Σοφος']],
    ['ligatures and compatibility forms', ['ﬁnance', 'finance', 'FINANCE']],
    ['invisible joiners (Persian ZWNJ)', ['می\u200cخواهم', 'میخواهم', 'می\u200dخواهم']],
    ['a soft hyphen', ['Mi\u00adnistry', 'Ministry']],
    ['half-width katakana', ['ﾆｭｰｽ', 'ニュース']],
  ])('names differing only by %s are one topic', (_what, names) => {
    expect(new Set(names.map(topicSlug)).size).toBe(1);
  });

  test.each([
    ['script', ['Sanctions', 'العقوبات', '制裁', 'Санкции']],
    ['accent', ['Zoë', 'Zoe']],
    ['dotted and dotless i', ['ılık', 'ilik']],
  ])('names differing by %s are different topics', (_what, names) => {
    expect(new Set(names.map(topicSlug)).size).toBe(names.length);
  });

  test('any run of non-letters is one hyphen, none at either end', () => {
    expect(topicSlug(' — Oil – (imports) … 2018! ')).toBe('oil-imports-2018');
    expect(topicSlug('a\u00a0\u3000b')).toBe('a-b');
  });

  test('a slug is its own slug (a filter may pass either)', () => {
    for (const name of ['North Korea', 'Sanctions (العقوبات)', 'ΣΟΦΟΣ', 'Straße', 'हिन्दी समाचार', 'Ｓａｎｃｔｉｏｎｓ', 'İstanbul']) {
      const slug = topicSlug(name);
      expect(topicSlug(slug)).toBe(slug);
    }
  });

  test(`a slug is at most ${TOPIC_SLUG_MAX} code points, cut between characters and never after a hyphen`, () => {
    expect(topicSlug(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79));
    // A character outside the BMP is two UTF-16 units but one code point: it fits.
    expect(topicSlug(`${'a'.repeat(79)}𠀀`)).toBe(`${'a'.repeat(79)}𠀀`);
    expect(topicSlug(`${'a'.repeat(80)}𠀀`)).toBe('a'.repeat(80));
    // "हि" is two code points, one character: not cut in two.
    expect(topicSlug(`${'a'.repeat(79)}हि`)).toBe('a'.repeat(79));
    for (const name of [`${'制裁'.repeat(60)}`, `${'हिन्दी '.repeat(30)}`, `${'𠀀'.repeat(100)}`]) {
      expect(codePoints(topicSlug(name))).toBeLessThanOrEqual(TOPIC_SLUG_MAX);
      expect(topicSlug(name)).not.toMatch(/[\uD800-\uDFFF]/u); // no half of a surrogate pair
    }
  });
});

describe('ASCII names keep the slug they had', () => {
  // Stored slugs are chained in every claim's history: an ASCII name must still give its own.
  test('every shape of up to 5 characters over letters of both cases, a digit, space, hyphen and punctuation', () => {
    const alphabet = ['a', 'Z', '7', ' ', '-', '!', '_', '\t'];
    let shapes = [''];
    const differing: string[] = [];
    let count = 0;
    for (let length = 1; length <= 5; length++) {
      shapes = shapes.flatMap((s) => alphabet.map((c) => s + c));
      for (const name of shapes) if (topicSlug(name) !== legacyTopicSlug(name)) differing.push(name);
      count += shapes.length;
    }
    expect(differing).toEqual([]);
    expect(count).toBeGreaterThan(30000);
  });

  test('every ASCII character between letters, and random ASCII names up to 200 characters (the 80 limit included)', () => {
    const names = Array.from({ length: 128 }, (_, c) => `North${String.fromCharCode(c)}Korea`);
    let seed = 14;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20000; i++) {
      const length = Math.floor(random() * 200);
      names.push(Array.from({ length }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join(''));
    }
    expect(names.filter((name) => topicSlug(name) !== legacyTopicSlug(name))).toEqual([]);
  });
});

describe('every slug is within the database CHECK (migration 1765094400001)', () => {
  // The same pattern text the migration gives PostgreSQL; its constructs mean the same in JavaScript.
  const shape = new RegExp(TOPIC_SLUG_SHAPE, 'u');

  test('for every code point, at the start, after a letter and at the end', () => {
    for (let cp = 1; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const slug = topicSlug(`${c}a${c}`);
      if (!shape.test(slug)) throw new Error(`U+${cp.toString(16)}: ${JSON.stringify(slug)} is outside the CHECK`);
    }
  });

  test('and the CHECK refuses what is not a slug', () => {
    for (const bad of ['North-korea', 'north korea', '-north', 'north-', 'north--korea', 'north_korea', 'a\u00a0b', 'a\u200db', 'a–b', '']) {
      expect(shape.test(bad)).toBe(false);
    }
  });
});
