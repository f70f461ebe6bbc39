// Creating and changing one custom field (CORE-6): name, code, type (fixed once saved), flags, the
// pipelines of a deal field and the stages it becomes required from, the type's settings and its default.
// Problems are shown at their inputs (ours before sending, the server's after) and what was typed stays;
// a write over someone else's change is refused and offers to reload.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  TagsInput,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  CUSTOM_FIELD_TYPES,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldType,
  type Pipeline,
  type User,
} from '@voronka/contracts';
import { DialogActions } from '../../../components/ui/DialogActions';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryResult } from '../../../components/ui/QueryResult';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { CustomFieldInput, useDraftProblemText } from '../../deals/card/CustomFieldInput';
import { CURRENCIES } from '../../deals/card/cardData';
import { fromDraft, toDraft, type Draft } from '../../deals/card/customFieldDraft';
import { useCreateField, useEditedField, useUpdateField, type VersionedField } from './api';
import {
  canBeMultiple,
  createBodyOf,
  defaultKindsOf,
  emptyForm,
  formOf,
  hasPipelines,
  localProblems,
  mapFieldErrors,
  previewField,
  removedOptions,
  restoreOption,
  schemaProblems,
  updateBodyOf,
  type DefaultKind,
  type DefaultRule,
  type FieldFormValues,
} from './fieldForm';
import { OptionsEditor } from './OptionsEditor';

export interface EditorContext {
  entity: CustomFieldEntity;
  pipelines: readonly Pipeline[];
  users: readonly User[];
  currency: string;
  timeZone: string;
}

export type Editing =
  { mode: 'create'; pipelineId: string | null; sort: number } | { mode: 'edit'; id: string };

export function FieldEditor({
  editing,
  context,
  onClose,
}: {
  editing: Editing;
  context: EditorContext;
  onClose: () => void;
}) {
  if (editing.mode === 'create')
    return <FieldForm stored={null} context={context} editing={editing} onClose={onClose} />;
  return <EditExisting id={editing.id} context={context} editing={editing} onClose={onClose} />;
}

function EditExisting({
  id,
  context,
  editing,
  onClose,
}: {
  id: string;
  context: EditorContext;
  editing: Editing;
  onClose: () => void;
}) {
  const edited = useEditedField(id);
  return (
    <QueryResult query={edited} loading={<Skeleton h={320} />}>
      {(data) => (
        // A reload starts the form afresh from the latest version.
        <FieldForm
          key={edited.dataUpdatedAt}
          stored={data}
          context={context}
          editing={editing}
          onClose={onClose}
          onReload={() => void edited.refetch()}
          reloading={edited.isFetching}
        />
      )}
    </QueryResult>
  );
}

const PROBLEM_KEYS = {
  required: 'validation.required',
  code: 'customFieldsEditor.errors.code',
  noOptions: 'customFieldsEditor.errors.noOptions',
  emptyOption: 'customFieldsEditor.errors.emptyOption',
  duplicateOption: 'customFieldsEditor.errors.duplicateOption',
  decimal: 'customFieldsEditor.errors.decimal',
  minAboveMax: 'customFieldsEditor.errors.minAboveMax',
  noTargets: 'customFieldsEditor.errors.noTargets',
  noResources: 'customFieldsEditor.errors.noResources',
  noPipelines: 'customFieldsEditor.errors.noPipelines',
} as const;

