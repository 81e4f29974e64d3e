import { isUtf8 } from 'node:buffer';

/**
 * What text ClaimLedger refuses, in one place. The edges (server/edge/graphqlInput.ts for /graphql,
 * routes/publicPages.ts for the public pages) apply these rules to every string a client sends,
 * before any SQL; write validation (validation.ts) applies `prose` and `line` to what is stored.
 * A read argument is held to the rules of the text it stands for: `line`, unless it stands for
 * prose (edge/hostileInput.ts says which); a write argument to `argument` at the edge and to its
 * field's own kind when validated.
 */
export type TextKind =
  /** Any string from a client where the edge cannot know more: a write argument (validated again as what it is stored as), a variable nothing uses, a cursor's contents. */
  | 'argument'
  /** Prose: claim text, quotes, rationales, notes, reasons (line breaks and tabs allowed); and the text `similarClaims` compares. */
  | 'prose'
  /**
   * A single line shown as a label: stored names, titles, topics, aliases; and every read
   * argument that is not prose — a search, an id, a cursor, a language tag, the public index's
   * `?q=` — which pages, titles and messages show back as typed.
   */
  | 'line';

interface Rule {
  pattern: RegExp;
  message: string;
  applies: readonly TextKind[];
}

const EVERY: readonly TextKind[] = ['argument', 'prose', 'line'];
const STORED: readonly TextKind[] = ['prose', 'line'];

/**
 * First match wins, so the most specific message comes first. With the `u` flag a surrogate class
 * matches lone surrogates only: a well-formed pair is one code point outside the class.
 */
const RULES: readonly Rule[] = [
  // PostgreSQL cannot store NUL in text; as a query parameter it is an error, not a value.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  { pattern: /\u0000/, message: 'must not contain a NUL character (U+0000)', applies: EVERY },
  // The UTF-8 encoder would store a lone surrogate as U+FFFD: silently not what was sent.
  {
    pattern: /[\uD800-\uDFFF]/u,
    message: 'must not contain a lone surrogate (U+D800 to U+DFFF outside a pair); send well-formed Unicode',
    applies: EVERY,
  },
  // Other C0 controls and DEL are never meant in stored text (tab, line feed and carriage return are).
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  { pattern: /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/, message: 'must not contain control characters', applies: STORED },
  // Embeddings, overrides and isolates make "\u202Eevil" display as "live" in a list of names, and
  // one left open reorders what follows it (a page's title after a search's text). Right-to-left
  // letters are text and always pass; so do the marks U+200E, U+200F and U+061C, which only set
  // the direction of the neutral characters next to them (typed by right-to-left keyboards), and
  // the joiners U+200C and U+200D that Persian, Indic scripts and emoji need.
  {
    pattern: /[\u202A-\u202E\u2066-\u2069]/,
    message: 'must not contain bidirectional control characters (U+202A to U+202E, U+2066 to U+2069), which show text in another order than it is stored',
    applies: ['line'],
  },
];

const INVALID_UTF8 = 'is not valid UTF-8; send text encoded as UTF-8';

/** Surrogate escapes (PEP 383): each byte of an invalid UTF-8 sequence decodes to U+DC80..U+DCFF. */
const ESCAPED_BYTE = /[\uDC80-\uDCFF]/u;

export interface HostileOptions {
  /** The text was decoded by decodeUtf8Escaped from bytes that were not valid UTF-8. */
  escapedBytes?: boolean;
}

/** Every rule of a kind in one pattern: the common case, clean text, is one test. */
const ANY_OF = Object.fromEntries(
  EVERY.map((kind) => [kind, new RegExp(RULES.filter((r) => r.applies.includes(kind)).map((r) => r.pattern.source).join('|'), 'u')]),
) as Record<TextKind, RegExp>;

/** Why `s` may not be accepted as `kind`, or undefined when it may. */
export function hostileText(s: string, kind: TextKind, opts: HostileOptions = {}): string | undefined {
  if (opts.escapedBytes && ESCAPED_BYTE.test(s)) return INVALID_UTF8;
  if (!ANY_OF[kind].test(s)) return undefined;
  for (const rule of RULES) {
    if (rule.applies.includes(kind) && rule.pattern.test(s)) return rule.message;
  }
  return undefined;
}

/**
 * Decodes UTF-8 like TextDecoder, except that each byte of an invalid sequence becomes a lone
 * surrogate U+DC80..U+DCFF instead of U+FFFD. The bytes stay visible (hostileText refuses them and
 * can say where they were) where U+FFFD would be indistinguishable from a real one.
 */
export function decodeUtf8Escaped(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const out: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out.push(String.fromCharCode(b));
      i++;
      continue;
    }
    // Lead bytes that can start a shortest-form sequence: C2..DF, E0..EF, F0..F4.
    const [len, bits, min] = b >= 0xc2 && b <= 0xdf ? [2, b & 0x1f, 0x80] : b >= 0xe0 && b <= 0xef ? [3, b & 0x0f, 0x800] : b >= 0xf0 && b <= 0xf4 ? [4, b & 0x07, 0x10000] : [0, 0, 0];
    let cp = bits;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
      out.push(String.fromCodePoint(cp));
      i += len;
    } else {
      out.push(String.fromCharCode(0xdc00 + b));
      i++;
    }
  }
  return out.join('');
}
