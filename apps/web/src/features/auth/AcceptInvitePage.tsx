import { useState } from 'react';
import { Alert, Anchor, Button, Center, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me, Role } from '@voronka/contracts';
import { api, isApiError } from '../../lib/api';
import { useApplyFieldErrors, useErrorText } from '../../lib/errors';
import { queryKeys } from '../../lib/queryKeys';
import { useLocale } from '../../i18n/useLocale';
import { AuthLayout } from './AuthLayout';
import { enterSession, looksLikeMe } from './session';
import { validators } from './validation';

interface InvitationPreview {
  accountName: string;
  email: string;
  role: Role;
  existingIdentity: boolean;
}

export function AcceptInvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const preview = useQuery({
    queryKey: queryKeys.invitationPreview(token),
    queryFn: () => api.get<InvitationPreview>(`/api/invitations/by-token/${encodeURIComponent(token)}`),
    retry: false,
    staleTime: Infinity,
  });

  if (preview.isPending) {
    return (
      <AuthLayout title={t('app.loading')}>
        <Center>
          <Loader />
        </Center>
      </AuthLayout>
    );
  }
  if (preview.isError) {
    const invalid = isApiError(preview.error) && preview.error.status >= 400 && preview.error.status < 500;
    return (
      <AuthLayout
        title={t('common.errorTitle')}
        footer={
          <Anchor component={Link} to="/sign-in">
            {t('auth.signUp.toSignIn')}
          </Anchor>
        }
      >
        <Alert color="red" role="alert" variant="light">
          {invalid ? `${t('auth.invite.invalid')} ${t('auth.invite.askAgain')}` : t('common.networkError')}
        </Alert>
      </AuthLayout>
    );
  }
  return <AcceptInviteForm token={token} preview={preview.data} />;
}

function AcceptInviteForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const locale = useLocale();
  const [message, setMessage] = useState<string | null>(null);
  const v = validators(t);

  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', password: '' },
    validate: {
      name: (value: string) => (preview.existingIdentity ? null : v.required(value)),
      password: preview.existingIdentity ? v.required : v.password,
    },
  });

  const accept = useMutation({
    mutationFn: (body: { name?: string; password: string }) =>
      api.post<unknown>(`/api/invitations/by-token/${encodeURIComponent(token)}/accept`, body),
    onSuccess: async (response) => {
      // A login created just now has no language preference of its own yet: keep the one this
      // person has been reading the invitation in.
      let me = response;
      if (!preview.existingIdentity && looksLikeMe(response) && response.user.locale !== locale) {
        me = await api.patch<Me>('/api/me', { locale }).catch(() => response);
      }
      await enterSession(queryClient, me);
      await navigate('/deals', { replace: true });
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 401 && preview.existingIdentity) {
        form.setFieldError('password', t('auth.invite.wrongPassword'));
        return;
      }
      setMessage(applyFieldErrors(form, error, ['name', 'password']) ? null : errorText(error));
    },
  });

  const submit = form.onSubmit((values) => {
    setMessage(null);
    accept.mutate(
      preview.existingIdentity
        ? { password: values.password }
        : { name: values.name.trim(), password: values.password },
    );
  });

  return (
    <AuthLayout
      title={t('auth.invite.title', { accountName: preview.accountName })}
      subtitle={t('auth.invite.subtitle', { role: t(`roles.${preview.role}`), email: preview.email })}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {preview.existingIdentity ? t('auth.invite.existingIdentity') : t('auth.invite.newIdentity')}
          </Text>
          {message !== null && (
            <Alert color="red" role="alert" variant="light">
              {message}
            </Alert>
          )}
          <TextInput label={t('auth.email')} value={preview.email} readOnly disabled />
          {!preview.existingIdentity && (
            <TextInput
              label={t('auth.yourName')}
              autoComplete="name"
              required
              autoFocus
              {...form.getInputProps('name')}
            />
          )}
          <PasswordInput
            label={t('auth.password')}
            description={preview.existingIdentity ? undefined : t('auth.passwordHint')}
            autoComplete={preview.existingIdentity ? 'current-password' : 'new-password'}
            required
            autoFocus={preview.existingIdentity}
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={accept.isPending} fullWidth>
            {t('auth.invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
