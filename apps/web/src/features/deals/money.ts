// Money as the deals pages show it: the currency's sign (₽), grouped digits, kopecks only when there are any.
import type { AmountSum } from './board/boardModel';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', {
        style: 'currency',
        currency,
        currencyDisplay: 'narrowSymbol',
        minimumFractionDigits: 0,
        maximumFractionDigits: 2,
      });
    } catch {
      // Not an ISO currency code: plain digits and the code.
      format = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 2 });
    }
    formatters.set(key, format);
  }
  return format;
}

/** "1093145.00", "RUB" → "1 093 145 ₽" (ru) or "₽1,093,145" (en). */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const format = formatter(locale, currency);
  const text = format.format(Number(amount));
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

/** A column's sums, one per currency: "1 093 145 ₽ · 2 000 $"; nothing when there are none. */
export function formatSums(sums: readonly AmountSum[], locale: string): string {
  // Roubles first, then the other currencies by code, so the order holds while sums change.
  const rank = (currency: string) => (currency === 'RUB' ? '' : currency);
  return [...sums]
    .sort((a, b) => rank(a.currency).localeCompare(rank(b.currency)))
    .map((sum) => formatMoney(sum.amount, sum.currency, locale))
    .join(' · ');
}

/** What a person types as an amount ("150 000,50") as the API's exact decimal, or null if it is not one. */
export function parseAmount(input: string): string | null {
  const compact = input.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return '0';
  if (!/^\d{1,15}(\.\d{0,2})?$/.test(compact)) return null;
  const [whole = '0', fraction = ''] = compact.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
