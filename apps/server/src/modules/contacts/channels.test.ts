import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixQuery } from '../../platform/db/index.js';
import { normalizeEmail, normalizePhone, phoneDigits } from './channels.js';

describe('normalizePhone', () => {
  it('reads the ways Russians write one mobile number as one E.164 number', () => {
    for (const written of [
      '8 (916) 123-45-67',
      '+7 916 123 45 67',
      '89161234567',
      '7-916-123-45-67',
      '+7(916)1234567',
    ]) {
      expect(normalizePhone(written), written).toBe('+79161234567');
    }
  });
  it('keeps foreign numbers and extensions', () => {
    expect(normalizePhone('+375 29 123-45-67')).toBe('+375291234567');
    expect(normalizePhone('+7 495 123-45-67 доб. 12')).toBe('+74951234567;ext=12');
  });
  it('refuses what is not a phone number', () => {
    for (const bad of ['12', 'позвонить вечером', '+7 000']) expect(normalizePhone(bad), bad).toBeNull();
  });
  it('is stable: a normalized number normalizes to itself (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 9000000000, max: 9999999999 }), (n) => {
        const once = normalizePhone(`8${n}`);
        fc.pre(once !== null);
        expect(normalizePhone(once)).toBe(once);
        expect(normalizePhone(`+7 ${String(n).slice(0, 3)} ${String(n).slice(3)}`)).toBe(once);
      }),
    );
  });
});

describe('normalizeEmail, phoneDigits, prefixQuery', () => {
  it('lower-cases valid e-mails and refuses others', () => {
    expect(normalizeEmail(' Anna.Petrova@Example.RU ')).toBe('anna.petrova@example.ru');
    expect(normalizeEmail('anna@')).toBeNull();
  });
  it('tells a phone search from words', () => {
    expect(phoneDigits('916 123-45')).toBe('91612345');
    expect(phoneDigits('Анна 916')).toBeNull();
    expect(phoneDigits('123')).toBeNull();
  });
  it('builds prefix queries from words only', () => {
    expect(prefixQuery('Анна  Петр')).toBe('анна:* & петр:*');
    expect(prefixQuery("'); DROP TABLE contacts; --")).toBe('drop:* & table:* & contacts:*');
    expect(prefixQuery('!!!')).toBeNull();
  });
});
