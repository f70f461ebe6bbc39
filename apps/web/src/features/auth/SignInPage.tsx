import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SignInBody } from '@voronka/contracts';
import { api, isApiError } from '../../lib/api';
import { useApplyFieldErrors, useErrorText } from '../../lib/errors';
import { AuthLayout } from './AuthLayout';
import { safeNextPath } from './nextPath';
import { enterSession } from './session';
import { validators } from './validation';

export function SignInPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'credentials' | 'totp'>('credentials');
  const [message, setMessage] = useState<string | null>(null);
  const v = validators(t);

  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '', totp: '' },
    validate: {
      email: v.email,
      password: (value: string) => v.required(value),
      totp: (value: string) => (step === 'totp' ? v.totp(value) : null),
    },
  });

  const signIn = useMutation({
    mutationFn: (body: SignInBody) => api.post<unknown>('/api/auth/sign-in', body),
    onSuccess: async (response) => {
      await enterSession(queryClient, response);
      await navigate(safeNextPath(searchParams.get('next')), { replace: true });
    },
    onError: (error) => {
      if (!isApiError(error)) {
        setMessage(errorText(error));
        return;
      }
      if (error.status === 401 && error.code === 'totp_required') {
        setStep('totp');
        setMessage(null);
        return;
      }
      if (error.status === 429) {
        setMessage(
          error.retryAfter === undefined
            ? t('auth.signIn.tooManyAttemptsLater')
            : t('auth.signIn.tooManyAttempts', { count: Math.max(1, Math.ceil(error.retryAfter / 60)) }),
        );
        return;
      }
      if (error.status === 401 && step === 'totp' && error.code !== 'invalid_credentials') {
        form.setFieldError('totp', t('auth.signIn.totpInvalid'));
        setMessage(null);
        return;
      }
      if (error.status === 401) {
        setMessage(t('auth.signIn.invalidCredentials'));
        return;
      }
      setMessage(applyFieldErrors(form, error, ['email', 'password', 'totp']) ? null : errorText(error));
    },
  });

  const submit = form.onSubmit((values) => {
    setMessage(null);
    signIn.mutate({
      email: values.email.trim(),
      password: values.password,
      ...(step === 'totp' ? { totp: values.totp.trim() } : {}),
    });
  });

  return (
    <AuthLayout
      title={step === 'totp' ? t('auth.signIn.totpTitle') : t('auth.signIn.title')}
      footer={
        <>
          {t('auth.signIn.noAccount')}{' '}
          <Anchor component={Link} to="/sign-up">
            {t('auth.signIn.toSignUp')}
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
          {step === 'credentials' ? (
            <>
              <TextInput
                label={t('auth.email')}
                type="email"
                autoComplete="username"
                required
                autoFocus
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label={t('auth.password')}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
            </>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('auth.signIn.totpPrompt')}
              </Text>
              <TextInput
                label={t('auth.signIn.totpCode')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                autoFocus
                styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
                {...form.getInputProps('totp')}
              />
            </>
          )}
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('auth.signIn.submit')}
          </Button>
          {step === 'totp' && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setStep('credentials');
                form.setValues({ password: '', totp: '' });
                setMessage(null);
              }}
            >
              {t('auth.signIn.back')}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
