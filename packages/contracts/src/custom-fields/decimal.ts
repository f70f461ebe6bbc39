import { z } from 'zod';

// Numbers and money travel as decimal strings, never as floats: 0.1 + 0.2 must stay 0.3 from the form to the
// numeric column, and amoCRM already sends numeric values as strings.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Integer digits we accept: enough for any amount, small enough to keep every value exact in `numeric`. */
export const DECIMAL_MAX_INTEGER_DIGITS = 15;

/**
 * The one spelling of a decimal: no leading zeros, no trailing fractional zeros, no "-0", so equal numbers are
 * equal strings (duplicate detection and index equality rely on it). Returns null for anything that is not a
 * plain decimal (exponents, "1.", ".5", spaces).
 */
export function canonicalDecimal(input: string): string | null {
  const match = DECIMAL.exec(input);
  if (!match) return null;
  const [, sign = '', integer = '', fraction = ''] = match;
  const int = integer.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return body === '0' ? '0' : `${sign}${body}`;
}

/** Digits after the point of a canonical decimal. */
export function fractionDigits(decimal: string): number {
  const point = decimal.indexOf('.');
  return point < 0 ? 0 : decimal.length - point - 1;
}

function integerDigits(decimal: string): number {
  const unsigned = decimal.replace('-', '');
  const point = unsigned.indexOf('.');
  return point < 0 ? unsigned.length : point;
}

function scaled(decimal: string, scale: number): bigint {
  const [integer = '', fraction = ''] = decimal.split('.');
  // "-0.5" → "-05" → -5n: the sign stays with the digits because the integer part carries it.
  return BigInt(integer + fraction.padEnd(scale, '0'));
}

/** Exact comparison of two decimal strings: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  const x = scaled(a, scale);
  const y = scaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A decimal given as a string or a JSON number, returned canonical. A JSON number is read through its shortest
 * spelling (`String(n)`), so 0.1 stays "0.1"; one that only has an exponent spelling is out of range anyway.
 */
export function decimalSchema(maxFractionDigits = 6) {
  const message = 'must be a decimal number like 1234.56';
  return z.union([z.string().trim(), z.number()], { error: message }).transform((input, ctx) => {
    const decimal = canonicalDecimal(typeof input === 'number' ? String(input) : input);
    if (decimal === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    if (integerDigits(decimal) > DECIMAL_MAX_INTEGER_DIGITS) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${DECIMAL_MAX_INTEGER_DIGITS} digits before the point`,
      });
      return z.NEVER;
    }
    if (fractionDigits(decimal) > maxFractionDigits) {
      ctx.addIssue({ code: 'custom', message: `must have at most ${maxFractionDigits} decimal places` });
      return z.NEVER;
    }
    return decimal;
  });
}
