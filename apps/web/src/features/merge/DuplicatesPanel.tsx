// "Possible duplicates" on a contact or company card: records with the same phone or e-mail however
// written, the same INN or the same name. Tick some and merge them with this one.
import { useState } from 'react';
import { Anchor, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '@voronka/contracts';
import { ENTITIES, useDuplicates, type RecordEntity } from '../contacts/api';
import { ReasonBadges } from '../contacts/RecordFields';
import { MergeDialog, type MergeCandidate } from './MergeDialog';

export function DuplicatesPanel({
  entity,
  record,
  customFields,
  valueText,
}: {
  entity: RecordEntity;
  record: MergeCandidate;
  customFields: readonly CustomField[];
  valueText: (field: string, custom: CustomField | null, value: unknown) => string | null;
}) {
  const { t } = useTranslation();
  const duplicates = useDuplicates(entity, record.id, true);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [merging, setMerging] = useState(false);
  const items = duplicates.data ?? [];
  if (items.length === 0) return null;

  const chosen = items.filter((item) => selected.has(item.record.id)).map((item) => item.record);
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="duplicates-title" bg="orange.0">
      <Stack gap="sm">
        <Title order={2} size="h5" id="duplicates-title">
          {t('merge.duplicatesTitle', { count: items.length })}
        </Title>
        {items.map((item) => (
          <Group key={item.record.id} justify="space-between" wrap="nowrap" gap="xs">
            <Checkbox
              checked={selected.has(item.record.id)}
              onChange={() => toggle(item.record.id)}
              aria-label={t('merge.select', { name: item.record.name })}
            />
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Anchor component={Link} to={`${ENTITIES[entity].section}/${item.record.id}`} size="sm">
                {item.record.name}
              </Anchor>
              <ReasonBadges reasons={item.reasons} />
            </Stack>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button
            size="xs"
            leftSection={<IconGitMerge size={14} />}
            disabled={chosen.length === 0}
            onClick={() => setMerging(true)}
          >
            {t('merge.open', { count: chosen.length })}
          </Button>
        </Group>
        {chosen.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('merge.hint')}
          </Text>
        )}
      </Stack>
      <MergeDialog
        entity={entity}
        opened={merging}
        onClose={() => {
          setMerging(false);
          setSelected(new Set());
        }}
        records={[record, ...(chosen as unknown as MergeCandidate[])]}
        currentId={record.id}
        customFields={customFields}
        valueText={valueText}
      />
    </Paper>
  );
}
