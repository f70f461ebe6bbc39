// The custom fields of one entity (of one pipeline, for deals) in the order records show them: each with
// its type and flags; administrators move them by the grip (mouse, touch or keyboard), edit and delete.
import type { CSSProperties } from 'react';
import { ActionIcon, Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomField, CustomFieldEntity, Pipeline } from '@voronka/contracts';
import { ConfirmIconButton } from '../../../components/ui/ConfirmIconButton';
import {
  DragHandle,
  SortableArea,
  useSortableItem,
  type SortableHandle,
} from '../../../components/ui/Sortable';
import { useErrorText } from '../../../lib/errors';
import { useDeleteField, useReorderFields } from './api';
import { sortChanges } from './fieldForm';

export function FieldList({
  entity,
  fields,
  allFields,
  pipelines,
  isAdmin,
  onEdit,
}: {
  entity: CustomFieldEntity;
  /** The fields shown, in order. */
  fields: readonly CustomField[];
  /** Every field of the entity (the order is kept across pipelines). */
  allFields: readonly CustomField[];
  pipelines: readonly Pipeline[];
  isAdmin: boolean;
  onEdit: (id: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const reorder = useReorderFields(entity);
  const names = new Map(fields.map((field) => [field.id, field.name]));

  const move = (ids: string[]) =>
    reorder.mutate(sortChanges(allFields, ids), {
      onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
    });

  const row = (field: CustomField) => (
    <FieldRow key={field.id} field={field} pipelines={pipelines} isAdmin={isAdmin} onEdit={onEdit} />
  );

  return (
    <Stack
      component="ol"
      gap="xs"
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={t('customFieldsEditor.listLabel')}
    >
      {isAdmin ? (
        <SortableArea
          ids={fields.map((field) => field.id)}
          orientation="vertical"
          onMove={move}
          nameOf={(id) => names.get(id) ?? ''}
        >
          {fields.map((field) => (
            <SortableFieldRow
              key={field.id}
              field={field}
              pipelines={pipelines}
              isAdmin={isAdmin}
              onEdit={onEdit}
            />
          ))}
        </SortableArea>
      ) : (
        fields.map(row)
      )}
    </Stack>
  );
}

type RowProps = {
  field: CustomField;
  pipelines: readonly Pipeline[];
  isAdmin: boolean;
  onEdit: (id: string) => void;
};

function SortableFieldRow(props: RowProps) {
  const sortable = useSortableItem(props.field.id);
  return <FieldRow {...props} sortable={sortable} />;
}

function FieldRow({
  field,
  pipelines,
  isAdmin,
  onEdit,
  sortable,
}: RowProps & {
  sortable?: { ref: (node: HTMLElement | null) => void; style: CSSProperties; handle: SortableHandle };
}) {
  const { t } = useTranslation();
  const remove = useDeleteField();
  const stageNames = new Map(
    pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name] as const)),
  );
  const pipelineNames = new Map(pipelines.map((pipeline) => [pipeline.id, pipeline.name]));
  const badges = [
    field.required && t('customFieldsEditor.badges.required'),
    ...field.requiredFromStageIds.map((id) =>
      t('customFieldsEditor.badges.requiredFrom', { stage: stageNames.get(id) ?? '?' }),
    ),
    field.multiple && t('customFieldsEditor.badges.multiple'),
    field.showInFilter && t('customFieldsEditor.badges.inFilter'),
    field.showInList && t('customFieldsEditor.badges.inList'),
  ].filter((badge): badge is string => typeof badge === 'string');

  return (
    <Paper
      component="li"
      withBorder
      px="sm"
      py={8}
      ref={sortable?.ref}
      style={sortable?.style}
      aria-label={field.name}
      data-testid="custom-field"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap" miw={0}>
          {sortable !== undefined && (
            <DragHandle
              label={t('customFieldsEditor.moveField', { name: field.name })}
              handle={sortable.handle}
            />
          )}
          <Stack gap={2} miw={0}>
            <Group gap={6} wrap="wrap">
              <Text fw={600} size="sm">
                {field.name}
              </Text>
              <Badge variant="light" color="indigo" tt="none">
                {t(`customFieldsEditor.types.${field.type}`)}
              </Badge>
              {field.code !== null && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {field.code}
                </Text>
              )}
            </Group>
            <Group gap={4} wrap="wrap">
              {badges.map((badge) => (
                <Badge key={badge} size="xs" variant="outline" color="gray" tt="none">
                  {badge}
                </Badge>
              ))}
              {field.entity === 'deal' && (
                <Text size="xs" c="dimmed">
                  {field.pipelineIds === null
                    ? t('customFieldsEditor.inAllPipelines')
                    : t('customFieldsEditor.inPipelines', {
                        names: field.pipelineIds.map((id) => pipelineNames.get(id) ?? '?').join(', '),
                      })}
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        {isAdmin && (
          <Group gap={0} wrap="nowrap">
            <Tooltip label={t('common.edit')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('customFieldsEditor.editField', { name: field.name })}
                onClick={() => onEdit(field.id)}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <ConfirmIconButton
              label={t('customFieldsEditor.deleteField', { name: field.name })}
              icon={<IconTrash size={16} />}
              tooltip={t('common.delete')}
              title={t('customFieldsEditor.deleteTitle')}
              message={t('customFieldsEditor.deleteConfirm', { name: field.name })}
              confirmLabel={t('customFieldsEditor.deleteWithValues')}
              onConfirm={() => remove.mutateAsync(field.id)}
              doneMessage={t('customFieldsEditor.deleted', { name: field.name })}
            />
          </Group>
        )}
      </Group>
    </Paper>
  );
}
