// Settings → Custom fields (CORE-6): the fields of deals, leads, contacts and companies, a deal field set
// per pipeline, and the editor of one field. The entity and the pipeline shown are in the address, so a
// reload or a shared link opens the same list.
import { Button, Group, Modal, SegmentedControl, Select, Skeleton, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { customFieldEntitySchema, type CustomFieldEntity } from '@voronka/contracts';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useDialog } from '../../components/ui/useDialog';
import { useIsAdmin } from '../auth/session';
import { useAccountSettings, usePipelines, useUsers } from './api';
import { useCustomFields } from './customFields/api';
import { FieldEditor, type Editing } from './customFields/FieldEditor';
import { FieldList } from './customFields/FieldList';
import { fieldsInScope, hasPipelines, nextSort } from './customFields/fieldForm';
import { useSearchParams } from '../../lib/searchParams';

const ENTITIES: readonly CustomFieldEntity[] = customFieldEntitySchema.options;

export function CustomFieldsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const [params, setParams] = useSearchParams();
  const parsedEntity = customFieldEntitySchema.safeParse(params.get('entity'));
  const entity: CustomFieldEntity = parsedEntity.success ? parsedEntity.data : 'deal';
  const fields = useCustomFields(entity);
  const pipelines = usePipelines();
  const users = useUsers();
  const account = useAccountSettings();
  const pipelineParam = params.get('pipeline');
  const pipelineId =
    hasPipelines(entity) && pipelines.data?.some((pipeline) => pipeline.id === pipelineParam)
      ? pipelineParam
      : null;
  const dialog = useDialog<Editing>();
  const editing = dialog.value;

  const show = (next: { entity?: CustomFieldEntity; pipeline?: string | null }) => {
    const search = new URLSearchParams();
    search.set('entity', next.entity ?? entity);
    const pipeline = next.pipeline === undefined ? pipelineId : next.pipeline;
    if (pipeline !== null && (next.entity ?? entity) === 'deal') search.set('pipeline', pipeline);
    setParams(search, { replace: true });
  };

  const context = {
    entity,
    pipelines: pipelines.data ?? [],
    users: users.data ?? [],
    currency: account.data?.currency ?? 'RUB',
    timeZone: account.data?.timezone ?? 'Europe/Moscow',
  };

  return (
    <section aria-labelledby="custom-fields-title">
      <PageHeader
        title={<span id="custom-fields-title">{t('customFieldsEditor.title')}</span>}
        description={t('customFieldsEditor.description')}
        actions={
          isAdmin ? (
            <Button
              leftSection={<IconPlus size={16} />}
              disabled={fields.data === undefined}
              onClick={() => dialog.open({ mode: 'create', pipelineId, sort: nextSort(fields.data ?? []) })}
            >
              {t('customFieldsEditor.add')}
            </Button>
          ) : undefined
        }
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SegmentedControl
          aria-label={t('customFieldsEditor.entity')}
          data={ENTITIES.map((value) => ({ value, label: t(`customFieldsEditor.entitiesPlural.${value}`) }))}
          value={entity}
          onChange={(value) => show({ entity: value, pipeline: null })}
        />
        {hasPipelines(entity) && (
          <Select
            label={t('customFieldsEditor.pipelineScope')}
            w={260}
            allowDeselect={false}
            data={[
              { value: '', label: t('customFieldsEditor.allPipelinesScope') },
              ...(pipelines.data ?? []).map((pipeline) => ({ value: pipeline.id, label: pipeline.name })),
            ]}
            value={pipelineId ?? ''}
            onChange={(value) => show({ pipeline: value === '' || value === null ? null : value })}
          />
        )}
      </Group>
      <QueryResult query={fields} loading={<Skeleton h={200} />}>
        {(data) => {
          const shown = fieldsInScope(data, pipelineId);
          return shown.length === 0 ? (
            <EmptyState>{t('customFieldsEditor.empty')}</EmptyState>
          ) : (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('customFieldsEditor.count', { count: shown.length })}
                {isAdmin && ` ${t('customFieldsEditor.orderHint')}`}
              </Text>
              <FieldList
                entity={entity}
                fields={shown}
                allFields={data}
                pipelines={pipelines.data ?? []}
                isAdmin={isAdmin}
                onEdit={(id) => dialog.open({ mode: 'edit', id })}
              />
            </Stack>
          );
        }}
      </QueryResult>
      <Modal
        opened={dialog.opened}
        onClose={dialog.close}
        title={
          editing === null
            ? undefined
            : editing.mode === 'create'
              ? t(`customFieldsEditor.createTitles.${entity}`)
              : t('customFieldsEditor.editTitle')
        }
        size="xl"
        centered
      >
        {editing !== null && (
          <FieldEditor key={dialog.key} editing={editing} context={context} onClose={dialog.close} />
        )}
      </Modal>
    </section>
  );
}
