import { useState } from 'react';
import { Badge, Button, Code, Modal, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconKey, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { DataTable } from '../../components/ui/DataTable';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { OneTimeSecret } from '../../components/ui/OneTimeSecret';
import { useDialog } from '../../components/ui/useDialog';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useLocale } from '../../i18n/useLocale';
import { useFormErrors } from '../../lib/errors';
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
      <QueryResult query={tokens} loading={<Skeleton h={120} />}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState>{t('settings.tokens.empty')}</EmptyState>
          ) : (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('settings.tokens.count', { count: active.length })}
              </Text>
              <TokensTable tokens={data} />
            </Stack>
          )
        }
      </QueryResult>
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
    <DataTable
      labelledBy="tokens-title"
      minWidth={640}
      columns={[
        t('settings.tokens.name'),
        t('settings.tokens.prefix'),
        t('settings.tokens.createdAt'),
        t('settings.tokens.lastUsed'),
        t('settings.tokens.status'),
      ]}
      withActions
    >
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
              {token.revokedAt === null ? t('settings.tokens.active') : t('settings.tokens.revokedStatus')}
            </Badge>
          </Table.Td>
          <Table.Td ta="right">
            {token.revokedAt === null && (
              <ConfirmIconButton
                label={t('settings.tokens.revokeFor', { name: token.name })}
                icon={<IconTrash size={16} />}
                tooltip={t('common.revoke')}
                message={t('settings.tokens.revokeConfirm', { name: token.name })}
                confirmLabel={t('common.revoke')}
                onConfirm={() => revoke.mutateAsync(token.id)}
                doneMessage={t('settings.tokens.revoked')}
              />
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function CreateTokenForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const createToken = useCreateToken();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name']);

  if (created !== null) {
    return (
      <OneTimeSecret
        title={t('settings.tokens.created')}
        notice={t('settings.tokens.once')}
        label={t('settings.tokens.value')}
        value={created.token}
        description={created.name}
        onClose={onClose}
      />
    );
  }

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        errors.setMessage(null);
        createToken.mutate(values.name.trim(), { onSuccess: setCreated, onError: errors.show });
      })}
      noValidate
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('settings.tokens.name')}
          description={t('settings.tokens.nameHint')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} loading={createToken.isPending} />
      </Stack>
    </form>
  );
}
