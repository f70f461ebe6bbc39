// Settings → Pipelines: the account's pipelines, each with its stages as coloured chips — Unsorted
// first, the open stages in order (add, rename, recolour, drag to reorder, delete with somewhere for their
// records to go), Won and Lost last — created, renamed, made the default and deleted by administrators.
import { useMemo, type ComponentProps } from 'react';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconStar, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Pipeline, Stage } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { DragHandle } from '../../components/ui/Sortable';
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
import {
  EditorModal,
  ItemActions,
  type ItemRowProps,
  MoveToDeleteForm,
  NameColorForm,
  OrderedItems,
  StageColorInput,
  SystemLock,
  type SortableItem,
} from './ColoredListEditor';
import { isStageColor, paletteColor, textColorOn } from './stageColors';

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
      <EditorModal
        dialog={dialog}
        titles={titles}
        size={dialog.value?.mode === 'createPipeline' ? 'lg' : 'md'}
      >
        {(editing) => <EditorForm editing={editing} onClose={dialog.close} />}
      </EditorModal>
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

  const chip = (stage: Stage, sortable?: SortableItem) => (
    <StageChip
      key={stage.id}
      stage={stage}
      pipeline={pipeline}
      isAdmin={isAdmin}
      onEdit={onEdit}
      sortable={sortable}
    />
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
          {first.map((stage) => chip(stage))}
          <OrderedItems
            items={open}
            sortable={isAdmin}
            orientation="horizontal"
            onMove={move}
            render={chip}
          />
          {last.map((stage) => chip(stage))}
        </Group>
      </Box>
    </Paper>
  );
}

/** A stage as a coloured chip; open stages of an administrator's view can be moved by their grip. */
function StageChip({
  stage,
  pipeline,
  isAdmin,
  onEdit,
  sortable,
}: { stage: Stage; pipeline: Pipeline } & ItemRowProps<Editing>) {
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
          {system && <SystemLock label={t('settings.pipelines.systemStage')} />}
          <Text size="sm" fw={600} truncate="end" pl={sortable === undefined && !system ? 4 : 0}>
            {stage.name}
          </Text>
        </Group>
        {isAdmin && (
          <ItemActions
            editLabel={t('settings.pipelines.editStageFor', { name: stage.name })}
            onEdit={() => onEdit({ mode: 'editStage', pipeline, stage })}
            deleteLabel={system ? undefined : t('settings.pipelines.deleteStageFor', { name: stage.name })}
            onDelete={() => onEdit({ mode: 'deleteStage', pipeline, stage })}
            color={text === '#ffffff' ? 'gray.0' : 'dark'}
            size="sm"
            iconSize={14}
          />
        )}
      </Group>
    </Paper>
  );
}

interface StageRow {
  name: string;
  color: string;
}

/** The name of a pipeline, focused when its dialog opens. */
function PipelineNameInput(props: ComponentProps<typeof TextInput>) {
  const { t } = useTranslation();
  return <TextInput label={t('settings.pipelines.name')} required data-autofocus {...props} />;
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
        <PipelineNameInput {...form.getInputProps('name')} />
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
        <PipelineNameInput {...form.getInputProps('name')} />
        <DialogActions onCancel={onClose} submitLabel={t('common.save')} loading={update.isPending} />
      </Stack>
    </form>
  );
}

function StageForm({ pipeline, stage, onClose }: { pipeline: Pipeline; stage?: Stage; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveStage();
  const openCount = pipeline.stages.filter((s) => s.kind === 'open').length;
  return (
    <NameColorForm
      initial={{ name: stage?.name ?? '', color: stage?.color ?? paletteColor(openCount) }}
      nameLabel={t('settings.pipelines.stageName')}
      colorLabel={t('settings.pipelines.stageColor')}
      isNew={stage === undefined}
      pending={save.isPending}
      onSave={(values, callbacks) =>
        save.mutate({ pipelineId: pipeline.id, id: stage?.id, ...values }, callbacks)
      }
      onClose={onClose}
    />
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
  return (
    <MoveToDeleteForm
      confirm={t('settings.pipelines.deleteStageConfirm', { name: stage.name })}
      label={t('settings.pipelines.moveTo')}
      hint={t('settings.pipelines.moveToHint')}
      options={others}
      initial={previous?.id ?? null}
      required
      errorField="querystring.moveTo"
      pending={remove.isPending}
      deletedMessage={t('settings.pipelines.stageDeleted')}
      onDelete={(moveTo, callbacks) => remove.mutate({ id: stage.id, moveTo }, callbacks)}
      onClose={onClose}
    />
  );
}
