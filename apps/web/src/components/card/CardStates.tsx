// What every record card page shows around the record: the link back to its list, and the page while the
// record loads or when it cannot be shown (gone: the entity's own explanation; any other error: retry).
import type { ReactNode } from 'react';
import { Anchor, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { QueryError } from '../ui/QueryError';
import { isApiError } from '../../lib/api';

export function CardBackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} />
        {label}
      </Group>
    </Anchor>
  );
}

export function CardLoading({ back }: { back: ReactNode }) {
  return (
    <Stack aria-busy>
      {back}
      <Skeleton h={120} />
      <Skeleton h={400} />
    </Stack>
  );
}

/** A failed load: `gone` for a 404 (a text, or the entity's own notice), else the error with a retry. */
export function CardLoadError({
  back,
  error,
  onRetry,
  gone,
}: {
  back: ReactNode;
  error: unknown;
  onRetry: () => void;
  gone: ReactNode;
}) {
  return (
    <Stack>
      {back}
      {isApiError(error) && error.status === 404 ? (
        typeof gone === 'string' ? (
          <Paper withBorder p="xl">
            <Text>{gone}</Text>
          </Paper>
        ) : (
          gone
        )
      ) : (
        <QueryError error={error} onRetry={onRetry} />
      )}
    </Stack>
  );
}
