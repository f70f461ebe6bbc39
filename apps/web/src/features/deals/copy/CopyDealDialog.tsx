// The "Copy" dialog of the deal card (seed 002): target pipeline and stage, the responsible, what to copy —
// products, contacts, company, the deal's own data, each field and each list with "add all / clear all" —
// an anonymized switch that clears and locks everything personal, and a preset to fill it all in. After
// copying it offers the way to the copy.
import { useMemo, useRef, useState } from 'react';
import {
  Anchor,
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CustomField, Deal, DealCopyResult, DealItem, Pipeline, User } from '@voronka/contracts';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { assignableUsers } from '../card/cardData';
import { useCopyDeal, useCopyPresets } from './api';
import {
  initialCopyState,
  isPersonal,
  toCopyOptions,
  withAnonymized,
  withPreset,
  type CopyFormState,
} from './copyForm';

interface Props {
  opened: boolean;
  onClose: () => void;
  deal: Deal;
  items: DealItem[];
  fields: CustomField[];
  pipelines: Pipeline[];
  users: User[];
}

export function CopyDealDialog(props: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('dealCopy.title')} size="lg" centered>
      {props.opened && <CopyDealForm {...props} />}
    </Modal>
  );
}

/** Which request fields (after `body.`) each part of the form shows errors for. */
const ERROR_PLACES = [
  'pipelineId',
  'stageId',
  'responsibleUserId',
  'presetId',
  'title',
  'contacts',
  'company',
];

