// Settings → Deal copy presets: the account's named copy options (seed 002's hand-off to delivery, post-sale,
// renewal…), used by the card's Copy dialog and by robots and triggers. Everyone sees them; administrators
// change them. A simple list and a form; server errors stand next to their fields.
import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DealCopyOptions, DealCopyPreset } from '@voronka/contracts';
import { ConfirmIconButton } from '../../../components/ui/ConfirmIconButton';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { useIsAdmin } from '../../auth/session';
import { usePipelines, useUsers } from '../../settings/api';
import { useDealCustomFields } from '../api';
import { useCopyPresets, useDeletePreset, useSavePreset } from './api';
import { isPersonal } from './copyForm';

const FLAGS = ['contacts', 'company', 'amount', 'tags', 'source', 'dates'] as const;

interface Draft {
  name: string;
  pipelineId: string | null;
  stageId: string | null;
  responsibleUserId: string | null;
  items: boolean;
  flags: Record<(typeof FLAGS)[number], boolean>;
  allFields: boolean;
  fields: string[];
  anonymized: boolean;
  title: string;
}

function draftOf(preset: DealCopyPreset | null): Draft {
  const o: DealCopyOptions = preset?.options ?? {};
  const anonymized = o.anonymized ?? false;
  return {
    name: preset?.name ?? '',
    pipelineId: o.pipelineId ?? null,
    stageId: o.stageId ?? null,
    responsibleUserId: o.responsibleUserId ?? null,
    items: o.items === undefined || o.items === 'all',
    flags: {
      contacts: o.contacts ?? !anonymized,
      company: o.company ?? !anonymized,
      amount: o.amount ?? !anonymized,
      tags: o.tags ?? !anonymized,
      source: o.source ?? !anonymized,
      dates: o.dates ?? true,
    },
    allFields: o.customFields === undefined || o.customFields === 'all',
    fields: Array.isArray(o.customFields) ? o.customFields : [],
    anonymized,
    title: o.title?.kind === 'template' ? o.title.text : '',
  };
}

function optionsOf(d: Draft): DealCopyOptions {
  return {
    ...(d.pipelineId !== null ? { pipelineId: d.pipelineId } : {}),
    ...(d.stageId !== null ? { stageId: d.stageId } : {}),
    ...(d.responsibleUserId !== null ? { responsibleUserId: d.responsibleUserId } : {}),
    items: d.items ? 'all' : [],
    ...(d.anonymized ? {} : { contacts: d.flags.contacts, company: d.flags.company }),
    amount: d.flags.amount,
    tags: d.flags.tags,
    source: d.flags.source,
    dates: d.flags.dates,
    customFields: d.allFields ? 'all' : d.fields,
    ...(d.title.trim() !== '' ? { title: { kind: 'template', text: d.title.trim() } } : {}),
    anonymized: d.anonymized,
  };
}

