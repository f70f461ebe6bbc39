// Settings → Account (PLAT-2): an administrator renames the account and sets its language, currency
// and time zone; a member sees the same values read-only, and follows later changes live over SSE.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import {
  acceptInvitationViaApi,
  field,
  inviteViaApi,
  mainNav,
  NAV_RU,
  navTexts,
  newPerson,
  signUpViaApi,
} from '../support/app.js';

const browser = useBrowser();

interface AccountSettings {
  name: string;
  locale: string;
  currency: string;
  timezone: string;
}

const accountOf = async (page: Page) =>
  (await (await page.request.get('/api/account')).json()) as AccountSettings;

/**
 * A select by its label. (Mantine keeps each select's list in the page, labelled like its input, so a
 * label alone finds two elements.)
 */
const select = (page: Page, label: string) => page.getByRole('combobox', { name: label, exact: true });

/** Picks an option of a searchable select by typing part of it, as a person would. */
async function choose(page: Page, label: string, search: string, option: string | RegExp): Promise<void> {
  await select(page, label).fill(search);
  await page.getByRole('option', { name: option }).click();
  await waitUntil(
    async () => (await select(page, label).getAttribute('aria-expanded')) === 'false',
    `the ${label} list to close`,
  );
}

describe('account settings', () => {
  let admin: Page;
  let member: Page;
  const owner = newPerson('owner');
  const colleague = newPerson('colleague');
  const renamed = `Northwind ${owner.accountName.slice(5)}`;

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    member = await browser.newPage({ locale: 'ru-RU' });
    await signUpViaApi(admin, owner);
  });

  it('opens Settings on the Account tab with the defaults', async () => {
    await admin.goto('/deals');
    await mainNav(admin).getByRole('link', { name: 'Settings' }).click();
    await admin.waitForURL(/\/settings\/account$/);
    await admin.getByRole('tab', { name: 'Account', selected: true }).waitFor();
    await waitUntil(
      async () => (await field(admin, 'Account name').inputValue()) === owner.accountName,
      'the account name in the form',
    );
    expect(await select(admin, 'Language for new users').inputValue()).toBe('English');
    expect(await select(admin, 'Currency').inputValue()).toBe('RUB — Russian Ruble');
    expect(await select(admin, 'Time zone').inputValue()).toBe('Europe/Moscow (UTC+03:00)');
    expect(await admin.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
  });

  it('shows a server field error next to the field', async () => {
    await field(admin, 'Account name').fill('x'.repeat(201));
    await admin.getByRole('button', { name: 'Save' }).click();
    await waitUntil(
      async () => (await field(admin, 'Account name').getAttribute('aria-invalid')) === 'true',
      'the name to be refused',
    );
    expect((await accountOf(admin)).name).toBe(owner.accountName);
  });

  it('an administrator changes the name, language, currency and time zone', async () => {
    await field(admin, 'Account name').fill(renamed);
    expect(await field(admin, 'Account name').getAttribute('aria-invalid')).not.toBe('true');
    // The Russian zones come first in the list.
    await select(admin, 'Time zone').click();
    expect((await admin.getByRole('option').first().textContent())?.trim()).toBe(
      'Europe/Kaliningrad (UTC+02:00)',
    );
    await admin.keyboard.press('Escape');
    await choose(admin, 'Time zone', 'Yekaterinburg', 'Asia/Yekaterinburg (UTC+05:00)');
    await choose(admin, 'Currency', 'tenge', 'KZT — Kazakhstani Tenge');
    await select(admin, 'Language for new users').click();
    await admin.getByRole('option', { name: 'Русский' }).click();

    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Account settings saved').waitFor();
    // The account switcher follows at once.
    await admin.getByRole('button', { name: `Switch account: ${renamed}` }).waitFor();
    expect(await accountOf(admin)).toMatchObject({
      name: renamed,
      locale: 'ru',
      currency: 'KZT',
      timezone: 'Asia/Yekaterinburg',
    });
    await waitUntil(async () => admin.getByRole('button', { name: 'Save' }).isDisabled(), 'a clean form');
    // The administrator's own interface language is theirs, not the account's.
    expect(await admin.getAttribute('html', 'lang')).toBe('en');
    await screenshot(admin, 'settings-account.png');
  });

  it('keeps the saved values after a reload', async () => {
    await admin.reload();
    await admin.getByRole('tab', { name: 'Account', selected: true }).waitFor();
    await waitUntil(
      async () => (await field(admin, 'Account name').inputValue()) === renamed,
      'the saved name after a reload',
    );
    expect(await select(admin, 'Language for new users').inputValue()).toBe('Русский');
    expect(await select(admin, 'Currency').inputValue()).toBe('KZT — Kazakhstani Tenge');
    expect(await select(admin, 'Time zone').inputValue()).toBe('Asia/Yekaterinburg (UTC+05:00)');
    await admin.getByRole('button', { name: `Switch account: ${renamed}` }).click();
    await admin.getByRole('menuitem', { name: renamed }).waitFor();
    await admin.keyboard.press('Escape');
  });

  it('a member sees the settings read-only, in the account’s language', async () => {
    const token = await inviteViaApi(admin, colleague.email, 'member');
    await acceptInvitationViaApi(member, token, colleague);
    await member.goto('/settings');
    await member.waitForURL(/\/settings\/account$/);
    await mainNav(member).waitFor();
    expect(await navTexts(member)).toEqual(NAV_RU);
    await member.getByRole('tab', { name: 'Компания', selected: true }).waitFor();
    await member.getByText('Изменять эти настройки могут только администраторы аккаунта.').waitFor();
    await waitUntil(
      async () => (await field(member, 'Название компании').inputValue()) === renamed,
      'the account name for the member',
    );
    expect(await select(member, 'Язык для новых пользователей').inputValue()).toBe('Русский');
    expect(await select(member, 'Валюта').inputValue()).toBe('KZT — Казахский тенге');
    expect(await select(member, 'Часовой пояс').inputValue()).toBe('Asia/Yekaterinburg (UTC+05:00)');
    expect(await field(member, 'Название компании').isEditable()).toBe(false);
    for (const label of ['Язык для новых пользователей', 'Валюта', 'Часовой пояс'])
      expect(await select(member, label).isEditable()).toBe(false);
    expect(await member.getByRole('button', { name: 'Сохранить' }).count()).toBe(0);
    await member.getByRole('button', { name: `Сменить аккаунт: ${renamed}` }).waitFor();
    await screenshot(member, 'settings-account-member-ru.png');

    // The server refuses a member's change as well.
    const refused = await member.request.patch('/api/account', { data: { currency: 'USD' } });
    expect(refused.status()).toBe(403);
  });

  it("the member's page follows the administrator's changes live", async () => {
    await member.locator('[data-realtime="open"]').waitFor({ state: 'attached' });
    const response = await admin.request.patch('/api/account', {
      data: { name: `${renamed} Ltd`, currency: 'USD' },
    });
    expect(response.status()).toBe(200);
    await waitUntil(
      async () => (await select(member, 'Валюта').inputValue()) === 'USD — Доллар США',
      'the new currency on the member’s page (SSE)',
    );
    expect(await field(member, 'Название компании').inputValue()).toBe(`${renamed} Ltd`);
    await waitForText(member.getByRole('button', { name: /^Сменить аккаунт: / }), `${renamed} Ltd`);
  });
});
