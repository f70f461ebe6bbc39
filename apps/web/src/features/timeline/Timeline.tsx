// A record's timeline (CORE-7), for any record with a feed (deal, lead, contact, company): the composer,
// the pinned entries on top, then entries, tasks and history newest first, page by page. Realtime events
// refresh it; history is written by a subscriber just after a change, so a change of the record
// (`recordVersion`) refreshes the feed again a moment later.
import { useEffect, useMemo, useState } from 'react';
import { Button, Center, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Task, TimelineEntity } from '@voronka/contracts';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { useIsAdmin, useMe } from '../auth/session';
import { useAccountSettings, useUsers } from '../settings/api';
import { CompleteTaskDialog } from '../tasks/CompleteTaskDialog';
import { useTimelineFeed, useTimelineWrites } from './api';
import { Composer } from './Composer';
import { EntryItem, FeedItem, type FeedContext } from './FeedItem';
import { useHistoryResolvers } from './useHistoryResolvers';

export function Timeline({
  entity,
  entityId,
  recordVersion,
}: {
  entity: TimelineEntity;
  entityId: string;
  recordVersion?: number;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const isAdmin = useIsAdmin();
  const locale = useLocale();
  const users = useUsers();
  const account = useAccountSettings();
  const feed = useTimelineFeed(entity, entityId);
  const writes = useTimelineWrites(entity, entityId);
  const [completing, setCompleting] = useState<Task | null>(null);
  const { refetch } = feed;

  useEffect(() => {
    if (recordVersion === undefined) return;
    // History entries are written by a background subscriber just after the change: look again a few
    // times, later and later, so a busy server's entry still shows up without a reload.
    const timers = [800, 2500, 6000, 15_000].map((delay) => setTimeout(() => void refetch(), delay));
    return () => timers.forEach(clearTimeout);
  }, [recordVersion, refetch]);

  const pages = feed.data?.pages ?? [];
  const pinned = pages[0]?.pinned ?? [];
  const items = pages.flatMap((page) => page.items);
  const events = useMemo(() => items.flatMap((item) => (item.type === 'event' ? [item.event] : [])), [items]);
  const resolvers = useHistoryResolvers(entity, events);
  const timeZone = account.data?.timezone;

  const ctx: FeedContext = {
    users: users.data ?? [],
    meId: me.user.id,
    isAdmin,
    locale,
    timeZone,
    resolvers,
    writes,
    onComplete: setCompleting,
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby={`timeline-${entityId}`}>
      <Title order={2} size="h5" id={`timeline-${entityId}`}>
        {t('timeline.title')}
      </Title>
      <Composer
        entity={entity}
        entityId={entityId}
        users={users.data ?? []}
        timeZone={timeZone ?? 'Europe/Moscow'}
      />
      {feed.isError && feed.data === undefined ? (
        <QueryError error={feed.error} onRetry={() => void feed.refetch()} />
      ) : feed.data === undefined ? (
        <Skeleton h={160} />
      ) : (
        <>
          {pinned.length > 0 && (
            <Stack gap="xs" component="section" aria-label={t('timeline.pinnedBlock')}>
              <Text size="xs" fw={600} c="yellow.8" tt="uppercase">
                {t('timeline.pinnedBlock')}
              </Text>
              {pinned.map((entry) => (
                <EntryItem key={`pinned-${entry.id}`} entry={entry} ctx={ctx} pinnedBlock />
              ))}
            </Stack>
          )}
          <Stack gap="xs" role="feed" aria-label={t('timeline.feed')} aria-busy={feed.isFetching}>
            {items.length === 0 ? (
              <Paper withBorder p="md">
                <Text size="sm" c="dimmed">
                  {t('timeline.empty')}
                </Text>
              </Paper>
            ) : (
              items.map((item) => <FeedItem key={item.key} item={item} ctx={ctx} />)
            )}
          </Stack>
          {feed.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void feed.fetchNextPage()}
                loading={feed.isFetchingNextPage}
              >
                {t('timeline.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
      <CompleteTaskDialog task={completing} onClose={() => setCompleting(null)} />
    </Stack>
  );
}
