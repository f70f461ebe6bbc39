// Saved views and global search (CORE-9): filter the deals list and save it as a view; after a reload,
// picking the view shows the same rows; a column hidden with the chooser stays hidden after a reload; the
// header's search finds a deal and a contact and Enter opens the deal's card; a second user of the account
// does not see a private view, and sees it once an administrator shares it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitUntil } from '../support/browser.js';
import {
  acceptInvitationViaApi,
  assignRoleViaApi,
  field,
  inviteViaApi,
  newPerson,
  signUpViaApi,
} from '../support/app.js';

const browser = useBrowser();

const rowNames = async (page: Page) =>
  (await page.getByTestId('deal-row').locator('td:nth-child(2) a').allTextContents()).sort();
const headers = async (page: Page) =>
  (await page.getByRole('table', { name: 'Deals' }).locator('thead th').allTextContents()).map((h) =>
    h.trim(),
  );
const waitForRows = (page: Page, names: string[]) =>
  waitUntil(
    async () => JSON.stringify(await rowNames(page)) === JSON.stringify([...names].sort()),
    `rows ${names.join(', ')}`,
  );

describe('saved views and global search', () => {
  let page: Page;
  const owner = newPerson('owner');
  let zephyrDeal = '';

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, owner);
    const company = await page.request.post('/api/companies', { data: { name: 'Northwind' } });
    const companyId = ((await company.json()) as { id: string }).id;
    for (const name of ['Alpha windows', 'Beta doors', 'Gamma windows']) {
      const res = await page.request.post('/api/deals', { data: { name, amount: '1000', companyId } });
      expect(res.ok()).toBe(true);
    }
    const zephyr = await page.request.post('/api/deals', {
      data: { name: 'Zephyr balcony', amount: '250000' },
    });
    zephyrDeal = ((await zephyr.json()) as { id: string }).id;
    const contact = await page.request.post('/api/contacts', {
      data: { firstName: 'Zephyra', lastName: 'Smith', phones: [{ value: '+7 916 777-88-99' }] },
    });
    expect(contact.ok()).toBe(true);
  });

  it('saves the filtered list as a view, and picking it after a reload shows the same rows', async () => {
    await page.goto('/deals?view=list');
    await waitForRows(page, ['Alpha windows', 'Beta doors', 'Gamma windows', 'Zephyr balcony']);
    await field(page, 'Search').fill('windows');
    await page.waitForURL(/q=windows/);
    await waitForRows(page, ['Alpha windows', 'Gamma windows']);

    await page.getByRole('button', { name: 'Save as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the view' });
    await field(dialog, 'Name').fill('Window deals');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/savedView=/);
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('combobox', { name: 'Saved view' }).inputValue()).toBe('Window deals');

    // A fresh list without filters, then the view.
    await page.goto('/deals?view=list');
    await waitForRows(page, ['Alpha windows', 'Beta doors', 'Gamma windows', 'Zephyr balcony']);
    await page.reload();
    await waitForRows(page, ['Alpha windows', 'Beta doors', 'Gamma windows', 'Zephyr balcony']);
    await page.getByRole('combobox', { name: 'Saved view' }).click();
    await page.getByRole('option', { name: 'Window deals' }).click();
    await waitForRows(page, ['Alpha windows', 'Gamma windows']);
    expect(await field(page, 'Search').inputValue()).toBe('windows');
  });

  it('hides a column with the chooser; it stays hidden after a reload and is saved into the view', async () => {
    expect(await headers(page)).toContain('Company');
    await page.getByRole('button', { name: 'Columns' }).click();
    // The address changes first (a navigation), then the box: click, not uncheck(), which checks at once.
    await page.getByRole('checkbox', { name: 'Company' }).click();
    await page.waitForURL(/columns=name%2Cstage%2Camount%2Cresponsible%2Ccontact%2CcreatedAt/);
    await page.keyboard.press('Escape');
    await waitUntil(async () => !(await headers(page)).includes('Company'), 'the company column to go');
    await screenshot(page, 'views-list-columns.png');
    await page.reload();
    await waitForRows(page, ['Alpha windows', 'Gamma windows']);
    expect(await headers(page)).not.toContain('Company');
    expect(await headers(page)).toContain('Amount');

    // Into the view: the list without the view shows every column, the view hides the company again.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor({ state: 'hidden' });
    await page.goto('/deals?view=list');
    await waitForRows(page, ['Alpha windows', 'Beta doors', 'Gamma windows', 'Zephyr balcony']);
    expect(await headers(page)).toContain('Company');
    await page.getByRole('combobox', { name: 'Saved view' }).click();
    await page.getByRole('option', { name: 'Window deals' }).click();
    await waitForRows(page, ['Alpha windows', 'Gamma windows']);
    expect(await headers(page)).not.toContain('Company');
  });

  it('finds a deal and a contact from the header; Enter opens the deal', async () => {
    await page.goto('/deals');
    await page.getByRole('heading', { name: 'Deals' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('zephyr');
    const deal = page.getByRole('option', { name: /Zephyr balcony/ });
    const contact = page.getByRole('option', { name: /Smith Zephyra/ });
    await deal.waitFor();
    await contact.waitFor();
    await expect(contact.textContent()).resolves.toContain('+7 916 777-88-99');
    await screenshot(page, 'views-global-search.png');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/deals/${zephyrDeal}$`));

    // Digits of the phone find the contact too.
    await page.getByRole('textbox', { name: 'Search everywhere' }).fill('9167778899');
    await page.getByRole('option', { name: /Smith Zephyra/ }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('a second user does not see a private view, and sees it once shared', async () => {
    const member = newPerson('member');
    const token = await inviteViaApi(page, member.email);
    const memberPage = await browser.newPage({ locale: 'en-US' });
    await acceptInvitationViaApi(memberPage, token, member);
    // The colleague reads every deal: a director's role (a member is a manager by default, ADR 0018).
    await assignRoleViaApi(page, memberPage, 'director');
    await memberPage.goto('/deals?view=list');
    await waitForRows(memberPage, ['Alpha windows', 'Beta doors', 'Gamma windows', 'Zephyr balcony']);
    await memberPage.getByRole('combobox', { name: 'Saved view' }).click();
    await memberPage.getByText('No saved views yet').waitFor();
    await memberPage.keyboard.press('Escape');
    const hidden = (await (await memberPage.request.get('/api/saved-views?entity=deals')).json()) as {
      items: unknown[];
    };
    expect(hidden.items).toEqual([]);

    // The administrator shares it from the view's menu.
    await page.goto('/deals?view=list');
    await page.getByRole('combobox', { name: 'Saved view' }).click();
    await page.getByRole('option', { name: 'Window deals' }).click();
    await page.getByRole('button', { name: 'View actions: Window deals' }).click();
    await page.getByRole('menuitem', { name: 'Share with everyone' }).click();
    await page.getByText('Everyone in the account now sees the view').waitFor();

    await memberPage.reload();
    await memberPage.getByRole('combobox', { name: 'Saved view' }).click();
    await memberPage.getByRole('option', { name: 'Window deals' }).click();
    await waitForRows(memberPage, ['Alpha windows', 'Gamma windows']);
    // A member changes nothing in a shared view: no "Save changes" after a change.
    await field(memberPage, 'Search').fill('alpha');
    await waitForRows(memberPage, ['Alpha windows']);
    expect(await memberPage.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
  });
});
