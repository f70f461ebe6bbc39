// Phones, e-mails, sites and messengers of a contact or a company while they are edited: rows with a type,
// empty rows dropped when saved. The server normalizes phones and e-mails and names a bad one by its
// position (`phones.1.value`); the rows sent are the rows shown, so that position is the row's.
import type { Company, Contact } from '@voronka/contracts';

export const PHONE_TYPES = ['work', 'mobile', 'home', 'fax', 'other'] as const;
export const EMAIL_TYPES = ['work', 'personal', 'other'] as const;
export const MESSENGER_SERVICES = ['telegram', 'whatsapp', 'viber', 'vk', 'max', 'skype', 'other'] as const;

export type PhoneType = (typeof PHONE_TYPES)[number];
export type EmailType = (typeof EMAIL_TYPES)[number];
export type MessengerService = (typeof MESSENGER_SERVICES)[number];

export interface ChannelsDraft {
  phones: { value: string; type: PhoneType }[];
  emails: { value: string; type: EmailType }[];
  sites: { value: string }[];
  messengers: { value: string; service: MessengerService }[];
}

export type ChannelKind = keyof ChannelsDraft;
export const CHANNEL_KINDS: readonly ChannelKind[] = ['phones', 'emails', 'sites', 'messengers'];

export const EMPTY_CHANNELS: ChannelsDraft = { phones: [], emails: [], sites: [], messengers: [] };

type WithChannels = Pick<Contact | Company, 'phones' | 'emails' | 'sites' | 'messengers'>;

export function channelsDraftOf(record: WithChannels): ChannelsDraft {
  return {
    phones: record.phones.map(({ value, type }) => ({ value, type })),
    emails: record.emails.map(({ value, type }) => ({ value, type })),
    sites: record.sites.map(({ value }) => ({ value })),
    messengers: record.messengers.map(({ value, service }) => ({ value, service })),
  };
}

/**
 * The body of the channels: values trimmed, empty rows dropped. `rows` maps each kind's sent position to
 * the row shown, so the server's `phones.<n>.value` finds its row.
 */
export function channelsBody(draft: ChannelsDraft): {
  body: ChannelsDraft;
  rows: Record<ChannelKind, number[]>;
} {
  const rows: Record<ChannelKind, number[]> = { phones: [], emails: [], sites: [], messengers: [] };
  const keep = <T extends { value: string }>(kind: ChannelKind, items: readonly T[]): T[] =>
    items.flatMap((item, index) => {
      const value = item.value.trim();
      if (value === '') return [];
      rows[kind].push(index);
      return [{ ...item, value }];
    });
  return {
    body: {
      phones: keep('phones', draft.phones),
      emails: keep('emails', draft.emails),
      sites: keep('sites', draft.sites),
      messengers: keep('messengers', draft.messengers),
    },
    rows,
  };
}

/** A server field path about one channel (`phones.2.value`, `emails.0`), as its kind and sent position. */
export function channelPath(path: string): { kind: ChannelKind; index: number } | null {
  const match = /^(phones|emails|sites|messengers)\.(\d+)(\.|$)/.exec(path);
  if (match === null) return null;
  return { kind: match[1] as ChannelKind, index: Number(match[2]) };
}

/** Every field path a channels body may be refused at (for the inline field's error paths). */
export function channelErrorPaths(kinds: readonly ChannelKind[] = CHANNEL_KINDS): string[] {
  return kinds.flatMap((kind) =>
    Array.from({ length: 20 }, (_, i) => [`${kind}.${i}.value`, `${kind}.${i}`])
      .flat()
      .concat(kind),
  );
}

/** Whether two drafts save the same (ignoring empty rows and spaces around values). */
export function sameChannels(a: ChannelsDraft, b: ChannelsDraft): boolean {
  return JSON.stringify(channelsBody(a).body) === JSON.stringify(channelsBody(b).body);
}
