import { decodeCursor, encodeCursor, notACursor, pageWindow } from '../../server/domain/cursor';
import { AppError } from '../../server/domain/errors';

const ID = '3f0c9a52-5b7e-4a0e-9d55-1c2f6b8e7a10';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('cursors', () => {
  test('a cursor decodes back to the position it was made from', () => {
    const position = { order: 'CREATED_DESC', key: '2018-09-28T09:15:00.000Z', id: ID };
    expect(decodeCursor(encodeCursor(position), 'CREATED_DESC')).toEqual(position);
  });

  test('history event cursors carry bigint ids', () => {
    const position = { order: 'OCCURRED_ASC', key: '2018-09-28T09:15:00.000Z', id: '9007199254740993' };
    expect(decodeCursor(encodeCursor(position), 'OCCURRED_ASC')).toEqual(position);
  });

  test('a cursor is opaque and URL-safe (base64url, no padding)', () => {
    const cursor = encodeCursor({ order: 'TEXT_ASC', key: 'ü?/+ & more', id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(ID);
  });

  test('a cursor from another ordering is refused, naming the ordering it was issued for', () => {
    const cursor = encodeCursor({ order: 'CREATED_DESC', key: 'k', id: ID });
    const error = errorOf(() => decodeCursor(cursor, 'TEXT_ASC'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe('after');
    expect(error.message).toContain('CREATED_DESC');
  });

  test.each([
    ['not base64 JSON', 'not-a-cursor!!'],
    ['JSON but not an array', b64({ order: 'X', key: 'k', id: ID })],
    ['an array of the wrong length', b64(['X', 'k'])],
    ['a non-string member', b64(['X', 1, ID])],
    ['an id that is neither a uuid nor a bigint', b64(['X', 'k', "1; DROP TABLE claims"])],
    ['an empty string', ''],
  ])('a forged cursor (%s) is refused with BAD_USER_INPUT', (_what, cursor) => {
    const error = errorOf(() => decodeCursor(cursor, 'X'));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe('after');
  });

  test('the refusal names the argument the cursor came in', () => {
    expect(errorOf(() => decodeCursor('garbage', 'X', 'before')).details.field).toBe('before');
  });

  test('a cursor that decodes but cannot be used gets the same answer as a forged one', () => {
    const error = notACursor('before');
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe('before');
    expect(error.message).toBe(errorOf(() => decodeCursor('garbage', 'X', 'before')).message);
  });
});

describe('pageWindow', () => {
  test('defaults to the default page size from the start', () => {
    expect(pageWindow(undefined, undefined, 100)).toEqual({ first: 20, offset: 0 });
    expect(pageWindow(null, null, 100, 5)).toEqual({ first: 5, offset: 0 });
  });

  test('accepts the maximum page size and first: 0', () => {
    expect(pageWindow(100, 40, 100)).toEqual({ first: 100, offset: 40 });
    expect(pageWindow(0, 0, 100)).toEqual({ first: 0, offset: 0 });
  });

  test('a page over the maximum is a limit error (PAGE_SIZE_EXCEEDED) naming the maximum, not a silent cut', () => {
    const error = errorOf(() => pageWindow(101, 0, 100));
    expect(error.code).toBe('PAGE_SIZE_EXCEEDED');
    expect(error.details).toMatchObject({ field: 'first', maximum: 100 });
  });

  test.each([
    ['first', -1, 0],
    ['first', 2.5, 0],
    ['offset', 10, -1],
    ['offset', 10, 0.5],
    ['offset', 10, 100_001],
  ] as const)('a bad %s (first %p, offset %p) is BAD_USER_INPUT naming it', (field, first, offset) => {
    const error = errorOf(() => pageWindow(first, offset, 100));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe(field);
  });

  test('offset 100000 is still accepted', () => {
    expect(pageWindow(10, 100_000, 100).offset).toBe(100_000);
  });
});
