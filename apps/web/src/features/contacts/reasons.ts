// The server's reasons at a contact's or a company's fields, in the UI language where we know them
// (phones and e-mails it could not read, an INN with a wrong check digit…); others as the server wrote them.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { channelPath } from './channels';

const KNOWN = {
  'is not a phone number': 'phone',
  'is not an e-mail address': 'email',
  'must be digits only': 'innDigits',
  'the check digit is wrong (a typo?)': 'innCheck',
  'the check digits are wrong (a typo?)': 'innCheck',
  'must be 10 digits (organisation) or 12 (individual entrepreneur)': 'innLength',
  'a contact needs a first or last name': 'nameRequired',
  required: 'required',
} as const;

/** `reason` in the user's words; with `path`, a channel's reason names its row («Телефон 2: …»). */
export function useRecordReason(): (path: string, reason: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (path: string, reason: string) => {
      const key = Object.hasOwn(KNOWN, reason) ? KNOWN[reason as keyof typeof KNOWN] : undefined;
      const text = key === undefined ? reason : t(`contacts.reason.${key}`);
      const channel = channelPath(path);
      if (channel === null) return text;
      return t('contacts.reason.row', {
        what: t(`contacts.channels.${channel.kind}One`),
        n: channel.index + 1,
        reason: text,
      });
    },
    [t],
  );
}
