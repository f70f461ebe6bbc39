// Pure rules for a contact's channels: phones to E.164 (libphonenumber-js, Russia by default, so
// "8 (916) 123-45-67" and "+7 916 123 45 67" are one number), e-mails checked and lower-cased.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

export const DEFAULT_REGION: CountryCode = 'RU';

/** E.164 (with ";ext=" when an extension was written), or null when it is not a phone number. */
export function normalizePhone(value: string, region: CountryCode = DEFAULT_REGION): string | null {
  const parsed = parsePhoneNumberFromString(value, region);
  if (!parsed?.isValid()) return null;
  return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
}

const email = z.email();

export function normalizeEmail(value: string): string | null {
  const trimmed = value.trim();
  return email.safeParse(trimmed).success ? trimmed.toLowerCase() : null;
}

/** Digits of a search string, when it looks like (part of) a phone number. */
export function phoneDigits(search: string): string | null {
  const digits = search.replace(/\D/g, '');
  return digits.length >= 5 && /^[\d\s()+\-.]+$/.test(search.trim()) ? digits : null;
}
