// The contacts and leads lists (CORE-9) on the shared list kit: a view saved on each list brings back the
// same rows after a reload; the leads list sorts on the server by its headers; the responsible of two
// leads changes in one bulk action and the list shows the new one; a colleague's changes reach an open list
// and an open card live.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import {
  acceptInvitationViaApi,
  cardField,
  field,
  inviteViaApi,
  newPerson,
  signUpViaApi,
} from '../support/app.js';

const browser = useBrowser();

const namesIn = async (page: Page, testId: string) =>
  await page.getByTestId(testId).locator('td:nth-child(2) a').allTextContents();
const waitForNames = (page: Page, testId: string, names: string[], sorted = true) =>
  waitUntil(
    async () => {
      const shown = await namesIn(page, testId);
      return (
        JSON.stringify(sorted ? shown.toSorted() : shown) ===
        JSON.stringify(sorted ? names.toSorted() : names)
      );
    },
    `rows ${names.join(', ')}`,
  );

async function saveView(page: Page, name: string) {
  await page.getByRole('button', { name: 'Save as…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save the view' });
  await field(dialog, 'Name').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/savedView=/);
  await dialog.waitFor({ state: 'hidden' });
}

async function pickView(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Saved view' }).click();
  await page.getByRole('option', { name }).click();
}

