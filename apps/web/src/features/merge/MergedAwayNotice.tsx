// The address of a record merged into another: says so, links to the kept record and offers to undo the
// merge; any other missing record is just "not found".
import { Anchor, Button, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors';
import { ENTITIES, useRecord, type RecordEntity } from '../contacts/api';
import { undoMerge, useMergeOf } from './api';

export function MergedAwayNotice({ entity, id }: { entity: RecordEntity; id: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const merge = useMergeOf(entity, id, true);
  const target = useRecord(entity, merge.data?.targetId ?? '');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (merge.isPending) return <Skeleton h={80} />;
  const found = merge.data;
  if (found === null || found === undefined)
    return (
      <Paper withBorder p="xl">
        <Text>{t(`${entity === 'contact' ? 'contacts' : 'companies'}.card.notFound`)}</Text>
      </Paper>
    );
  const name = found.sources.find((source) => source.id === id)?.name ?? '';
  const targetName = target.data?.name ?? '…';

  return (
    <Paper withBorder p="xl" role="status">
      <Stack gap="sm">
        <Text>
          {t(`merge.mergedAway.${entity}`, { name })}{' '}
          <Anchor component={Link} to={`${ENTITIES[entity].section}/${found.targetId}`}>
            {targetName}
          </Anchor>
        </Text>
        <div>
          <Button
            variant="light"
            loading={pending}
            onClick={() => {
              setPending(true);
              setError(null);
              undoMerge(queryClient, found.id)
                .then(() => queryClient.invalidateQueries({ queryKey: ENTITIES[entity].card(id) }))
                .catch((cause: unknown) => setError(errorText(cause)))
                .finally(() => setPending(false));
            }}
          >
            {t('merge.undo')}
          </Button>
        </div>
        {error !== null && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
