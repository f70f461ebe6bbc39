// Sign up, the shell, sign out, sign in again, and the interface in Russian and in English.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import {
  field,
  mainNav,
  NAV_EN,
  NAV_RU,
  navTexts,
  newPerson,
  signInViaUi,
  signOutViaUi,
  signUpViaUi,
} from '../support/app.js';

const browser = useBrowser();

describe('the web shell', () => {
  let page: Page;
  const person = newPerson('owner');

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
  });

  it('sends a visitor to sign in', async () => {
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('heading', { name: 'Sign in to Voronka' }).waitFor();
    await screenshot(page, 'sign-in-en.png');
  });

  it('signs up and shows the shell with every section', async () => {
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.waitForURL(/\/sign-up/);
    await signUpViaUi(page, person);
    await page.waitForURL(/\/deals$/);
    expect(await navTexts(page)).toEqual(NAV_EN);
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    await page.getByRole('button', { name: `Switch account: ${person.accountName}` }).waitFor();
  });

  it('opens each section with its own title', async () => {
    await mainNav(page).getByRole('link', { name: 'Contacts' }).click();
    await page.waitForURL(/\/contacts$/);
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await mainNav(page).getByRole('link', { name: 'Deals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    await screenshot(page, 'shell-en.png');
  });

  it('signs out and back in', async () => {
    await signOutViaUi(page);
    await page.getByRole('heading', { name: 'Sign in to Voronka' }).waitFor();
    // The session is gone: the API refuses and the app sends us back to sign in.
    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(401);
    await page.goto('/settings/users');
    await page.waitForURL(/\/sign-in\?next=/);

    await signInViaUi(page, { email: person.email, password: 'wrong-password' });
    await waitForText(page.getByRole('alert'), 'Wrong e-mail or password.');

    await signInViaUi(page, person);
    // Back where we wanted to go before signing in.
    await page.waitForURL(/\/settings\/users$/);
    await mainNav(page).waitFor();
    expect(await navTexts(page)).toEqual(NAV_EN);
  });

  it('switches the language to Russian and back to English', async () => {
    await mainNav(page).getByRole('link', { name: 'Deals' }).click();
    await page.getByText('RU', { exact: true }).click();
    await waitUntil(async () => (await navTexts(page))[0] === 'Сделки', 'Russian navigation');
    expect(await navTexts(page)).toEqual(NAV_RU);
    await page.getByRole('heading', { level: 1, name: 'Сделки' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.getByRole('radio', { name: 'RU' }).isChecked()).toBe(true);
    await screenshot(page, 'shell-ru.png');

    // The choice is saved to the user and survives a reload.
    await waitUntil(async () => {
      const me = (await (await page.request.get('/api/me')).json()) as { user: { locale: string } };
      return me.user.locale === 'ru';
    }, 'the locale saved on the server');
    await page.reload();
    await mainNav(page).waitFor();
    expect(await navTexts(page)).toEqual(NAV_RU);

    await page.getByText('EN', { exact: true }).click();
    await waitUntil(async () => (await navTexts(page))[0] === 'Deals', 'English navigation');
    expect(await navTexts(page)).toEqual(NAV_EN);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('creates a second account and switches between accounts', async () => {
    await page.getByRole('button', { name: `Switch account: ${person.accountName}` }).click();
    await page.getByRole('menuitem', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog', { name: 'New account' });
    await field(dialog, 'Account name').fill('Second team');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Switch account: Second team' }).waitFor();
    await mainNav(page).waitFor();
    const me = (await (await page.request.get('/api/me')).json()) as {
      account: { name: string; role: string };
      accounts: unknown[];
    };
    expect(me.account).toMatchObject({ name: 'Second team', role: 'admin' });
    expect(me.accounts).toHaveLength(2);

    await page.getByRole('button', { name: 'Switch account: Second team' }).click();
    await page.getByRole('menuitem', { name: person.accountName }).click();
    await page.getByRole('button', { name: `Switch account: ${person.accountName}` }).waitFor();
  });

  it('keeps a language picked on the sign-in page and saves it to the user', async () => {
    await signOutViaUi(page);
    await page.getByText('RU', { exact: true }).click();
    await page.getByRole('heading', { name: 'Вход в Воронку' }).waitFor();
    await field(page, 'Эл. почта').fill(person.email);
    await field(page, 'Пароль').fill(person.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await mainNav(page).waitFor();
    expect(await navTexts(page)).toEqual(NAV_RU);
    await waitUntil(async () => {
      const me = (await (await page.request.get('/api/me')).json()) as { user: { locale: string } };
      return me.user.locale === 'ru';
    }, 'the locale picked on the sign-in page to be saved');
  });

  it('shows the server field errors next to the field on sign-up', async () => {
    const other = await browser.newContext({ locale: 'en-US' });
    try {
      const second = await other.newPage();
      await second.goto('/sign-up');
      await field(second, 'Company or team name').fill('Second company');
      await field(second, 'Your name').fill('Someone Else');
      await field(second, 'E-mail').fill(person.email);
      await field(second, 'Password').fill('another-password');
      await second.getByRole('button', { name: 'Create account' }).click();
      await waitUntil(
        async () => (await field(second, 'E-mail').getAttribute('aria-invalid')) === 'true',
        'the e-mail field to be marked invalid',
      );
      expect(second.url()).toMatch(/\/sign-up$/);
    } finally {
      await other.close();
    }
  });
});
