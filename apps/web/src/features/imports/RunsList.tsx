// The migrations of the account, newest first: kind, portal, status and progress, each opening its page.
import { Anchor, Badge, Paper, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ImportRun } from '@voronka/contracts';
import { formatDateTime } from '../../lib/format';
import { useLocale } from '../../i18n/useLocale';
import { statusColor } from './status';

export function RunsList({ runs }: { runs: ImportRun[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Paper withBorder p="md" aria-labelledby="amocrm-runs-title">
      <Title order={2} size="h5" id="amocrm-runs-title" mb="sm">
        {t('amocrm.runs.title')}
      </Title>
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('amocrm.runs.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={6} data-testid="amocrm-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('amocrm.runs.started')}</Table.Th>
                <Table.Th>{t('amocrm.connections.portal')}</Table.Th>
                <Table.Th>{t('amocrm.runs.status')}</Table.Th>
                <Table.Th>{t('amocrm.runs.progress')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(run.createdAt, locale)}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`amocrm.runs.kind.${run.kind}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{run.portal}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor(run.status)}>
                      {t(`amocrm.run.status.${run.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {run.progress}% · {run.counters.migrated}/{run.counters.total}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/imports/amocrm/runs/${run.id}`} size="sm">
                      {t('amocrm.runs.open')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
