// The account's outbound allow-list, edited in place (there is no settings page of its own): hosts on a
// private network — an on-premise amoCRM-compatible portal, a test server — that Voronka may connect to.
// `suggested` is the host the last connection attempt was refused for, offered as one click.
import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useOutboundHosts, useSaveOutboundHosts } from './api';

export function OutboundHostsEditor({ suggested }: { suggested: string | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const hosts = useOutboundHosts(true);
  const save = useSaveOutboundHosts();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = hosts.data ?? [];

  const store = async (next: string[]) => {
    setError(null);
    try {
      await save.mutateAsync(next);
      notifications.show({ color: 'teal', message: t('amocrm.hosts.saved') });
      return true;
    } catch (cause) {
      setError(
        isApiError(cause) && Object.keys(cause.fields).length > 0
          ? Object.values(cause.fields).join('; ')
          : errorText(cause),
      );
      return false;
    }
  };
  const add = async (host: string) => {
    const value = host.trim().toLowerCase();
    if (value === '' || list.includes(value)) return;
    if (await store([...list, value])) setDraft('');
  };

  return (
    <Paper withBorder p="md" aria-labelledby="outbound-hosts-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="outbound-hosts-title">
          {t('amocrm.hosts.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('amocrm.hosts.description')}
        </Text>
        {suggested !== null && !list.includes(suggested) && (
          <Group>
            <Button size="xs" variant="light" loading={save.isPending} onClick={() => void add(suggested)}>
              {t('amocrm.hosts.allow', { host: suggested })}
            </Button>
          </Group>
        )}
        {hosts.isSuccess && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('amocrm.hosts.empty')}
          </Text>
        )}
        {list.map((host) => (
          <Group key={host} gap="xs" wrap="nowrap">
            <Text size="sm" ff="monospace" style={{ flex: 1 }}>
              {host}
            </Text>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('amocrm.hosts.remove', { host })}
              onClick={() => void store(list.filter((h) => h !== host))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void add(draft);
          }}
        >
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={t('amocrm.hosts.label')}
              placeholder={t('amocrm.hosts.placeholder')}
              value={draft}
              onChange={(event) => setDraft(event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              loading={save.isPending}
            >
              {t('amocrm.hosts.add')}
            </Button>
          </Group>
        </form>
        <ErrorAlert message={error} />
      </Stack>
    </Paper>
  );
}
