import { useMemo } from 'react';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFolder, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Department } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { useDialog } from '../../components/ui/useDialog';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useLocale } from '../../i18n/useLocale';
import { useFormErrors } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { validators } from '../auth/validation';
import { useDeleteDepartment, useDepartments, useSaveDepartment, useUsers } from './api';
import { buildTree, departmentTreeOptions, subtreeIds, type DepartmentNode } from './departmentTree';

const TOP_LEVEL = '__top__';

/** What the editor dialog is doing: creating (optionally under a parent) or editing one department. */
type Editing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; department: Department };

export function DepartmentsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const isAdmin = useIsAdmin();
  const departments = useDepartments();
  const users = useUsers();
  const editor = useDialog<Editing>();
  const editing = editor.value;

  const tree = useMemo(
    () => buildTree(departments.data ?? [], new Intl.Collator(locale)),
    [departments.data, locale],
  );
  const memberCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const user of users.data ?? []) {
      if (user.active && user.departmentId !== null)
        counts.set(user.departmentId, (counts.get(user.departmentId) ?? 0) + 1);
    }
    return counts;
  }, [users.data]);

  return (
    <section aria-labelledby="departments-title">
      <PageHeader
        title={<span id="departments-title">{t('settings.departments.title')}</span>}
        description={
          departments.data === undefined
            ? undefined
            : t('settings.departments.count', { count: departments.data.length })
        }
        actions={
          isAdmin ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => editor.open({ mode: 'create', parentId: null })}
            >
              {t('settings.departments.create')}
            </Button>
          ) : undefined
        }
      />
      <QueryResult query={departments} loading={<Skeleton h={160} />}>
        {() =>
          tree.length === 0 ? (
            <EmptyState>{t('settings.departments.empty')}</EmptyState>
          ) : (
            <Paper withBorder p="sm">
              <DepartmentList
                nodes={tree}
                memberCount={memberCount}
                isAdmin={isAdmin}
                onEdit={editor.open}
                ariaLabelledBy="departments-title"
              />
            </Paper>
          )
        }
      </QueryResult>
      <Modal
        opened={editor.opened}
        onClose={editor.close}
        title={
          editing?.mode === 'edit'
            ? t('settings.departments.renameTitle')
            : t('settings.departments.createTitle')
        }
        centered
      >
        {editing !== null && (
          <DepartmentForm
            key={editor.key}
            editing={editing}
            departments={departments.data ?? []}
            onClose={editor.close}
          />
        )}
      </Modal>
    </section>
  );
}

function DepartmentList({
  nodes,
  memberCount,
  isAdmin,
  onEdit,
  ariaLabelledBy,
}: {
  nodes: DepartmentNode<Department>[];
  memberCount: Map<string, number>;
  isAdmin: boolean;
  onEdit: (editing: Editing) => void;
  ariaLabelledBy?: string;
}) {
  const { t } = useTranslation();
  const deleteDepartment = useDeleteDepartment();
  return (
    <Box component="ul" aria-labelledby={ariaLabelledBy} m={0} p={0} style={{ listStyle: 'none' }}>
      {nodes.map(({ department, depth, children }) => (
        <li key={department.id} data-testid="department-item">
          <Group
            justify="space-between"
            wrap="nowrap"
            py={6}
            pr="xs"
            pl={`calc(var(--mantine-spacing-xs) + ${depth * 24}px)`}
            className="tree-row"
          >
            <Group gap="xs" wrap="nowrap">
              <IconFolder size={18} stroke={1.6} color="var(--mantine-color-indigo-5)" aria-hidden />
              <Text size="sm" fw={500}>
                {department.name}
              </Text>
              {(memberCount.get(department.id) ?? 0) > 0 && (
                <Badge size="xs" variant="light" color="gray">
                  {t('settings.users.count', { count: memberCount.get(department.id) ?? 0 })}
                </Badge>
              )}
            </Group>
            {isAdmin && (
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('settings.departments.createChild', { name: department.name })}
                  onClick={() => onEdit({ mode: 'create', parentId: department.id })}
                >
                  <IconPlus size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`${t('common.edit')}: ${department.name}`}
                  onClick={() => onEdit({ mode: 'edit', department })}
                >
                  <IconPencil size={16} />
                </ActionIcon>
                <ConfirmIconButton
                  label={`${t('common.delete')}: ${department.name}`}
                  icon={<IconTrash size={16} />}
                  title={t('settings.departments.deleteTitle')}
                  message={t('settings.departments.deleteConfirm', { name: department.name })}
                  confirmLabel={t('common.delete')}
                  onConfirm={() => deleteDepartment.mutateAsync(department.id)}
                  doneMessage={t('settings.departments.deleted')}
                />
              </Group>
            )}
          </Group>
          {children.length > 0 && (
            <DepartmentList nodes={children} memberCount={memberCount} isAdmin={isAdmin} onEdit={onEdit} />
          )}
        </li>
      ))}
    </Box>
  );
}

function DepartmentForm({
  editing,
  departments,
  onClose,
}: {
  editing: Editing;
  departments: Department[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const save = useSaveDepartment();
  const initialParent = editing.mode === 'edit' ? editing.department.parentId : editing.parentId;
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: editing.mode === 'edit' ? editing.department.name : '',
      parentId: initialParent ?? TOP_LEVEL,
    },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name', 'parentId']);

  const parentOptions = useMemo(() => {
    // A department cannot move under itself or its own descendants.
    const excluded =
      editing.mode === 'edit' ? subtreeIds(departments, editing.department.id) : new Set<string>();
    return [
      { value: TOP_LEVEL, label: t('settings.departments.topLevel') },
      ...departmentTreeOptions(departments, new Intl.Collator(locale), excluded),
    ];
  }, [departments, editing, locale, t]);

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    const parentId = values.parentId === TOP_LEVEL ? null : values.parentId;
    const body =
      editing.mode === 'edit'
        ? {
            id: editing.department.id,
            ...(values.name.trim() !== editing.department.name ? { name: values.name.trim() } : {}),
            ...(parentId !== editing.department.parentId ? { parentId } : {}),
          }
        : { name: values.name.trim(), parentId };
    save.mutate(body, { onSuccess: onClose, onError: errors.show });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('settings.departments.name')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Select
          label={t('settings.departments.parent')}
          allowDeselect={false}
          searchable
          data={parentOptions}
          {...form.getInputProps('parentId')}
        />
        <DialogActions
          onCancel={onClose}
          submitLabel={editing.mode === 'edit' ? t('common.save') : t('common.create')}
          loading={save.isPending}
        />
      </Stack>
    </form>
  );
}
