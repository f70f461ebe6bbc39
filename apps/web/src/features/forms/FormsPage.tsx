// Settings → Forms (administrators write, members read): the account's web forms. The builder maps each
// input to a contact or deal field (custom fields of deals included), marks it required, sets the consent
// box with its policy text, the target pipeline and the thank-you text. Each form has a public key (shown,
// rotatable), a hosted page (/f/{key}, served by the server without sign-in) and an embeddable snippet (an
// iframe of that page) to copy. The pipelines' response SLA is set here too.
import { useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCode, IconExternalLink, IconKey, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Form, FormField, FormFieldTarget, SlaPolicy } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { CopyField } from '../../components/ui/CopyField';
import { DataTable } from '../../components/ui/DataTable';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useDialog } from '../../components/ui/useDialog';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useIsAdmin, useMe } from '../auth/session';
import { useDealCustomFields } from '../deals/api';
import { embedSnippet, hostedUrl } from '../inbox/slaModel';
import { usePipelines, useUsers } from '../settings/api';
import {
  useCreateForm,
  useDeleteForm,
  useForms,
  useRotateFormKey,
  useSaveSlaPolicy,
  useSlaPolicies,
  useUpdateForm,
  type FormInput,
} from './api';

const TARGETS: FormFieldTarget[] = ['name', 'phone', 'email', 'company', 'comment', 'dealField'];

export function FormsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const forms = useForms();
  const pipelines = usePipelines();
  const editor = useDialog<Form | null>();
  const embed = useDialog<string>();
  const pipelineName = (id: string) => pipelines.data?.find((p) => p.id === id)?.name ?? '—';

  return (
    <Stack gap="xl">
      <section aria-labelledby="forms-title">
        <PageHeader
          title={<span id="forms-title">{t('forms.title')}</span>}
          description={t('forms.description')}
          actions={
            isAdmin && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => editor.open(null)}>
                {t('forms.add')}
              </Button>
            )
          }
        />
        <QueryResult query={forms} loading={<Skeleton h={120} />}>
          {(data) =>
            data.length === 0 ? (
              <EmptyState>{t('forms.empty')}</EmptyState>
            ) : (
              <DataTable
                labelledBy="forms-title"
                minWidth={760}
                columns={[t('forms.name'), t('forms.pipeline'), t('forms.submissions'), t('forms.status')]}
                withActions
              >
                {data.map((form) => (
                  <FormRow
                    key={form.id}
                    form={form}
                    pipelineName={pipelineName(form.pipelineId)}
                    isAdmin={isAdmin}
                    onEdit={() => editor.open(form)}
                    onEmbed={() => embed.open(form.id)}
                  />
                ))}
              </DataTable>
            )
          }
        </QueryResult>
      </section>
      <SlaSection />
      <Modal
        opened={editor.opened}
        onClose={editor.close}
        title={editor.value ? t('forms.editTitle') : t('forms.createTitle')}
        size="xl"
      >
        <FormEditor
          key={editor.key}
          form={editor.value ?? null}
          onClose={editor.close}
          onCreated={(created) => {
            editor.close();
            embed.open(created.id);
          }}
        />
      </Modal>
      <Modal opened={embed.opened} onClose={embed.close} title={t('forms.embed.title')} size="xl">
        {embed.value && (
          <EmbedPanel
            form={forms.data?.find((f) => f.id === embed.value)}
            isAdmin={isAdmin}
            onClose={embed.close}
          />
        )}
      </Modal>
    </Stack>
  );
}