function FieldForm({
  stored,
  context,
  editing,
  onClose,
  onReload,
  reloading = false,
}: {
  stored: VersionedField | null;
  context: EditorContext;
  editing: Editing;
  onClose: () => void;
  onReload?: () => void;
  reloading?: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const problemText = useDraftProblemText();
  const { entity, timeZone, currency } = context;
  const create = useCreateField();
  const update = useUpdateField();
  const initial = useMemo(
    () =>
      stored === null
        ? emptyForm({ currency, pipelineId: editing.mode === 'create' ? editing.pipelineId : null })
        : formOf(stored.field, currency),
    [stored, currency, editing],
  );
  const form = useForm<FieldFormValues>({ mode: 'controlled', initialValues: initial });
  const values = form.values;
  const preview = previewField(values, entity);
  const [draft, setDraft] = useState<Draft | null>(() => {
    const field = previewField(initial, entity);
    if (field === null) return null;
    const value = stored?.field.default.kind === 'fixed' ? stored.field.default.value : null;
    return toDraft(field, value, timeZone, currency);
  });
  const [message, setMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [inUse, setInUse] = useState<string | null>(null);
  const removed = removedOptions(stored?.field ?? null, values);
  // A type whose settings were not valid at first (no value could be checked) gets its input once they are.
  const currentDraft = draft ?? (preview === null ? null : toDraft(preview, null, timeZone, currency));
  const pending = create.isPending || update.isPending;

  const changeType = (type: CustomFieldType) => {
    form.setValues({
      type,
      defaultKind: 'none',
      multiple: canBeMultiple(type) && values.multiple,
    });
    const field = previewField({ ...values, type }, entity);
    setDraft(field === null ? null : toDraft(field, null, timeZone, currency));
  };

  /** The default rule to send, or the reason the fixed value does not fit. */
  const defaultRule = (): DefaultRule | { error: string } => {
    if (values.defaultKind !== 'fixed') return { kind: values.defaultKind };
    if (preview === null || currentDraft === null)
      return { error: t('customFieldsEditor.errors.settingsFirst') };
    const result = fromDraft(preview, currentDraft, timeZone);
    if (!result.ok) return { error: problemText(result.problem) };
    if (result.value === null) return { error: t('customFieldsEditor.errors.defaultEmpty') };
    return { kind: 'fixed', value: result.value };
  };

  const showServerError = (error: unknown) => {
    if (isApiError(error) && error.code === 'stale_version') {
      setStale(true);
      return;
    }
    if (isApiError(error) && error.code === 'option_in_use') {
      setInUse(error.detail ?? error.title);
      form.setFieldError('options', t('customFieldsEditor.errors.optionInUse'));
      return;
    }
    if (isApiError(error) && Object.keys(error.fields).length > 0) {
      const { inputs, rest } = mapFieldErrors(error.fields);
      for (const [path, reason] of Object.entries(inputs)) form.setFieldError(path, reason);
      setMessage(rest.length > 0 ? rest.join('; ') : null);
      return;
    }
    setMessage(errorText(error));
  };

  const submit = form.onSubmit(() => {
    setMessage(null);
    setInUse(null);
    form.clearErrors();
    const problems = Object.entries(localProblems(values, entity));
    const rule = defaultRule();
    if ('error' in rule) form.setFieldError('defaultValue', rule.error);
    for (const [path, problem] of problems) form.setFieldError(path, t(PROBLEM_KEYS[problem]));
    if (problems.length > 0 || 'error' in rule) return;

    const sort = editing.mode === 'create' ? editing.sort : (stored?.field.sort ?? 0);
    const body = createBodyOf(values, entity, rule, sort);
    const schema = Object.entries(schemaProblems(body));
    if (schema.length > 0) {
      for (const [path, reason] of schema) {
        if (path === 'form') setMessage(reason);
        else form.setFieldError(path, reason);
      }
      return;
    }
    const done = (field: CustomField) => {
      notifications.show({
        color: 'teal',
        message: t(stored === null ? 'customFieldsEditor.created' : 'customFieldsEditor.saved', {
          name: field.name,
        }),
      });
      onClose();
    };
    if (stored === null) create.mutate(body, { onSuccess: done, onError: showServerError });
    else
      update.mutate(
        { id: stored.field.id, version: stored.version, body: updateBodyOf(values, entity, rule) },
        { onSuccess: done, onError: showServerError },
      );
  });

  return (
    <form onSubmit={submit} noValidate aria-label={t('customFieldsEditor.formLabel')}>
      <Stack>
        {stale && (
          <Alert color="yellow" variant="light" role="alert" title={t('customFieldsEditor.staleTitle')}>
            <Stack gap="xs" align="flex-start">
              {t('customFieldsEditor.stale')}
              {onReload !== undefined && (
                <Button
                  size="xs"
                  variant="light"
                  color="yellow"
                  leftSection={<IconRefresh size={14} />}
                  loading={reloading}
                  onClick={onReload}
                >
                  {t('customFieldsEditor.reload')}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        <ErrorAlert message={message} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('customFieldsEditor.name')}
            required
            data-autofocus
            maxLength={200}
            {...form.getInputProps('name')}
          />
          <Select
            label={t('customFieldsEditor.type')}
            description={t('customFieldsEditor.typeHint')}
            required
            allowDeselect={false}
            disabled={stored !== null}
            data={CUSTOM_FIELD_TYPES.map((type) => ({
              value: type,
              label: t(`customFieldsEditor.types.${type}`),
            }))}
            value={values.type}
            onChange={(type) => {
              if (type !== null) changeType(type);
            }}
            error={form.errors.type}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <TextInput
          label={t('customFieldsEditor.code')}
          description={t('customFieldsEditor.codeHint')}
          placeholder="installation_address"
          maxLength={63}
          {...form.getInputProps('code')}
        />
        <FlagsBlock form={form} stored={stored} />
        {hasPipelines(entity) && <PipelinesBlock form={form} pipelines={context.pipelines} />}
        <TypeSettings
          form={form}
          context={context}
          stored={stored?.field ?? null}
          removed={removed}
          inUse={inUse}
          onRestore={(id) => {
            if (stored !== null)
              form.setFieldValue('options', restoreOption(stored.field, values.options, id));
            if (removed.length <= 1) setInUse(null);
          }}
        />
        <DefaultBlock
          form={form}
          preview={preview}
          draft={currentDraft}
          onDraft={setDraft}
          users={context.users}
        />
        <DialogActions
          onCancel={onClose}
          submitLabel={stored === null ? t('common.create') : t('common.save')}
          loading={pending}
        />
      </Stack>
    </form>
  );
}

function FlagsBlock({
  form,
  stored,
}: {
  form: UseFormReturnType<FieldFormValues>;
  stored: VersionedField | null;
}) {
  const { t } = useTranslation();
  const { type } = form.values;
  return (
    <Input.Wrapper label={t('customFieldsEditor.flags')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt={6} spacing="xs">
        <Checkbox
          label={t('customFieldsEditor.required')}
          description={t('customFieldsEditor.requiredHint')}
          {...form.getInputProps('required', { type: 'checkbox' })}
        />
        {canBeMultiple(type) && (
          <Checkbox
            label={t('customFieldsEditor.multiple')}
            description={t('customFieldsEditor.multipleHint')}
            disabled={stored !== null}
            {...form.getInputProps('multiple', { type: 'checkbox' })}
          />
        )}
        <Checkbox
          label={t('customFieldsEditor.showInFilter')}
          {...form.getInputProps('showInFilter', { type: 'checkbox' })}
        />
        <Checkbox
          label={t('customFieldsEditor.showInList')}
          {...form.getInputProps('showInList', { type: 'checkbox' })}
        />
      </SimpleGrid>
    </Input.Wrapper>
  );
}

/** A deal field's pipelines and the stages it is required from (only stages of those pipelines). */
function PipelinesBlock({
  form,
  pipelines,
}: {
  form: UseFormReturnType<FieldFormValues>;
  pipelines: readonly Pipeline[];
}) {
  const { t } = useTranslation();
  const { allPipelines, pipelineIds, requiredFromStageIds } = form.values;
  const inScope = allPipelines ? pipelines : pipelines.filter((p) => pipelineIds.includes(p.id));
  // Unsorted holds requests nobody has looked at yet: nothing can be required there.
  const stageGroups = inScope.map((pipeline) => ({
    group: pipeline.name,
    items: pipeline.stages
      .filter((stage) => stage.kind !== 'unsorted')
      .toSorted((a, b) => a.position - b.position)
      .map((stage) => ({ value: stage.id, label: stage.name })),
  }));
  const keepStagesOf = (all: boolean, ids: readonly string[]) => {
    const scope = all ? pipelines : pipelines.filter((p) => ids.includes(p.id));
    const stages = new Set(scope.flatMap((p) => p.stages.map((s) => s.id)));
    form.setFieldValue(
      'requiredFromStageIds',
      requiredFromStageIds.filter((id) => stages.has(id)),
    );
  };

  return (
    <Stack gap="xs">
      <Divider />
      <Title order={3} size="h6">
        {t('customFieldsEditor.pipelinesTitle')}
      </Title>
      <Checkbox
        label={t('customFieldsEditor.allPipelines')}
        checked={allPipelines}
        onChange={(event) => {
          const all = event.currentTarget.checked;
          form.setFieldValue('allPipelines', all);
          keepStagesOf(all, pipelineIds);
        }}
      />
      {!allPipelines && (
        <MultiSelect
          label={t('customFieldsEditor.pipelines')}
          required
          data={pipelines.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
          value={pipelineIds}
          onChange={(ids) => {
            form.setFieldValue('pipelineIds', ids);
            keepStagesOf(false, ids);
          }}
          error={form.errors.pipelineIds}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      <MultiSelect
        label={t('customFieldsEditor.requiredFromStages')}
        description={t('customFieldsEditor.requiredFromStagesHint')}
        placeholder={requiredFromStageIds.length === 0 ? t('customFieldsEditor.noStage') : undefined}
        data={stageGroups}
        clearable
        {...form.getInputProps('requiredFromStageIds')}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}

const ENTITIES: readonly CustomFieldEntity[] = ['deal', 'lead', 'contact', 'company'];

function TypeSettings({
  form,
  context,
  stored,
  removed,
  inUse,
  onRestore,
}: {
  form: UseFormReturnType<FieldFormValues>;
  context: EditorContext;
  stored: CustomField | null;
  removed: ReturnType<typeof removedOptions>;
  inUse: string | null;
  onRestore: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { type } = form.values;
  const body = (() => {
    switch (type) {
      case 'string':
        return (
          <NumberInput
            label={t('customFieldsEditor.rows')}
            description={t('customFieldsEditor.rowsHint')}
            min={1}
            max={20}
            allowDecimal={false}
            clampBehavior="strict"
            w={220}
            {...form.getInputProps('rows')}
          />
        );
      case 'number':
        return (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput
              label={t('customFieldsEditor.precision')}
              min={0}
              max={6}
              allowDecimal={false}
              clampBehavior="strict"
              {...form.getInputProps('precision')}
            />
            <TextInput
              label={t('customFieldsEditor.min')}
              inputMode="decimal"
              placeholder={t('customFieldsEditor.noLimit')}
              {...form.getInputProps('min')}
            />
            <TextInput
              label={t('customFieldsEditor.max')}
              inputMode="decimal"
              placeholder={t('customFieldsEditor.noLimit')}
              {...form.getInputProps('max')}
            />
          </SimpleGrid>
        );
      case 'money':
        return (
          <Select
            label={t('customFieldsEditor.currency')}
            description={t('customFieldsEditor.currencyHint')}
            data={[...new Set([form.values.currency, context.currency, ...CURRENCIES])]}
            allowDeselect={false}
            w={220}
            {...form.getInputProps('currency')}
            comboboxProps={{ withinPortal: true }}
          />
        );
      case 'list':
        return (
          <OptionsEditor
            form={form}
            removed={stored === null ? [] : removed}
            inUse={inUse}
            onRestore={onRestore}
          />
        );
      case 'crm_link':
        return (
          <Checkbox.Group
            label={t('customFieldsEditor.targetEntities')}
            required
            {...form.getInputProps('targetEntities')}
          >
            <Group mt={6}>
              {ENTITIES.map((entity) => (
                <Checkbox key={entity} value={entity} label={t(`customFieldsEditor.entities.${entity}`)} />
              ))}
            </Group>
          </Checkbox.Group>
        );
      case 'file':
        return (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('customFieldsEditor.maxSizeMb')}
              min={1}
              max={1024}
              allowDecimal={false}
              clampBehavior="strict"
              {...form.getInputProps('maxSizeMb')}
            />
            <TagsInput
              label={t('customFieldsEditor.accept')}
              description={t('customFieldsEditor.acceptHint')}
              placeholder="application/pdf, image/*"
              splitChars={[',', ' ']}
              clearable
              {...form.getInputProps('accept')}
            />
          </SimpleGrid>
        );
      case 'resource_booking':
        return (
          <MultiSelect
            label={t('customFieldsEditor.resources')}
            description={t('customFieldsEditor.resourcesHint')}
            required
            searchable
            data={context.users
              .filter((user) => user.active || form.values.resourceIds.includes(user.id))
              .map((user) => ({ value: user.id, label: user.name }))}
            {...form.getInputProps('resourceIds')}
            comboboxProps={{ withinPortal: true }}
          />
        );
      default:
        return null;
    }
  })();
  if (body === null) return null;
  return (
    <Stack gap="xs">
      <Divider />
      <Title order={3} size="h6">
        {t('customFieldsEditor.settingsOf', { type: t(`customFieldsEditor.types.${type}`) })}
      </Title>
      {body}
    </Stack>
  );
}

function DefaultBlock({
  form,
  preview,
  draft,
  onDraft,
  users,
}: {
  form: UseFormReturnType<FieldFormValues>;
  preview: CustomField | null;
  draft: Draft | null;
  onDraft: (draft: Draft) => void;
  users: readonly User[];
}) {
  const { t } = useTranslation();
  const kinds = defaultKindsOf(form.values.type);
  if (kinds.length === 1) return null;
  const labels: Record<DefaultKind, string> = {
    none: t('customFieldsEditor.defaultNone'),
    now: t(form.values.type === 'date' ? 'customFieldsEditor.defaultToday' : 'customFieldsEditor.defaultNow'),
    fixed: t('customFieldsEditor.defaultFixed'),
  };
  const error = form.errors.defaultValue;
  return (
    <Stack gap="xs">
      <Divider />
      <Input.Wrapper label={t('customFieldsEditor.default')}>
        <div>
          <SegmentedControl
            aria-label={t('customFieldsEditor.default')}
            data={kinds.map((kind) => ({ value: kind, label: labels[kind] }))}
            value={form.values.defaultKind}
            onChange={(kind) => {
              form.setFieldValue('defaultKind', kind);
              form.clearFieldError('defaultValue');
            }}
          />
        </div>
      </Input.Wrapper>
      {form.values.defaultKind === 'fixed' &&
        (preview !== null && draft !== null ? (
          <CustomFieldInput
            field={preview}
            users={users}
            value={draft}
            onChange={(next) => {
              onDraft(next);
              form.clearFieldError('defaultValue');
            }}
            label={t('customFieldsEditor.defaultValue')}
            error={error}
          />
        ) : (
          <Alert color="gray" variant="light" role={error === undefined ? undefined : 'alert'}>
            {error ?? t('customFieldsEditor.errors.settingsFirst')}
          </Alert>
        ))}
      {form.values.defaultKind !== 'fixed' && error !== undefined && <Input.Error>{error}</Input.Error>}
    </Stack>
  );
}
