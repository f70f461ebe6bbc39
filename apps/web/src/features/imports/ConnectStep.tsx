// Step 1 (MIGR-1): connecting an amoCRM portal — how to create the integration in amoCRM, the redirect link
// to paste there, and the four fields of its "Keys and access" tab. The server's answer names the field to
// fix (an expired or used code, a wrong secret, a wrong address, a private address not allowed); a private
// address gets the allow-list editor with the host offered in one click.
import { useState } from 'react';
import { Alert, Button, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { ImportConnection } from '@voronka/contracts';
import { CopyField } from '../../components/ui/CopyField';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { validators } from '../auth/validation';
import { useConnect, useRedirectUrl } from './api';
import { OutboundHostsEditor } from './OutboundHostsEditor';
import { portalHost } from './portal';

const FIELDS = ['portal', 'integrationId', 'secretKey', 'authorizationCode'] as const;
type Field = (typeof FIELDS)[number];

const KNOWN_CODES = [
  'amocrm_code_expired',
  'amocrm_code_used',
  'amocrm_code_invalid',
  'amocrm_redirect_mismatch',
  'amocrm_client_invalid',
  'outbound_host_not_allowed',
  'amocrm_not_a_portal',
  'amocrm_unreachable',
  'amocrm_blocked',
  'invalid_portal',
] as const;
type KnownCode = (typeof KNOWN_CODES)[number];
const isKnownCode = (code: string | undefined): code is KnownCode => KNOWN_CODES.includes(code as KnownCode);

export function ConnectStep({
  initial,
  redirectError,
  onConnected,
  onBack,
}: {
  initial: { portal: string; authorizationCode: string };
  redirectError: string | null;
  onConnected: (connection: ImportConnection) => void;
  onBack?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const redirectUrl = useRedirectUrl();
  const connect = useConnect();
  const [message, setMessage] = useState<string | null>(null);
  const [blockedHost, setBlockedHost] = useState<string | null>(null);
  const required = validators(t).required;
  const form = useForm<Record<Field, string>>({
    mode: 'controlled',
    initialValues: {
      portal: initial.portal,
      integrationId: '',
      secretKey: '',
      authorizationCode: initial.authorizationCode,
    },
    validate: { portal: required, integrationId: required, secretKey: required, authorizationCode: required },
  });

  const submit = form.onSubmit(async (values) => {
    setMessage(null);
    try {
      const connection = await connect.mutateAsync(values);
      setBlockedHost(null);
      notifications.show({
        color: 'teal',
        message: t('amocrm.connect.connected', { portal: connection.portal }),
      });
      onConnected(connection);
    } catch (error) {
      const host = portalHost(values.portal) ?? values.portal;
      if (isApiError(error) && error.code === 'outbound_host_not_allowed') setBlockedHost(host);
      if (!isApiError(error)) {
        setMessage(errorText(error));
        return;
      }
      const text = isKnownCode(error.code)
        ? t(`amocrm.connectErrors.${error.code}`, { host, detail: error.detail ?? '' })
        : undefined;
      const named = FIELDS.filter((field) => error.fields[field] !== undefined);
      for (const field of named) form.setFieldError(field, text ?? error.fields[field] ?? '');
      if (named.length === 0) setMessage(text ?? errorText(error));
    }
  });

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('amocrm.connect.title')}
          </Title>
          <Text size="sm">{t('amocrm.connect.intro')}</Text>
          <Title order={3} size="h6">
            {t('amocrm.connect.howTo')}
          </Title>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>{t('amocrm.connect.step1')}</List.Item>
            <List.Item>{t('amocrm.connect.step2')}</List.Item>
            <List.Item>{t('amocrm.connect.step3')}</List.Item>
            <List.Item>{t('amocrm.connect.step4')}</List.Item>
          </List>
          {redirectUrl.data !== undefined && (
            <CopyField label={t('amocrm.connect.redirectUrl')} value={redirectUrl.data} />
          )}
          <Alert color="yellow" variant="light">
            {t('amocrm.connect.codeNote')} {t('amocrm.connect.keepInstalled')}
          </Alert>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm" maw={560}>
            {redirectError !== null && (
              <Alert color="red" variant="light" role="alert">
                {t('amocrm.connect.redirectError', { error: redirectError })}
              </Alert>
            )}
            {redirectError === null && initial.authorizationCode !== '' && (
              <Alert color="blue" variant="light">
                {t('amocrm.connect.fromRedirect')}
              </Alert>
            )}
            <ErrorAlert message={message} />
            <TextInput
              label={t('amocrm.connect.portal')}
              description={t('amocrm.connect.portalHint')}
              placeholder="company.amocrm.ru"
              withAsterisk
              autoComplete="off"
              {...form.getInputProps('portal')}
            />
            <TextInput
              label={t('amocrm.connect.integrationId')}
              withAsterisk
              autoComplete="off"
              {...form.getInputProps('integrationId')}
            />
            <TextInput
              label={t('amocrm.connect.secretKey')}
              withAsterisk
              autoComplete="off"
              {...form.getInputProps('secretKey')}
            />
            <TextInput
              label={t('amocrm.connect.authorizationCode')}
              withAsterisk
              autoComplete="off"
              {...form.getInputProps('authorizationCode')}
            />
            <div>
              <Button type="submit" loading={connect.isPending}>
                {t('amocrm.connect.submit')}
              </Button>
              {onBack !== undefined && (
                <Button variant="subtle" ml="sm" onClick={onBack}>
                  {t('amocrm.connect.back')}
                </Button>
              )}
            </div>
          </Stack>
        </form>
      </Paper>
      {blockedHost !== null && <OutboundHostsEditor suggested={blockedHost} />}
    </Stack>
  );
}
