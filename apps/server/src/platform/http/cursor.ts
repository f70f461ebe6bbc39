// Keyset pagination cursors: the sort key of the last row of a page, opaque to clients (base64url JSON).
import { AppError } from '../errors.js';

export const encodeCursor = (key: readonly string[]) =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const badCursor = () =>
  new AppError(400, 'validation_failed', 'querystring.cursor: is not a cursor from this list', {
    errors: [{ field: 'querystring.cursor', reason: 'is not a cursor from this list' }],
  });

/** The key a cursor carries; `arity` strings, each accepted by `check`, or a 400 naming the cursor. */
export function decodeCursor(
  cursor: string,
  arity: number,
  check: (key: string[]) => boolean = () => true,
): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw badCursor();
  }
  if (
    !Array.isArray(key) ||
    key.length !== arity ||
    !key.every((k) => typeof k === 'string') ||
    !check(key)
  ) {
    throw badCursor();
  }
  return key;
}
