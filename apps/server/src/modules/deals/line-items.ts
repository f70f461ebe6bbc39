// Exact line-item arithmetic (CORE-10), in bigint minor units — never floats. A line is
//   amount = price × quantity × (1 − discount %), rounded half up to kopecks (once, on the whole line);
//   VAT included in the price: vat = amount × rate / (100 + rate), net = amount − vat, total = amount;
//   VAT added on top:          vat = amount × rate / 100,         net = amount,       total = amount + vat;
//   no VAT ('none'):           vat = 0.
// The deal's totals are the sums of its lines' rounded values (as an invoice adds them up), and its amount
// is their total (Bitrix24 behaviour: a deal with products is worth what its products are).
import type { DealItem } from '@voronka/contracts';

type VatRate = DealItem['vatRate'];

export interface LineInput {
  /** Canonical non-negative decimals: price ≤ 2 places, quantity ≤ 3, discountPercent ≤ 2 (0..100). */
  price: string;
  quantity: string;
  discountPercent: string;
  vatRate: VatRate;
  vatIncluded: boolean;
}

/** Minor units of a line: kopecks. */
export interface LineAmounts {
  discount: bigint;
  net: bigint;
  vat: bigint;
  total: bigint;
}

/** A non-negative decimal string as an integer count of 10^-scale units ("12.5", 2 → 1250n). */
export function toUnits(decimal: string, scale: number): bigint {
  const [integer = '0', fraction = ''] = decimal.split('.');
  if (fraction.length > scale) throw new Error(`${decimal} has more than ${scale} decimal places`);
  return BigInt(integer + fraction.padEnd(scale, '0'));
}

/** Units back to a decimal string with exactly `scale` places (1250n, 2 → "12.50"). */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** n / d rounded half up (n ≥ 0, d > 0): commercial rounding, as accounting does it. */
export function divideRounded(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

export function lineAmounts(line: LineInput): LineAmounts {
  const price = toUnits(line.price, 2); // kopecks
  const quantity = toUnits(line.quantity, 3); // thousandths
  const discount = toUnits(line.discountPercent, 2); // hundredths of a percent, 0..10000
  const gross = price * quantity; // 10^-5 roubles
  const subtotal = divideRounded(gross, 1000n);
  const amount = divideRounded(gross * (10_000n - discount), 1000n * 10_000n);
  const rate = line.vatRate === 'none' ? 0n : BigInt(line.vatRate);
  let vat = 0n;
  let net = amount;
  let total = amount;
  if (rate > 0n) {
    if (line.vatIncluded) {
      vat = divideRounded(amount * rate, 100n + rate);
      net = amount - vat;
    } else {
      vat = divideRounded(amount * rate, 100n);
      total = amount + vat;
    }
  }
  return { discount: subtotal - amount, net, vat, total };
}

export function sumAmounts(lines: readonly LineAmounts[]): LineAmounts {
  return lines.reduce(
    (sum, l) => ({
      discount: sum.discount + l.discount,
      net: sum.net + l.net,
      vat: sum.vat + l.vat,
      total: sum.total + l.total,
    }),
    { discount: 0n, net: 0n, vat: 0n, total: 0n },
  );
}

export const formatAmounts = (a: LineAmounts) => ({
  discount: fromUnits(a.discount, 2),
  net: fromUnits(a.net, 2),
  vat: fromUnits(a.vat, 2),
  total: fromUnits(a.total, 2),
});

/** The largest amount a deal holds: numeric(17, 2), 15 digits before the point. */
export const MAX_AMOUNT_UNITS = 10n ** 17n - 1n;
