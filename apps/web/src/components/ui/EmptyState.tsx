import type { ReactNode } from 'react';
import { Paper, Text } from '@mantine/core';

/** What a list shows when it has nothing in it yet. */
export function EmptyState({ children, size }: { children: ReactNode; size?: 'sm' }) {
  return (
    <Paper withBorder p="lg">
      <Text c="dimmed" size={size}>
        {children}
      </Text>
    </Paper>
  );
}
