// Errors services throw; the HTTP layer turns each into application/problem+json with its status.
import type { FieldError } from '@voronka/contracts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Hidden and missing records look the same: never confirm that another account's record exists. */
export const notFound = (what = 'Record') => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You do not have the right to do this') =>
  new AppError(403, 'forbidden', message);
export const unauthorized = (code = 'unauthorized', message = 'Sign in first') =>
  new AppError(401, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
/** A rule about one field was broken (the field path is `body.<name>` as in validation errors). */
export const invalidField = (field: string, reason: string, code = 'validation_failed') =>
  new AppError(422, code, reason, { errors: [{ field, reason }] });

/** Several field rules broken at once (each named with its path, as in validation errors). */
export const invalidFields = (errors: FieldError[]) =>
  new AppError(422, 'validation_failed', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors });
