// The fields panel of a card, arranged by the account's layout of the entity (CORE-7): one panel per
// section, its fields in the layout's order, hidden fields left out. A card names its fields by key
// (CARD_STANDARD_FIELDS or cf:<id>) and draws each one; this component only places them. A field with an
// error to show (a stage move refused because of it) is shown even when hidden, so the user can fix it.
// Administrators open the layout editor from the first section's heading.
import { Fragment, useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Group, Paper, Skeleton, Stack, Title, Tooltip } from '@mantine/core';
import { IconLayoutList } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { arrangeCard, type CardLayout, type CardLayoutEntity } from '@voronka/contracts';
import { useIsAdmin } from '../auth/session';
import { useCardLayout } from './api';
import { LayoutEditor } from './LayoutEditor';

export interface CardFieldSpec {
  /** A standard field key of the entity or cf:<custom field id>. */
  key: string;
  label: string;
  node: ReactNode;
}

export function CardSections({
  entity,
  title,
  titleId,
  fields,
  configurable = fields,
  shownAnyway = [],
}: {
  entity: CardLayoutEntity;
  /** The heading of the first section while the layout gives it none. */
  title: string;
  /** The id of the first section's heading (other sections add their id to it). */
  titleId: string;
  /** The fields this record shows, in their default order. */
  fields: readonly CardFieldSpec[];
  /** Every field the layout may place (a deal card shows its pipeline's fields only); default: `fields`. */
  configurable?: readonly Pick<CardFieldSpec, 'key' | 'label'>[];
  /** Keys to show even when hidden (fields with an error to fix). */
  shownAnyway?: readonly string[];
}) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const layout = useCardLayout(entity);
  const [editing, setEditing] = useState(false);

  if (layout.isPending) return <Skeleton h={240} />;
  // A layout that failed to load leaves the default arrangement: the card stays usable.
  const stored: Pick<CardLayout, 'sections' | 'hidden'> = layout.data ?? { sections: [], hidden: [] };
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const sections = arrangeCard(
    stored,
    fields.map((field) => field.key),
  );
  const forced = shownAnyway.filter((key) => stored.hidden.includes(key) && byKey.has(key));
  sections[0]?.fields.push(...forced);

  return (
    <Stack gap="md">
      {sections.map((section, index) => {
        if (index > 0 && section.fields.length === 0) return null;
        const headingId = index === 0 ? titleId : `${titleId}-${section.id}`;
        return (
          <Paper key={section.id} withBorder p="md" component="section" aria-labelledby={headingId}>
            <Group justify="space-between" wrap="nowrap" mb="sm">
              <Title order={2} size="h5" id={headingId}>
                {section.title ?? title}
              </Title>
              {index === 0 && isAdmin && (
                <Tooltip label={t('cardLayout.configure')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t('cardLayout.configure')}
                    onClick={() => setEditing(true)}
                    disabled={layout.data === undefined}
                  >
                    <IconLayoutList size={18} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            <Stack gap="md">
              {section.fields.map((key) => (
                <Fragment key={key}>
                  {forced.includes(key) && (
                    <Badge size="xs" variant="light" color="orange" tt="none">
                      {t('cardLayout.shownWithError')}
                    </Badge>
                  )}
                  {byKey.get(key)?.node}
                </Fragment>
              ))}
            </Stack>
          </Paper>
        );
      })}
      {editing && layout.data !== undefined && (
        <LayoutEditor
          entity={entity}
          layout={layout.data}
          fields={configurable}
          defaultTitle={title}
          onClose={() => setEditing(false)}
        />
      )}
    </Stack>
  );
}
