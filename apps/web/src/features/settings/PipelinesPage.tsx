import { useMemo, type ComponentProps, type CSSProperties } from 'react';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  ColorInput,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPencil, IconPlus, IconStar, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Pipeline, Stage } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { DragHandle, SortableArea, useSortableItem, type SortableHandle } from '../../components/ui/Sortable';
import { useDialog } from '../../components/ui/useDialog';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { validators } from '../auth/validation';
import {
  useCreatePipeline,
  useDeletePipeline,
  useDeleteStage,
  usePipelines,
  useReorderStages,
  useSaveStage,
  useUpdatePipeline,
} from './api';
import { isStageColor, paletteColor, STAGE_PALETTE, textColorOn } from './stageColors';

/** What the dialog is doing. */
type Editing =
  | { mode: 'createPipeline' }
  | { mode: 'renamePipeline'; pipeline: Pipeline }
  | { mode: 'addStage'; pipeline: Pipeline }
  | { mode: 'editStage'; pipeline: Pipeline; stage: Stage }
  | { mode: 'deleteStage'; pipeline: Pipeline; stage: Stage };

export function PipelinesPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const pipelines = usePipelines();
  const dialog = useDialog<Editing>();
  const editing = dialog.value;

  const titles: Record<Editing['mode'], string> = {
    createPipeline: t('settings.pipelines.createTitle'),
    renamePipeline: t('settings.pipelines.renameTitle'),
    addStage: t('settings.pipelines.addStageTitle'),
    editStage: t('settings.pipelines.editStageTitle'),
    deleteStage: t('settings.pipelines.deleteStageTitle'),
  };

  return (
    <section aria-labelledby="pipelines-title">
      <PageHeader
        title={<span id="pipelines-title">{t('settings.pipelines.title')}</span>}
        description={t('settings.pipelines.description')}
        actions={
          isAdmin ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => dialog.open({ mode: 'createPipeline' })}
            >
              {t('settings.pipelines.create')}
            </Button>
          ) : undefined
        }
      />
      <QueryResult query={pipelines} loading={<Skeleton h={200} />}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState>{t('settings.pipelines.empty')}</EmptyState>
          ) : (
            <Stack>
              <Text size="sm" c="dimmed">
                {t('settings.pipelines.count', { count: data.length })}
              </Text>
              {data.map((pipeline) => (
                <PipelineCard key={pipeline.id} pipeline={pipeline} isAdmin={isAdmin} onEdit={dialog.open} />
              ))}
            </Stack>
          )
        }
      </QueryResult>
      <Modal
        opened={dialog.opened}
        onClose={dialog.close}
        title={editing === null ? undefined : titles[editing.mode]}
        size={editing?.mode === 'createPipeline' ? 'lg' : 'md'}
        centered
      >
        {editing !== null && <EditorForm key={dialog.key} editing={editing} onClose={dialog.close} />}
      </Modal>
    </section>
  );
}

