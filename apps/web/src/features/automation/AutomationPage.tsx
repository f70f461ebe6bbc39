// Settings → Automation: robots per pipeline in a column per stage (Bitrix24 style) and triggers. Each has
// an action form, timing with the "only in working hours" switch, a conditions builder (and/or, one nested
// group) and texts with field placeholders. Everyone reads; administrators change.
import { useState } from 'react';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AutomationRule, Pipeline } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { useDealCustomFields } from '../deals/api';
import { useCopyPresets } from '../deals/copy/api';
import { usePipelines, useUsers } from '../settings/api';
import { useAutomationRules, useCreateRule, useDeleteRule, useUpdateRule } from './api';
import {
  ACTION_TYPES,
  BUILT_IN_FIELDS,
  bodyOf,
  emptyValues,
  formFieldOf,
  missing,
  OPERATORS,
  PLACEHOLDERS,
  TIMING_KINDS,
  TRIGGER_EVENTS,
  valuesOf,
  type ConditionRow,
  type RuleFormValues,
} from './ruleModel';

type Target =
  { kind: 'robot'; pipelineId: string; stageId: string } | { kind: 'trigger'; pipelineId: string | null };

export function AutomationPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const rules = useAutomationRules();
  const isAdmin = useIsAdmin();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ rule: AutomationRule | null; target: Target } | null>(null);
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];

  if (!pipelines.data || !rules.data || !pipeline) return <Skeleton h={240} />;
  const stages = pipeline.stages.toSorted((a, b) => a.position - b.position);
  const robots = rules.data.filter((r) => r.kind === 'robot' && r.pipelineId === pipeline.id);
  const triggers = rules.data.filter((r) => r.kind === 'trigger');

  return (
    <section aria-labelledby="automation-title">
      <PageHeader
        title={<span id="automation-title">{t('automation.title')}</span>}
        description={t('automation.description')}
      />
      <Stack gap="lg">
        <Select
          label={t('automation.pipeline')}
          data={pipelines.data.map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline.id}
          onChange={setPipelineId}
          allowDeselect={false}
          maw={360}
        />
        <Title order={3}>{t('automation.robots')}</Title>
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="sm">
            {stages.map((stage) => (
              <Paper
                key={stage.id}
                withBorder
                p="sm"
                w={260}
                miw={260}
                role="region"
                aria-label={t('automation.column', { stage: stage.name })}
                style={{ borderTop: `3px solid ${stage.color}` }}
              >
                <Stack gap="xs">
                  <Text fw={600}>{stage.name}</Text>
                  {robots
                    .filter((r) => r.stageId === stage.id)
                    .map((rule) => (
                      <RuleCard
                        key={rule.id}
                        rule={rule}
                        canEdit={isAdmin}
                        onEdit={() =>
                          setEditing({
                            rule,
                            target: { kind: 'robot', pipelineId: pipeline.id, stageId: stage.id },
                          })
                        }
                      />
                    ))}
                  {isAdmin && (
                    <Button
                      variant="light"
                      size="xs"
                      leftSection={<IconPlus size={14} />}
                      aria-label={t('automation.addRobotTo', { stage: stage.name })}
                      onClick={() =>
                        setEditing({
                          rule: null,
                          target: { kind: 'robot', pipelineId: pipeline.id, stageId: stage.id },
                        })
                      }
                    >
                      {t('automation.addRobot')}
                    </Button>
                  )}
                </Stack>
              </Paper>
            ))}
          </Group>
        </ScrollArea>
        <Group justify="space-between">
          <Title order={3}>{t('automation.triggers')}</Title>
          {isAdmin && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setEditing({ rule: null, target: { kind: 'trigger', pipelineId: pipeline.id } })}
            >
              {t('automation.addTrigger')}
            </Button>
          )}
        </Group>
        {triggers.length === 0 ? (
          <Text c="dimmed">{t('automation.noTriggers')}</Text>
        ) : (
          <Stack gap="xs">
            {triggers.map((rule) => (
              <RuleCard
                key={rule.id}
                rule={rule}
                canEdit={isAdmin}
                onEdit={() => setEditing({ rule, target: { kind: 'trigger', pipelineId: rule.pipelineId } })}
              />
            ))}
          </Stack>
        )}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.target.kind === 'trigger' ? t('automation.triggerTitle') : t('automation.robotTitle')}
        size="xl"
        centered
      >
        {editing && (
          <RuleForm
            rule={editing.rule}
            target={editing.target}
            pipeline={pipeline}
            pipelines={pipelines.data}
            onClose={() => setEditing(null)}
          />
        )}
      </Modal>
    </section>
  );
}