function FormRow({
  form,
  pipelineName,
  isAdmin,
  onEdit,
  onEmbed,
}: {
  form: Form;
  pipelineName: string;
  isAdmin: boolean;
  onEdit: () => void;
  onEmbed: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteForm();
  return (
    <Table.Tr data-testid="form-row">
      <Table.Td>
        <Text fw={500}>{form.name}</Text>
      </Table.Td>
      <Table.Td>{pipelineName}</Table.Td>
      <Table.Td>
        {form.submissionCount}
        {form.spamCount > 0 && (
          <Text span size="xs" c="dimmed">
            {' '}
            {t('forms.spam', { count: form.spamCount })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="dot" color={form.active ? 'teal' : 'gray'}>
          {form.active ? t('forms.active') : t('forms.off')}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label={t('forms.embed.open')}>
            <ActionIcon
              variant="subtle"
              aria-label={t('forms.embed.openFor', { name: form.name })}
              onClick={onEmbed}
            >
              <IconCode size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('forms.hostedPage')}>
            <ActionIcon
              variant="subtle"
              component="a"
              href={hostedUrl(window.location.origin, form.publicKey)}
              target="_blank"
              rel="noopener"
              aria-label={t('forms.hostedPageOf', { name: form.name })}
            >
              <IconExternalLink size={16} />
            </ActionIcon>
          </Tooltip>
          {isAdmin && (
            <>
              <Tooltip label={t('common.edit')}>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('forms.editFor', { name: form.name })}
                  onClick={onEdit}
                >
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <ConfirmIconButton
                label={t('forms.deleteFor', { name: form.name })}
                icon={<IconTrash size={16} />}
                tooltip={t('common.delete')}
                message={t('forms.deleteConfirm')}
                confirmLabel={t('common.delete')}
                onConfirm={() => remove.mutateAsync(form.id)}
                doneMessage={t('forms.deleted')}
              />
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The key, the hosted page and the snippet of one form; rotating the key breaks the old copies. */
function EmbedPanel({
  form,
  isAdmin,
  onClose,
}: {
  form: Form | undefined;
  isAdmin: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const rotate = useRotateFormKey();
  if (!form) return null;
  const origin = window.location.origin;
  const url = hostedUrl(origin, form.publicKey);
  return (
    <Stack>
      <Text size="sm">{t('forms.embed.intro', { name: form.name })}</Text>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <div style={{ flex: 1 }}>
          <CopyField label={t('forms.embed.key')} value={form.publicKey} />
        </div>
        {isAdmin && (
          <ConfirmModal
            title={t('forms.embed.rotate')}
            message={t('forms.embed.rotateConfirm')}
            confirmLabel={t('forms.embed.rotate')}
            color="orange"
            onConfirm={() =>
              rotate
                .mutateAsync(form.id)
                .then(() => notifications.show({ color: 'teal', message: t('forms.embed.rotated') }))
                .catch((error: unknown) => notifications.show({ color: 'red', message: errorText(error) }))
            }
            target={(open) => (
              <Button variant="default" leftSection={<IconKey size={16} />} onClick={open}>
                {t('forms.embed.rotate')}
              </Button>
            )}
          />
        )}
      </Group>
      <CopyField label={t('forms.embed.hosted')} value={url} description={t('forms.embed.hostedHint')} />
      <Anchor href={url} target="_blank" rel="noopener" size="sm">
        {t('forms.embed.openHosted')}
      </Anchor>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('forms.embed.snippet')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('forms.embed.snippetHint')}
        </Text>
        <CopyField label={t('forms.embed.snippetCopy')} value={embedSnippet(origin, form.publicKey)} />
        <Code block style={{ maxHeight: 220, overflow: 'auto' }} data-testid="form-snippet">
          {embedSnippet(origin, form.publicKey)}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('common.close')}</Button>
      </Group>
    </Stack>
  );
}

const newField = (n: number): FormField => ({
  key: `field_${String(n)}`,
  label: '',
  target: 'comment',
  customFieldId: null,
  required: false,
});

function FormEditor({
  form: existing,
  onClose,
  onCreated,
}: {
  form: Form | null;
  onClose: () => void;
  onCreated: (form: Form) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const pipelines = usePipelines();
  const users = useUsers();
  const dealFields = useDealCustomFields();
  const create = useCreateForm();
  const update = useUpdateForm();
  const form = useForm<FormInput>({
    mode: 'controlled',
    initialValues: existing
      ? {
          name: existing.name,
          pipelineId: existing.pipelineId,
          responsibleUserId: existing.responsibleUserId,
          fields: existing.fields,
          consent: existing.consent,
          thankYouText: existing.thankYouText,
          active: existing.active,
        }
      : {
          name: '',
          pipelineId: pipelines.data?.find((p) => p.isDefault)?.id ?? '',
          responsibleUserId: me.user.id,
          fields: [
            {
              key: 'name',
              label: t('forms.defaults.name'),
              target: 'name',
              customFieldId: null,
              required: true,
            },
            {
              key: 'phone',
              label: t('forms.defaults.phone'),
              target: 'phone',
              customFieldId: null,
              required: true,
            },
            {
              key: 'comment',
              label: t('forms.defaults.comment'),
              target: 'comment',
              customFieldId: null,
              required: false,
            },
          ],
          consent: { required: true, text: t('forms.defaults.consent') },
          thankYouText: t('forms.defaults.thankYou'),
          active: true,
        },
    validate: {
      name: (value) => (value.trim() === '' ? t('validation.required') : null),
      pipelineId: (value) => (value === '' ? t('validation.required') : null),
      fields: {
        key: (value) => (/^[a-z][a-z0-9_]{0,39}$/.test(value) ? null : t('forms.keyInvalid')),
        label: (value) => (value.trim() === '' ? t('validation.required') : null),
        customFieldId: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          return values.fields[index]?.target === 'dealField' && !value ? t('validation.required') : null;
        },
      },
    },
  });
  const values = form.getValues();
  const fieldPaths = values.fields.flatMap((_, i) => [
    `fields.${String(i)}.key`,
    `fields.${String(i)}.label`,
    `fields.${String(i)}.customFieldId`,
  ]);
  const errors = useFormErrors(form, [
    'name',
    'pipelineId',
    'responsibleUserId',
    'fields',
    'consent.text',
    'thankYouText',
    ...fieldPaths,
  ]);
  const dealFieldOptions = (dealFields.data ?? []).map((f) => ({ value: f.id, label: f.name }));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((input) => {
        errors.setMessage(null);
        const body = {
          ...input,
          name: input.name.trim(),
          fields: input.fields.map((f) => ({
            ...f,
            label: f.label.trim(),
            customFieldId: f.target === 'dealField' ? f.customFieldId : null,
          })),
        };
        if (existing)
          update.mutate(
            { id: existing.id, version: existing.version, ...body },
            { onSuccess: onClose, onError: errors.show },
          );
        else create.mutate(body, { onSuccess: onCreated, onError: errors.show });
      })}
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <Group grow align="flex-start">
          <TextInput label={t('forms.name')} required data-autofocus {...form.getInputProps('name')} />
          <Select
            label={t('forms.pipeline')}
            description={t('forms.pipelineHint')}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            required
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('pipelineId')}
          />
          <Select
            label={t('forms.responsible')}
            data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('responsibleUserId')}
          />
        </Group>
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={500} id="form-fields-title">
                {t('forms.fields')}
              </Text>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                onClick={() => form.insertListItem('fields', newField(values.fields.length + 1))}
              >
                {t('forms.addField')}
              </Button>
            </Group>
            {typeof form.errors.fields === 'string' && (
              <Text size="sm" c="red" role="alert">
                {form.errors.fields}
              </Text>
            )}
            {values.fields.map((field, i) => (
              <Group key={i} align="flex-start" gap="xs" wrap="nowrap" data-testid="form-field-row">
                <TextInput
                  label={t('forms.fieldLabel')}
                  style={{ flex: 2 }}
                  {...form.getInputProps(`fields.${String(i)}.label`)}
                />
                <TextInput
                  label={t('forms.fieldKey')}
                  style={{ flex: 1 }}
                  {...form.getInputProps(`fields.${String(i)}.key`)}
                />
                <Select
                  label={t('forms.fieldTarget')}
                  style={{ flex: 1.4 }}
                  data={TARGETS.map((target) => ({ value: target, label: t(`forms.targets.${target}`) }))}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: false }}
                  {...form.getInputProps(`fields.${String(i)}.target`)}
                />
                {field.target === 'dealField' && (
                  <Select
                    label={t('forms.dealField')}
                    style={{ flex: 1.4 }}
                    data={dealFieldOptions}
                    searchable
                    comboboxProps={{ withinPortal: false }}
                    {...form.getInputProps(`fields.${String(i)}.customFieldId`)}
                  />
                )}
                <Checkbox
                  mt={30}
                  label={t('forms.required')}
                  {...form.getInputProps(`fields.${String(i)}.required`, { type: 'checkbox' })}
                />
                <ActionIcon
                  mt={28}
                  variant="subtle"
                  color="red"
                  aria-label={t('forms.removeField', { label: field.label || field.key })}
                  onClick={() => form.removeListItem('fields', i)}
                  disabled={values.fields.length === 1}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </Paper>
        <Checkbox
          label={t('forms.consentRequired')}
          {...form.getInputProps('consent.required', { type: 'checkbox' })}
        />
        <Textarea
          label={t('forms.consentText')}
          description={t('forms.consentTextHint')}
          autosize
          minRows={2}
          {...form.getInputProps('consent.text')}
        />
        <Textarea label={t('forms.thankYou')} autosize minRows={2} {...form.getInputProps('thankYouText')} />
        <Switch label={t('forms.activeLabel')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <DialogActions
          onCancel={onClose}
          submitLabel={existing ? t('common.save') : t('common.create')}
          loading={create.isPending || update.isPending}
        />
      </Stack>
    </form>
  );
}

/** The response SLA of each pipeline: minutes, working hours only, reassign to the head when missed. */
function SlaSection() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const policies = useSlaPolicies();
  const pipelines = usePipelines();
  return (
    <section aria-labelledby="sla-title">
      <PageHeader
        title={<span id="sla-title">{t('forms.sla.title')}</span>}
        description={t('forms.sla.description')}
      />
      <QueryResult query={policies} loading={<Skeleton h={80} />}>
        {(data) => (
          <DataTable
            labelledBy="sla-title"
            minWidth={640}
            columns={[
              t('forms.pipeline'),
              t('forms.sla.minutes'),
              t('forms.sla.workingHours'),
              t('forms.sla.reassign'),
            ]}
            withActions
          >
            {data.map((policy) => (
              <SlaRow
                key={policy.pipelineId}
                policy={policy}
                pipelineName={pipelines.data?.find((p) => p.id === policy.pipelineId)?.name ?? '—'}
                readOnly={!isAdmin}
              />
            ))}
          </DataTable>
        )}
      </QueryResult>
    </section>
  );
}

function SlaRow({
  policy,
  pipelineName,
  readOnly,
}: {
  policy: SlaPolicy;
  pipelineName: string;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const save = useSaveSlaPolicy();
  const [draft, setDraft] = useState(policy);
  const [error, setError] = useState<string | null>(null);
  const errorText = useErrorText();
  const changed =
    draft.minutes !== policy.minutes ||
    draft.workingHours !== policy.workingHours ||
    draft.reassignToHead !== policy.reassignToHead;
  return (
    <Table.Tr data-testid="sla-row">
      <Table.Td>{pipelineName}</Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={t('forms.sla.minutesOf', { name: pipelineName })}
          value={draft.minutes}
          onChange={(value) => setDraft({ ...draft, minutes: typeof value === 'number' ? value : 0 })}
          min={1}
          max={10080}
          w={110}
          readOnly={readOnly}
          error={error}
        />
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={t('forms.sla.workingHoursOf', { name: pipelineName })}
          checked={draft.workingHours}
          disabled={readOnly}
          onChange={(event) => setDraft({ ...draft, workingHours: event.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={t('forms.sla.reassignOf', { name: pipelineName })}
          checked={draft.reassignToHead}
          disabled={readOnly}
          onChange={(event) => setDraft({ ...draft, reassignToHead: event.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td ta="right">
        {!readOnly && (
          <Button
            size="xs"
            disabled={!changed}
            loading={save.isPending}
            aria-label={t('forms.sla.saveFor', { name: pipelineName })}
            onClick={() => {
              setError(null);
              save.mutate(draft, { onError: (e) => setError(errorText(e)) });
            }}
          >
            {t('common.save')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
