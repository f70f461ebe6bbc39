// Test support only: not exported from the package.
import fc from 'fast-check';
import { isStorableText } from '../settings.js';

// Generators shared by the property tests: values written the many ways people and API clients write them,
// each paired where it matters with what it means (an exact number, an instant), computed independently.

/** `numerator / 10^scale` spelled with optional padding zeros, e.g. (−150n, 2, 1, 1) → "-01.500". */
export function spellDecimal(numerator: bigint, scale: number, leadingZeros = 0, trailingZeros = 0): string {
  const sign = numerator < 0n ? '-' : '';
  const digits = (numerator < 0n ? -numerator : numerator).toString().padStart(scale + 1, '0');
  const integer = '0'.repeat(leadingZeros) + digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale) + '0'.repeat(trailingZeros);
  return fraction ? `${sign}${integer}.${fraction}` : `${sign}${integer}`;
}

/** A decimal string as an exact fraction. */
export function rational(decimal: string): { numerator: bigint; scale: number } {
  const [integer = '', fraction = ''] = decimal.split('.');
  return { numerator: BigInt(integer + fraction), scale: fraction.length };
}

export function compareRationals(a: string, b: string): number {
  const x = rational(a);
  const y = rational(b);
  const left = x.numerator * 10n ** BigInt(y.scale);
  const right = y.numerator * 10n ** BigInt(x.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** An exact decimal with at most `maxScale` places, and one way of writing it (padded string or JSON number). */
export function decimalInput(maxScale: number, maxAbs: bigint) {
  return fc
    .record({
      units: fc.bigInt({ min: -maxAbs, max: maxAbs }),
      scale: fc.integer({ min: 0, max: maxScale }),
      leadingZeros: fc.integer({ min: 0, max: 2 }),
      trailingZeros: fc.integer({ min: 0, max: 2 }),
      asNumber: fc.boolean(),
    })
    .map(({ units, scale, leadingZeros, trailingZeros, asNumber }) => {
      const exact = spellDecimal(units, scale);
      // A JSON number can carry the value exactly only while it has at most 15 significant digits.
      const raw: string | number =
        asNumber && units.toString().replace('-', '').length <= 15
          ? Number(exact)
          : spellDecimal(units, scale, leadingZeros, trailingZeros);
      return { raw, exact };
    });
}

/** Text PostgreSQL can hold, with something besides whitespace. */
export const storableText = (maxLength: number) =>
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength })
    .filter((text) => isStorableText(text) && text.trim() !== '');

const pad = (n: number | bigint, width: number) => n.toString().padStart(width, '0');

const MIN_MS = -62135596800000 + 15 * 3600_000; // 0001-01-01 plus the widest offset
const MAX_MS = 253402300799999 - 15 * 3600_000; // 9999-12-31 minus the widest offset

/** An instant in microseconds and one ISO 8601 spelling of it, in some offset with 0–6 decimals of seconds. */
export const dateTimeInput = fc
  .record({
    ms: fc.integer({ min: MIN_MS, max: MAX_MS }),
    micro: fc.integer({ min: 0, max: 999 }),
    places: fc.integer({ min: 0, max: 6 }),
    offsetQuarters: fc.integer({ min: -14 * 4, max: 14 * 4 }),
    zulu: fc.boolean(),
  })
  .map(({ ms, micro, places, offsetQuarters, zulu }) => {
    const offsetMinutes = zulu ? 0 : offsetQuarters * 15;
    const micros = BigInt(ms) * 1000n + BigInt(micro);
    const second = micros - (((micros % 1_000_000n) + 1_000_000n) % 1_000_000n);
    const fraction = pad(micros - second, 6).slice(0, places);
    const instant = second + BigInt(fraction.padEnd(6, '0')); // what the text says, to the microsecond
    const wall = new Date(Number(second / 1000n) + offsetMinutes * 60_000);
    const date = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1, 2)}-${pad(wall.getUTCDate(), 2)}`;
    const time = `${pad(wall.getUTCHours(), 2)}:${pad(wall.getUTCMinutes(), 2)}:${pad(wall.getUTCSeconds(), 2)}`;
    const sign = offsetMinutes < 0 ? '-' : '+';
    const offset = zulu
      ? 'Z'
      : `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60), 2)}:${pad(Math.abs(offsetMinutes) % 60, 2)}`;
    return { raw: `${date}T${time}${fraction ? `.${fraction}` : ''}${offset}`, instant };
  });

export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month: the last day of this one
  return date.getUTCDate();
}

/** A calendar date (years 1–9999) as `YYYY-MM-DD`, with its day number for ordering. */
export const dateInput = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => {
    const real = Math.min(day, daysInMonth(year, month));
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, real);
    return { raw: `${pad(year, 4)}-${pad(month, 2)}-${pad(real, 2)}`, time: date.getTime() };
  });