function RuleCard({ rule, canEdit, onEdit }: { rule: AutomationRule; canEdit: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateRule();
  const remove = useDeleteRule();
  return (
    <Paper withBorder p="xs" radius="sm" aria-label={rule.name} role="group">
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {rule.name}
          </Text>
          {canEdit && (
            <Group gap={2} wrap="nowrap">
              <Tooltip label={t('common.edit')}>
                <ActionIcon
                  variant="subtle"
                  size="sm"
                  aria-label={t('automation.editFor', { name: rule.name })}
                  onClick={onEdit}
                >
                  <IconPencil size={14} />
                </ActionIcon>
              </Tooltip>
              <ConfirmIconButton
                label={t('automation.deleteFor', { name: rule.name })}
                icon={<IconTrash size={14} />}
                tooltip={t('common.delete')}
                message={t('automation.deleteConfirm')}
                confirmLabel={t('common.delete')}
                onConfirm={() => remove.mutateAsync(rule.id)}
                doneMessage={t('automation.deleted')}
              />
            </Group>
          )}
        </Group>
        <Group gap={4}>
          <Badge size="xs" variant="light">
            {t(`automation.actions.${rule.action.type}`)}
          </Badge>
          {rule.event && (
            <Badge size="xs" variant="outline">
              {t(`automation.events.${rule.event}`)}
            </Badge>
          )}
          <Badge size="xs" variant="light" color="gray">
            {t(`automation.timing.${rule.timing.kind}`)}
            {'amount' in rule.timing
              ? ` ${rule.timing.amount} ${t(`automation.units.${rule.timing.unit}`)}`
              : ''}
          </Badge>
          {rule.timing.workingHours !== 'off' && (
            <Badge size="xs" variant="light" color="teal">
              {t('automation.inWorkingHours')}
            </Badge>
          )}
          {rule.conditions && (
            <Badge size="xs" variant="light" color="grape">
              {t('automation.withConditions')}
            </Badge>
          )}
        </Group>
        {canEdit && (
          <Switch
            size="xs"
            label={t('automation.active')}
            checked={rule.active}
            onChange={(event) => update.mutate({ id: rule.id, active: event.currentTarget.checked })}
          />
        )}
      </Stack>
    </Paper>
  );
}

function RuleForm({
  rule,
  target,
  pipeline,
  pipelines,
  onClose,
}: {
  rule: AutomationRule | null;
  target: Target;
  pipeline: Pipeline;
  pipelines: Pipeline[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const fields = useDealCustomFields();
  const create = useCreateRule();
  const update = useUpdateRule();
  const errorText = useErrorText();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<RuleFormValues>({
    mode: 'controlled',
    initialValues: rule ? valuesOf(rule) : emptyValues(),
  });
  const v = form.values;

  const userOptions = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const fieldOptions = [
    ...BUILT_IN_FIELDS.map((f) => ({ value: f, label: t(`automation.fields.${f}`) })),
    ...(fields.data ?? []).map((f) => ({ value: `cf:${f.id}`, label: f.name })),
  ];
  const dateFieldOptions = [
    { value: 'startDate', label: t('automation.fields.startDate') },
    { value: 'closeDate', label: t('automation.fields.closeDate') },
    ...(fields.data ?? [])
      .filter((f) => f.type === 'date' || f.type === 'datetime')
      .map((f) => ({ value: `cf:${f.id}`, label: f.name })),
  ];
  const stageOptions = pipelines.flatMap((p) =>
    p.stages
      .toSorted((a, b) => a.position - b.position)
      .map((s) => ({ value: s.id, label: `${p.name} → ${s.name}` })),
  );
  const placeholderOptions = [...PLACEHOLDERS, ...(fields.data ?? []).map((f) => `{{deal.cf.${f.id}}}`)];
  const textTarget: 'body' | 'text' = v.actionType === 'send_email' ? 'body' : 'text';

  const submit = form.onSubmit((values) => {
    setMessage(null);
    const absent = missing(values);
    if (absent.length > 0) {
      for (const field of absent) form.setFieldError(field, t('automation.required'));
      return;
    }
    const onError = (error: unknown) => {
      let placed = false;
      if (isApiError(error))
        for (const [field, reason] of Object.entries(error.fields)) {
          const input = formFieldOf(field);
          if (input) {
            form.setFieldError(input, reason);
            placed = true;
          }
        }
      if (!placed) setMessage(errorText(error));
    };
    const body = bodyOf(values, target);
    if (rule) {
      const { kind: _kind, pipelineId: _pipeline, ...changes } = body;
      const patch: Record<string, unknown> = { ...changes };
      if (body.kind === 'trigger') {
        delete patch.event;
        delete patch.stageId;
      }
      update.mutate({ id: rule.id, ...patch }, { onSuccess: onClose, onError });
    } else create.mutate(body, { onSuccess: onClose, onError });
  });

  const conditionRows = (key: 'conditions' | 'group', label: string) => (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {v[key].map((row: ConditionRow, i: number) => (
        <Group key={i} gap={4} wrap="nowrap" align="flex-end">
          <Select
            aria-label={t('automation.conditionField')}
            data={fieldOptions}
            searchable
            {...form.getInputProps(`${key}.${i}.field`)}
            w={200}
          />
          <Select
            aria-label={t('automation.conditionOperator')}
            data={OPERATORS.map((o) => ({ value: o, label: t(`automation.operators.${o}`) }))}
            allowDeselect={false}
            {...form.getInputProps(`${key}.${i}.operator`)}
            w={150}
          />
          {row.operator !== 'empty' && row.operator !== 'not_empty' && (
            <TextInput
              aria-label={t('automation.conditionValue')}
              {...form.getInputProps(`${key}.${i}.value`)}
              w={180}
            />
          )}
          <ActionIcon
            variant="subtle"
            aria-label={t('common.delete')}
            onClick={() => form.removeListItem(key, i)}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem(key, { field: 'amount', operator: 'gte', value: '' })}
      >
        {t('automation.addCondition')}
      </Button>
    </Stack>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={message} />
        <TextInput label={t('automation.name')} required data-autofocus {...form.getInputProps('name')} />
        {target.kind === 'trigger' && (
          <Group grow align="flex-start">
            <Select
              label={t('automation.event')}
              data={TRIGGER_EVENTS.map((e) => ({ value: e, label: t(`automation.events.${e}`) }))}
              allowDeselect={false}
              disabled={rule !== null}
              {...form.getInputProps('event')}
            />
            {v.event === 'stage_entered' && (
              <Select
                label={t('automation.triggerStage')}
                data={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
                clearable
                disabled={rule !== null}
                {...form.getInputProps('triggerStageId')}
              />
            )}
            {v.event === 'field_changed' && (
              <Select
                label={t('automation.triggerField')}
                data={fieldOptions}
                clearable
                searchable
                {...form.getInputProps('triggerField')}
              />
            )}
          </Group>
        )}
        <Select
          label={t('automation.action')}
          data={ACTION_TYPES.map((a) => ({ value: a, label: t(`automation.actions.${a}`) }))}
          allowDeselect={false}
          {...form.getInputProps('actionType')}
        />
        {v.actionType === 'copy_deal' && <CopyDealFields form={form} />}
        {(v.actionType === 'create_task' ||
          v.actionType === 'notify_user' ||
          v.actionType === 'add_comment') && (
          <Textarea
            label={t('automation.text')}
            required
            autosize
            minRows={2}
            {...form.getInputProps('text')}
          />
        )}
        {v.actionType === 'create_task' && (
          <Group grow>
            <Select
              label={t('automation.taskType')}
              data={(['call', 'meeting', 'email', 'other'] as const).map((k) => ({
                value: k,
                label: t(`automation.taskTypes.${k}`),
              }))}
              allowDeselect={false}
              {...form.getInputProps('taskType')}
            />
            <NumberInput
              label={t('automation.deadlineInMinutes')}
              min={0}
              {...form.getInputProps('deadlineInMinutes')}
            />
          </Group>
        )}
        {(v.actionType === 'create_task' || v.actionType === 'notify_user') && (
          <Select
            label={t('automation.user')}
            placeholder={t('automation.responsibleOfDeal')}
            data={userOptions}
            clearable
            {...form.getInputProps('userId')}
          />
        )}
        {v.actionType === 'send_email' && (
          <>
            <TextInput label={t('automation.subject')} required {...form.getInputProps('subject')} />
            <Textarea
              label={t('automation.body')}
              required
              autosize
              minRows={3}
              {...form.getInputProps('body')}
            />
          </>
        )}
        {v.actionType === 'set_field' && (
          <Group grow>
            <Select
              label={t('automation.field')}
              data={fieldOptions}
              searchable
              allowDeselect={false}
              {...form.getInputProps('field')}
            />
            <TextInput label={t('automation.value')} {...form.getInputProps('value')} />
          </Group>
        )}
        {v.actionType === 'change_stage' && (
          <Select
            label={t('automation.targetStage')}
            data={stageOptions}
            required
            searchable
            {...form.getInputProps('targetStageId')}
          />
        )}
        {v.actionType === 'change_responsible' && (
          <MultiSelect
            label={t('automation.users')}
            description={t('automation.roundRobin')}
            data={userOptions}
            required
            {...form.getInputProps('userIds')}
          />
        )}
        {v.actionType === 'call_webhook' && (
          <>
            <TextInput
              label={t('automation.url')}
              required
              placeholder="https://example.com/hook"
              {...form.getInputProps('url')}
            />
            <Textarea
              label={t('automation.webhookBody')}
              autosize
              minRows={2}
              {...form.getInputProps('body')}
            />
          </>
        )}
        {(v.actionType === 'create_task' ||
          v.actionType === 'notify_user' ||
          v.actionType === 'add_comment' ||
          v.actionType === 'send_email') && (
          <Box>
            <Text size="xs" c="dimmed" mb={4}>
              {t('automation.placeholders')}
            </Text>
            <Group gap={4}>
              {placeholderOptions.map((p) => (
                <Badge
                  key={p}
                  component="button"
                  type="button"
                  variant="outline"
                  style={{ cursor: 'pointer', textTransform: 'none' }}
                  onClick={() => form.setFieldValue(textTarget, `${form.getValues()[textTarget]}${p}`)}
                >
                  {p}
                </Badge>
              ))}
            </Group>
          </Box>
        )}
        <Group grow align="flex-start">
          <Select
            label={t('automation.when')}
            data={TIMING_KINDS.map((k) => ({ value: k, label: t(`automation.timing.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('timingKind')}
          />
          {(v.timingKind === 'delay' || v.timingKind === 'date_field') && (
            <Group gap={4} grow>
              <NumberInput
                label={t('automation.amount')}
                min={v.timingKind === 'delay' ? 1 : 0}
                {...form.getInputProps('amount')}
              />
              <Select
                label={t('automation.unit')}
                data={(['minutes', 'hours', 'days'] as const).map((u) => ({
                  value: u,
                  label: t(`automation.units.${u}`),
                }))}
                allowDeselect={false}
                {...form.getInputProps('unit')}
              />
            </Group>
          )}
          {v.timingKind === 'exact' && (
            <TextInput
              type="datetime-local"
              label={t('automation.at')}
              required
              {...form.getInputProps('at')}
            />
          )}
        </Group>
        {v.timingKind === 'date_field' && (
          <Group grow>
            <SegmentedControl
              data={[
                { value: 'before', label: t('automation.before') },
                { value: 'after', label: t('automation.after') },
              ]}
              {...form.getInputProps('direction')}
            />
            <Select
              label={t('automation.dateField')}
              data={dateFieldOptions}
              allowDeselect={false}
              {...form.getInputProps('dateField')}
            />
          </Group>
        )}
        <Switch
          label={t('automation.onlyWorkingHours')}
          checked={v.workingHours !== 'off'}
          onChange={(event) =>
            form.setFieldValue('workingHours', event.currentTarget.checked ? 'account' : 'off')
          }
        />
        {v.workingHours !== 'off' && (
          <SegmentedControl
            data={[
              { value: 'account', label: t('automation.hoursOfAccount') },
              { value: 'responsible', label: t('automation.hoursOfResponsible') },
            ]}
            {...form.getInputProps('workingHours')}
          />
        )}
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={500}>{t('automation.conditions')}</Text>
              <SegmentedControl
                size="xs"
                data={[
                  { value: 'and', label: t('automation.and') },
                  { value: 'or', label: t('automation.or') },
                ]}
                {...form.getInputProps('conditionsOp')}
              />
            </Group>
            {form.errors.conditions && (
              <Text size="xs" c="red">
                {form.errors.conditions as string}
              </Text>
            )}
            {conditionRows('conditions', t('automation.conditionsHint'))}
            <Group justify="space-between">
              <Text size="sm">{t('automation.group')}</Text>
              <SegmentedControl
                size="xs"
                data={[
                  { value: 'and', label: t('automation.and') },
                  { value: 'or', label: t('automation.or') },
                ]}
                {...form.getInputProps('groupOp')}
              />
            </Group>
            {conditionRows('group', t('automation.groupHint'))}
          </Stack>
        </Paper>
        <Switch label={t('automation.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The copy_deal action: a preset of Settings → Deal copies (or a plain copy) and the anonymized switch. */
function CopyDealFields({ form }: { form: UseFormReturnType<RuleFormValues> }) {
  const { t } = useTranslation();
  const presets = useCopyPresets();
  return (
    <Group grow align="flex-end">
      <Select
        label={t('automation.copyPreset')}
        data={[
          { value: '', label: t('automation.copyPresetNone') },
          ...(presets.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
        allowDeselect={false}
        {...form.getInputProps('copyPresetId')}
      />
      <Switch
        label={t('automation.copyAnonymized')}
        {...form.getInputProps('copyAnonymized', { type: 'checkbox' })}
      />
    </Group>
  );
}
