import { invalidField } from '../errors.js';

// PostgreSQL error codes, as both pg and PGlite report them (`code` on the error).
function pgCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgCode(error) === '23505';
export const isForeignKeyViolation = (error: unknown) => pgCode(error) === '23503';

/**
 * For `.catch()` on a write whose reference (e.g. a department id) may not exist in the caller's account:
 * the composite foreign key refuses it, and the caller gets a field error instead of a 500.
 */
export const onMissingReference =
  (field: string, reason: string) =>
  (error: unknown): never => {
    if (isForeignKeyViolation(error)) throw invalidField(field, reason);
    throw error;
  };
