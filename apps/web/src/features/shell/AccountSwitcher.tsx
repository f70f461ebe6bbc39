import { Badge, Group, Menu, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DialogActions } from '../../components/ui/DialogActions';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { useDialog } from '../../components/ui/useDialog';
import { api } from '../../lib/api';
import { useErrorText, useFormErrors } from '../../lib/errors';
import { useMe, useSwitchAccount } from '../auth/session';
import { validators } from '../auth/validation';

export function AccountSwitcher() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const switchAccount = useSwitchAccount();
  const create = useDialog();

  const onSwitch = (accountId: string) => {
    if (accountId === me.account.id) return;
    switchAccount.mutate(accountId, {
      onSuccess: () => void navigate('/deals'),
      onError: (error) => notifications.show({ color: 'red', message: errorText(error) }),
    });
  };

  return (
    <>
      <Menu position="bottom-start" width={280} shadow="md" withinPortal>
        <Menu.Target>
          <UnstyledButton
            aria-label={`${t('shell.accountSwitcher')}: ${me.account.name}`}
            px="sm"
            py={6}
            style={{
              borderRadius: 'var(--mantine-radius-md)',
              border: '1px solid var(--mantine-color-gray-3)',
            }}
          >
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate maw={{ base: 110, sm: 220 }}>
                {me.account.name}
              </Text>
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('shell.accounts')}</Menu.Label>
          {me.accounts.map((account) => (
            <Menu.Item
              key={account.id}
              onClick={() => onSwitch(account.id)}
              aria-current={account.id === me.account.id ? 'true' : undefined}
              leftSection={
                account.id === me.account.id ? <IconCheck size={16} /> : <span style={{ width: 16 }} />
              }
              rightSection={
                <Badge size="xs" variant="light" color={account.role === 'admin' ? 'indigo' : 'gray'}>
                  {t(`roles.${account.role}`)}
                </Badge>
              }
            >
              <Text size="sm" truncate>
                {account.name}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => create.open(true)}>
            {t('shell.createAccount')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={create.opened} onClose={create.close} title={t('shell.createAccountTitle')} centered>
        <CreateAccountForm key={create.key} onDone={create.close} />
      </Modal>
    </>
  );
}

function CreateAccountForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const switchAccount = useSwitchAccount();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '' },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name']);

  const createAccount = useMutation({
    mutationFn: (name: string) => api.post<{ id?: string } | undefined>('/api/accounts', { name }),
    onSuccess: async (created) => {
      // Move into the new account right away (a no-op if the server already did).
      const id = created?.id;
      if (typeof id === 'string' && id !== me.account.id) await switchAccount.mutateAsync(id);
      else await queryClient.invalidateQueries();
      onDone();
      await navigate('/deals');
    },
    onError: errors.show,
  });

  return (
    <form onSubmit={form.onSubmit((values) => createAccount.mutate(values.name.trim()))} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('shell.createAccountHint')}
        </Text>
        <ErrorAlert message={errors.message} />
        <TextInput
          label={t('shell.accountNameLabel')}
          required
          data-autofocus
          {...form.getInputProps('name')}
        />
        <DialogActions
          onCancel={onDone}
          submitLabel={t('common.create')}
          loading={createAccount.isPending || switchAccount.isPending}
        />
      </Stack>
    </form>
  );
}
