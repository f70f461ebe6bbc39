import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideRounded,
  formatAmounts,
  fromUnits,
  lineAmounts,
  sumAmounts,
  toUnits,
  type LineInput,
} from './line-items.js';

const line = (over: Partial<LineInput>): LineInput => ({
  price: '0',
  quantity: '1',
  discountPercent: '0',
  vatRate: 'none',
  vatIncluded: true,
  ...over,
});
const money = (input: Partial<LineInput>) => formatAmounts(lineAmounts(line(input)));

describe('line items', () => {
  it('converts decimals to units and back exactly', () => {
    expect(toUnits('12.5', 2)).toBe(1250n);
    expect(toUnits('0.001', 3)).toBe(1n);
    expect(toUnits('999999999999999.99', 2)).toBe(99999999999999999n);
    expect(fromUnits(1250n, 2)).toBe('12.50');
    expect(fromUnits(5n, 2)).toBe('0.05');
    expect(fromUnits(0n, 2)).toBe('0.00');
    expect(fromUnits(-5n, 2)).toBe('-0.05');
    expect(() => toUnits('1.234', 2)).toThrow();
  });

  it('rounds half up', () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
    expect(divideRounded(15n, 10n)).toBe(2n);
    expect(divideRounded(25n, 10n)).toBe(3n);
  });

  it('computes a line with discount and VAT included or added', () => {
    // 10 000.33 × 3 = 30 000.99; −5 % = 28 500.9405 → 28 500.94; VAT 20/120 = 4 750.1567 → 4 750.16.
    expect(money({ price: '10000.33', quantity: '3', discountPercent: '5', vatRate: '20' })).toEqual({
      discount: '1500.05',
      net: '23750.78',
      vat: '4750.16',
      total: '28500.94',
    });
    expect(
      money({ price: '10000.33', quantity: '3', discountPercent: '5', vatRate: '20', vatIncluded: false }),
    ).toEqual({ discount: '1500.05', net: '28500.94', vat: '5700.19', total: '34201.13' });
    // 0.1 × 3 is 0.30 exactly (a float would say 0.30000000000000004).
    expect(money({ price: '0.1', quantity: '3' })).toEqual({
      discount: '0.00',
      net: '0.30',
      vat: '0.00',
      total: '0.30',
    });
    // Fractional quantities: 1.5 kg at 333.33 = 499.995 → 500.00.
    expect(money({ price: '333.33', quantity: '1.5' }).total).toBe('500.00');
    // VAT 0 % is a rate with no tax; 100 % discount leaves nothing.
    expect(money({ price: '100', vatRate: '0' })).toMatchObject({ vat: '0.00', total: '100.00' });
    expect(money({ price: '100', discountPercent: '100', vatRate: '20' })).toEqual({
      discount: '100.00',
      net: '0.00',
      vat: '0.00',
      total: '0.00',
    });
    expect(money({ price: '105', vatRate: '5', vatIncluded: true })).toMatchObject({
      vat: '5.00',
      net: '100.00',
    });
    expect(money({ price: '100', vatRate: '7', vatIncluded: false })).toMatchObject({
      vat: '7.00',
      total: '107.00',
    });
  });

  it('sums lines as an invoice does', () => {
    const lines = [
      lineAmounts(line({ price: '0.01', quantity: '0.5', vatRate: '20' })),
      lineAmounts(line({ price: '0.01', quantity: '0.5', vatRate: '20' })),
    ];
    // Each line rounds to 0.01 (0.005 half up); the deal adds the rounded lines.
    expect(formatAmounts(sumAmounts(lines)).total).toBe('0.02');
    expect(formatAmounts(sumAmounts([]))).toEqual({
      discount: '0.00',
      net: '0.00',
      vat: '0.00',
      total: '0.00',
    });
  });

  const decimal = (maxUnits: number, scale: number) =>
    fc.integer({ min: 0, max: maxUnits }).map((units) => fromUnits(BigInt(units), scale));

  it('keeps net + VAT = total and total within a kopeck of the exact value', () => {
    fc.assert(
      fc.property(
        decimal(10_000_000_00, 2),
        decimal(100_000, 3).filter((q) => q !== '0.000'),
        decimal(100_00, 2),
        fc.constantFrom('none', '0', '5', '7', '10', '20' as const),
        fc.boolean(),
        (price, quantity, discountPercent, vatRate, vatIncluded) => {
          const a = lineAmounts({ price, quantity, discountPercent, vatRate, vatIncluded });
          expect(a.net + a.vat).toBe(a.total);
          expect(a.discount >= 0n && a.vat >= 0n && a.net >= 0n).toBe(true);
          // The exact amount in 10^-9 roubles against the rounded one in kopecks: at most half a kopeck off.
          const exact = toUnits(price, 2) * toUnits(quantity, 3) * (10_000n - toUnits(discountPercent, 2));
          const amount = vatIncluded || vatRate === 'none' || vatRate === '0' ? a.total : a.net;
          const diff = amount * 10_000_000n - exact;
          expect(diff <= 5_000_000n && diff >= -5_000_000n).toBe(true);
        },
      ),
    );
  });
});
