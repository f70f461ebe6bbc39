import { useMemo, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLink, IconMailPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Department, Invitation, Role, User } from '@voronka/contracts';
import { ConfirmIconButton } from '../../components/ui/ConfirmIconButton';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { DataTable } from '../../components/ui/DataTable';
import { DialogActions } from '../../components/ui/DialogActions';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { OneTimeSecret } from '../../components/ui/OneTimeSecret';
import { useDialog } from '../../components/ui/useDialog';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useLocale } from '../../i18n/useLocale';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useIsAdmin, useMe } from '../auth/session';
import { validators } from '../auth/validation';
import {
  absoluteUrl,
  isPending,
  useCreateInvitation,
  useDepartments,
  useInvitations,
  useRenewInvitationLink,
  useRevokeInvitation,
  useSetUserActive,
  useUpdateUser,
  useUsers,
  type CreatedInvitation,
} from './api';
import { departmentTreeOptions } from './departmentTree';

const NO_DEPARTMENT = '__none__';

function useDepartmentOptions(departments: readonly Department[] | undefined) {
  const { t } = useTranslation();
  const locale = useLocale();
  return useMemo(
    () => [
      { value: NO_DEPARTMENT, label: t('settings.users.noDepartment') },
      ...departmentTreeOptions(departments ?? [], new Intl.Collator(locale)),
    ],
    [departments, locale, t],
  );
}

const departmentName = (departments: readonly Department[] | undefined, id: string | null) =>
  (id === null ? undefined : departments?.find((d) => d.id === id)?.name) ?? '—';

export function UsersPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const users = useUsers();
  const departments = useDepartments();
  const invite = useDialog();

  return (
    <Stack gap="xl">
      <section aria-labelledby="users-title">
        <PageHeader
          title={<span id="users-title">{t('settings.users.title')}</span>}
          description={
            users.data === undefined ? undefined : t('settings.users.count', { count: users.data.length })
          }
          actions={
            isAdmin ? (
              <Button leftSection={<IconMailPlus size={16} />} onClick={() => invite.open(true)}>
                {t('settings.users.invite')}
              </Button>
            ) : undefined
          }
        />
        <QueryResult query={users} loading={<Skeleton h={160} />}>
          {(data) => <UsersTable users={data} departments={departments.data} />}
        </QueryResult>
      </section>
      {isAdmin && <PendingInvitations departments={departments.data} />}
      <Modal
        opened={invite.opened}
        onClose={invite.close}
        title={t('settings.users.inviteTitle')}
        centered
        size="md"
      >
        <InviteForm key={invite.key} departments={departments.data} onClose={invite.close} />
      </Modal>
    </Stack>
  );
}

