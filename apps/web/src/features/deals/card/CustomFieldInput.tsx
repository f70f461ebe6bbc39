// The input of one custom field by its type, editing a Draft (customFieldDraft.ts).
import { Checkbox, Group, MultiSelect, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField, User } from '@voronka/contracts';
import type { Draft } from './customFieldDraft';
import { CURRENCIES, assignableUsers } from './cardData';
import type { FieldInputProps } from './InlineField';

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
  }
}
