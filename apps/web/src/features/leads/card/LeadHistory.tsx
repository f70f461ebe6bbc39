// The lead's change history (CORE-7 "who, when, old → new"), newest first, in the feed's own wording.
// It stays with the lead after a conversion, when the timeline entries move to the deal.
import { useMemo } from 'react';
import { Button, Center, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/ui/QueryError';
import { useLocale } from '../../../i18n/useLocale';
import { useIsAdmin, useMe } from '../../auth/session';
import { useAccountSettings, useUsers } from '../../settings/api';
import { useTimelineWrites } from '../../timeline/api';
import { HistoryItem, type FeedContext } from '../../timeline/FeedItem';
import { useHistoryResolvers } from '../../timeline/useHistoryResolvers';
import { useLeadHistory } from '../api';

export function LeadHistory({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const isAdmin = useIsAdmin();
  const locale = useLocale();
  const users = useUsers();
  const account = useAccountSettings();
  const history = useLeadHistory(leadId);
  const writes = useTimelineWrites('lead', leadId);
  const events = useMemo(() => history.data?.pages.flatMap((page) => page.items) ?? [], [history.data]);
  const resolvers = useHistoryResolvers('lead', events);

  if (history.isError && history.data === undefined)
    return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data === undefined) return <Skeleton h={160} />;

  const ctx: FeedContext = {
    users: users.data ?? [],
    meId: me.user.id,
    isAdmin,
    locale,
    timeZone: account.data?.timezone,
    resolvers,
    writes,
    onComplete: () => undefined,
  };

  return (
    <Stack gap="xs" role="feed" aria-label={t('leads.card.history')} aria-busy={history.isFetching}>
      {events.length === 0 ? (
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            {t('leads.card.historyEmpty')}
          </Text>
        </Paper>
      ) : (
        events.map((event) => <HistoryItem key={event.id} event={event} ctx={ctx} />)
      )}
      {history.hasNextPage && (
        <Center>
          <Button
            variant="default"
            onClick={() => void history.fetchNextPage()}
            loading={history.isFetchingNextPage}
          >
            {t('timeline.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
