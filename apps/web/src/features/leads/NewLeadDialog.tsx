// A new lead by hand (a call, a visitor): the person, the company, a phone and an e-mail, the amount,
// status, source and responsible. The title is optional — the server builds it from the names. What the
// server refuses is shown at its field, with the input kept.
import { Grid, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { LeadStatus, ReferenceListItem, User } from '@voronka/contracts';
import { DialogActions } from '../../components/ui/DialogActions';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useMe } from '../auth/session';
import { parseAmount } from '../deals/money';
import { useCreateLead, type NewLead } from './api';
import { useState } from 'react';

interface Values {
  name: string;
  firstName: string;
  lastName: string;
  companyName: string;
  phone: string;
  email: string;
  amount: string;
  statusId: string | null;
  sourceId: string | null;
  responsibleUserId: string | null;
}

/** The form field a server field path belongs to. */
const FIELD_OF: Record<string, keyof Values> = {
  name: 'name',
  firstName: 'firstName',
  lastName: 'lastName',
  companyName: 'companyName',
  'phones.0.value': 'phone',
  'phones.0': 'phone',
  phones: 'phone',
  'emails.0.value': 'email',
  'emails.0': 'email',
  emails: 'email',
  amount: 'amount',
  statusId: 'statusId',
  sourceId: 'sourceId',
  responsibleUserId: 'responsibleUserId',
};

export function NewLeadDialog({
  opened,
  onClose,
  statuses,
  users,
  sources,
}: {
  opened: boolean;
  onClose: () => void;
  statuses: readonly LeadStatus[];
  users: readonly User[];
  sources: readonly ReferenceListItem[];
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.create.title')} size="lg" centered>
      {opened && <NewLeadForm onClose={onClose} statuses={statuses} users={users} sources={sources} />}
    </Modal>
  );
}

function NewLeadForm({
  onClose,
  statuses,
  users,
  sources,
}: {
  onClose: () => void;
  statuses: readonly LeadStatus[];
  users: readonly User[];
  sources: readonly ReferenceListItem[];
}) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const create = useCreateLead();
  const [message, setMessage] = useState<string | null>(null);
  const open = statuses.filter((status) => status.kind === 'open');
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: '',
      firstName: '',
      lastName: '',
      companyName: '',
      phone: '',
      email: '',
      amount: '',
      statusId: open[0]?.id ?? null,
      sourceId: null,
      responsibleUserId: me.user.id,
    },
    validate: {
      amount: (value) => (parseAmount(value) === null ? t('leads.invalid.amount') : null),
      name: (value, values) =>
        [value, values.firstName, values.lastName, values.companyName, values.phone, values.email].every(
          (text) => text.trim() === '',
        )
          ? t('leads.invalid.nothing')
          : null,
    },
  });

  const submit = form.onSubmit((values) => {
    setMessage(null);
    const text = (value: string) => (value.trim() === '' ? null : value.trim());
    const body: NewLead = {
      ...(values.name.trim() === '' ? {} : { name: values.name.trim() }),
      firstName: text(values.firstName),
      lastName: text(values.lastName),
      companyName: text(values.companyName),
      amount: values.amount.trim() === '' ? null : parseAmount(values.amount),
      ...(values.statusId === null ? {} : { statusId: values.statusId }),
      sourceId: values.sourceId,
      responsibleUserId: values.responsibleUserId,
      phones: values.phone.trim() === '' ? [] : [{ value: values.phone.trim() }],
      emails: values.email.trim() === '' ? [] : [{ value: values.email.trim() }],
    };
    create.mutate(body, {
      onSuccess: (lead) => {
        notifications.show({ color: 'teal', message: t('leads.create.done', { name: lead.name }) });
        onClose();
        void navigate(`/leads/${lead.id}`);
      },
      onError: (error) => {
        const fields = isApiError(error) ? error.fields : {};
        let placed = false;
        for (const [path, reason] of Object.entries(fields)) {
          const field = FIELD_OF[path];
          if (field === undefined) continue;
          form.setFieldError(field, reason);
          placed = true;
        }
        if (!placed) setMessage(errorText(error));
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate aria-label={t('leads.create.title')}>
      <Stack>
        <ErrorAlert message={message} />
        <TextInput
          label={t('leads.fields.name')}
          description={t('leads.create.nameHint')}
          maxLength={200}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Grid gap="sm">
          <Grid.Col span={6}>
            <TextInput
              label={t('leads.fields.lastName')}
              maxLength={100}
              {...form.getInputProps('lastName')}
            />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput
              label={t('leads.fields.firstName')}
              maxLength={100}
              {...form.getInputProps('firstName')}
            />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label={t('leads.fields.phone')} type="tel" {...form.getInputProps('phone')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label={t('leads.fields.email')} type="email" {...form.getInputProps('email')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput
              label={t('leads.fields.companyName')}
              maxLength={300}
              {...form.getInputProps('companyName')}
            />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput
              label={t('leads.fields.amount')}
              inputMode="decimal"
              {...form.getInputProps('amount')}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select
              label={t('leads.fields.status')}
              data={open.map((status) => ({ value: status.id, label: status.name }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('statusId')}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select
              label={t('leads.fields.source')}
              data={sources
                .filter((item) => !item.archived)
                .map((item) => ({ value: item.id, label: item.name }))}
              clearable
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('sourceId')}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select
              label={t('leads.fields.responsible')}
              data={users.filter((user) => user.active).map((user) => ({ value: user.id, label: user.name }))}
              searchable
              clearable
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('responsibleUserId')}
            />
          </Grid.Col>
        </Grid>
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} loading={create.isPending} />
      </Stack>
    </form>
  );
}
