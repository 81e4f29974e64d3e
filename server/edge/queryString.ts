import { decodeUtf8Escaped } from '../domain/hostileText';

/**
 * A URL's query string as the edges read it (/graphql's GET, the public pages): every value of
 * each name in order, decoded like URLSearchParams except that percent-encoded bytes that are not
 * UTF-8 stay visible as surrogate escapes (decodeUtf8Escaped) instead of becoming U+FFFD, so
 * hostileText(…, { escapedBytes: true }) can refuse them rather than read something never sent.
 */
export function queryParameters(url: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const at = url.indexOf('?');
  if (at < 0) return params;
  for (const pair of url.slice(at + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1));
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}

function decodeComponent(s: string): string {
  const raw = Buffer.from(s.replace(/\+/g, ' '), 'latin1');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 && i + 2 < raw.length ? raw.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(raw[i]!);
    }
  }
  return decodeUtf8Escaped(Uint8Array.from(bytes));
}
