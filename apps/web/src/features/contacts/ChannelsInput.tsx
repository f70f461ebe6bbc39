// Inputs of the typed multi-value channels: a row per phone, e-mail, site or messenger with its type, an
// "add" button per kind, and the server's reason under the row it is about.
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  EMAIL_TYPES,
  MESSENGER_SERVICES,
  PHONE_TYPES,
  type ChannelKind,
  type ChannelsDraft,
  type EmailType,
  type PhoneType,
} from './channels';

/** `errors`: `<kind>.<row shown>` → message. */
export function ChannelsInput({
  value,
  onChange,
  errors = {},
  kinds = ['phones', 'emails', 'sites', 'messengers'],
  autoFocus = false,
}: {
  value: ChannelsDraft;
  onChange: (value: ChannelsDraft) => void;
  errors?: Readonly<Record<string, string>>;
  kinds?: readonly ChannelKind[];
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const typeOptions = (kind: ChannelKind): { value: string; label: string }[] => {
    if (kind === 'messengers')
      return MESSENGER_SERVICES.map((service) => ({
        value: service,
        label: t(`contacts.messenger.${service}`),
      }));
    const types: readonly (PhoneType | EmailType)[] =
      kind === 'phones' ? PHONE_TYPES : kind === 'emails' ? EMAIL_TYPES : [];
    return types.map((type) => ({ value: type, label: t(`contacts.channelType.${type}`) }));
  };

  const update = <K extends ChannelKind>(kind: K, rows: ChannelsDraft[K]) =>
    onChange({ ...value, [kind]: rows });

  const section = (kind: ChannelKind) => {
    const rows = value[kind] as { value: string; type?: string; service?: string }[];
    const one = t(`contacts.channels.${kind}One`);
    const add = () => {
      const next =
        kind === 'phones'
          ? { value: '', type: 'mobile' }
          : kind === 'emails'
            ? { value: '', type: 'work' }
            : kind === 'messengers'
              ? { value: '', service: 'telegram' }
              : { value: '' };
      update(kind, [...rows, next] as ChannelsDraft[typeof kind]);
    };
    return (
      <Stack key={kind} gap={4} role="group" aria-label={t(`contacts.channels.${kind}`)}>
        <Text size="sm" fw={500}>
          {t(`contacts.channels.${kind}`)}
        </Text>
        {rows.map((row, index) => {
          const label = t('contacts.channels.nth', { what: one, n: index + 1 });
          const error = errors[`${kind}.${index}`];
          const typeKey = kind === 'messengers' ? 'service' : 'type';
          return (
            <Group key={index} gap={6} align="flex-start" wrap="nowrap">
              {kind !== 'sites' && (
                <Select
                  aria-label={t('contacts.channels.typeOf', { what: label })}
                  data={typeOptions(kind)}
                  value={row[typeKey] ?? null}
                  onChange={(type) => {
                    if (type === null) return;
                    update(
                      kind,
                      rows.map((item, i) =>
                        i === index ? { ...item, [typeKey]: type } : item,
                      ) as ChannelsDraft[typeof kind],
                    );
                  }}
                  allowDeselect={false}
                  w={130}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
              <TextInput
                aria-label={label}
                value={row.value}
                type={kind === 'emails' ? 'email' : kind === 'phones' ? 'tel' : 'text'}
                placeholder={t(`contacts.channels.${kind}Placeholder`)}
                onChange={(event) => {
                  const text = event.currentTarget.value;
                  update(
                    kind,
                    rows.map((item, i) =>
                      i === index ? { ...item, value: text } : item,
                    ) as ChannelsDraft[typeof kind],
                  );
                }}
                error={error}
                style={{ flex: 1 }}
                autoFocus={autoFocus && index === 0 && kind === kinds[0]}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={6}
                aria-label={t('contacts.channels.remove', { what: label })}
                onClick={() => update(kind, rows.filter((_, i) => i !== index) as ChannelsDraft[typeof kind])}
              >
                <IconX size={14} />
              </ActionIcon>
            </Group>
          );
        })}
        <Group>
          <Button variant="subtle" size="compact-xs" leftSection={<IconPlus size={12} />} onClick={add}>
            {t(`contacts.channels.add.${kind}`)}
          </Button>
        </Group>
      </Stack>
    );
  };

  return <Stack gap="sm">{kinds.map(section)}</Stack>;
}
