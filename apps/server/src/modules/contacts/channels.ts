// Pure rules for a contact's channels: phones to E.164 (libphonenumber-js, Russia by default, so
// "8 (916) 123-45-67" and "+7 916 123 45 67" are one number), e-mails checked and lower-cased.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { emailTypeSchema, messengerServiceSchema, phoneTypeSchema } from '@voronka/contracts';

type PhoneType = z.infer<typeof phoneTypeSchema>;
type EmailType = z.infer<typeof emailTypeSchema>;
type MessengerService = z.infer<typeof messengerServiceSchema>;

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

export type ChannelKind = 'phone' | 'email' | 'site' | 'messenger';

/** A channel as stored (contact_channels, company_channels): what was written and its normalized form. */
export interface ChannelValues {
  kind: ChannelKind;
  type: string;
  value: string;
  normalized: string;
}

/** The channel lists of a create or update body (contacts and companies share the shape). */
export interface ChannelsBody {
  phones?: { value: string; type: string }[] | undefined;
  emails?: { value: string; type: string }[] | undefined;
  sites?: { value: string }[] | undefined;
  messengers?: { service: string; value: string }[] | undefined;
}

/**
 * The channels of a body, normalized: `kinds` are the lists the body gives (they replace the stored ones),
 * `errors` name each phone or e-mail that is not one (`body.phones.1.value`).
 */
export function parseChannels(body: ChannelsBody): {
  kinds: ChannelKind[];
  channels: ChannelValues[];
  errors: { field: string; reason: string }[];
} {
  const errors: { field: string; reason: string }[] = [];
  const channels: ChannelValues[] = [];
  const kinds: ChannelKind[] = [];
  if (body.phones) {
    kinds.push('phone');
    body.phones.forEach((p, i) => {
      const e164 = normalizePhone(p.value);
      if (e164) channels.push({ kind: 'phone', type: p.type, value: p.value, normalized: e164 });
      else errors.push({ field: `body.phones.${i}.value`, reason: 'is not a phone number' });
    });
  }
  if (body.emails) {
    kinds.push('email');
    body.emails.forEach((e, i) => {
      const normalized = normalizeEmail(e.value);
      if (normalized) channels.push({ kind: 'email', type: e.type, value: e.value, normalized });
      else errors.push({ field: `body.emails.${i}.value`, reason: 'is not an e-mail address' });
    });
  }
  if (body.sites) {
    kinds.push('site');
    for (const s of body.sites)
      channels.push({ kind: 'site', type: 'site', value: s.value, normalized: s.value.toLowerCase() });
  }
  if (body.messengers) {
    kinds.push('messenger');
    for (const m of body.messengers)
      channels.push({
        kind: 'messenger',
        type: m.service,
        value: m.value,
        normalized: m.value.toLowerCase(),
      });
  }
  return { kinds, channels, errors };
}

/** The channels as a record shows them (contacts and companies alike), in their stored order. */
export function presentChannels(own: readonly ChannelValues[]) {
  const of = (kind: ChannelKind) => own.filter((c) => c.kind === kind);
  return {
    phones: of('phone').map((c) => ({ value: c.value, type: c.type as PhoneType, e164: c.normalized })),
    emails: of('email').map((c) => ({ value: c.value, type: c.type as EmailType })),
    sites: of('site').map((c) => ({ value: c.value })),
    messengers: of('messenger').map((c) => ({ service: c.type as MessengerService, value: c.value })),
  };
}

/**
 * One list of channels from several records' (the kept record's first): the same phone, e-mail, site or
 * messenger (by its normalized form) is kept once, as the first record wrote it.
 */
export function unionChannels(lists: readonly (readonly ChannelValues[])[]): ChannelValues[] {
  const seen = new Set<string>();
  const result: ChannelValues[] = [];
  for (const list of lists)
    for (const c of list) {
      // A messenger handle is the same only on the same service.
      const key = [c.kind, c.kind === 'messenger' ? c.type : '', c.normalized].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ kind: c.kind, type: c.type, value: c.value, normalized: c.normalized });
    }
  return result;
}
