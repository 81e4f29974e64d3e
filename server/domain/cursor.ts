import { AppError, badInput } from './errors';
import { decodeUtf8Escaped, hostileText } from './hostileText';

/**
 * Opaque keyset cursors: base64url of [ordering, sort key, id]. The ordering is inside so that a
 * cursor from one ordering is refused by another instead of silently skipping rows.
 */
interface CursorPosition {
  order: string;
  key: string;
  id: string;
}

// Row ids are uuids, or bigints for history events.
const ROW_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,19})$/i;

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.order, p.key, p.id]), 'utf8').toString('base64url');
}

/** The answer to a cursor that decodes but cannot be used (its sort key is no value of the ordering). */
export const notACursor = (field = 'after') =>
  badInput(field, 'is not a cursor this API issued. Use a cursor from pageInfo.endCursor or an edge.');

export function decodeCursor(cursor: string, order: string, field = 'after'): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8Escaped(Buffer.from(cursor, 'base64url')));
  } catch {
    throw badInput(field, 'is not a cursor this API issued. Use a cursor from pageInfo.endCursor or an edge.');
  }
  // The edge saw only base64: what it decodes to passes the same text rules as any argument.
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every((v) => typeof v === 'string' && hostileText(v, 'argument', { escapedBytes: true }) === undefined) ||
    !ROW_ID.test(parsed[2] as string)
  ) {
    throw badInput(field, 'is not a cursor this API issued. Use a cursor from pageInfo.endCursor or an edge.');
  }
  const [cursorOrder, key, id] = parsed as [string, string, string];
  if (cursorOrder !== order) {
    throw badInput(field, `was issued for ordering ${cursorOrder}; ask again with that ordering or start over.`);
  }
  return { order, key, id };
}

export interface PageWindow {
  first: number;
  offset: number;
}

/** Validates `first` and `offset`; an over-large page is a limit error, not a silent cut. */
export function pageWindow(first: number | null | undefined, offset: number | null | undefined, max: number, dflt = 20): PageWindow {
  const size = first ?? dflt;
  if (!Number.isInteger(size) || size < 0) throw badInput('first', 'must be a whole number, 0 or more.');
  if (size > max) {
    throw new AppError('PAGE_SIZE_EXCEEDED', `first: at most ${max} items per page; ask for ${max} or fewer and page on.`, {
      field: 'first',
      maximum: max,
    });
  }
  const skip = offset ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw badInput('offset', 'must be a whole number, 0 or more.');
  if (skip > 100_000) throw badInput('offset', 'must be at most 100000; use cursors (after) to go deeper.');
  return { first: size, offset: skip };
}
