import { ELLIPSIS, shortenText } from '../../server/domain/shortText';

/** Titles and list cells shorten people's text at word boundaries, in any script, never inside a character. */
describe('shortenText', () => {
  const STATEMENT = 'North Korea imported far more refined petroleum than the UN cap allows';

  test('text that fits comes back whole, trimmed', () => {
    expect(shortenText('  Short enough.  ', 20)).toBe('Short enough.');
    expect(shortenText(STATEMENT, STATEMENT.length)).toBe(STATEMENT);
    expect(shortenText(null, 10)).toBe('');
  });

  test('cuts after the last whole word that fits, with the ellipsis within the limit', () => {
    expect(shortenText(STATEMENT, 30)).toBe('North Korea imported far more…');
    // "refined" would not fit whole: the cut falls before it, not inside it.
    expect(shortenText(STATEMENT, 34)).toBe('North Korea imported far more…');
    for (let max = 8; max < STATEMENT.length; max++) {
      const cut = shortenText(STATEMENT, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith(ELLIPSIS)).toBe(true);
      // What is left is whole words of the statement.
      expect(STATEMENT.startsWith(cut.slice(0, -1))).toBe(true);
      expect(STATEMENT[cut.length - 1]).toMatch(/[\s]/);
    }
  });

  test('drops punctuation left dangling before the ellipsis', () => {
    expect(shortenText('Hello, world and more', 8)).toBe('Hello…');
    expect(shortenText('Sanctions (العقوبات) were broken', 14)).toBe('Sanctions…');
  });

  test('scripts without spaces are cut between words, not mid-word', () => {
    // 对 / 朝鲜 / 的 / 制裁 …: "制裁" (sanctions) is not split.
    const zh = '对朝鲜的制裁在2018年被大规模违反，联合国专家小组如此报告';
    expect(shortenText(zh, 7, 'zh')).toBe('对朝鲜的制裁…');
    expect(shortenText(zh, 6, 'zh')).toBe('对朝鲜的…');
    expect(shortenText('북한은 2018년에 유엔 상한을 훨씬 넘는 정제유를 수입했다', 16, 'ko')).toBe('북한은 2018년에 유엔…');
  });

  test('Persian and Arabic keep whole words (a zero-width non-joiner inside a word is not a boundary)', () => {
    const fa = 'کره شمالی در سال ۲۰۱۸ بیش از سقف تعیین‌شده سازمان ملل';
    expect(shortenText(fa, 25, 'fa')).toBe('کره شمالی در سال ۲۰۱۸…');
    const upToZwnjWord = 'کره شمالی در سال ۲۰۱۸ بیش از سقف تعیین‌شده';
    expect(shortenText(fa, upToZwnjWord.length + 1, 'fa')).toBe(`${upToZwnjWord}…`);
    expect(shortenText(fa, upToZwnjWord.length, 'fa')).toBe('کره شمالی در سال ۲۰۱۸ بیش از سقف…');
  });

  test('one very long word (or a URL) falls back to a cut between characters, never inside one', () => {
    expect(shortenText('a'.repeat(1000), 20)).toBe(`${'a'.repeat(19)}${ELLIPSIS}`);
    // A family emoji (one grapheme of 8 code units) and a combining accent are kept whole or left out whole.
    const family = '👩‍👩‍👧';
    const text = `e\u0301${family}${family}${family}`;
    for (let max = 2; max < text.length; max++) {
      const cut = shortenText(text, max).slice(0, -1);
      expect(text.startsWith(cut)).toBe(true);
      expect(['', 'e\u0301', `e\u0301${family}`, `e\u0301${family}${family}`]).toContain(cut);
    }
  });

  test('an unusable language tag falls back to the default rules', () => {
    expect(shortenText(STATEMENT, 30, 'und')).toBe('North Korea imported far more…');
    expect(shortenText(STATEMENT, 30, 'not a tag!')).toBe('North Korea imported far more…');
  });
});
