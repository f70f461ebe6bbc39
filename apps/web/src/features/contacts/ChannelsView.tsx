// A record's phones, e-mails, sites and messengers as links (tel:, mailto:, the site), each with its type.
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Company, Contact } from '@voronka/contracts';
import type { ChannelKind } from './channels';

type WithChannels = Pick<Contact | Company, 'phones' | 'emails' | 'sites' | 'messengers'>;

const siteHref = (value: string) => (/^https?:\/\//i.test(value) ? value : `https://${value}`);

export function ChannelsView({
  record,
  kinds = ['phones', 'emails', 'sites', 'messengers'],
}: {
  record: WithChannels;
  kinds?: readonly ChannelKind[];
}) {
  const { t } = useTranslation();
  const line = (key: string, type: string, link: React.ReactNode) => (
    <Group key={key} gap={6} wrap="nowrap">
      {link}
      {type !== '' && (
        <Text size="xs" c="dimmed">
          {type}
        </Text>
      )}
    </Group>
  );
  return (
    <Stack gap={2}>
      {kinds.includes('phones') &&
        record.phones.map((phone, i) =>
          line(
            `p${i}`,
            t(`contacts.channelType.${phone.type}`),
            <Anchor href={`tel:${phone.e164}`} size="sm">
              {phone.value}
            </Anchor>,
          ),
        )}
      {kinds.includes('emails') &&
        record.emails.map((email, i) =>
          line(
            `e${i}`,
            t(`contacts.channelType.${email.type}`),
            <Anchor href={`mailto:${email.value}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {email.value}
            </Anchor>,
          ),
        )}
      {kinds.includes('sites') &&
        record.sites.map((site, i) =>
          line(
            `s${i}`,
            '',
            <Anchor href={siteHref(site.value)} target="_blank" rel="noreferrer" size="sm">
              {site.value}
            </Anchor>,
          ),
        )}
      {kinds.includes('messengers') &&
        record.messengers.map((messenger, i) =>
          line(
            `m${i}`,
            t(`contacts.messenger.${messenger.service}`),
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {messenger.value}
            </Text>,
          ),
        )}
    </Stack>
  );
}
