// Settings beyond users: the department tree, the profile and two-factor sign-in end to end.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { field, mainNav, newPerson, signInViaUi, signOutViaUi, signUpViaApi } from '../support/app.js';
import { totp } from '../support/totp.js';

const browser = useBrowser();

describe('settings', () => {
  let page: Page;
  const person = newPerson('manager');

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, person);
  });

  const treeItems = () => page.getByTestId('department-item');
  const treeNames = async () =>
    (await page.getByTestId('department-item').locator('> div p').allTextContents()).map((t) => t.trim());

  it('builds, edits and prunes the department tree', async () => {
    await page.goto('/settings/departments');
    await page.getByText('No departments yet. Create the first one to group users.').waitFor();

    for (const name of ['Sales', 'Marketing']) {
      await page.getByRole('button', { name: 'New department' }).click();
      const dialog = page.getByRole('dialog', { name: 'New department' });
      await field(dialog, 'Department name').fill(name);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await page.getByRole('button', { name: 'Add sub-department to Sales' }).click();
    const child = page.getByRole('dialog', { name: 'New department' });
    await field(child, 'Department name').fill('Moscow');
    await child.getByRole('button', { name: 'Create' }).click();
    await child.waitFor({ state: 'detached' });

    await waitUntil(async () => (await treeItems().count()) === 3, 'three departments');
    expect(await treeNames()).toEqual(['Marketing', 'Sales', 'Moscow']);
    await page.getByText('3 departments', { exact: true }).waitFor();

    // Moscow moves under Marketing and is renamed.
    await page.getByRole('button', { name: 'Edit: Moscow' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit department' });
    await field(edit, 'Department name').fill('Moscow office');
    await field(edit, 'Parent department').click();
    await page.getByRole('option', { name: 'Marketing' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await waitUntil(
      async () =>
        JSON.stringify(await treeNames()) === JSON.stringify(['Marketing', 'Moscow office', 'Sales']),
      'Moscow office under Marketing',
    );
    await screenshot(page, 'settings-departments.png');

    // A department with sub-departments cannot be deleted; a leaf can.
    await page.getByRole('button', { name: 'Delete: Marketing' }).click();
    const refuse = page.getByRole('dialog', { name: 'Delete department' });
    await refuse.getByRole('button', { name: 'Delete' }).click();
    await waitForText(refuse.getByRole('alert'), 'Move or delete its sub-departments first.');
    await refuse.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Delete: Moscow office' }).click();
    await page
      .getByRole('dialog', { name: 'Delete department' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await waitUntil(async () => (await treeItems().count()) === 2, 'two departments left');
  });

  it('renames the user in the profile', async () => {
    await page.goto('/settings/profile');
    await field(page, 'Name').fill('Maria Manager');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitForText(page.getByRole('button', { name: 'User menu' }), 'Maria Manager');
  });

  it('turns on two-factor sign-in and then asks for the code', async () => {
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = await field(page, 'Secret key').inputValue();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(await field(page, 'Setup link (otpauth)').inputValue()).toMatch(/^otpauth:\/\/totp\//);
    await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
    await screenshot(page, 'settings-totp.png');

    await field(page, '6-digit code').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    // A wrong code is refused next to the field (000000 is right once in a million).
    await waitUntil(
      async () => (await field(page, '6-digit code').getAttribute('aria-invalid')) === 'true',
      'the code to be refused',
    );
    // Each code is accepted once: switch on with the previous step's code, sign in with the current one,
    // switch off with the next one.
    await field(page, '6-digit code').fill(totp(secret, Date.now() - 30_000));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page
      .getByText('Two-factor authentication is on. A code from your authenticator app is asked at sign-in.')
      .waitFor();

    await signOutViaUi(page);
    await signInViaUi(page, person);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await field(page, 'Authentication code').fill(totp(secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await mainNav(page).waitFor();

    await page.goto('/settings/profile');
    await field(page, '6-digit code').fill(totp(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).waitFor();
  });
});
