import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SignUpBody } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { useFormErrors } from '../../lib/errors';
import { useLocale } from '../../i18n/useLocale';
import { AuthFooterLink, AuthLayout } from './AuthLayout';
import { useEnterSession } from './session';
import { validators } from './validation';

const FIELDS = ['accountName', 'name', 'email', 'password'] as const;

export function SignUpPage() {
  const { t } = useTranslation();
  const enterSession = useEnterSession();
  const locale = useLocale();
  const v = validators(t);

  const form = useForm({
    mode: 'controlled',
    initialValues: { accountName: '', name: '', email: '', password: '' },
    validate: { accountName: v.required, name: v.required, email: v.email, password: v.password },
  });
  const errors = useFormErrors(form, FIELDS);

  const signUp = useMutation({
    mutationFn: (body: SignUpBody) => api.post<unknown>('/api/auth/sign-up', body),
    onSuccess: (response) => enterSession(response, '/deals'),
    onError: (error) => {
      if (isApiError(error) && error.status === 409 && error.fields.email === undefined) {
        form.setFieldError('email', t('auth.signUp.emailTaken'));
        return;
      }
      errors.show(error);
    },
  });

  const submit = form.onSubmit((values) => {
    errors.setMessage(null);
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
        <AuthFooterLink
          prompt={t('auth.signUp.haveAccount')}
          to="/sign-in"
          label={t('auth.signUp.toSignIn')}
        />
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert message={errors.message} />
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
