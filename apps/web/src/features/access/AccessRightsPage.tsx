// Settings → Access rights (ACCESS-1..4, ADR 0018), as Bitrix24's "CRM → Settings → Rights": the roles (a
// matrix of CRM entity × operation × level, per-stage rights of deals and leads, "may change settings", robots),
// who has which role (users, departments with or without sub-departments, groups, everyone) and user groups.
// Only administrators and roles that "may change settings" see the controls that change anything; the API
// refuses the others anyway.
import { useMemo, useState } from 'react';
import {
  Accordion,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  accessEntities,
  accessLevels,
  accessOperations,
  type AccessEntity,
  type AccessOperation,
  type AccessRole,
  type AccessSubjectKind,
  type RobotsRight,
  type RolePermissions,
  type UserGroup,
} from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useDialog } from '../../components/ui/useDialog';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useLeadStatuses } from '../leads/api';
import { useDepartments, usePipelines, useUsers } from '../settings/api';
import {
  useAssign,
  useAssignments,
  useDeleteGroup,
  useDeleteRole,
  useMayChangeSettings,
  useRoles,
  useSaveGroup,
  useSaveRole,
  useUnassign,
  useUserGroups,
} from './api';
import {
  INHERIT,
  blankPermissions,
  overrideCount,
  stageLevel,
  withLevel,
  withRow,
  withStageLevel,
  type StageKey,
} from './roleModel';

type Section = 'roles' | 'assignments' | 'groups';

export function AccessRightsPage() {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('roles');
  return (
    <section aria-labelledby="access-title">
      <PageHeader
        title={<span id="access-title">{t('access.title')}</span>}
        description={t('access.description')}
      />
      <SegmentedControl
        mb="md"
        value={section}
        onChange={(value) => setSection(value)}
        data={(['roles', 'assignments', 'groups'] as const).map((value) => ({
          value,
          label: t(`access.sections.${value}`),
        }))}
      />
      {section === 'roles' && <RolesSection />}
      {section === 'assignments' && <AssignmentsSection />}
      {section === 'groups' && <GroupsSection />}
    </section>
  );
}

// ---- roles -------------------------------------------------------------------------------------------

