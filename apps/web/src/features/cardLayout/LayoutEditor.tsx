// The layout editor of a card (administrators): add, name, reorder and remove sections; drag fields within
// a section (mouse or keyboard), pick another section for a field, hide and show fields. Saving sends the
// whole layout with If-Match; a layout changed meanwhile by someone else is reported, not overwritten.
import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconEye, IconEyeOff, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CardLayout, CardLayoutEntity } from '@voronka/contracts';
import { DragHandle, SortableArea, useSortableItem } from '../../components/ui/Sortable';
import { isApiError } from '../../lib/api';
import { useReloadCardLayout, useSaveCardLayout } from './api';
import {
  addSection,
  bodyOf,
  defaultDraft,
  draftOf,
  hide,
  moveToSection,
  newSectionId,
  removeSection,
  renameSection,
  reorderFields,
  reorderSections,
  show,
  type DraftSection,
  type LayoutDraft,
} from './layoutModel';

interface FieldLabel {
  key: string;
  label: string;
}

export function LayoutEditor({
  entity,
  layout,
  fields,
  defaultTitle,
  onClose,
}: {
  entity: CardLayoutEntity;
  layout: CardLayout;
  fields: readonly FieldLabel[];
  defaultTitle: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const keys = fields.map((field) => field.key);
  const [draft, setDraft] = useState<LayoutDraft>(() => draftOf(layout, keys));
  // The version the draft started from: a save against a newer one is refused (409).
  const [version, setVersion] = useState(layout.version);
  const save = useSaveCardLayout(entity);
  const reload = useReloadCardLayout(entity);
  const labelOf = (key: string) => fields.find((field) => field.key === key)?.label ?? key;
  const titleOf = (section: DraftSection, index: number) =>
    section.title.trim() !== ''
      ? section.title.trim()
      : index === 0
        ? defaultTitle
        : t('cardLayout.newSection');

  const conflict = isApiError(save.error) && save.error.status === 409;
  const problem =
    save.error === null || conflict
      ? null
      : isApiError(save.error)
        ? [save.error.detail ?? save.error.title, ...Object.values(save.error.fields)].join(' ')
        : String(save.error);

  /** After a refused save: the draft of the layout as stored now. */
  const startOver = async () => {
    save.reset();
    const fresh = await reload();
    setDraft(draftOf(fresh, keys));
    setVersion(fresh.version);
  };
  const submit = () => save.mutate({ body: bodyOf(draft), version }, { onSuccess: () => onClose() });

  return (
    <Modal opened onClose={onClose} title={t('cardLayout.title')} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t(`cardLayout.appliesTo.${entity}`)}{' '}
          <Anchor component={Link} to="/settings/fields" size="sm">
            {t('cardLayout.customFields')}
          </Anchor>
        </Text>
        <SortableArea
          ids={draft.sections.map((section) => section.id)}
          orientation="vertical"
          onMove={(ids) => setDraft(reorderSections(draft, ids))}
          nameOf={(id) => {
            const index = draft.sections.findIndex((section) => section.id === id);
            const section = draft.sections[index];
            return section === undefined ? id : titleOf(section, index);
          }}
        >
          {draft.sections.map((section, index) => (
            <SectionEditor
              key={section.id}
              section={section}
              index={index}
              draft={draft}
              setDraft={setDraft}
              name={titleOf(section, index)}
              placeholder={index === 0 ? defaultTitle : t('cardLayout.newSection')}
              labelOf={labelOf}
              sectionName={(other) =>
                titleOf(
                  other,
                  draft.sections.findIndex((candidate) => candidate.id === other.id),
                )
              }
            />
          ))}
        </SortableArea>
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() => setDraft(addSection(draft, newSectionId(draft), ''))}
          >
            {t('cardLayout.addSection')}
          </Button>
        </Group>
        <Paper withBorder p="sm" component="section" aria-label={t('cardLayout.hidden')}>
          <Text fw={600} size="sm" mb="xs">
            {t('cardLayout.hidden')}
          </Text>
          {draft.hidden.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('cardLayout.noHidden')}
            </Text>
          ) : (
            <Stack gap={4}>
              {draft.hidden.map((key) => (
                <Group key={key} justify="space-between" wrap="nowrap">
                  <Text size="sm" c="dimmed">
                    {labelOf(key)}
                  </Text>
                  <Tooltip label={t('cardLayout.showField', { name: labelOf(key) })}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('cardLayout.showField', { name: labelOf(key) })}
                      onClick={() => setDraft(show(draft, key))}
                    >
                      <IconEye size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ))}
            </Stack>
          )}
        </Paper>
        {conflict && (
          <Alert color="orange" role="alert" variant="light">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('cardLayout.conflict')}</Text>
              <Button size="xs" variant="default" onClick={() => void startOver()}>
                {t('cardLayout.reload')}
              </Button>
            </Stack>
          </Alert>
        )}
        {problem !== null && (
          <Alert color="red" role="alert" variant="light">
            {problem}
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="subtle" onClick={() => setDraft(defaultDraft(keys))}>
            {t('cardLayout.reset')}
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button onClick={submit} loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

function SectionEditor({
  section,
  index,
  draft,
  setDraft,
  name,
  placeholder,
  labelOf,
  sectionName,
}: {
  section: DraftSection;
  index: number;
  draft: LayoutDraft;
  setDraft: (draft: LayoutDraft) => void;
  name: string;
  placeholder: string;
  labelOf: (key: string) => string;
  sectionName: (section: DraftSection) => string;
}) {
  const { t } = useTranslation();
  const sortable = useSortableItem(section.id);
  const options = draft.sections.map((other) => ({ value: other.id, label: sectionName(other) }));
  return (
    <Paper
      ref={sortable.ref}
      style={sortable.style}
      withBorder
      p="sm"
      component="section"
      aria-label={name}
      bg="var(--mantine-color-body)"
    >
      <Group gap="xs" wrap="nowrap" align="flex-end" mb="xs">
        <DragHandle label={t('cardLayout.moveSection', { name })} handle={sortable.handle} />
        <TextInput
          label={t('cardLayout.sectionTitle')}
          placeholder={placeholder}
          value={section.title}
          maxLength={100}
          onChange={(event) => setDraft(renameSection(draft, section.id, event.currentTarget.value))}
          autoFocus={index > 0 && section.title === '' && section.fields.length === 0}
          style={{ flex: 1 }}
        />
        {draft.sections.length > 1 && (
          <Tooltip label={t('cardLayout.removeSection', { name })}>
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('cardLayout.removeSection', { name })}
              onClick={() => setDraft(removeSection(draft, section.id))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {section.fields.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('cardLayout.emptySection')}
        </Text>
      ) : (
        <SortableArea
          ids={section.fields}
          orientation="vertical"
          onMove={(fields) => setDraft(reorderFields(draft, section.id, fields))}
          nameOf={labelOf}
        >
          <Stack gap={2}>
            {section.fields.map((key) => (
              <FieldRow
                key={key}
                fieldKey={key}
                label={labelOf(key)}
                sectionId={section.id}
                options={options}
                onMoveTo={(sectionId) => setDraft(moveToSection(draft, key, sectionId))}
                onHide={() => setDraft(hide(draft, key))}
              />
            ))}
          </Stack>
        </SortableArea>
      )}
    </Paper>
  );
}

function FieldRow({
  fieldKey,
  label,
  sectionId,
  options,
  onMoveTo,
  onHide,
}: {
  fieldKey: string;
  label: string;
  sectionId: string;
  options: { value: string; label: string }[];
  onMoveTo: (sectionId: string) => void;
  onHide: () => void;
}) {
  const { t } = useTranslation();
  const sortable = useSortableItem(fieldKey);
  return (
    <Group
      ref={sortable.ref}
      style={sortable.style}
      gap="xs"
      wrap="nowrap"
      bg="var(--mantine-color-body)"
      data-field={fieldKey}
    >
      <DragHandle label={t('cardLayout.moveField', { name: label })} handle={sortable.handle} />
      <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate>
        {label}
      </Text>
      {options.length > 1 && (
        <NativeSelect
          size="xs"
          aria-label={t('cardLayout.sectionOf', { name: label })}
          data={options}
          value={sectionId}
          onChange={(event) => onMoveTo(event.currentTarget.value)}
          w={160}
        />
      )}
      <Tooltip label={t('cardLayout.hideField', { name: label })}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('cardLayout.hideField', { name: label })}
          onClick={onHide}
        >
          <IconEyeOff size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
