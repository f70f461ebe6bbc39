import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Image,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconShieldCheck, IconShieldOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import { CodeInput } from '../../components/ui/CodeInput';
import { CopyField } from '../../components/ui/CopyField';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { SaveButton } from '../../components/ui/SaveButton';
import { isLocale } from '../../i18n/locale';
import { useChangeLocale, useLocale, useLocaleOptions } from '../../i18n/useLocale';
import { api, isApiError } from '../../lib/api';
import { useApplyFieldErrors, useErrorText, useFormErrors } from '../../lib/errors';
import { queryKeys } from '../../lib/queryKeys';
import { useMe } from '../auth/session';
import { validators } from '../auth/validation';

interface TotpSetup {
  secret: string;
  otpauthUri: string;
}

export function ProfilePage() {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <ProfileCard />
      <TotpCard />
    </SimpleGrid>
  );
}

function ProfileCard() {
  const { t } = useTranslation();
  const me = useMe();
  const locale = useLocale();
  const changeLocale = useChangeLocale();
  const localeOptions = useLocaleOptions();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: me.user.name },
    validate: { name: validators(t).required },
  });
  const errors = useFormErrors(form, ['name']);

  const save = useMutation({
    mutationFn: (name: string) => api.patch<unknown>('/api/me', { name }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      form.resetDirty();
      notifications.show({ color: 'teal', message: t('settings.profile.saved') });
    },
    onError: errors.show,
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="profile-title">
      <Title order={3} id="profile-title" mb="md">
        {t('settings.profile.title')}
      </Title>
      <form
        onSubmit={form.onSubmit((values) => {
          errors.setMessage(null);
          save.mutate(values.name.trim());
        })}
        noValidate
      >
        <Stack>
          <ErrorAlert message={errors.message} />
          <TextInput
            label={t('settings.profile.name')}
            autoComplete="name"
            required
            {...form.getInputProps('name')}
          />
          <TextInput label={t('settings.profile.email')} value={me.user.email} readOnly disabled />
          <Select
            label={t('settings.profile.language')}
            allowDeselect={false}
            value={locale}
            data={localeOptions}
            onChange={(value) => {
              if (isLocale(value)) void changeLocale(value);
            }}
          />
          <SaveButton loading={save.isPending} changed={form.isDirty()} />
        </Stack>
      </form>
    </Paper>
  );
}

function TotpCard() {
  const { t } = useTranslation();
  const me = useMe();
  const errorText = useErrorText();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: () => api.post<TotpSetup>('/api/me/totp/setup'),
    onSuccess: (data) => {
      setMessage(null);
      setSetup(data);
    },
    onError: (error) => setMessage(errorText(error)),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="totp-title">
      <Group justify="space-between" mb="md">
        <Title order={3} id="totp-title">
          {t('settings.profile.security')}
        </Title>
        <Badge
          color={me.user.totpEnabled ? 'teal' : 'gray'}
          variant="light"
          leftSection={me.user.totpEnabled ? <IconShieldCheck size={12} /> : <IconShieldOff size={12} />}
        >
          {me.user.totpEnabled
            ? t('settings.profile.totpEnabledBadge')
            : t('settings.profile.totpDisabledBadge')}
        </Badge>
      </Group>
      <Stack>
        <Text size="sm" c="dimmed">
          {me.user.totpEnabled ? t('settings.profile.totpOn') : t('settings.profile.totpOff')}
        </Text>
        <ErrorAlert message={message} />
        {me.user.totpEnabled ? (
          <TotpCodeForm mode="disable" />
        ) : setup === null ? (
          <Group>
            <Button
              loading={start.isPending}
              onClick={() => start.mutate()}
              leftSection={<IconShieldCheck size={16} />}
            >
              {t('settings.profile.totpSetup')}
            </Button>
          </Group>
        ) : (
          <TotpSetupPanel setup={setup} onDone={() => setSetup(null)} />
        )}
      </Stack>
    </Paper>
  );
}

function TotpSetupPanel({ setup, onDone }: { setup: TotpSetup; onDone: () => void }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(setup.otpauthUri, { margin: 1, width: 192, errorCorrectionLevel: 'M' })
      .then((url) => {
        if (!cancelled) setQr(url);
      })
      .catch(() => {
        if (!cancelled) setQr(null);
      });
    return () => {
      cancelled = true;
    };
  }, [setup.otpauthUri]);

  return (
    <Stack>
      <Text size="sm">{t('settings.profile.totpScan')}</Text>
      {qr !== null && (
        <Image
          src={qr}
          alt={t('settings.profile.totpQrAlt')}
          w={192}
          h={192}
          radius="sm"
          style={{ border: '1px solid var(--mantine-color-gray-3)' }}
        />
      )}
      <CopyField label={t('settings.profile.totpSecret')} value={setup.secret} />
      <CopyField label={t('settings.profile.totpUri')} value={setup.otpauthUri} />
      <TotpCodeForm mode="enable" onDone={onDone} />
    </Stack>
  );
}

function TotpCodeForm({ mode, onDone }: { mode: 'enable' | 'disable'; onDone?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: { code: validators(t).totp },
  });

  const submit = useMutation({
    mutationFn: (code: string) => api.post<unknown>(`/api/me/totp/${mode}`, { code }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      notifications.show({
        color: 'teal',
        message: mode === 'enable' ? t('settings.profile.totpEnabled') : t('settings.profile.totpDisabled'),
      });
      form.reset();
      onDone?.();
    },
    onError: (error) => {
      if (isApiError(error) && (error.status === 400 || error.status === 401 || error.status === 422)) {
        if (!applyFieldErrors(form, error, ['code']))
          form.setFieldError('code', t('settings.profile.totpInvalid'));
        return;
      }
      setMessage(errorText(error));
    },
  });

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setMessage(null);
        submit.mutate(values.code.trim());
      })}
      noValidate
    >
      <Stack gap="sm">
        {mode === 'disable' && (
          <Text size="sm" c="dimmed">
            {t('settings.profile.totpDisableHint')}
          </Text>
        )}
        <ErrorAlert message={message} />
        <Group align="flex-end" wrap="wrap">
          <CodeInput label={t('settings.profile.totpCode')} w={180} {...form.getInputProps('code')} />
          <Button
            type="submit"
            loading={submit.isPending}
            color={mode === 'disable' ? 'red' : undefined}
            variant={mode === 'disable' ? 'light' : 'filled'}
          >
            {mode === 'enable' ? t('settings.profile.totpEnable') : t('settings.profile.totpDisable')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
