import { useState } from 'react';
import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SignInBody } from '@voronka/contracts';
import { CodeInput } from '../../components/ui/CodeInput';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { useFormErrors } from '../../lib/errors';
import { AuthFooterLink, AuthLayout } from './AuthLayout';
import { safeNextPath } from './nextPath';
import { useEnterSession } from './session';
import { validators } from './validation';
import { useSearchParams } from '../../lib/searchParams';

export function SignInPage() {
  const { t } = useTranslation();
  const enterSession = useEnterSession();
  const [searchParams] = useSearchParams();
  const [step, setStep] = useState<'credentials' | 'totp'>('credentials');
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
  const errors = useFormErrors(form, ['email', 'password', 'totp']);

  const signIn = useMutation({
    mutationFn: (body: SignInBody) => api.post<unknown>('/api/auth/sign-in', body),
    onSuccess: (response) => enterSession(response, safeNextPath(searchParams.get('next'))),
    onError: (error) => {
      if (!isApiError(error)) {
        errors.show(error);
        return;
      }
      if (error.status === 401 && error.code === 'totp_required') {
        setStep('totp');
        errors.setMessage(null);
        return;
      }
      if (error.status === 429) {
        errors.setMessage(
          error.retryAfter === undefined
            ? t('auth.signIn.tooManyAttemptsLater')
            : t('auth.signIn.tooManyAttempts', { count: Math.max(1, Math.ceil(error.retryAfter / 60)) }),
        );
        return;
      }
      if (error.status === 401 && step === 'totp' && error.code !== 'invalid_credentials') {
        form.setFieldError('totp', t('auth.signIn.totpInvalid'));
        errors.setMessage(null);
        return;
      }
      if (error.status === 401) {
        errors.setMessage(t('auth.signIn.invalidCredentials'));
        return;
      }
      errors.show(error);
    },
  });

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
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
        <AuthFooterLink prompt={t('auth.signIn.noAccount')} to="/sign-up" label={t('auth.signIn.toSignUp')} />
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert message={errors.message} />
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
              <CodeInput
                label={t('auth.signIn.totpCode')}
                required
                autoFocus
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
                errors.setMessage(null);
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
