// ИНН (Russian taxpayer number) rules: 10 digits for an organisation, 12 for an individual entrepreneur,
// the last one (or two) being check digits: the weighted sum of the digits before, mod 11, mod 10.

const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

const checkDigit = (digits: number[], weights: number[]) =>
  (weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0) % 11) % 10;

/** Why the value is not an INN, or null when it is one. */
export function innProblem(inn: string): string | null {
  if (!/^\d+$/.test(inn)) return 'must be digits only';
  const digits = Array.from({ length: inn.length }, (_, i) => inn.charCodeAt(i) - 48);
  if (digits.length === 10) {
    return checkDigit(digits, WEIGHTS_10) === digits[9] ? null : 'the check digit is wrong (a typo?)';
  }
  if (digits.length === 12) {
    return checkDigit(digits, WEIGHTS_11) === digits[10] && checkDigit(digits, WEIGHTS_12) === digits[11]
      ? null
      : 'the check digits are wrong (a typo?)';
  }
  return 'must be 10 digits (organisation) or 12 (individual entrepreneur)';
}