export function DealCopyPresetsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const presets = useCopyPresets();
  const pipelines = usePipelines();
  const remove = useDeletePreset();
  const [editing, setEditing] = useState<DealCopyPreset | null | undefined>(undefined);
  const pipelineName = (id: string | undefined) =>
    id === undefined
      ? t('dealCopy.presets.sameAsOriginal')
      : (pipelines.data?.find((p) => p.id === id)?.name ?? '—');

  return (
    <Stack gap="md">
      <PageHeader
        title={t('dealCopy.presets.title')}
        description={t('dealCopy.presets.description')}
        order={2}
        actions={
          isAdmin ? <Button onClick={() => setEditing(null)}>{t('dealCopy.presets.add')}</Button> : undefined
        }
      />
      <Paper withBorder>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dealCopy.presets.name')}</Table.Th>
              <Table.Th>{t('dealCopy.pipeline')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(presets.data ?? []).map((preset) => (
              <Table.Tr key={preset.id}>
                <Table.Td>
                  {preset.name}{' '}
                  {preset.options.anonymized === true && (
                    <Badge size="xs" variant="light">
                      {t('dealCopy.anonymizedShort')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{pipelineName(preset.options.pipelineId)}</Table.Td>
                <Table.Td>
                  {isAdmin && (
                    <Group gap="xs" justify="flex-end">
                      <Button size="compact-sm" variant="subtle" onClick={() => setEditing(preset)}>
                        {t('common.edit')}
                      </Button>
                      <ConfirmIconButton
                        label={t('common.delete')}
                        icon={<IconTrash size={16} />}
                        message={t('dealCopy.presets.confirmDelete', { name: preset.name })}
                        confirmLabel={t('common.delete')}
                        onConfirm={() => remove.mutateAsync(preset.id)}
                      />
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {presets.data?.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text c="dimmed" size="sm">
                    {t('dealCopy.presets.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? editing.name : t('dealCopy.presets.add')}
        size="lg"
        centered
      >
        {editing !== undefined && <PresetForm preset={editing} onDone={() => setEditing(undefined)} />}
      </Modal>
    </Stack>
  );
}

function PresetForm({ preset, onDone }: { preset: DealCopyPreset | null; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const pipelines = usePipelines();
  const users = useUsers();
  const fields = useDealCustomFields();
  const save = useSavePreset();
  const [draft, setDraft] = useState<Draft>(() => draftOf(preset));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const stages =
    pipelines.data
      ?.find((p) => p.id === draft.pipelineId)
      ?.stages.toSorted((a, b) => a.position - b.position) ?? [];
  const personal = new Set((fields.data ?? []).filter(isPersonal).map((f) => f.id));

  const submit = async () => {
    setErrors({});
    setMessage(null);
    try {
      await save.mutateAsync({
        id: preset?.id ?? null,
        body: { name: draft.name, options: optionsOf(draft) },
      });
      onDone();
    } catch (error) {
      if (isApiError(error) && Object.keys(error.fields).length > 0) {
        const placed: Record<string, string> = {};
        for (const [path, reason] of Object.entries(error.fields))
          placed[path.replace(/^options\./, '').split('.')[0] ?? path] = reason;
        setErrors(placed);
      } else setMessage(errorText(error));
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <ErrorAlert message={message} />
        <TextInput
          label={t('dealCopy.presets.name')}
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={errors.name}
          required
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('dealCopy.pipeline')}
            placeholder={t('dealCopy.presets.sameAsOriginal')}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={draft.pipelineId}
            onChange={(id) => set({ pipelineId: id, stageId: null })}
            error={errors.pipelineId}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('dealCopy.stage')}
            placeholder={t('dealCopy.firstStage')}
            data={stages.map((s) => ({ value: s.id, label: s.name }))}
            value={draft.stageId}
            onChange={(id) => set({ stageId: id })}
            error={errors.stageId}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('dealCopy.responsible')}
            placeholder={t('dealCopy.presets.sameAsOriginal')}
            data={(users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            value={draft.responsibleUserId}
            onChange={(id) => set({ responsibleUserId: id })}
            error={errors.responsibleUserId}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Switch
          label={t('dealCopy.anonymized')}
          description={t('dealCopy.anonymizedHint')}
          checked={draft.anonymized}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            set(
              on
                ? {
                    anonymized: true,
                    flags: {
                      ...draft.flags,
                      contacts: false,
                      company: false,
                      amount: false,
                      tags: false,
                      source: false,
                    },
                    fields: draft.fields.filter((id) => !personal.has(id)),
                  }
                : { anonymized: false },
            );
          }}
        />
        <TextInput
          label={t('dealCopy.titleLabel')}
          description={t('dealCopy.titleHint')}
          value={draft.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={errors.title}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Checkbox
            label={t('dealCopy.products')}
            checked={draft.items}
            onChange={(e) => set({ items: e.currentTarget.checked })}
          />
          {FLAGS.map((flag) => (
            <Checkbox
              key={flag}
              label={t(`dealCopy.${flag}`)}
              checked={draft.flags[flag]}
              disabled={draft.anonymized && (flag === 'contacts' || flag === 'company')}
              onChange={(e) => set({ flags: { ...draft.flags, [flag]: e.currentTarget.checked } })}
              error={errors[flag]}
            />
          ))}
        </SimpleGrid>
        <Switch
          label={t('dealCopy.presets.allFields')}
          checked={draft.allFields}
          onChange={(e) => set({ allFields: e.currentTarget.checked })}
        />
        {!draft.allFields && (
          <MultiSelect
            label={t('dealCopy.fields')}
            data={(fields.data ?? []).map((f) => ({
              value: f.id,
              label: f.name,
              disabled: draft.anonymized && personal.has(f.id),
            }))}
            value={draft.fields}
            onChange={(ids) => set({ fields: ids })}
            error={errors.customFields}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
