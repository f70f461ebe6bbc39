import type { ReactNode } from 'react';
import { Paper, Table, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A bordered table that scrolls sideways on narrow screens, named by the heading with id
 * `labelledBy`. `withActions` adds a last column, without a visible heading, for row buttons.
 */
export function DataTable({
  labelledBy,
  columns,
  withActions = false,
  minWidth,
  highlightOnHover,
  children,
}: {
  labelledBy: string;
  columns: readonly string[];
  withActions?: boolean;
  minWidth: number;
  highlightOnHover?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table
          verticalSpacing="sm"
          horizontalSpacing="md"
          highlightOnHover={highlightOnHover}
          aria-labelledby={labelledBy}
        >
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column}>{column}</Table.Th>
              ))}
              {withActions && (
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
