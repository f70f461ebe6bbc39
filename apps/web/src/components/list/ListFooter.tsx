import { Button, Group, Text } from '@mantine/core';

/** Under a list: how many rows are shown, and "Load more" while the server has another keyset page. */
export function ListFooter({
  shownText,
  loadMoreLabel,
  hasMore,
  loading,
  onLoadMore,
}: {
  shownText: string;
  loadMoreLabel: string;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" data-testid="list-shown">
        {shownText}
      </Text>
      {hasMore && (
        <Button variant="default" onClick={onLoadMore} loading={loading}>
          {loadMoreLabel}
        </Button>
      )}
    </Group>
  );
}
