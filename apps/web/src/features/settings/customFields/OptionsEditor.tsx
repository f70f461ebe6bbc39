// The options of a list field: add, rename, remove, reorder (drag or keyboard), import many "as lines",
// pick the default one and the look (dropdown or checkboxes). A removal the server refuses because records
// still hold the option is shown here, with a way to put the option back.
import { useRef, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Button,
  Collapse,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconArrowBackUp, IconListDetails, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LIST_MAX_OPTIONS } from '@voronka/contracts';
import { DragHandle, SortableArea, useSortableItem } from '../../../components/ui/Sortable';
import { reorderItems } from '../api';
import {
  importLines,
  newOptionId,
  type FieldFormValues,
  type ImportResult,
  type OptionRow,
} from './fieldForm';

export function OptionsEditor({
  form,
  removed,
  inUse,
  onRestore,
}: {
  form: UseFormReturnType<FieldFormValues>;
  /** Stored options the form no longer has (a save removes them). */
  removed: readonly OptionRow[];
  /** The server's refusal to remove options that records still hold. */
  inUse: string | null;
  onRestore: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { options, defaultOptionId } = form.values;
  const [importing, setImporting] = useState(false);
  const [lines, setLines] = useState('');
  const [imported, setImported] = useState<ImportResult | null>(null);
  const focusId = useRef<string | null>(null);
  const labels = new Map(options.map((option) => [option.id, option.label]));

  const setOptions = (next: OptionRow[]) => {
    form.setFieldValue('options', next);
    if (defaultOptionId !== null && !next.some((option) => option.id === defaultOptionId))
      form.setFieldValue('defaultOptionId', null);
  };

  const add = () => {
    const id = newOptionId();
    focusId.current = id;
    setOptions([...options, { id, label: '' }]);
  };

  const runImport = () => {
    const result = importLines(lines, options, newOptionId);
    setOptions(result.options);
    setImported(result);
    if (result.added > 0) setLines('');
  };

  const optionsError = form.errors.options;

  return (
    <Stack gap="sm">
      <Input.Wrapper label={t('customFieldsEditor.display')}>
        <div>
          <SegmentedControl
            aria-label={t('customFieldsEditor.display')}
            data={[
              { value: 'dropdown', label: t('customFieldsEditor.displayDropdown') },
              { value: 'checkboxes', label: t('customFieldsEditor.displayCheckboxes') },
            ]}
            {...form.getInputProps('display')}
          />
        </div>
      </Input.Wrapper>
      <Input.Wrapper
        label={t('customFieldsEditor.options')}
        description={t('customFieldsEditor.optionsHint')}
        error={optionsError}
        required
      >
        <Stack
          gap={6}
          mt={6}
          component="ol"
          aria-label={t('customFieldsEditor.options')}
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
        >
          <SortableArea
            ids={options.map((option) => option.id)}
            orientation="vertical"
            onMove={(ids) => setOptions(reorderItems(options, ids))}
            nameOf={(id) => labels.get(id) ?? ''}
          >
            {options.map((option, index) => (
              <OptionItem
                key={option.id}
                option={option}
                index={index}
                form={form}
                autoFocus={focusId.current === option.id}
                onRemove={() => setOptions(options.filter((candidate) => candidate.id !== option.id))}
                onEnter={add}
              />
            ))}
          </SortableArea>
        </Stack>
      </Input.Wrapper>
      {inUse !== null && removed.length > 0 && (
        <Alert color="red" variant="light" role="alert" title={t('customFieldsEditor.optionInUseTitle')}>
          <Stack gap="xs">
            <Text size="sm">
              {t('customFieldsEditor.optionInUse', {
                names: removed.map((option) => `«${option.label}»`).join(', '),
              })}
            </Text>
            <Text size="xs" c="dimmed">
              {inUse}
            </Text>
            <Group gap="xs">
              {removed.map((option) => (
                <Button
                  key={option.id}
                  size="xs"
                  variant="light"
                  leftSection={<IconArrowBackUp size={14} />}
                  onClick={() => onRestore(option.id)}
                >
                  {t('customFieldsEditor.restoreOption', { name: option.label })}
                </Button>
              ))}
            </Group>
          </Stack>
        </Alert>
      )}
      <Group gap="xs">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={add}
          disabled={options.length >= LIST_MAX_OPTIONS}
        >
          {t('customFieldsEditor.addOption')}
        </Button>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconListDetails size={14} />}
          onClick={() => setImporting((open) => !open)}
          aria-expanded={importing}
        >
          {t('customFieldsEditor.importLines')}
        </Button>
      </Group>
      <Collapse expanded={importing}>
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Textarea
              label={t('customFieldsEditor.importLinesLabel')}
              description={t('customFieldsEditor.importLinesHint')}
              value={lines}
              onChange={(event) => {
                setLines(event.currentTarget.value);
                setImported(null);
              }}
              autosize
              minRows={4}
              maxRows={12}
            />
            <Group justify="space-between" align="center">
              <ImportNote result={imported} />
              <Button size="xs" onClick={runImport} disabled={lines.trim() === ''}>
                {t('customFieldsEditor.importLinesAdd')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Collapse>
      <Select
        label={t('customFieldsEditor.defaultOption')}
        description={t('customFieldsEditor.defaultOptionHint')}
        placeholder={t('customFieldsEditor.noDefault')}
        data={options
          .filter((option) => option.label.trim() !== '')
          .map((option) => ({ value: option.id, label: option.label.trim() }))}
        clearable
        {...form.getInputProps('defaultOptionId')}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}

/** What an import did: how many options were added and why lines were left out. */
function ImportNote({ result }: { result: ImportResult | null }) {
  const { t } = useTranslation();
  if (result === null) return <span />;
  const skipped = [
    result.blank > 0 && t('customFieldsEditor.skippedBlank', { count: result.blank }),
    result.duplicates > 0 && t('customFieldsEditor.skippedDuplicates', { count: result.duplicates }),
    result.tooLong > 0 && t('customFieldsEditor.skippedTooLong', { count: result.tooLong }),
    result.overLimit > 0 &&
      t('customFieldsEditor.skippedOverLimit', { count: result.overLimit, max: LIST_MAX_OPTIONS }),
  ].filter((part): part is string => typeof part === 'string');
  return (
    <Text size="sm" role="status" data-testid="import-note" c={result.added === 0 ? 'orange' : undefined}>
      {t('customFieldsEditor.importedCount', { count: result.added })}
      {skipped.length > 0 && ` ${t('customFieldsEditor.skipped', { list: skipped.join(', ') })}`}
    </Text>
  );
}

function OptionItem({
  option,
  index,
  form,
  autoFocus,
  onRemove,
  onEnter,
}: {
  option: OptionRow;
  index: number;
  form: UseFormReturnType<FieldFormValues>;
  autoFocus: boolean;
  onRemove: () => void;
  onEnter: () => void;
}) {
  const { t } = useTranslation();
  const sortable = useSortableItem(option.id);
  const name = option.label.trim() === '' ? t('customFieldsEditor.optionN', { n: index + 1 }) : option.label;
  return (
    <Group
      component="li"
      ref={sortable.ref}
      style={sortable.style}
      gap={4}
      wrap="nowrap"
      align="flex-start"
      data-testid="option"
    >
      <DragHandle label={t('customFieldsEditor.moveOption', { name })} handle={sortable.handle} />
      <TextInput
        flex={1}
        size="xs"
        aria-label={t('customFieldsEditor.optionN', { n: index + 1 })}
        autoFocus={autoFocus}
        {...form.getInputProps(`options.${index}.label`)}
        onKeyDown={(event) => {
          // Enter adds the next option rather than submitting the whole field.
          if (event.key === 'Enter') {
            event.preventDefault();
            onEnter();
          }
        }}
      />
      <ActionIcon
        variant="subtle"
        color="gray"
        mt={2}
        aria-label={t('customFieldsEditor.removeOption', { name })}
        onClick={onRemove}
      >
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}