function RolesSection() {
  const { t } = useTranslation();
  const roles = useRoles();
  const mayChange = useMayChangeSettings();
  const remove = useDeleteRole();
  const editor = useDialog<AccessRole | null>();
  return (
    <Stack>
      {mayChange && (
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={() => editor.open(null)}>
            {t('access.roles.create')}
          </Button>
        </Group>
      )}
      <QueryResult query={roles} loading={<Skeleton h={120} />}>
        {(items) => (
          <Paper withBorder>
            <Table>
              <Table.Tbody>
                {items.map((role) => (
                  <Table.Tr key={role.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text fw={500}>{role.name}</Text>
                        {role.code && <Badge variant="light">{t('access.roles.default')}</Badge>}
                        {role.permissions.settings && (
                          <Badge color="orange" variant="light">
                            {t('access.roles.settings')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td w={100}>
                      <Group gap={4} justify="flex-end">
                        <Button
                          size="xs"
                          variant="subtle"
                          leftSection={<IconPencil size={14} />}
                          onClick={() => editor.open(role)}
                        >
                          {mayChange ? t('common.edit') : t('access.roles.view')}
                        </Button>
                        {mayChange && (
                          <ConfirmIconButton
                            label={t('access.roles.delete', { name: role.name })}
                            icon={<IconTrash size={16} />}
                            message={t('access.roles.deleteConfirm', { name: role.name })}
                            confirmLabel={t('common.delete')}
                            onConfirm={() => remove.mutateAsync(role)}
                          />
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </QueryResult>
      <Modal
        opened={editor.opened}
        onClose={editor.close}
        title={editor.value ? editor.value.name : t('access.roles.create')}
        size="100%"
      >
        {editor.opened && (
          <RoleEditor role={editor.value ?? null} readOnly={!mayChange} onDone={editor.close} />
        )}
      </Modal>
    </Stack>
  );
}

function LevelSelect({
  label,
  value,
  onChange,
  disabled,
  inherit,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  disabled: boolean;
  inherit?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      size="xs"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        ...(inherit ? [{ value: INHERIT, label: t('access.levels.inherit') }] : []),
        ...accessLevels.map((level) => ({ value: level, label: t(`access.levels.${level}`) })),
      ]}
    />
  );
}

function RoleEditor({
  role,
  readOnly,
  onDone,
}: {
  role: AccessRole | null;
  readOnly: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveRole();
  const pipelines = usePipelines();
  const statuses = useLeadStatuses();
  const form = useForm<{ name: string; permissions: RolePermissions }>({
    initialValues: { name: role?.name ?? '', permissions: role?.permissions ?? blankPermissions() },
    validate: { name: (value) => (value.trim() ? null : t('access.roles.nameRequired')) },
  });
  const errors = useFormErrors(form, ['name'] as const);
  const permissions = form.values.permissions;
  const update = (next: RolePermissions) => form.setFieldValue('permissions', next);
  const entityLabel = (entity: AccessEntity) => t(`access.entities.${entity}`);
  const opLabel = (op: AccessOperation) => t(`access.operations.${op}`);

  const stageTable = (key: StageKey, entity: 'deal' | 'lead', stages: { id: string; name: string }[]) => (
    <Table.ScrollContainer minWidth={720}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(key === 'dealStages' ? 'access.roles.stage' : 'access.roles.status')}</Table.Th>
            {accessOperations.map((op) => (
              <Table.Th key={op}>{opLabel(op)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stages.map((stage) => (
            <Table.Tr key={stage.id}>
              <Table.Td>{stage.name}</Table.Td>
              {accessOperations.map((op) => (
                <Table.Td key={op}>
                  <LevelSelect
                    inherit
                    label={`${entityLabel(entity)}: ${stage.name} — ${opLabel(op)}`}
                    value={stageLevel(permissions, key, stage.id, op)}
                    disabled={readOnly}
                    onChange={(value) =>
                      update(withStageLevel(permissions, key, stage.id, op, value as never))
                    }
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        errors.setMessage(null);
        try {
          await save.mutateAsync({
            role,
            input: { name: values.name.trim(), permissions: values.permissions },
          });
          notifications.show({ color: 'green', message: t('access.roles.saved') });
          onDone();
        } catch (error) {
          errors.show(error);
        }
      })}
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('access.roles.name')}
          required
          maw={400}
          disabled={readOnly}
          {...form.getInputProps('name')}
        />
        <Table.ScrollContainer minWidth={820}>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.roles.entity')}</Table.Th>
                {accessOperations.map((op) => (
                  <Table.Th key={op}>{opLabel(op)}</Table.Th>
                ))}
                {!readOnly && <Table.Th>{t('access.roles.wholeRow')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accessEntities.map((entity) => (
                <Table.Tr key={entity}>
                  <Table.Td fw={500}>{entityLabel(entity)}</Table.Td>
                  {accessOperations.map((op) => (
                    <Table.Td key={op}>
                      <LevelSelect
                        label={`${entityLabel(entity)} — ${opLabel(op)}`}
                        value={permissions.entities[entity][op]}
                        disabled={readOnly}
                        onChange={(value) => update(withLevel(permissions, entity, op, value as never))}
                      />
                    </Table.Td>
                  ))}
                  {!readOnly && (
                    <Table.Td>
                      <NativeSelect
                        size="xs"
                        aria-label={`${entityLabel(entity)} — ${t('access.roles.wholeRow')}`}
                        value=""
                        onChange={(event) => {
                          const level = event.currentTarget.value;
                          if (level) update(withRow(permissions, entity, level as never));
                        }}
                        data={[
                          { value: '', label: '…' },
                          ...accessLevels.map((level) => ({
                            value: level,
                            label: t(`access.levels.${level}`),
                          })),
                        ]}
                      />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        <Group align="flex-end">
          <Checkbox
            label={t('access.roles.settingsRight')}
            disabled={readOnly}
            checked={permissions.settings}
            onChange={(event) => update({ ...permissions, settings: event.currentTarget.checked })}
          />
          {(['deal', 'lead'] as const).map((entity) => (
            <NativeSelect
              key={entity}
              size="xs"
              label={t('access.roles.robots', { entity: entityLabel(entity) })}
              disabled={readOnly}
              value={permissions.robots[entity]}
              onChange={(event) =>
                update({
                  ...permissions,
                  robots: { ...permissions.robots, [entity]: event.currentTarget.value as RobotsRight },
                })
              }
              data={(['none', 'read', 'edit'] as const).map((value) => ({
                value,
                label: t(`access.robots.${value}`),
              }))}
            />
          ))}
        </Group>

        <div>
          <Text fw={500} mb={4}>
            {t('access.roles.stageRights')}
          </Text>
          <Text size="sm" c="dimmed" mb="xs">
            {t('access.roles.stageRightsHint')}
          </Text>
          <Accordion variant="contained" multiple>
            {(pipelines.data ?? []).map((pipeline) => {
              const count = overrideCount(
                permissions,
                'dealStages',
                pipeline.stages.map((s) => s.id),
              );
              return (
                <Accordion.Item key={pipeline.id} value={pipeline.id}>
                  <Accordion.Control>
                    {t('access.roles.pipeline', { name: pipeline.name })}
                    {count > 0 && (
                      <Badge ml="xs" variant="light">
                        {t('access.roles.overrides', { count })}
                      </Badge>
                    )}
                  </Accordion.Control>
                  <Accordion.Panel>{stageTable('dealStages', 'deal', pipeline.stages)}</Accordion.Panel>
                </Accordion.Item>
              );
            })}
            <Accordion.Item value="leads">
              <Accordion.Control>{t('access.roles.leadStatuses')}</Accordion.Control>
              <Accordion.Panel>{stageTable('leadStatuses', 'lead', statuses.data ?? [])}</Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        </div>
        {!readOnly && (
          <DialogActions onCancel={onDone} submitLabel={t('common.save')} loading={save.isPending} />
        )}
      </Stack>
    </form>
  );
}

// ---- assignments -------------------------------------------------------------------------------------

const SUBJECT_KINDS: AccessSubjectKind[] = ['user', 'department', 'department_tree', 'group', 'everyone'];

function AssignmentsSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const mayChange = useMayChangeSettings();
  const assignments = useAssignments();
  const roles = useRoles();
  const users = useUsers();
  const departments = useDepartments();
  const groups = useUserGroups();
  const assign = useAssign();
  const unassign = useUnassign();
  const [roleId, setRoleId] = useState<string | null>(null);
  const [kind, setKind] = useState<AccessSubjectKind>('user');
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [error, setError] = useState<{ field: 'roleId' | 'subjectId' | null; message: string } | null>(null);

  const subjects = useMemo(() => {
    if (kind === 'user') return (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
    if (kind === 'group') return (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
    if (kind === 'everyone') return [];
    return (departments.data ?? []).map((d) => ({ value: d.id, label: d.name }));
  }, [kind, users.data, groups.data, departments.data]);

  const subjectName = (subjectKind: AccessSubjectKind, id: string | null) => {
    if (subjectKind === 'everyone') return t('access.subjects.everyone');
    const pool: { id: string; name: string }[] =
      subjectKind === 'user'
        ? (users.data ?? [])
        : subjectKind === 'group'
          ? (groups.data ?? [])
          : (departments.data ?? []);
    const name = pool.find((x) => x.id === id)?.name ?? '—';
    return subjectKind === 'department_tree' ? t('access.subjects.withSub', { name }) : name;
  };

  const submit = async () => {
    setError(null);
    if (!roleId) return setError({ field: 'roleId', message: t('access.assignments.roleRequired') });
    if (kind !== 'everyone' && !subjectId)
      return setError({ field: 'subjectId', message: t('access.assignments.subjectRequired') });
    try {
      await assign.mutateAsync({
        roleId,
        subjectKind: kind,
        subjectId: kind === 'everyone' ? null : subjectId,
      });
      setSubjectId(null);
    } catch (e) {
      setError({ field: null, message: errorText(e) });
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('access.assignments.hint')}
      </Text>
      {mayChange && (
        <Paper withBorder p="md">
          <Stack>
            {error?.field === null && <ErrorAlert message={error.message} />}
            <Group align="flex-start">
              <Select
                label={t('access.assignments.role')}
                data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
                value={roleId}
                onChange={setRoleId}
                error={error?.field === 'roleId' ? error.message : undefined}
              />
              <Select
                label={t('access.assignments.kind')}
                data={SUBJECT_KINDS.map((value) => ({ value, label: t(`access.subjects.${value}`) }))}
                value={kind}
                allowDeselect={false}
                onChange={(value) => {
                  setKind(value ?? 'user');
                  setSubjectId(null);
                }}
              />
              {kind !== 'everyone' && (
                <Select
                  searchable
                  label={t('access.assignments.subject')}
                  data={subjects}
                  value={subjectId}
                  onChange={setSubjectId}
                  error={error?.field === 'subjectId' ? error.message : undefined}
                />
              )}
              <Button
                mt={25}
                leftSection={<IconPlus size={16} />}
                loading={assign.isPending}
                onClick={() => void submit()}
              >
                {t('access.assignments.add')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <QueryResult query={assignments} loading={<Skeleton h={120} />}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState>{t('access.assignments.empty')}</EmptyState>
          ) : (
            <Paper withBorder>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('access.assignments.subject')}</Table.Th>
                    <Table.Th>{t('access.assignments.role')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((a) => {
                    const role = roles.data?.find((r) => r.id === a.roleId)?.name ?? '—';
                    const subject = subjectName(a.subjectKind, a.subjectId);
                    return (
                      <Table.Tr key={a.id}>
                        <Table.Td>{subject}</Table.Td>
                        <Table.Td>{role}</Table.Td>
                        <Table.Td w={50}>
                          {mayChange && (
                            <ConfirmIconButton
                              label={t('access.assignments.remove', { role, subject })}
                              icon={<IconTrash size={16} />}
                              message={t('access.assignments.removeConfirm', { role, subject })}
                              confirmLabel={t('common.delete')}
                              onConfirm={() => unassign.mutateAsync(a.id)}
                            />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Paper>
          )
        }
      </QueryResult>
    </Stack>
  );
}

// ---- groups ------------------------------------------------------------------------------------------

function GroupsSection() {
  const { t } = useTranslation();
  const mayChange = useMayChangeSettings();
  const groups = useUserGroups();
  const users = useUsers();
  const remove = useDeleteGroup();
  const editor = useDialog<UserGroup | null>();
  const userName = (id: string) => users.data?.find((u) => u.id === id)?.name ?? '—';
  return (
    <Stack>
      {mayChange && (
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={() => editor.open(null)}>
            {t('access.groups.create')}
          </Button>
        </Group>
      )}
      <QueryResult query={groups} loading={<Skeleton h={120} />}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState>{t('access.groups.empty')}</EmptyState>
          ) : (
            <Paper withBorder>
              <Table>
                <Table.Tbody>
                  {items.map((group) => (
                    <Table.Tr key={group.id}>
                      <Table.Td fw={500}>{group.name}</Table.Td>
                      <Table.Td>{group.memberIds.map(userName).join(', ') || '—'}</Table.Td>
                      <Table.Td w={100}>
                        {mayChange && (
                          <Group gap={4} justify="flex-end">
                            <Button size="xs" variant="subtle" onClick={() => editor.open(group)}>
                              {t('common.edit')}
                            </Button>
                            <ConfirmIconButton
                              label={t('access.groups.delete', { name: group.name })}
                              icon={<IconTrash size={16} />}
                              message={t('access.groups.deleteConfirm', { name: group.name })}
                              confirmLabel={t('common.delete')}
                              onConfirm={() => remove.mutateAsync(group.id)}
                            />
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )
        }
      </QueryResult>
      <Modal
        opened={editor.opened}
        onClose={editor.close}
        title={editor.value ? editor.value.name : t('access.groups.create')}
      >
        {editor.opened && <GroupEditor group={editor.value ?? null} onDone={editor.close} />}
      </Modal>
    </Stack>
  );
}

function GroupEditor({ group, onDone }: { group: UserGroup | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveGroup();
  const users = useUsers();
  const form = useForm({
    initialValues: { name: group?.name ?? '', memberIds: group?.memberIds ?? [] },
    validate: { name: (value) => (value.trim() ? null : t('access.groups.nameRequired')) },
  });
  const errors = useFormErrors(form, ['name', 'memberIds'] as const);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        errors.setMessage(null);
        try {
          await save.mutateAsync({
            id: group?.id ?? null,
            name: values.name.trim(),
            memberIds: values.memberIds,
          });
          onDone();
        } catch (error) {
          errors.show(error);
        }
      })}
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <TextInput label={t('access.groups.name')} required {...form.getInputProps('name')} />
        <MultiSelect
          searchable
          label={t('access.groups.members')}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          {...form.getInputProps('memberIds')}
        />
        <DialogActions onCancel={onDone} submitLabel={t('common.save')} loading={save.isPending} />
      </Stack>
    </form>
  );
}