function CopyDealForm({ onClose, deal, items, fields, pipelines, users }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const presets = useCopyPresets();
  const copy = useCopyDeal(deal.id);
  // One key per dialog: a retried submit (network error) returns the same copy.
  const key = useRef(crypto.randomUUID());
  const itemIds = useMemo(() => items.map((item) => item.id), [items]);
  const defaults = useMemo(() => initialCopyState({ ...deal, itemIds }, fields), [deal, itemIds, fields]);
  const [state, setState] = useState<CopyFormState>(defaults);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<DealCopyResult | null>(null);
  const set = (patch: Partial<CopyFormState>) => {
    setState((current) => ({ ...current, ...patch }));
    setErrors({});
    key.current = crypto.randomUUID();
  };

  const pipeline = pipelines.find((p) => p.id === state.pipelineId);
  const stages = (pipeline?.stages ?? []).toSorted((a, b) => a.position - b.position);
  const singles = fields.filter((f) => !f.multiple);
  const lists = fields.filter((f) => f.multiple);

  const submit = async () => {
    setMessage(null);
    setErrors({});
    try {
      const result = await copy.mutateAsync({
        key: key.current,
        body: toCopyOptions(state, itemIds, fields),
      });
      setDone(result);
    } catch (error) {
      if (isApiError(error)) {
        const placed: Record<string, string> = {};
        for (const [path, reason] of Object.entries(error.fields)) {
          const name = path.split('.')[0] ?? path;
          placed[ERROR_PLACES.includes(name) ? name : name === 'customFields' ? 'fields' : name] = reason;
        }
        setErrors(placed);
        if (Object.keys(placed).length === 0) setMessage(errorText(error));
      } else setMessage(errorText(error));
    }
  };

  if (done !== null)
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" title={t('dealCopy.done')}>
          <Anchor component={Link} to={`/deals/${done.dealId}`} onClick={onClose}>
            {t('dealCopy.openCopy', { name: done.name })}
          </Anchor>
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    );

  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...new Set([...list, id])] : list.filter((x) => x !== id);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        {message !== null && (
          <Alert color="red" role="alert" variant="light">
            {message}
          </Alert>
        )}
        <Select
          label={t('dealCopy.preset')}
          placeholder={t('dealCopy.noPreset')}
          data={(presets.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={state.presetId}
          onChange={(id) => {
            const preset = presets.data?.find((p) => p.id === id);
            setState(preset ? withPreset(defaults, preset.id, preset.options, fields) : defaults);
            setErrors({});
          }}
          error={errors.presetId}
          clearable
          comboboxProps={{ withinPortal: true }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('dealCopy.pipeline')}
            data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            value={state.pipelineId}
            onChange={(id) => id !== null && set({ pipelineId: id, stageId: null })}
            error={errors.pipelineId}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('dealCopy.stage')}
            placeholder={t('dealCopy.firstStage')}
            data={stages.map((s) => ({ value: s.id, label: s.name }))}
            value={state.stageId}
            onChange={(id) => set({ stageId: id })}
            error={errors.stageId}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('dealCopy.responsible')}
            data={assignableUsers(users, [state.responsibleUserId]).map((u) => ({
              value: u.id,
              label: u.name,
            }))}
            value={state.responsibleUserId}
            onChange={(id) => set({ responsibleUserId: id })}
            error={errors.responsibleUserId}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Switch
          label={t('dealCopy.anonymized')}
          description={t('dealCopy.anonymizedHint')}
          checked={state.anonymized}
          onChange={(event) => {
            setState((current) => withAnonymized(current, event.currentTarget.checked, fields));
            setErrors({});
          }}
        />
        <TextInput
          label={t('dealCopy.titleLabel')}
          description={t('dealCopy.titleHint')}
          placeholder={state.anonymized ? t('dealCopy.neutralTitle') : deal.name}
          value={state.title}
          onChange={(event) => set({ title: event.currentTarget.value })}
          error={errors.title}
        />
        <Divider label={t('dealCopy.what')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Checkbox
            label={t('dealCopy.contacts')}
            checked={state.contacts}
            disabled={state.anonymized}
            onChange={(event) => set({ contacts: event.currentTarget.checked })}
            error={errors.contacts}
          />
          <Checkbox
            label={t('dealCopy.company')}
            checked={state.company}
            disabled={state.anonymized}
            onChange={(event) => set({ company: event.currentTarget.checked })}
            error={errors.company}
          />
          <Checkbox
            label={t('dealCopy.amount')}
            checked={state.amount}
            onChange={(event) => set({ amount: event.currentTarget.checked })}
          />
          <Checkbox
            label={t('dealCopy.tags')}
            checked={state.tags}
            onChange={(event) => set({ tags: event.currentTarget.checked })}
          />
          <Checkbox
            label={t('dealCopy.source')}
            checked={state.source}
            onChange={(event) => set({ source: event.currentTarget.checked })}
          />
          <Checkbox
            label={t('dealCopy.dates')}
            checked={state.dates}
            onChange={(event) => set({ dates: event.currentTarget.checked })}
          />
        </SimpleGrid>
        <Group_
          title={t('dealCopy.products')}
          error={errors.items}
          options={items.map((item) => ({ id: item.id, label: item.name, locked: false }))}
          chosen={state.items}
          onChange={(chosen) => set({ items: chosen })}
          toggle={toggle}
        />
        <Group_
          title={t('dealCopy.fields')}
          error={errors.fields}
          options={singles.map((f) => ({
            id: f.id,
            label: f.name,
            locked: state.anonymized && isPersonal(f),
          }))}
          chosen={state.fields}
          onChange={(chosen) => set({ fields: chosen })}
          toggle={toggle}
        />
        {lists.map((list) => (
          <Group_
            key={list.id}
            title={t('dealCopy.list', { name: list.name })}
            options={[{ id: list.id, label: list.name, locked: state.anonymized && isPersonal(list) }]}
            chosen={state.fields}
            onChange={(chosen) => set({ fields: chosen })}
            toggle={toggle}
          />
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={copy.isPending}>
            {t('dealCopy.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A group of checkboxes with "add all / clear all"; locked ones (personal, anonymized) stay unchecked. */
function Group_({
  title,
  error,
  options,
  chosen,
  onChange,
  toggle,
}: {
  title: string;
  error?: string | undefined;
  options: { id: string; label: string; locked: boolean }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  toggle: (list: string[], id: string, on: boolean) => string[];
}) {
  const { t } = useTranslation();
  if (options.length === 0) return null;
  const open = options.filter((o) => !o.locked).map((o) => o.id);
  return (
    <Stack gap={6} role="group" aria-label={title}>
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Group gap="xs">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onChange([...new Set([...chosen, ...open])])}
          >
            {t('dealCopy.addAll')}
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onChange(chosen.filter((id) => !options.some((o) => o.id === id)))}
          >
            {t('dealCopy.clearAll')}
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        {options.map((o) => (
          <Checkbox
            key={o.id}
            label={o.label}
            checked={!o.locked && chosen.includes(o.id)}
            disabled={o.locked}
            onChange={(event) => onChange(toggle(chosen, o.id, event.currentTarget.checked))}
          />
        ))}
      </SimpleGrid>
      {error !== undefined && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
