// An administrator invites a colleague; the colleague accepts in another browser context and lands
// in the shell; the administrator's user list updates live over SSE, without a reload.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { field, mainNav, NAV_RU, navTexts, newPerson, signUpViaUi } from '../support/app.js';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

describe('inviting a user', () => {
  let admin: Page;
  let invitee: Page;
  const owner = newPerson('admin');
  const colleague = newPerson('colleague');
  let link = '';

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    // The colleague's browser prefers Russian.
    invitee = await browser.newPage({ locale: 'ru-RU' });
  });

  const userRows = () => admin.getByTestId('user-row');

  it('the administrator creates an invitation in Settings → Users', async () => {
    await signUpViaUi(admin, owner);
    await mainNav(admin).getByRole('link', { name: 'Settings' }).click();
    await admin.waitForURL(/\/settings\/account$/);
    await admin.getByRole('tab', { name: 'Users' }).click();
    await admin.waitForURL(/\/settings\/users$/);
    await waitUntil(async () => (await userRows().count()) === 1, 'the list with the administrator');
    await waitForText(userRows().first(), owner.email);
    await admin.getByText('1 user', { exact: true }).waitFor();

    await admin.getByRole('button', { name: 'Invite user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite a user' });
    await field(dialog, 'E-mail of the person to invite').fill(colleague.email);
    await dialog.getByRole('button', { name: 'Create invitation' }).click();
    const linkField = field(dialog, 'Invitation link');
    await linkField.waitFor();
    link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl}/invite/.+`));
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    const invitations = admin.getByTestId('invitation-row');
    await waitForText(invitations.first(), colleague.email);
    // The live stream is connected before the colleague answers.
    await admin.locator('[data-realtime="open"]').waitFor({ state: 'attached' });
  });

  it('the colleague accepts the invitation and sees the shell', async () => {
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: `Присоединиться к «${owner.accountName}»` }).waitFor();
    await screenshot(invitee, 'invite-ru.png');
    await field(invitee, 'Ваше имя').fill(colleague.name);
    await field(invitee, 'Пароль').fill(colleague.password);
    await invitee.getByRole('button', { name: 'Принять приглашение' }).click();
    await invitee.waitForURL(/\/deals$/);
    await mainNav(invitee).waitFor();
    // The new login keeps the language the invitation was read in.
    expect(await navTexts(invitee)).toEqual(NAV_RU);
    expect(await invitee.getAttribute('html', 'lang')).toBe('ru');
    // A member sees the team but not the administrator's actions.
    await mainNav(invitee).getByRole('link', { name: 'Настройки' }).click();
    await invitee.waitForURL(/\/settings\/account$/);
    await invitee.getByRole('tab', { name: 'Пользователи' }).click();
    await invitee.waitForURL(/\/settings\/users$/);
    await waitUntil(
      async () => (await invitee.getByTestId('user-row').count()) === 2,
      'two users for the member',
    );
    expect(await invitee.getByRole('button', { name: 'Пригласить' }).count()).toBe(0);
  });

  it("the administrator's list shows the new user without a reload", async () => {
    await waitUntil(async () => (await userRows().count()) === 2, 'the new user in the list (SSE)');
    await waitForText(userRows().filter({ hasText: colleague.email }), colleague.name);
    await admin.getByText('2 users', { exact: true }).waitFor();
    await waitUntil(
      async () => (await admin.getByTestId('invitation-row').count()) === 0,
      'the invitation to leave the pending list',
    );
    await screenshot(admin, 'settings-users.png');
  });
});
