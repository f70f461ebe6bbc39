// Merging duplicates: which record is kept, and for each field whose values differ, whose value it takes.
// Phones, e-mails, links, deals, tasks and the feed of all of them go to the kept record. After the merge a
// notification offers to undo it.
import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CustomField, RecordMerge } from '@voronka/contracts';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { ENTITIES, type RecordEntity } from '../contacts/api';
import { useMergeRecords } from './api';
import { mergeBody, mergeChoices, type MergeRecord } from './mergeModel';
import { notifyMerged } from './UndoNotice';

export interface MergeCandidate extends MergeRecord {
  name: string;
  version: number;
}

export function MergeDialog({
  entity,
  opened,
  onClose,
  records,
  currentId,
  customFields,
  valueText,
}: {
  entity: RecordEntity;
  opened: boolean;
  onClose: () => void;
  /** The record whose card this is first, then the duplicates chosen. */
  records: readonly MergeCandidate[];
  currentId: string;
  customFields: readonly CustomField[];
  /** A value as text (user and list-item names, custom-field values). */
  valueText: (field: string, custom: CustomField | null, value: unknown) => string | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<MergeTitle entity={entity} />} size="xl" centered>
      {opened && (
        <MergeForm
          entity={entity}
          records={records}
          currentId={currentId}
          customFields={customFields}
          valueText={valueText}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function MergeTitle({ entity }: { entity: RecordEntity }) {
  const { t } = useTranslation();
  return <>{t(`merge.title.${entity}`)}</>;
}

function MergeForm({
  entity,
  records,
  currentId,
  customFields,
  valueText,
  onClose,
}: {
  entity: RecordEntity;
  records: readonly MergeCandidate[];
  currentId: string;
  customFields: readonly CustomField[];
  valueText: (field: string, custom: CustomField | null, value: unknown) => string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const merge = useMergeRecords(entity);
  const [targetId, setTargetId] = useState(currentId);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const rows = useMemo(
    () => mergeChoices(entity, records, targetId, customFields),
    [entity, records, targetId, customFields],
  );
  const ordered = [
    ...records.filter((record) => record.id === targetId),
    ...records.filter((record) => record.id !== targetId),
  ];
  const target = records.find((record) => record.id === targetId);
  const label = (field: string, custom: CustomField | null) =>
    custom?.name ?? t(`merge.fields.${field as 'name'}`);

  // mutateAsync, not mutate's callbacks: the merge's own refresh (and the live events it causes) may
  // unmount this dialog before the request settles, and then mutate's callbacks would never run.
  const submit = async () => {
    if (target === undefined) return;
    setError(null);
    const body = mergeBody(records, targetId, rows, chosen);
    let done: RecordMerge;
    try {
      ({ merge: done } = await merge.mutateAsync({ ...body, targetVersion: target.version }));
    } catch (cause) {
      if (isApiError(cause) && (cause.status === 409 || cause.status === 412)) {
        setError(t('merge.conflict'));
        return;
      }
      const fields = isApiError(cause) ? Object.entries(cause.fields) : [];
      setError([errorText(cause), ...fields.map(([field, reason]) => `${field}: ${reason}`)].join(' '));
      return;
    }
    onClose();
    if (targetId !== currentId) void navigate(`${ENTITIES[entity].section}/${targetId}`);
    notifyMerged({
      mergeId: done.id,
      text: t('merge.merged', { count: done.sourceIds.length, name: target.name }),
      t,
      queryClient,
      errorText,
    });
  };

  return (
    <Stack gap="md">
      <Text size="sm">{t('merge.explain')}</Text>
      <Radio.Group label={t('merge.keep')} value={targetId} onChange={setTargetId}>
        <Stack gap={4} mt={4}>
          {records.map((record) => (
            <Radio
              key={record.id}
              value={record.id}
              label={record.id === currentId ? t('merge.thisRecord', { name: record.name }) : record.name}
            />
          ))}
        </Stack>
      </Radio.Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('merge.nothingToChoose')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" aria-label={t('merge.valuesLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('merge.field')}</Table.Th>
                {ordered.map((record) => (
                  <Table.Th key={record.id}>
                    {record.name}
                    {record.id === targetId && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({t('merge.kept')})
                      </Text>
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const name = label(row.field, row.custom);
                const pick = chosen[row.field] ?? row.defaultId;
                return (
                  <Table.Tr key={row.field}>
                    <Table.Td fw={500}>{name}</Table.Td>
                    {row.values.map((entry) => {
                      const text = valueText(row.field, row.custom, entry.value);
                      return (
                        <Table.Td key={entry.recordId}>
                          <Radio
                            name={`merge-${row.field}`}
                            checked={pick === entry.recordId}
                            disabled={text === null}
                            onChange={() =>
                              setChosen((current) => ({ ...current, [row.field]: entry.recordId }))
                            }
                            aria-label={t('merge.takeValue', { field: name, value: text ?? '—' })}
                            label={text ?? '—'}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed">
        {t('merge.united')}
      </Text>
      {error !== null && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => void submit()} loading={merge.isPending}>
          {t('merge.submit', { count: records.length - 1 })}
        </Button>
      </Group>
    </Stack>
  );
}
