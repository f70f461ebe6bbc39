// A personal API token created in Settings → API tokens authenticates API calls, until revoked.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { field, newPerson, signUpViaApi } from '../support/app.js';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const meWithToken = (token: string) =>
  fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

describe('API tokens', () => {
  let page: Page;
  const person = newPerson('builder');
  let token = '';

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, person);
  });

  it('creates a token in Settings and shows it once', async () => {
    await page.goto('/settings/tokens');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByText('No tokens yet.').waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await field(dialog, 'Token name').fill('CI script');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const tokenField = field(dialog, 'Token');
    await tokenField.waitFor();
    token = await tokenField.inputValue();
    expect(token.length).toBeGreaterThan(20);
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    const row = page.getByTestId('token-row').filter({ hasText: 'CI script' });
    await waitForText(row, 'Active');
    const prefix = (await row.locator('code').textContent())?.replace('…', '') ?? '';
    expect(prefix.length).toBeGreaterThan(0);
    expect(token.startsWith(prefix)).toBe(true);
  });

  it('the token works against GET /api/me', async () => {
    const response = await meWithToken(token);
    expect(response.status).toBe(200);
    const me = (await response.json()) as {
      user: { email: string; name: string };
      account: { name: string };
    };
    expect(me.user.email).toBe(person.email);
    expect(me.account.name).toBe(person.accountName);
  });

  it('a revoked token no longer works', async () => {
    await page.getByRole('button', { name: 'Revoke token CI script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    const row = page.getByTestId('token-row').filter({ hasText: 'CI script' });
    await waitForText(row, 'Revoked');
    await waitUntil(async () => (await meWithToken(token)).status === 401, 'the revoked token to be refused');
  });
});
