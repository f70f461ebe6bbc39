import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ru } from './ru';
import { pluralForms, translationKeys } from './tree';
import { createI18n } from './index';
import { detectLocale } from './locale';

describe('translations', () => {
  it('Russian and English have the same keys', () => {
    expect(translationKeys(ru)).toEqual(translationKeys(en));
  });

  it('every plural key has all the CLDR forms of its language', () => {
    for (const forms of pluralForms(en).values()) expect(forms).toEqual(['one', 'other']);
    for (const forms of pluralForms(ru).values()) expect(forms).toEqual(['few', 'many', 'one', 'other']);
  });

  it('uses Russian plural rules', async () => {
    const i18n = await createI18n('ru');
    expect(i18n.t('settings.users.count', { count: 1 })).toBe('1 пользователь');
    expect(i18n.t('settings.users.count', { count: 3 })).toBe('3 пользователя');
    expect(i18n.t('settings.users.count', { count: 5 })).toBe('5 пользователей');
    expect(i18n.t('settings.users.count', { count: 21 })).toBe('21 пользователь');
    expect(i18n.t('auth.signIn.tooManyAttempts', { count: 15 })).toContain('15 минут.');
    await i18n.changeLanguage('en');
    expect(i18n.t('settings.users.count', { count: 1 })).toBe('1 user');
    expect(i18n.t('settings.users.count', { count: 5 })).toBe('5 users');
  });
});

describe('language detection', () => {
  it('prefers the stored choice', () => {
    expect(detectLocale('en', ['ru-RU'])).toBe('en');
    expect(detectLocale('ru', ['en-US'])).toBe('ru');
  });

  it('is Russian when the browser prefers Russian over English, else English', () => {
    expect(detectLocale(null, ['ru-RU', 'en-US'])).toBe('ru');
    expect(detectLocale(null, ['uk-UA', 'ru', 'en'])).toBe('ru');
    expect(detectLocale(null, ['en-GB', 'ru-RU'])).toBe('en');
    expect(detectLocale(null, ['de-DE'])).toBe('en');
    expect(detectLocale('fr', [])).toBe('en');
  });
});
