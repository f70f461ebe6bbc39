// The input of one custom field by its type, editing a Draft (customFieldDraft.ts).
import { useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  FileButton,
  Group,
  Input,
  MultiSelect,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconLink, IconPaperclip, IconX } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CustomField, CustomFieldEntity, FileValue, User } from '@voronka/contracts';
import { api, type ListResponse } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { uploadFile } from '../../timeline/api';
import type { Draft, DraftProblem, LinkDraft } from './customFieldDraft';
import { CURRENCIES, assignableUsers } from './cardData';
import type { FieldInputProps } from './InlineField';
import { RecordSelect } from './RecordSelect';

export function CustomFieldInput({
  field,
  users,
  value,
  onChange,
  label,
  error,
}: FieldInputProps<Draft> & { field: CustomField; users: readonly User[] }) {
  const { t } = useTranslation();
  const userOptions = (current: readonly (string | null)[]) =>
    assignableUsers(users, current).map((user) => ({ value: user.id, label: user.name }));

  switch (value.kind) {
    case 'text': {
      if (field.type === 'text' || (field.type === 'string' && field.settings.rows > 1)) {
        return (
          <Textarea
            label={label}
            value={value.value}
            onChange={(event) => onChange({ kind: 'text', value: event.currentTarget.value })}
            error={error}
            autosize
            minRows={field.type === 'string' ? field.settings.rows : 3}
            maxRows={12}
            data-autofocus
            autoFocus
          />
        );
      }
      const type =
        field.type === 'date'
          ? 'date'
          : field.type === 'url'
            ? 'url'
            : field.type === 'email'
              ? 'email'
              : field.type === 'phone'
                ? 'tel'
                : 'text';
      return (
        <TextInput
          label={label}
          type={type}
          inputMode={field.type === 'number' ? 'decimal' : undefined}
          placeholder={field.type === 'url' ? 'https://' : undefined}
          value={value.value}
          onChange={(event) => onChange({ kind: 'text', value: event.currentTarget.value })}
          error={error}
          autoFocus
        />
      );
    }
    case 'texts':
      return (
        <TagsInput
          label={label}
          value={value.value}
          onChange={(next) => onChange({ kind: 'texts', value: next })}
          error={error}
          clearable
          autoFocus
        />
      );
    case 'money':
      return (
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={label}
            inputMode="decimal"
            value={value.amount}
            onChange={(event) => onChange({ ...value, amount: event.currentTarget.value })}
            error={error}
            style={{ flex: 1 }}
            autoFocus
          />
          <Select
            label={t('dealCard.currency')}
            data={[...new Set([value.currency, ...CURRENCIES])]}
            value={value.currency}
            onChange={(currency) => onChange({ ...value, currency: currency ?? value.currency })}
            allowDeselect={false}
            w={96}
          />
        </Group>
      );
    case 'choice': {
      const data =
        field.type === 'list'
          ? field.settings.options.map((option) => ({ value: option.id, label: option.label }))
          : userOptions([value.value]);
      return (
        <Select
          label={label}
          data={data}
          value={value.value}
          onChange={(next) => onChange({ kind: 'choice', value: next })}
          error={error}
          clearable
          searchable
          autoFocus
          comboboxProps={{ withinPortal: true }}
        />
      );
    }
    case 'choices': {
      const data =
        field.type === 'list'
          ? field.settings.options.map((option) => ({ value: option.id, label: option.label }))
          : userOptions(value.value);
      return (
        <MultiSelect
          label={label}
          data={data}
          value={value.value}
          onChange={(next) => onChange({ kind: 'choices', value: next })}
          error={error}
          clearable
          searchable
          autoFocus
          comboboxProps={{ withinPortal: true }}
        />
      );
    }
    case 'datetime':
      return (
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={label}
            type="date"
            value={value.day}
            onChange={(event) => onChange({ ...value, day: event.currentTarget.value })}
            error={error}
            style={{ flex: 1 }}
            autoFocus
          />
          <TextInput
            label={t('dealCard.time')}
            type="time"
            value={value.time}
            onChange={(event) => onChange({ ...value, time: event.currentTarget.value })}
            w={110}
          />
        </Group>
      );
    case 'boolean':
      return (
        <Checkbox
          label={label}
          checked={value.value}
          onChange={(event) => onChange({ kind: 'boolean', value: event.currentTarget.checked })}
          error={error}
          autoFocus
        />
      );
    case 'files':
      return (
        <FilesInput
          label={label}
          error={error}
          files={value.value}
          multiple={field.multiple}
          accept={field.type === 'file' ? field.settings.accept : []}
          onChange={(files) => onChange({ kind: 'files', value: files })}
        />
      );
    case 'links':
      return (
        <LinksInput
          label={label}
          error={error}
          links={value.value}
          multiple={field.multiple}
          entities={field.type === 'crm_link' ? field.settings.targetEntities : []}
          onChange={(links) => onChange({ kind: 'links', value: links })}
        />
      );
    case 'booking': {
      const resourceIds = field.type === 'resource_booking' ? field.settings.resourceIds : [];
      const resources = resourceIds.map((id) => ({
        value: id,
        label: users.find((user) => user.id === id)?.name ?? id,
      }));
      return (
        <Stack gap="xs">
          <Select
            label={label}
            placeholder={t('dealCard.fieldInput.resource')}
            aria-label={t('dealCard.fieldInput.resource')}
            data={resources}
            value={value.resourceId}
            onChange={(resourceId) => onChange({ ...value, resourceId })}
            error={error}
            clearable
            autoFocus
            comboboxProps={{ withinPortal: true }}
          />
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              label={t('dealCard.fieldInput.start')}
              type="date"
              value={value.startDay}
              onChange={(event) => onChange({ ...value, startDay: event.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <TextInput
              label={t('dealCard.time')}
              aria-label={`${t('dealCard.fieldInput.start')}, ${t('dealCard.time')}`}
              type="time"
              value={value.startTime}
              onChange={(event) => onChange({ ...value, startTime: event.currentTarget.value })}
              w={110}
            />
          </Group>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              label={t('dealCard.fieldInput.end')}
              type="date"
              value={value.endDay}
              onChange={(event) => onChange({ ...value, endDay: event.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <TextInput
              label={t('dealCard.time')}
              aria-label={`${t('dealCard.fieldInput.end')}, ${t('dealCard.time')}`}
              type="time"
              value={value.endTime}
              onChange={(event) => onChange({ ...value, endTime: event.currentTarget.value })}
              w={110}
            />
          </Group>
        </Stack>
      );
    }
  }
}

/** Files of a file field: each uploaded at once (POST /api/files) and kept as the field's value on saving. */
function FilesInput({
  label,
  error,
  files,
  multiple,
  accept,
  onChange,
}: {
  label: string;
  error: React.ReactNode;
  files: FileValue[];
  multiple: boolean;
  accept: readonly string[];
  onChange: (files: FileValue[]) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const upload = (chosen: File | null) => {
    if (chosen === null) return;
    setUploading(true);
    setUploadError(null);
    uploadFile(chosen)
      .then((stored) => {
        const value = { fileId: stored.id, name: stored.name, size: stored.size, mime: stored.mime };
        onChange(multiple ? [...files, value] : [value]);
      })
      .catch((cause: unknown) => setUploadError(errorText(cause)))
      .finally(() => setUploading(false));
  };
  return (
    <Input.Wrapper label={label} error={uploadError ?? error}>
      <Stack gap={4} mt={4}>
        {files.map((file) => (
          <Group key={file.fileId} gap={6} wrap="nowrap">
            <IconPaperclip size={14} aria-hidden />
            <Anchor href={`/api/files/${file.fileId}/content`} target="_blank" size="sm" truncate="end">
              {file.name}
            </Anchor>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('dealCard.fieldInput.removeFile', { name: file.name })}
              onClick={() => onChange(files.filter((other) => other.fileId !== file.fileId))}
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        ))}
        <FileButton onChange={upload} accept={accept.length > 0 ? accept.join(',') : undefined}>
          {(props) => (
            <Button
              {...props}
              variant="light"
              size="xs"
              leftSection={<IconPaperclip size={14} />}
              loading={uploading}
              style={{ alignSelf: 'flex-start' }}
              autoFocus
            >
              {files.length > 0 && !multiple
                ? t('dealCard.fieldInput.replace')
                : t('dealCard.fieldInput.attach')}
            </Button>
          )}
        </FileButton>
      </Stack>
    </Input.Wrapper>
  );
}

const PLURAL: Record<CustomFieldEntity, string> = {
  deal: 'deals',
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
};

interface Named {
  id: string;
  name: string;
}

const searchRecords = async (entity: CustomFieldEntity, words: string) => {
  const params = new URLSearchParams({ limit: '20' });
  if (words.trim() !== '') params.set('search', words.trim());
  return (await api.get<ListResponse<Named>>(`/api/${PLURAL[entity]}?${params.toString()}`)).items;
};

/** The names of linked records (the stored value holds only ids): looked up once, a deleted one keeps its id. */
function useLinkNames(links: readonly { entity: CustomFieldEntity; id: string; label?: string | null }[]) {
  const { t } = useTranslation();
  const names = useQueries({
    queries: links.map((link) => ({
      queryKey: ['crm-link-name', link.entity, link.id],
      queryFn: async () => (await api.get<Named>(`/api/${PLURAL[link.entity]}/${link.id}`)).name,
      enabled: (link.label ?? null) === null,
      staleTime: 60_000,
      retry: false,
    })),
  });
  return (index: number) => {
    const link = links[index];
    if (link === undefined) return '';
    return (
      link.label ??
      names[index]?.data ??
      (names[index]?.isPending ? t('dealCard.fieldInput.loading') : link.id)
    );
  };
}

const isLink = (link: unknown): link is { entity: CustomFieldEntity; id: string } =>
  typeof link === 'object' &&
  link !== null &&
  typeof (link as { id?: unknown }).id === 'string' &&
  Object.hasOwn(PLURAL, String((link as { entity?: unknown }).entity));

/** A CRM-link field's value on the card: each record by its type and name, opening it. */
export function LinkedRecords({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const links = (Array.isArray(value) ? (value as unknown[]) : [value]).filter(isLink);
  const nameOf = useLinkNames(links);
  return (
    <Stack gap={2}>
      {links.map((link, index) => (
        <Group key={`${link.entity}:${link.id}`} gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t(`customFieldsEditor.entities.${link.entity}`)}
          </Text>
          <Anchor
            href={`/${PLURAL[link.entity]}/${link.id}`}
            size="sm"
            truncate="end"
            onClick={(event) => event.stopPropagation()}
          >
            {nameOf(index)}
          </Anchor>
        </Group>
      ))}
    </Stack>
  );
}

/** Records linked by a CRM-link field: found by name among the entities the field allows. */
function LinksInput({
  label,
  error,
  links,
  multiple,
  entities,
  onChange,
}: {
  label: string;
  error: React.ReactNode;
  links: LinkDraft[];
  multiple: boolean;
  entities: readonly CustomFieldEntity[];
  onChange: (links: LinkDraft[]) => void;
}) {
  const { t } = useTranslation();
  const [entity, setEntity] = useState<CustomFieldEntity>(entities[0] ?? 'contact');
  const names = useLinkNames(links);
  const nameOf = (_link: LinkDraft, index: number) => names(index);
  const canAdd = multiple || links.length === 0;
  return (
    <Input.Wrapper label={label} error={error}>
      <Stack gap={4} mt={4}>
        {links.map((link, index) => (
          <Group key={`${link.entity}:${link.id}`} gap={6} wrap="nowrap">
            <IconLink size={14} aria-hidden />
            <Text size="xs" c="dimmed">
              {t(`customFieldsEditor.entities.${link.entity}`)}
            </Text>
            <Anchor href={`/${PLURAL[link.entity]}/${link.id}`} target="_blank" size="sm" truncate="end">
              {nameOf(link, index)}
            </Anchor>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('dealCard.fieldInput.removeLink', { name: nameOf(link, index) })}
              onClick={() => onChange(links.filter((_, other) => other !== index))}
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        ))}
        {canAdd && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            {entities.length > 1 && (
              <Select
                label={t('dealCard.fieldInput.linkType')}
                data={entities.map((value) => ({
                  value,
                  label: t(`customFieldsEditor.entities.${value}`),
                }))}
                value={entity}
                onChange={(value) => {
                  if (value !== null) setEntity(value);
                }}
                allowDeselect={false}
                size="xs"
                w={130}
                comboboxProps={{ withinPortal: true }}
              />
            )}
            <div style={{ flex: 1 }}>
              <RecordSelect<Named>
                key={entity}
                kind={`crm-link-${entity}`}
                label={t('dealCard.fieldInput.findRecord')}
                value={null}
                onChange={(option) => {
                  if (option === null) return;
                  const link = { entity, id: option.value, label: option.label };
                  if (!links.some((other) => other.entity === entity && other.id === option.value))
                    onChange(multiple ? [...links, link] : [link]);
                }}
                search={(words) => searchRecords(entity, words)}
                toOption={(record) => ({ value: record.id, label: record.name })}
                exclude={links.filter((link) => link.entity === entity).map((link) => link.id)}
                size="xs"
                resetOnSelect
                autoFocus
              />
            </div>
          </Group>
        )}
      </Stack>
    </Input.Wrapper>
  );
}

/** The text of a draft's problem in the UI language. */
export function useDraftProblemText(): (problem: DraftProblem) => string {
  const { t } = useTranslation();
  return (problem) => ('key' in problem ? t(`dealCard.invalid.${problem.key as 'number'}`) : problem.reason);
}
