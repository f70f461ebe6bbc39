import { Button, Center, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me, Role } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { useFormErrors } from '../../lib/errors';
import { queryKeys } from '../../lib/queryKeys';
import { useLocale } from '../../i18n/useLocale';
import { AuthFooterLink, AuthLayout } from './AuthLayout';
import { looksLikeMe, useEnterSession } from './session';
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
        footer={<AuthFooterLink to="/sign-in" label={t('auth.signUp.toSignIn')} />}
      >
        <ErrorAlert
          message={
            invalid ? `${t('auth.invite.invalid')} ${t('auth.invite.askAgain')}` : t('common.networkError')
          }
        />
      </AuthLayout>
    );
  }
  return <AcceptInviteForm token={token} preview={preview.data} />;
}

function AcceptInviteForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const { t } = useTranslation();
  const enterSession = useEnterSession();
  const locale = useLocale();
  const v = validators(t);

  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', password: '' },
    validate: {
      name: (value: string) => (preview.existingIdentity ? null : v.required(value)),
      password: preview.existingIdentity ? v.required : v.password,
    },
  });
  const errors = useFormErrors(form, ['name', 'password']);

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
      await enterSession(me, '/deals');
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 401 && preview.existingIdentity) {
        form.setFieldError('password', t('auth.invite.wrongPassword'));
        return;
      }
      errors.show(error);
    },
  });

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
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
          <ErrorAlert message={errors.message} />
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