function EditorForm({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  switch (editing.mode) {
    case 'createPipeline':
      return <CreatePipelineForm onClose={onClose} />;
    case 'renamePipeline':
      return <RenamePipelineForm pipeline={editing.pipeline} onClose={onClose} />;
    case 'addStage':
      return <StageForm pipeline={editing.pipeline} onClose={onClose} />;
    case 'editStage':
      return <StageForm pipeline={editing.pipeline} stage={editing.stage} onClose={onClose} />;
    case 'deleteStage':
      return <DeleteStageForm pipeline={editing.pipeline} stage={editing.stage} onClose={onClose} />;
  }
}

function PipelineCard({
  pipeline,
  isAdmin,
  onEdit,
}: {
  pipeline: Pipeline;
  isAdmin: boolean;
  onEdit: (editing: Editing) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const update = useUpdatePipeline();
  const remove = useDeletePipeline();
  const reorder = useReorderStages();
  const titleId = `pipeline-${pipeline.id}`;

  const first = pipeline.stages.filter((stage) => stage.kind === 'unsorted');
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  const last = pipeline.stages.filter((stage) => stage.kind === 'won' || stage.kind === 'lost');
  const names = new Map(pipeline.stages.map((stage) => [stage.id, stage.name]));

  const makeDefault = () =>
    update.mutate(
      { id: pipeline.id, version: pipeline.version, isDefault: true },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: t('settings.pipelines.madeDefault', { name: pipeline.name }),
          }),
        onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
      },
    );

  const move = (stageIds: string[]) =>
    reorder.mutate(
      { pipelineId: pipeline.id, stageIds },
      { onError: (error) => notifications.show({ color: 'red', message: errorText(error) }) },
    );

  const chip = (stage: Stage) => (
    <StageChip key={stage.id} stage={stage} pipeline={pipeline} isAdmin={isAdmin} onEdit={onEdit} />
  );

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId} data-testid="pipeline">
      <Group justify="space-between" align="center" mb="sm" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Title order={3} size="h4" id={titleId}>
            {pipeline.name}
          </Title>
          {pipeline.isDefault && (
            <Badge variant="light" color="indigo">
              {t('settings.pipelines.default')}
            </Badge>
          )}
          <Text size="sm" c="dimmed">
            {t('settings.pipelines.stageCount', { count: pipeline.stages.length })}
          </Text>
        </Group>
        {isAdmin && (
          <Group gap={4} wrap="nowrap">
            <Button
              variant="light"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => onEdit({ mode: 'addStage', pipeline })}
              aria-label={t('settings.pipelines.addStageTo', { name: pipeline.name })}
            >
              {t('settings.pipelines.addStage')}
            </Button>
            <Tooltip label={t('settings.pipelines.rename')}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('settings.pipelines.renameFor', { name: pipeline.name })}
                onClick={() => onEdit({ mode: 'renamePipeline', pipeline })}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            {!pipeline.isDefault && (
              <Tooltip label={t('settings.pipelines.makeDefault')}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('settings.pipelines.makeDefaultFor', { name: pipeline.name })}
                  loading={update.isPending}
                  onClick={makeDefault}
                >
                  <IconStar size={16} />
                </ActionIcon>
              </Tooltip>
            )}
            <ConfirmIconButton
              label={t('settings.pipelines.deleteFor', { name: pipeline.name })}
              icon={<IconTrash size={16} />}
              tooltip={t('common.delete')}
              title={t('settings.pipelines.deleteTitle')}
              message={t('settings.pipelines.deleteConfirm', { name: pipeline.name })}
              confirmLabel={t('common.delete')}
              onConfirm={() => remove.mutateAsync(pipeline.id)}
              doneMessage={t('settings.pipelines.deleted')}
            />
          </Group>
        )}
      </Group>
      <Box style={{ overflowX: 'auto' }} pb={4}>
        <Group
          component="ol"
          aria-label={t('settings.pipelines.stagesOf', { name: pipeline.name })}
          gap="xs"
          wrap="nowrap"
          align="stretch"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
        >
          {first.map(chip)}
          {isAdmin ? (
            <SortableArea
              ids={open.map((stage) => stage.id)}
              orientation="horizontal"
              onMove={move}
              nameOf={(id) => names.get(id) ?? ''}
            >
              {open.map((stage) => (
                <SortableStageChip
                  key={stage.id}
                  stage={stage}
                  pipeline={pipeline}
                  isAdmin={isAdmin}
                  onEdit={onEdit}
                />
              ))}
            </SortableArea>
          ) : (
            open.map(chip)
          )}
          {last.map(chip)}
        </Group>
      </Box>
    </Paper>
  );
}

function SortableStageChip(props: {
  stage: Stage;
  pipeline: Pipeline;
  isAdmin: boolean;
  onEdit: (editing: Editing) => void;
}) {
  const sortable = useSortableItem(props.stage.id);
  return <StageChip {...props} sortable={sortable} />;
}

