import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconKey, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { CopyField } from '../../components/ui/CopyField';
import { useDialog } from '../../components/ui/useDialog';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { useApplyFieldErrors, useErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { validators } from '../auth/validation';
import { useCreateToken, useRevokeToken, useTokens, type CreatedApiToken } from './api';

export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const create = useDialog();
  const active = (tokens.data ?? []).filter((token) => token.revokedAt === null);

  return (
    <section aria-labelledby="tokens-title">
      <PageHeader
        title={<span id="tokens-title">{t('settings.tokens.title')}</span>}
        description={t('settings.tokens.description')}
        actions={
          <Button leftSection={<IconKey size={16} />} onClick={() => create.open(true)}>
            {t('settings.tokens.create')}
          </Button>
        }
      />
      {tokens.isError ? (
        <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data === undefined ? (
        <Skeleton h={120} />
      ) : tokens.data.length === 0 ? (
        <Paper withBorder p="lg">
          <Text c="dimmed">{t('settings.tokens.empty')}</Text>
        </Paper>
      ) : (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('settings.tokens.count', { count: active.length })}
          </Text>
          <TokensTable tokens={tokens.data} />
        </Stack>
      )}
      <Modal opened={create.opened} onClose={create.close} title={t('settings.tokens.createTitle')} centered>
        <CreateTokenForm key={create.key} onClose={create.close} />
      </Modal>
    </section>
  );
}

function TokensTable({ tokens }: { tokens: ApiToken[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const revoke = useRevokeToken();
  const sorted = [...tokens].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-labelledby="tokens-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.tokens.name')}</Table.Th>
              <Table.Th>{t('settings.tokens.prefix')}</Table.Th>
              <Table.Th>{t('settings.tokens.createdAt')}</Table.Th>
              <Table.Th>{t('settings.tokens.lastUsed')}</Table.Th>
              <Table.Th>{t('settings.tokens.status')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((token) => (
              <Table.Tr key={token.id} data-testid="token-row" opacity={token.revokedAt === null ? 1 : 0.6}>
                <Table.Td fw={500}>{token.name}</Table.Td>
                <Table.Td>
                  <Code>{token.prefix}…</Code>
                </Table.Td>
                <Table.Td>{formatDateTime(token.createdAt, locale)}</Table.Td>
                <Table.Td>{formatDateTime(token.lastUsedAt, locale) ?? t('common.never')}</Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={token.revokedAt === null ? 'teal' : 'gray'}>
                    {token.revokedAt === null
                      ? t('settings.tokens.active')
                      : t('settings.tokens.revokedStatus')}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  {token.revokedAt === null && (
                    <ConfirmModal
                      title={t('settings.tokens.revokeFor', { name: token.name })}
                      message={t('settings.tokens.revokeConfirm', { name: token.name })}
                      confirmLabel={t('common.revoke')}
                      onConfirm={async () => {
                        await revoke.mutateAsync(token.id);
                        notifications.show({ color: 'teal', message: t('settings.tokens.revoked') });
                      }}
                      target={(open) => (
                        <Tooltip label={t('common.revoke')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            onClick={open}
                            aria-label={t('settings.tokens.revokeFor', { name: token.name })}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function CreateTokenForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const createToken = useCreateToken();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: validators(t).required },
  });

  if (created !== null) {
    return (
      <Stack>
        <Alert color="teal" variant="light" title={t('settings.tokens.created')}>
          {t('settings.tokens.once')}
        </Alert>
        <CopyField label={t('settings.tokens.value')} value={created.token} description={created.name} />
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setMessage(null);
        createToken.mutate(values.name.trim(), {
          onSuccess: setCreated,
          onError: (error) => setMessage(applyFieldErrors(form, error, ['name']) ? null : errorText(error)),
        });
      })}
      noValidate
    >
      <Stack>
        {message !== null && (
          <Alert color="red" role="alert" variant="light">
            {message}
          </Alert>
        )}
        <TextInput
          label={t('settings.tokens.name')}
          description={t('settings.tokens.nameHint')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={createToken.isPending}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