describe('lists: saved views, sorting and bulk actions', () => {
  let page: Page;
  let memberPage: Page;
  let claraId = '';
  const owner = newPerson('owner');
  const member = newPerson('member');
  const leads = new Map<string, string>();

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, owner);
    const token = await inviteViaApi(page, member.email);
    memberPage = await browser.newPage({ locale: 'en-US' });
    await acceptInvitationViaApi(memberPage, token, member);
    for (const [firstName, lastName] of [
      ['Anna', 'Petrova'],
      ['Boris', 'Petrov'],
      ['Clara', 'Smith'],
    ]) {
      const res = await page.request.post('/api/contacts', { data: { firstName, lastName } });
      expect(res.ok()).toBe(true);
      if (firstName === 'Clara') claraId = ((await res.json()) as { id: string }).id;
    }
    for (const [name, amount] of [
      ['Windows for a school', '90000'],
      ['Doors for an office', '150000'],
      ['Fence repair', '30000'],
    ] as const) {
      const res = await page.request.post('/api/leads', { data: { name, amount } });
      expect(res.ok()).toBe(true);
      leads.set(name, ((await res.json()) as { id: string }).id);
    }
  });

  it('saves the filtered contacts as a view; after a reload the view shows the same rows', async () => {
    await page.goto('/contacts');
    await waitForNames(page, 'record-row', ['Petrova Anna', 'Petrov Boris', 'Smith Clara']);
    await field(page, 'Search').fill('petrov');
    await page.waitForURL(/q=petrov/);
    await waitForNames(page, 'record-row', ['Petrova Anna', 'Petrov Boris']);
    await saveView(page, 'The Petrovs');
    expect(await page.getByRole('combobox', { name: 'Saved view' }).inputValue()).toBe('The Petrovs');

    await page.goto('/contacts');
    await page.reload();
    await waitForNames(page, 'record-row', ['Petrova Anna', 'Petrov Boris', 'Smith Clara']);
    await pickView(page, 'The Petrovs');
    await waitForNames(page, 'record-row', ['Petrova Anna', 'Petrov Boris']);
    expect(await field(page, 'Search').inputValue()).toBe('petrov');
    await screenshot(page, 'lists-contacts-view.png');
  });

  it('sorts the leads by amount on the server and keeps the sort and a hidden column in a view', async () => {
    await page.goto('/leads');
    const table = page.getByRole('table', { name: 'Leads' });
    await table.waitFor();
    await table.getByRole('button', { name: 'Amount' }).click();
    await page.waitForURL(/sort=amount&order=desc/);
    await waitForNames(
      page,
      'lead-row',
      ['Doors for an office', 'Windows for a school', 'Fence repair'],
      false,
    );
    await table.getByRole('button', { name: 'Amount' }).click();
    await page.waitForURL(/order=asc/);
    await waitForNames(
      page,
      'lead-row',
      ['Fence repair', 'Windows for a school', 'Doors for an office'],
      false,
    );
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Source' }).click();
    await page.waitForURL(/columns=/);
    await page.keyboard.press('Escape');
    await saveView(page, 'Small first');

    await page.goto('/leads');
    await page.reload();
    await waitForNames(
      page,
      'lead-row',
      ['Fence repair', 'Doors for an office', 'Windows for a school'],
      false,
    );
    await pickView(page, 'Small first');
    await waitForNames(
      page,
      'lead-row',
      ['Fence repair', 'Windows for a school', 'Doors for an office'],
      false,
    );
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers).toContain('Amount');
    expect(headers).not.toContain('Source');
  });

  it('changes the responsible of two leads in one bulk action', async () => {
    const table = page.getByRole('table', { name: 'Leads' });
    await table.getByRole('checkbox', { name: 'Select Fence repair' }).check();
    await table.getByRole('checkbox', { name: 'Select Doors for an office' }).check();
    const bar = page.getByRole('toolbar', { name: 'Actions on the selected leads' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('combobox', { name: 'Change responsible' }).click();
    await page.getByRole('option', { name: member.name }).click();
    await bar.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('2 leads reassigned').waitFor();
    await bar.waitFor({ state: 'detached' });
    for (const name of ['Fence repair', 'Doors for an office']) {
      const row = table.getByTestId('lead-row').filter({ hasText: name });
      await waitForText(row.getByTestId('row-responsible'), member.name);
      const lead = (await (await page.request.get(`/api/leads/${leads.get(name)}`)).json()) as {
        responsibleUserId: string;
      };
      const users = (await (await page.request.get('/api/users')).json()) as {
        items: { id: string; name: string }[];
      };
      expect(users.items.find((user) => user.id === lead.responsibleUserId)?.name).toBe(member.name);
    }
    const unchanged = table.getByTestId('lead-row').filter({ hasText: 'Windows for a school' });
    expect(await unchanged.getByTestId('row-responsible').textContent()).toBe(owner.name);

    // Sorting by the title header orders the rows by name.
    await table.getByRole('button', { name: 'Lead title' }).click();
    await page.waitForURL(/sort=name/);
    await waitForNames(
      page,
      'lead-row',
      ['Doors for an office', 'Fence repair', 'Windows for a school'],
      false,
    );
    await screenshot(page, 'lists-leads-bulk.png');
  });

  it("shows a colleague's changes live: a new contact in the open list, a new position on the open card", async () => {
    await page.goto('/contacts');
    await waitForNames(page, 'record-row', ['Petrova Anna', 'Petrov Boris', 'Smith Clara']);
    // The colleague, in another browser, adds a contact through the app's dialog.
    await memberPage.goto('/contacts');
    await memberPage.getByRole('button', { name: 'New contact' }).click();
    const dialog = memberPage.getByRole('dialog', { name: 'New contact' });
    await field(dialog, 'Last name').fill('Orlova');
    await field(dialog, 'First name').fill('Daria');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForNames(page, 'record-row', ['Petrova Anna', 'Petrov Boris', 'Smith Clara', 'Orlova Daria']);

    await page.goto(`/contacts/${claraId}`);
    await page.getByRole('heading', { name: 'Smith Clara', level: 1 }).waitFor();
    await memberPage.goto(`/contacts/${claraId}`);
    await memberPage.getByRole('button', { name: 'Edit Position' }).click();
    await cardField(memberPage, 'Position').getByRole('textbox').fill('Purchasing manager');
    await cardField(memberPage, 'Position').getByRole('button', { name: 'Save' }).click();
    await cardField(memberPage, 'Position').getByText('Purchasing manager').waitFor();
    await cardField(page, 'Position').getByText('Purchasing manager').waitFor();
  });
});
