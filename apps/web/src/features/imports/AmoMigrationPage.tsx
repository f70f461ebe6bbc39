// /imports/amocrm — the migration wizard from amoCRM (seed 000): connect a portal (amoCRM's OAuth redirect
// lands here with `?code=&portal=`), choose what to migrate and check the data, then "Migrate data" opens
// the run's page. Below, every migration of the account. Administrators only, like the API.
import { useState } from 'react';
import { Anchor, Alert, Badge, Button, Group, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportConnection } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { formatDateTime } from '../../lib/format';
import { useIsAdmin } from '../auth/session';
import { useConnections, useDisconnect, useRuns } from './api';
import { ChooseStep } from './ChooseStep';
import { ConnectStep } from './ConnectStep';
import { RunsList } from './RunsList';
import { useSearchParams } from '../../lib/searchParams';

export function AmoMigrationPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  return (
    <Stack gap="md" maw={1000}>
      <PageHeader title={t('amocrm.title')} description={t('amocrm.description')} order={1} />
      {isAdmin ? (
        <Wizard />
      ) : (
        <Alert color="yellow" variant="light">
          {t('amocrm.adminOnly')}
        </Alert>
      )}
    </Stack>
  );
}

function Wizard() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const connections = useConnections();
  const runs = useRuns();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const code = params.get('code') ?? '';
  const redirectError = params.get('error');
  const [connecting, setConnecting] = useState(code !== '' || redirectError !== null);

  if (connections.isError)
    return <QueryError error={connections.error} onRetry={() => void connections.refetch()} />;
  if (runs.isError) return <QueryError error={runs.error} onRetry={() => void runs.refetch()} />;
  if (connections.data === undefined || runs.data === undefined)
    return <Loader size="sm" aria-label={t('app.loading')} />;

  const list = connections.data;
  const selected = list.find((c) => c.id === selectedId) ?? list[0];
  const onConnected = (connection: ImportConnection) => {
    setSelectedId(connection.id);
    setConnecting(false);
    setParams({}, { replace: true });
  };
  const newest = runs.data.find((r) => r.connectionId === selected?.id);

  return (
    <Stack gap="md">
      {connecting || selected === undefined ? (
        <ConnectStep
          initial={{ portal: params.get('portal') ?? '', authorizationCode: code }}
          redirectError={redirectError}
          onConnected={onConnected}
          onBack={selected === undefined ? undefined : () => setConnecting(false)}
        />
      ) : (
        <>
          <ConnectionCard
            connection={selected}
            all={list}
            onSelect={setSelectedId}
            onConnectAnother={() => setConnecting(true)}
          />
          {newest?.status === 'rolled_back' && (
            <Alert color="teal" variant="light">
              {t('amocrm.check.rolledBack')}
            </Alert>
          )}
          {selected.status === 'connected' && <ChooseStep connection={selected} runs={runs.data} />}
        </>
      )}
      <RunsList runs={runs.data} />
    </Stack>
  );
}

function ConnectionCard({
  connection,
  all,
  onSelect,
  onConnectAnother,
}: {
  connection: ImportConnection;
  all: ImportConnection[];
  onSelect: (id: string) => void;
  onConnectAnother: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const disconnect = useDisconnect();
  const date = formatDateTime(connection.connectedAt, locale) ?? '';
  return (
    <Paper withBorder p="md" data-testid="amocrm-connection">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            {all.length > 1 ? (
              <Select
                aria-label={t('amocrm.connections.portal')}
                allowDeselect={false}
                value={connection.id}
                data={all.map((c) => ({ value: c.id, label: c.portal }))}
                onChange={(value) => value !== null && onSelect(value)}
              />
            ) : (
              <Anchor href={connection.portal} target="_blank" rel="noreferrer" fw={600}>
                {connection.portal}
              </Anchor>
            )}
            <Badge color={connection.status === 'connected' ? 'teal' : 'red'} variant="light">
              {connection.status === 'connected'
                ? t('amocrm.connections.connected')
                : t('amocrm.connections.reauthShort')}
            </Badge>
          </Group>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={onConnectAnother}>
              {t('amocrm.connections.connectAnother')}
            </Button>
            <ConfirmModal
              target={(open) => (
                <Button variant="subtle" color="red" size="xs" onClick={open}>
                  {t('amocrm.connections.disconnect')}
                </Button>
              )}
              title={t('amocrm.connections.disconnectTitle', { portal: connection.portal })}
              message={t('amocrm.connections.disconnectMessage')}
              confirmLabel={t('amocrm.connections.disconnect')}
              onConfirm={() => disconnect.mutateAsync(connection.id)}
            />
          </Group>
        </Group>
        {connection.accountName !== null && (
          <Text size="sm">{t('amocrm.connections.account', { name: connection.accountName })}</Text>
        )}
        <Text size="xs" c="dimmed">
          {connection.connectedBy !== null
            ? t('amocrm.connections.connectedBy', { date, name: connection.connectedBy.name })
            : t('amocrm.connections.connectedAt', { date })}
        </Text>
        {connection.status !== 'connected' && (
          <Alert color="red" variant="light">
            {t('amocrm.connections.reauth')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
