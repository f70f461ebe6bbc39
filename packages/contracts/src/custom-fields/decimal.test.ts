import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRationals, spellDecimal } from './testing/arbitraries.js';
import { canonicalDecimal, compareDecimals, decimalSchema, DECIMAL_MAX_INTEGER_DIGITS } from './decimal.js';

function sameNumber(a: string, b: string): boolean {
  return compareRationals(a, b) === 0;
}

const decimals = fc
  .record({
    numerator: fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
    scale: fc.integer({ min: 0, max: 6 }),
    leadingZeros: fc.integer({ min: 0, max: 2 }),
    trailingZeros: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ numerator, scale, leadingZeros, trailingZeros }) =>
    spellDecimal(numerator, scale, leadingZeros, trailingZeros),
  );

describe('canonicalDecimal', () => {
  it('spells every number one way, keeping its exact value', () => {
    fc.assert(
      fc.property(decimals, decimals, (a, b) => {
        const ca = canonicalDecimal(a);
        const cb = canonicalDecimal(b);
        expect(ca).not.toBeNull();
        expect(sameNumber(ca ?? '', a)).toBe(true);
        // Equal numbers, equal strings; different numbers, different strings.
        expect(ca === cb).toBe(sameNumber(a, b));
        expect(canonicalDecimal(ca ?? '')).toBe(ca);
      }),
    );
  });

  it('has no padding zeros and no negative zero', () => {
    fc.assert(
      fc.property(decimals, (a) => {
        const c = canonicalDecimal(a) ?? '';
        expect(c).not.toMatch(/^-?0\d/);
        expect(c).not.toMatch(/\.\d*0$/);
        expect(c).not.toMatch(/^-0$/);
      }),
    );
  });

  it('refuses what is not a plain decimal', () => {
    for (const input of ['', '-', '1.', '.5', '1e5', '1,5', ' 1', '0x10', '+1', '1.2.3', 'NaN', 'Infinity'])
      expect(canonicalDecimal(input)).toBeNull();
  });
});

describe('compareDecimals', () => {
  it('orders like the exact numbers', () => {
    fc.assert(
      fc.property(decimals, decimals, (a, b) => {
        expect(Math.sign(compareDecimals(a, b))).toBe(compareRationals(a, b));
      }),
    );
  });
});

describe('decimalSchema', () => {
  it('reads JSON numbers through their shortest spelling, so they come back exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const result = decimalSchema(6).safeParse(n);
        // -0 and 0 are one number to people and to PostgreSQL.
        if (result.success) expect(Number(result.data) === n).toBe(true);
        else expect(result.error.issues[0]?.message).toBeTruthy();
      }),
    );
  });

  it('takes a JSON number with a few decimals as exactly that decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (thousandths) => {
        const expected = canonicalDecimal(spellDecimal(BigInt(thousandths), 3));
        expect(decimalSchema(3).parse(thousandths / 1000)).toBe(expected);
      }),
    );
  });

  it('keeps 0.1 + 0.2 style sums honest: a float with a long tail is refused, not rounded', () => {
    const result = decimalSchema(2).safeParse(0.1 + 0.2);
    expect(result.success).toBe(false);
    expect(decimalSchema(2).parse('0.30')).toBe('0.3');
  });

  it('limits decimal places and integer digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (places) => {
        expect(decimalSchema(places).safeParse(`1.${'1'.repeat(places)}`).success).toBe(true);
        expect(decimalSchema(places).safeParse(`1.${'1'.repeat(places + 1)}`).success).toBe(false);
      }),
    );
    expect(decimalSchema().safeParse('9'.repeat(DECIMAL_MAX_INTEGER_DIGITS)).success).toBe(true);
    expect(decimalSchema().safeParse('9'.repeat(DECIMAL_MAX_INTEGER_DIGITS + 1)).success).toBe(false);
    expect(decimalSchema().safeParse(1e21).success).toBe(false);
  });
});
