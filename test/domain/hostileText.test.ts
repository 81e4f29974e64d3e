import { decodeUtf8Escaped, hostileText, type TextKind } from '../../server/domain/hostileText';

/** What is refused where: one row per sample, one column per kind of text (undefined = accepted). */
const TABLE: [string, string, Record<TextKind, RegExp | undefined>][] = [
  ['plain text', 'Ri Yong Ho', { argument: undefined, prose: undefined, line: undefined }],
  ['every script, and a well-formed pair', '리용호 核抑止力 ядерное مرحبا 🚀', { argument: undefined, prose: undefined, line: undefined }],
  ['tab, line feed, carriage return', 'a\tb\nc\r\nd', { argument: undefined, prose: undefined, line: undefined }],
  ['U+FFFD sent as itself', 'a\uFFFDb', { argument: undefined, prose: undefined, line: undefined }],
  ['NUL', 'a\u0000b', { argument: /NUL/, prose: /NUL/, line: /NUL/ }],
  ['a lone high surrogate', 'a\uD83D', { argument: /lone surrogate/, prose: /lone surrogate/, line: /lone surrogate/ }],
  ['a lone low surrogate', '\uDE80b', { argument: /lone surrogate/, prose: /lone surrogate/, line: /lone surrogate/ }],
  ['a reversed pair', '\uDE80\uD83D', { argument: /lone surrogate/, prose: /lone surrogate/, line: /lone surrogate/ }],
  ['another control character', 'a\u0007b', { argument: undefined, prose: /control characters/, line: /control characters/ }],
  ['DEL', 'a\u007Fb', { argument: undefined, prose: /control characters/, line: /control characters/ }],
  ['right-to-left override', '\u202Eevil', { argument: undefined, prose: undefined, line: /bidirectional/ }],
  ['left-to-right embedding', '\u202Ax', { argument: undefined, prose: undefined, line: /bidirectional/ }],
  ['pop directional formatting', 'x\u202C', { argument: undefined, prose: undefined, line: /bidirectional/ }],
  ['first strong isolate', 'x\u2068y', { argument: undefined, prose: undefined, line: /bidirectional/ }],
  ['pop directional isolate', 'x\u2069', { argument: undefined, prose: undefined, line: /bidirectional/ }],
  ['right-to-left mark (not a control of order)', 'x\u200Fy', { argument: undefined, prose: undefined, line: undefined }],
];

describe.each(TABLE)('%s', (_name, sample, expected) => {
  test.each(Object.entries(expected))('as %s', (kind, refusal) => {
    const why = hostileText(sample, kind as TextKind);
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
  });
});

describe('decodeUtf8Escaped', () => {
  test('decodes valid UTF-8 exactly as the standard decoder does', () => {
    for (const s of ['', 'ascii', 'é', '€', '𝄞', '리용호 核抑止力 🚀', '\u0000\u007F\u0080\u07FF\u0800\uFFFF', '\u{10000}\u{10FFFF}']) {
      const bytes = Buffer.from(s, 'utf8');
      expect(decodeUtf8Escaped(bytes)).toBe(new TextDecoder().decode(bytes));
    }
  });

  test.each([
    ['a lone continuation byte', [0x61, 0x80, 0x62], 'a\uDC80b'],
    ['an invalid lead byte', [0xff], '\uDCFF'],
    ['an overlong NUL', [0xc0, 0x80], '\uDCC0\uDC80'],
    ['an overlong slash', [0xe0, 0x80, 0xaf], '\uDCE0\uDC80\uDCAF'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], '\uDCED\uDCA0\uDC80'],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\uDCF4\uDC90\uDC80\uDC80'],
    ['a sequence cut short', [0xe2, 0x82, 0x41], '\uDCE2\uDC82A'],
    ['a sequence cut by the end', [0x41, 0xf0, 0x9f, 0x9a], 'A\uDCF0\uDC9F\uDC9A'],
    ['valid text around a bad byte', [...Buffer.from('리'), 0xfe, ...Buffer.from('🚀')], '리\uDCFE🚀'],
  ])('%s: every bad byte stays visible as U+DC80..U+DCFF', (_name, bytes, expected) => {
    const text = decodeUtf8Escaped(Uint8Array.from(bytes));
    expect(text).toBe(expected);
    expect(hostileText(text, 'argument', { escapedBytes: true })).toMatch(/not valid UTF-8/);
    // Without the flag the escapes are what they look like: lone surrogates.
    expect(hostileText(text, 'argument')).toMatch(/lone surrogate/);
  });
});
