import { useEffect, useMemo } from 'react';
import { Alert, Paper, Select, Skeleton, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AccountSettings, Locale } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { SaveButton } from '../../components/ui/SaveButton';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { isLocale } from '../../i18n/locale';
import { useLocale, useLocaleOptions } from '../../i18n/useLocale';
import { useFormErrors } from '../../lib/errors';
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
      <QueryResult query={account} loading={<Skeleton h={360} maw={640} />}>
        {(data) => <AccountForm account={data} />}
      </QueryResult>
    </section>
  );
}

function AccountForm({ account }: { account: AccountSettings }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isAdmin = useIsAdmin();
  const localeOptions = useLocaleOptions();
  const update = useUpdateAccount();
  const required = validators(t).required;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: valuesOf(account),
    validate: { name: required, currency: required, timezone: required },
  });
  const errors = useFormErrors(form, FIELDS);
  // The form shows these values as its unchanged (not dirty) state.
  const resetTo = (saved: AccountSettings) => {
    form.setValues(valuesOf(saved));
    form.resetDirty(valuesOf(saved));
  };

  // Changes made elsewhere (another administrator, another tab) show up unless they are being edited here.
  useEffect(() => {
    if (!form.isDirty()) resetTo(account);
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
    errors.setMessage(null);
    const next = { ...values, name: values.name.trim() };
    const changes: AccountChanges = {};
    if (next.name !== account.name) changes.name = next.name;
    if (next.locale !== account.locale) changes.locale = next.locale;
    if (next.currency !== account.currency) changes.currency = next.currency;
    if (next.timezone !== account.timezone) changes.timezone = next.timezone;
    update.mutate(changes, {
      onSuccess: (saved) => {
        resetTo(saved);
        notifications.show({ color: 'teal', message: t('settings.account.saved') });
      },
      onError: errors.show,
    });
  });

  // Members see the same fields, read-only.
  const readOnly = !isAdmin;
  const variant = readOnly ? 'filled' : 'default';
  const selectProps = {
    allowDeselect: false,
    readOnly,
    variant,
    rightSection: readOnly ? null : undefined,
  } as const;

  return (
    <Paper withBorder p="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {readOnly && (
            <Alert color="gray" variant="light" icon={<IconLock size={16} />}>
              {t('settings.account.readOnly')}
            </Alert>
          )}
          <ErrorAlert message={errors.message} />
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
            {...selectProps}
            data={localeOptions}
            {...form.getInputProps('locale')}
            onChange={(value) => {
              if (isLocale(value)) form.setFieldValue('locale', value);
            }}
          />
          <Select
            label={t('settings.account.currency')}
            description={t('settings.account.currencyHint')}
            {...selectProps}
            searchable
            nothingFoundMessage={t('settings.account.nothingFound')}
            data={currencies}
            {...form.getInputProps('currency')}
          />
          <Select
            label={t('settings.account.timezone')}
            description={t('settings.account.timezoneHint')}
            {...selectProps}
            searchable
            nothingFoundMessage={t('settings.account.nothingFound')}
            data={timeZones}
            {...form.getInputProps('timezone')}
          />
          {isAdmin && <SaveButton loading={update.isPending} changed={form.isDirty()} />}
        </Stack>
      </form>
    </Paper>
  );
}
