import type { TFunction } from 'i18next';

// Client-side checks mirror the contract (packages/contracts): the server validates again.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const validators = (t: TFunction) => ({
  required: (value: string) => (value.trim() === '' ? t('validation.required') : null),
  email: (value: string) =>
    value.trim() === '' ? t('validation.required') : EMAIL.test(value.trim()) ? null : t('validation.email'),
  password: (value: string) => (value.length < 8 ? t('validation.passwordMin') : null),
  totp: (value: string) => (/^\d{6}$/.test(value.trim()) ? null : t('validation.totpFormat')),
});
