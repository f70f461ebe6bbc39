import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SignUpBody } from '@voronka/contracts';
import { api, isApiError } from '../../lib/api';
import { useApplyFieldErrors, useErrorText } from '../../lib/errors';
import { useLocale } from '../../i18n/useLocale';
import { AuthLayout } from './AuthLayout';
import { enterSession } from './session';
import { validators } from './validation';

const FIELDS = ['accountName', 'name', 'email', 'password'] as const;

export function SignUpPage() {
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
    initialValues: { accountName: '', name: '', email: '', password: '' },
    validate: { accountName: v.required, name: v.required, email: v.email, password: v.password },
  });

  const signUp = useMutation({
    mutationFn: (body: SignUpBody) => api.post<unknown>('/api/auth/sign-up', body),
    onSuccess: async (response) => {
      await enterSession(queryClient, response);
      await navigate('/deals', { replace: true });
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 409 && error.fields.email === undefined) {
        form.setFieldError('email', t('auth.signUp.emailTaken'));
        return;
      }
      setMessage(applyFieldErrors(form, error, FIELDS) ? null : errorText(error));
    },
  });

  const submit = form.onSubmit((values) => {
    setMessage(null);
    signUp.mutate({
      accountName: values.accountName.trim(),
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      locale,
    });
  });

  return (
    <AuthLayout
      title={t('auth.signUp.title')}
      footer={
        <>
          {t('auth.signUp.haveAccount')}{' '}
          <Anchor component={Link} to="/sign-in">
            {t('auth.signUp.toSignIn')}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {message !== null && (
            <Alert color="red" role="alert" variant="light">
              {message}
            </Alert>
          )}
          <TextInput
            label={t('auth.accountName')}
            description={t('auth.accountNameHint')}
            autoComplete="organization"
            required
            autoFocus
            {...form.getInputProps('accountName')}
          />
          <TextInput
            label={t('auth.yourName')}
            autoComplete="name"
            required
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            description={t('auth.passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signUp.isPending} fullWidth>
            {t('auth.signUp.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