function UsersTable({ users, departments }: { users: User[]; departments: Department[] | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const isAdmin = useIsAdmin();
  const locale = useLocale();
  const errorText = useErrorText();
  const updateUser = useUpdateUser();
  const setActive = useSetUserActive();
  const departmentOptions = useDepartmentOptions(departments);
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return [...users].sort((a, b) => Number(b.active) - Number(a.active) || collator.compare(a.name, b.name));
  }, [users, locale]);

  const update = (user: User, change: { role?: Role; departmentId?: string | null }) =>
    updateUser.mutate(
      { id: user.id, ...change },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('settings.users.updated') }),
        onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
      },
    );

  if (users.length === 0) return <EmptyState>{t('settings.users.empty')}</EmptyState>;

  return (
    <DataTable
      labelledBy="users-title"
      minWidth={720}
      highlightOnHover
      columns={[
        t('settings.users.name'),
        t('settings.users.role'),
        t('settings.users.department'),
        t('settings.users.status'),
      ]}
      withActions={isAdmin}
    >
      {sorted.map((user) => {
        const self = user.id === me.user.id;
        const editable = isAdmin && !self;
        return (
          <Table.Tr key={user.id} data-testid="user-row" opacity={user.active ? 1 : 0.6}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {user.name}
                {self && (
                  <Text span c="dimmed" size="sm">
                    {' '}
                    ({t('common.you')})
                  </Text>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {user.email}
              </Text>
            </Table.Td>
            <Table.Td>
              {editable ? (
                <Select
                  size="xs"
                  w={170}
                  aria-label={t('settings.users.changeRole', { name: user.name })}
                  value={user.role}
                  allowDeselect={false}
                  data={[
                    { value: 'admin', label: t('roles.admin') },
                    { value: 'member', label: t('roles.member') },
                  ]}
                  onChange={(value) => {
                    if ((value === 'admin' || value === 'member') && value !== user.role)
                      update(user, { role: value });
                  }}
                />
              ) : (
                <Badge variant="light" color={user.role === 'admin' ? 'indigo' : 'gray'}>
                  {t(`roles.${user.role}`)}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              {isAdmin ? (
                <Select
                  size="xs"
                  w={200}
                  aria-label={t('settings.users.changeDepartment', { name: user.name })}
                  value={user.departmentId ?? NO_DEPARTMENT}
                  allowDeselect={false}
                  data={departmentOptions}
                  onChange={(value) => {
                    if (value === null) return;
                    const departmentId = value === NO_DEPARTMENT ? null : value;
                    if (departmentId !== user.departmentId) update(user, { departmentId });
                  }}
                />
              ) : (
                <Text size="sm">{departmentName(departments, user.departmentId)}</Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge variant="dot" color={user.active ? 'teal' : 'gray'}>
                {user.active ? t('settings.users.active') : t('settings.users.inactive')}
              </Badge>
            </Table.Td>
            {isAdmin && (
              <Table.Td ta="right">
                {editable &&
                  (user.active ? (
                    <ConfirmModal
                      title={`${t('settings.users.deactivate')}: ${user.name}`}
                      message={t('settings.users.deactivateConfirm', { name: user.name })}
                      confirmLabel={t('settings.users.deactivate')}
                      onConfirm={() => setActive.mutateAsync({ id: user.id, active: false })}
                      target={(open) => (
                        <Button size="xs" variant="subtle" color="red" onClick={open}>
                          {t('settings.users.deactivate')}
                        </Button>
                      )}
                    />
                  ) : (
                    <Button
                      size="xs"
                      variant="subtle"
                      loading={setActive.isPending && setActive.variables.id === user.id}
                      onClick={() =>
                        setActive.mutate(
                          { id: user.id, active: true },
                          {
                            onError: (error) =>
                              notifications.show({ color: 'red', message: errorText(error) }),
                          },
                        )
                      }
                    >
                      {t('settings.users.activate')}
                    </Button>
                  ))}
              </Table.Td>
            )}
          </Table.Tr>
        );
      })}
    </DataTable>
  );
}

function PendingInvitations({ departments }: { departments: Department[] | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const renew = useRenewInvitationLink();
  const errorText = useErrorText();
  const [renewed, setRenewed] = useState<CreatedInvitation | null>(null);
  const pending = (invitations.data ?? []).filter((invitation) => isPending(invitation));

  return (
    <section aria-labelledby="invitations-title">
      <Group justify="space-between" mb="sm">
        <Title order={3} id="invitations-title">
          {t('settings.users.pending')}
        </Title>
        {invitations.data !== undefined && pending.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('settings.users.pendingCount', { count: pending.length })}
          </Text>
        )}
      </Group>
      <QueryResult query={invitations} loading={<Skeleton h={80} />}>
        {() =>
          pending.length === 0 ? (
            <EmptyState size="sm">{t('settings.users.pendingEmpty')}</EmptyState>
          ) : (
            <DataTable
              labelledBy="invitations-title"
              minWidth={640}
              columns={[
                t('settings.users.email'),
                t('settings.users.role'),
                t('settings.users.department'),
                t('settings.users.invited'),
                t('settings.users.expires'),
              ]}
              withActions
            >
              {pending.map((invitation: Invitation) => (
                <Table.Tr key={invitation.id} data-testid="invitation-row">
                  <Table.Td>{invitation.email}</Table.Td>
                  <Table.Td>{t(`roles.${invitation.role}`)}</Table.Td>
                  <Table.Td>{departmentName(departments, invitation.departmentId)}</Table.Td>
                  <Table.Td>{formatDate(invitation.createdAt, locale)}</Table.Td>
                  <Table.Td>{formatDate(invitation.expiresAt, locale)}</Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label={t('settings.users.newLink')}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('settings.users.newLinkFor', { email: invitation.email })}
                        loading={renew.isPending && renew.variables === invitation.id}
                        onClick={() =>
                          renew.mutate(invitation.id, {
                            onSuccess: setRenewed,
                            onError: (error) =>
                              notifications.show({ color: 'red', message: errorText(error) }),
                          })
                        }
                      >
                        <IconLink size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <ConfirmIconButton
                      label={t('settings.users.revokeInvitation', { email: invitation.email })}
                      icon={<IconX size={16} />}
                      tooltip={t('common.revoke')}
                      message={invitation.email}
                      confirmLabel={t('common.revoke')}
                      onConfirm={() => revoke.mutateAsync(invitation.id)}
                      doneMessage={t('settings.users.revoked')}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryResult>
      <Modal opened={renewed !== null} onClose={() => setRenewed(null)} title={t('settings.users.newLink')}>
        {renewed && (
          <OneTimeSecret
            title={t('settings.users.newLinkCreated')}
            notice={t('settings.users.inviteLinkOnce')}
            label={t('settings.users.inviteLink')}
            value={absoluteUrl(renewed.url, window.location.origin)}
            description={renewed.email}
            onClose={() => setRenewed(null)}
          />
        )}
      </Modal>
    </section>
  );
}

function InviteForm({
  departments,
  onClose,
}: {
  departments: Department[] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const createInvitation = useCreateInvitation();
  const departmentOptions = useDepartmentOptions(departments);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', role: 'member' as Role, departmentId: NO_DEPARTMENT },
    validate: { email: validators(t).email },
  });
  const errors = useFormErrors(form, ['email', 'role', 'departmentId']);

  if (created !== null) {
    return (
      <OneTimeSecret
        title={t('settings.users.inviteCreated')}
        notice={t('settings.users.inviteLinkOnce')}
        label={t('settings.users.inviteLink')}
        value={absoluteUrl(created.url, window.location.origin)}
        description={created.email}
        onClose={onClose}
      />
    );
  }

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
    createInvitation.mutate(
      {
        email: values.email.trim(),
        role: values.role,
        departmentId: values.departmentId === NO_DEPARTMENT ? null : values.departmentId,
      },
      {
        onSuccess: setCreated,
        onError: errors.show,
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('settings.users.inviteHint')}
        </Text>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('settings.users.inviteEmail')}
          type="email"
          required
          data-autofocus
          {...form.getInputProps('email')}
        />
        <Select
          label={t('settings.users.inviteRole')}
          allowDeselect={false}
          data={[
            { value: 'member', label: t('roles.member') },
            { value: 'admin', label: t('roles.admin') },
          ]}
          {...form.getInputProps('role')}
        />
        <Select
          label={t('settings.users.inviteDepartment')}
          allowDeselect={false}
          data={departmentOptions}
          {...form.getInputProps('departmentId')}
        />
        <DialogActions
          onCancel={onClose}
          submitLabel={t('settings.users.inviteSubmit')}
          loading={createInvitation.isPending}
        />
      </Stack>
    </form>
  );
}
