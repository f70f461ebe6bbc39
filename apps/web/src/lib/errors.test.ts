import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { forbiddenText } from './errors';

describe("the server's refusals for want of a right", () => {
  it('are worded in the UI language', async () => {
    const i18n = await createI18n('ru');
    expect(forbiddenText(i18n.t, 'Your role does not allow moving deals into this stage')).toBe(
      'Ваша роль не позволяет переносить сделки на этот этап.',
    );
    expect(forbiddenText(i18n.t, 'Your role does not allow changing this deal')).toBe(
      'Ваша роль не позволяет изменять эту сделку.',
    );
    expect(forbiddenText(i18n.t, 'Your role does not allow exporting companies')).toBe(
      'Ваша роль не позволяет экспортировать компании.',
    );
    await i18n.changeLanguage('en');
    expect(forbiddenText(i18n.t, 'Your role does not allow importing leads')).toBe(
      'Your role does not allow importing leads.',
    );
    expect(forbiddenText(i18n.t, 'Your role does not allow moving this deal into the stage')).toBe(
      'Your role does not allow moving deals into this stage.',
    );
  });

  it('a message it does not know is left to the caller', async () => {
    const i18n = await createI18n('en');
    expect(forbiddenText(i18n.t, 'Only an administrator may install a playbook')).toBeUndefined();
    expect(forbiddenText(i18n.t, 'Your role does not allow exporting robots')).toBeUndefined();
  });
});
