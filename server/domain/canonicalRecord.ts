import canonicalize from 'canonicalize';

/**
 * One line of a file an auditor verifies (a history export, a checkpoint log), read exactly as
 * docs/history-verification.md specifies: framing, UTF-8, one JSON object in RFC 8785 canonical
 * form, then its fields by a table. Pure and browser-safe (the admin UI checks checkpoints with it).
 */

export type RecordProblemReason =
  | 'BOM'
  | 'BLANK_LINE'
  | 'CRLF'
  | 'TRUNCATED'
  | 'NOT_JSON'
  | 'NOT_CANONICAL'
  | 'MISSING_FIELD'
  | 'UNKNOWN_FIELD'
  | 'BAD_FIELD';

export interface RecordProblem<R extends string = RecordProblemReason> {
  reason: R;
  message: string;
}

export type JsonObject = Record<string, unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The framing and canonical-form checks of one line (its bytes without the LF). `first`: it is
 * line 1; `terminated`: an LF followed it (only the file's last line can lack one).
 */
export function readLine(bytes: Uint8Array, first: boolean, terminated: boolean): { value: JsonObject } | { problem: RecordProblem } {
  const fail = (reason: RecordProblemReason, message: string) => ({ problem: { reason, message } });
  if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return fail('BOM', 'the file starts with a byte-order mark (EF BB BF)');
  if (bytes.length === 0) return fail('BLANK_LINE', 'the line is empty');
  if (bytes[bytes.length - 1] === 0x0d) return fail('CRLF', 'the line ends with a carriage return (CRLF line endings): lines end with LF only');
  if (!terminated) return fail('TRUNCATED', 'the file ends in the middle of this line (no final LF): the download was cut off');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('NOT_JSON', 'the line is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('NOT_JSON', 'the line is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('NOT_JSON', 'the line is not a JSON object');
  if (canonical(value) !== text) return fail('NOT_CANONICAL', 'the line is not in RFC 8785 canonical form: it was edited');
  return { value: value as JsonObject };
}

/** RFC 8785 text of a parsed value, or null where RFC 8785 has none (lone surrogates, numbers beyond a double). */
export function canonical(value: unknown): string | null {
  if (hasLoneSurrogate(value)) return null;
  try {
    return canonicalize(value) ?? null;
  } catch {
    return null; // Infinity (a number too large for a double)
  }
}

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return /\p{Surrogate}/u.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([k, v]) => hasLoneSurrogate(k) || hasLoneSurrogate(v));
  }
  return false;
}

/** A field's rule: null when the value is right, else what is wrong with it. */
export type FieldRule = (value: unknown, record: JsonObject) => string | null;

/**
 * Fields by their table, in the table's order: the first missing one (all are named), then the
 * first key the table does not know, then the first malformed value.
 */
export function checkFields(record: JsonObject, rules: Readonly<Record<string, FieldRule>>, optional: ReadonlySet<string> = new Set()): RecordProblem | null {
  const names = Object.keys(rules);
  const missing = names.filter((f) => !Object.hasOwn(record, f) && !optional.has(f));
  if (missing.length) return { reason: 'MISSING_FIELD', message: `missing ${missing.join(', ')}` };
  const unknown = Object.keys(record).sort().find((k) => !Object.hasOwn(rules, k));
  if (unknown !== undefined) return { reason: 'UNKNOWN_FIELD', message: `unknown field ${JSON.stringify(unknown)}: records carry exactly the specified fields` };
  for (const name of names) {
    if (!Object.hasOwn(record, name)) continue;
    const wrong = rules[name]!(record[name], record);
    if (wrong) return { reason: 'BAD_FIELD', message: `${name}: ${wrong}` };
  }
  return null;
}

// The value formats the specification names.
const HEX64 = /^[0-9a-f]{64}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
export const INT32_MAX = 2147483647;

export const isInteger = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

export const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): FieldRule =>
  (v) =>
    isInteger(v, min, max) ? null : `must be an integer from ${min} to ${max}`;

export const hex64: FieldRule = (v) => (typeof v === 'string' && HEX64.test(v) ? null : 'must be 64 lowercase hexadecimal digits');

/** `null` exactly for the first record of a chain (seq 1), otherwise 64 lowercase hex digits. */
export const previousHash: FieldRule = (v, r) => {
  if (r.seq === 1) return v === null ? null : 'must be null when seq is 1';
  return hex64(v, r) && 'must be 64 lowercase hexadecimal digits when seq is above 1';
};

/** A real instant in UTC with exactly three decimals, e.g. 2018-09-28T09:15:00.000Z. */
export const instant: FieldRule = (v) => {
  const m = typeof v === 'string' ? INSTANT.exec(v) : null;
  if (!m) return 'must be an instant like 2018-09-28T09:15:00.000Z (UTC, three decimals)';
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  const real = year >= 1 && days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59;
  return real ? null : `${v as string} is not a real date and time`;
};

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