/** A stage as a coloured chip; open stages of an administrator's view can be moved by their grip. */
function StageChip({
  stage,
  pipeline,
  isAdmin,
  onEdit,
  sortable,
}: {
  stage: Stage;
  pipeline: Pipeline;
  isAdmin: boolean;
  onEdit: (editing: Editing) => void;
  sortable?: { ref: (node: HTMLElement | null) => void; style: CSSProperties; handle: SortableHandle };
}) {
  const { t } = useTranslation();
  const text = textColorOn(stage.color);
  const system = stage.kind !== 'open';
  return (
    <Paper
      component="li"
      ref={sortable?.ref}
      radius="sm"
      px={6}
      py={6}
      miw={170}
      maw={240}
      bg={stage.color}
      c={text}
      style={{ flexShrink: 0, boxShadow: 'inset 0 -3px 0 rgba(0, 0, 0, 0.12)', ...sortable?.style }}
      data-testid="stage"
      data-kind={stage.kind}
    >
      <Group gap={4} wrap="nowrap" justify="space-between" h="100%">
        <Group gap={4} wrap="nowrap" miw={0}>
          {sortable !== undefined && (
            <DragHandle
              label={t('settings.pipelines.moveStage', { name: stage.name })}
              handle={sortable.handle}
              color={text === '#ffffff' ? 'gray.0' : 'dark'}
            />
          )}
          {system && (
            <Tooltip label={t('settings.pipelines.systemStage')}>
              <IconLock size={14} aria-label={t('settings.pipelines.systemStage')} />
            </Tooltip>
          )}
          <Text size="sm" fw={600} truncate="end" pl={sortable === undefined && !system ? 4 : 0}>
            {stage.name}
          </Text>
        </Group>
        {isAdmin && (
          <Group gap={0} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color={text === '#ffffff' ? 'gray.0' : 'dark'}
              size="sm"
              aria-label={t('settings.pipelines.editStageFor', { name: stage.name })}
              onClick={() => onEdit({ mode: 'editStage', pipeline, stage })}
            >
              <IconPencil size={14} />
            </ActionIcon>
            {!system && (
              <ActionIcon
                variant="subtle"
                color={text === '#ffffff' ? 'gray.0' : 'dark'}
                size="sm"
                aria-label={t('settings.pipelines.deleteStageFor', { name: stage.name })}
                onClick={() => onEdit({ mode: 'deleteStage', pipeline, stage })}
              >
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        )}
      </Group>
    </Paper>
  );
}

/** The colour field of a stage: the palette, or any `#rrggbb`. */
function StageColorInput(props: ComponentProps<typeof ColorInput>) {
  return (
    <ColorInput
      format="hex"
      swatches={[...STAGE_PALETTE]}
      swatchesPerRow={10}
      closeOnColorSwatchClick
      {...props}
    />
  );
}

interface StageRow {
  name: string;
  color: string;
}

function CreatePipelineForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreatePipeline();
  const required = validators(t).required;
  const form = useForm<{ name: string; stages: StageRow[] }>({
    mode: 'controlled',
    initialValues: {
      name: '',
      stages: [0, 1, 2].map((n) => ({ name: '', color: paletteColor(n) })),
    },
    validate: {
      name: required,
      stages: { color: (value) => (isStageColor(value) ? null : t('validation.color')) },
    },
  });
  const errors = useFormErrors(form, ['name']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    // Rows left empty are not stages.
    const stages = values.stages
      .map((stage) => ({ name: stage.name.trim(), color: stage.color }))
      .filter((stage) => stage.name !== '');
    create.mutate(
      { name: values.name.trim(), stages },
      {
        onSuccess: (pipeline) => {
          notifications.show({
            color: 'teal',
            message: t('settings.pipelines.created', { name: pipeline.name }),
          });
          onClose();
        },
        onError: errors.show,
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('settings.pipelines.name')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('settings.pipelines.openStages')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('settings.pipelines.openStagesHint')}
          </Text>
          {form.values.stages.map((_, index) => (
            <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                flex={1}
                aria-label={t('settings.pipelines.stageN', { n: index + 1 })}
                placeholder={t('settings.pipelines.stageN', { n: index + 1 })}
                {...form.getInputProps(`stages.${index}.name`)}
              />
              <StageColorInput
                w={140}
                aria-label={t('settings.pipelines.stageColorN', { n: index + 1 })}
                {...form.getInputProps(`stages.${index}.color`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={6}
                aria-label={t('settings.pipelines.removeStageN', { n: index + 1 })}
                onClick={() => form.removeListItem('stages', index)}
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={form.values.stages.length >= 50}
              onClick={() =>
                form.insertListItem('stages', { name: '', color: paletteColor(form.values.stages.length) })
              }
            >
              {t('settings.pipelines.addStageRow')}
            </Button>
          </Group>
        </Stack>
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} loading={create.isPending} />
      </Stack>
    </form>
  );
}

function RenamePipelineForm({ pipeline, onClose }: { pipeline: Pipeline; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdatePipeline();
  // The version sent is the latest one seen: after a conflict the list reloads and a retry goes through.
  const current = usePipelines().data?.find((p) => p.id === pipeline.id) ?? pipeline;
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: pipeline.name },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    update.mutate(
      { id: pipeline.id, version: current.version, name: values.name.trim() },
      { onSuccess: onClose, onError: errors.show },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('settings.pipelines.name')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <DialogActions onCancel={onClose} submitLabel={t('common.save')} loading={update.isPending} />
      </Stack>
    </form>
  );
}

function StageForm({ pipeline, stage, onClose }: { pipeline: Pipeline; stage?: Stage; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveStage();
  const openCount = pipeline.stages.filter((s) => s.kind === 'open').length;
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: stage?.name ?? '', color: stage?.color ?? paletteColor(openCount) },
    validate: {
      name: validators(t).required,
      color: (value) => (isStageColor(value) ? null : t('validation.color')),
    },
  });
  const errors = useFormErrors(form, ['name', 'color']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    save.mutate(
      { pipelineId: pipeline.id, id: stage?.id, name: values.name.trim(), color: values.color },
      { onSuccess: onClose, onError: errors.show },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('settings.pipelines.stageName')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <StageColorInput
          label={t('settings.pipelines.stageColor')}
          required
          {...form.getInputProps('color')}
        />
        <DialogActions
          onCancel={onClose}
          submitLabel={stage === undefined ? t('common.create') : t('common.save')}
          loading={save.isPending}
        />
      </Stack>
    </form>
  );
}

function DeleteStageForm({
  pipeline,
  stage,
  onClose,
}: {
  pipeline: Pipeline;
  stage: Stage;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteStage();
  const others = useMemo(() => pipeline.stages.filter((s) => s.id !== stage.id), [pipeline, stage]);
  // By default the records step back to the stage before this one.
  const index = pipeline.stages.findIndex((s) => s.id === stage.id);
  const previous = pipeline.stages[index - 1] ?? others[0];
  const form = useForm({
    mode: 'controlled',
    initialValues: { moveTo: previous?.id ?? '' },
    validate: { moveTo: validators(t).required },
  });
  const errors = useFormErrors(form, ['moveTo']);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    remove.mutate(
      { id: stage.id, moveTo: values.moveTo },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('settings.pipelines.stageDeleted') });
          onClose();
        },
        onError: errors.show,
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('settings.pipelines.deleteStageConfirm', { name: stage.name })}</Text>
        <ErrorAlert message={errors.message} />
        <Select
          label={t('settings.pipelines.moveTo')}
          description={t('settings.pipelines.moveToHint')}
          required
          allowDeselect={false}
          data={others.map((s) => ({ value: s.id, label: s.name }))}
          {...form.getInputProps('moveTo')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={remove.isPending} data-autofocus>
            {t('common.delete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
