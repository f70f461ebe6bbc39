// The deal card's robot runs: which robot or trigger, its status, when it is planned or ran, its error.
import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../timeline/fieldText';
import { useDealRuns } from './api';

const COLORS: Record<string, string> = {
  done: 'green',
  planned: 'blue',
  waiting: 'gray',
  failed: 'red',
  skipped: 'yellow',
  cancelled: 'gray',
};

export function DealRuns({ dealId, locale, timeZone }: { dealId: string; locale: string; timeZone: string }) {
  const { t } = useTranslation();
  const runs = useDealRuns(dealId);
  const items = runs.data ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`runs-${dealId}`}>
      <Stack gap="xs">
        <Title order={4} id={`runs-${dealId}`}>
          {t('automation.runs.title')}
        </Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('automation.runs.robot')}</Table.Th>
              <Table.Th>{t('automation.runs.status')}</Table.Th>
              <Table.Th>{t('automation.runs.time')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((run) => {
              const when = run.finishedAt ?? run.plannedAt ?? run.createdAt;
              return (
                <Table.Tr key={run.id} aria-label={run.ruleName}>
                  <Table.Td>
                    <Text size="sm">{run.ruleName}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`automation.actions.${run.actionType}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={COLORS[run.status] ?? 'gray'} variant="light">
                      {t(`automation.runs.statuses.${run.status}`)}
                    </Badge>
                    {run.attempt > 1 && (
                      <Text size="xs" c="dimmed">
                        {t('automation.runs.attempt', { n: run.attempt })}
                      </Text>
                    )}
                    {run.error && (
                      <Text size="xs" c="red">
                        {run.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatInstant(when, locale, timeZone)}</Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
