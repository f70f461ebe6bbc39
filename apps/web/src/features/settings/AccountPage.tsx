import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Paper, Select, Skeleton, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AccountSettings, Locale } from '@voronka/contracts';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryError } from '../../components/ui/QueryError';
import { isLocale } from '../../i18n/locale';
import { useLocale } from '../../i18n/useLocale';
import { useApplyFieldErrors, useErrorText } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { validators } from '../auth/validation';
import { useAccountSettings, useUpdateAccount, type AccountChanges } from './api';
import { currencyOptions, timeZoneGroups } from './regional';

const FIELDS = ['name', 'locale', 'currency', 'timezone'] as const;

interface Values {
  name: string;
  locale: Locale;
  currency: string;
  timezone: string;
}

const valuesOf = (account: AccountSettings): Values => ({
  name: account.name,
  locale: account.locale,
  currency: account.currency,
  timezone: account.timezone,
});

export function AccountPage() {
  const { t } = useTranslation();
  const account = useAccountSettings();

  return (
    <section aria-labelledby="account-title">
      <PageHeader
        title={<span id="account-title">{t('settings.account.title')}</span>}
        description={t('settings.account.description')}
      />
      {account.isError ? (
        <QueryError error={account.error} onRetry={() => void account.refetch()} />
      ) : account.data === undefined ? (
        <Skeleton h={360} maw={640} />
      ) : (
        <AccountForm account={account.data} />
      )}
    </section>
  );
}

function AccountForm({ account }: { account: AccountSettings }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isAdmin = useIsAdmin();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const update = useUpdateAccount();
  const [message, setMessage] = useState<string | null>(null);
  const required = validators(t).required;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: valuesOf(account),
    validate: { name: required, currency: required, timezone: required },
  });

  // Changes made elsewhere (another administrator, another tab) show up unless they are being edited here.
  useEffect(() => {
    if (form.isDirty()) return;
    form.setValues(valuesOf(account));
    form.resetDirty(valuesOf(account));
  }, [account]);

  const currencies = useMemo(() => currencyOptions(locale, account.currency), [locale, account.currency]);
  const timeZones = useMemo(
    () =>
      timeZoneGroups(
        { russia: t('settings.account.russianZones'), other: t('settings.account.otherZones') },
        account.timezone,
      ),
    [t, account.timezone],
  );

  const submit = form.onSubmit((values) => {
    setMessage(null);
    const next = { ...values, name: values.name.trim() };
    const changes: AccountChanges = {};
    if (next.name !== account.name) changes.name = next.name;
    if (next.locale !== account.locale) changes.locale = next.locale;
    if (next.currency !== account.currency) changes.currency = next.currency;
    if (next.timezone !== account.timezone) changes.timezone = next.timezone;
    update.mutate(changes, {
      onSuccess: (saved) => {
        form.setValues(valuesOf(saved));
        form.resetDirty(valuesOf(saved));
        notifications.show({ color: 'teal', message: t('settings.account.saved') });
      },
      onError: (error) => setMessage(applyFieldErrors(form, error, FIELDS) ? null : errorText(error)),
    });
  });

  const readOnly = !isAdmin;
  const variant = readOnly ? 'filled' : 'default';

  return (
    <Paper withBorder p="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {readOnly && (
            <Alert color="gray" variant="light" icon={<IconLock size={16} />}>
              {t('settings.account.readOnly')}
            </Alert>
          )}
          {message !== null && (
            <Alert color="red" role="alert" variant="light">
              {message}
            </Alert>
          )}
          <TextInput
            label={t('settings.account.name')}
            required={!readOnly}
            readOnly={readOnly}
            variant={variant}
            {...form.getInputProps('name')}
          />
          <Select
            label={t('settings.account.locale')}
            description={t('settings.account.localeHint')}
            allowDeselect={false}
            readOnly={readOnly}
            variant={variant}
            rightSection={readOnly ? null : undefined}
            data={[
              { value: 'ru', label: t('language.ru') },
              { value: 'en', label: t('language.en') },
            ]}
            {...form.getInputProps('locale')}
            onChange={(value) => {
              if (isLocale(value)) form.setFieldValue('locale', value);
            }}
          />
          <Select
            label={t('settings.account.currency')}
            description={t('settings.account.currencyHint')}
            allowDeselect={false}
            searchable
            readOnly={readOnly}
            variant={variant}
            rightSection={readOnly ? null : undefined}
            nothingFoundMessage={t('settings.account.nothingFound')}
            data={currencies}
            {...form.getInputProps('currency')}
          />
          <Select
            label={t('settings.account.timezone')}
            description={t('settings.account.timezoneHint')}
            allowDeselect={false}
            searchable
            readOnly={readOnly}
            variant={variant}
            rightSection={readOnly ? null : undefined}
            nothingFoundMessage={t('settings.account.nothingFound')}
            data={timeZones}
            {...form.getInputProps('timezone')}
          />
          {isAdmin && (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
