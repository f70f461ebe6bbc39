// Contacts and companies (CORE-4, CORE-7): a manager creates a company and a person working there through
// the UI and sees the link on both cards, is told at the field that a phone is not one (keeping the input),
// merges two duplicate contacts and undoes the merge, and finds a contact with the list's search. The
// contact card is captured in English and Russian.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { cardField, field, json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

/** A field of a card: its group, named by the field's label. */

const idFromUrl = (page: Page, section: string) =>
  new RegExp(`/${section}/([0-9a-f-]{36})$`).exec(page.url())?.[1] ?? '';

describe('contacts and companies', () => {
  let page: Page;
  const owner = newPerson('owner');
  const suffix = Math.random().toString(36).slice(2, 7);
  const companyName = `Romashka ${suffix}`;
  const lastName = `Petrov${suffix}`;
  let companyId = '';
  let contactId = '';

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, owner);
  });

  it('creates a company from the list', async () => {
    await page.goto('/companies');
    await page.getByRole('button', { name: 'New company' }).click();
    const dialog = page.getByRole('dialog', { name: 'New company' });
    await field(dialog, 'Company name').fill(companyName);
    await field(dialog, 'INN').fill('7707083893');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: companyName, level: 1 }).waitFor();
    companyId = idFromUrl(page, 'companies');
    expect(companyId).not.toBe('');
  });

  it('shows a bad phone at the field and keeps the input, then creates the linked contact', async () => {
    await page.goto('/contacts');
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await field(dialog, 'Last name').fill(lastName);
    await field(dialog, 'First name').fill('Ivan');
    const companies = field(dialog, 'Companies').first();
    await companies.click();
    await companies.pressSequentially('Romashka');
    await dialog.getByRole('option', { name: companyName }).click();
    await dialog.getByText(companyName).waitFor();
    const phone = dialog.getByLabel('Phone 1', { exact: true });
    await phone.fill('call me later');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Not a phone number').waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await field(dialog, 'Last name').inputValue()).toBe(lastName);

    await phone.fill('8 (916) 123-45-67');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: `${lastName} Ivan`, level: 1 }).waitFor();
    contactId = idFromUrl(page, 'contacts');
    await cardField(page, 'Companies').getByRole('link', { name: companyName }).waitFor();
    await cardField(page, 'Phones').getByText('8 (916) 123-45-67').waitFor();
    const stored = await json<{ phones: { e164: string }[]; companyIds: string[] }>(
      await page.request.get(`/api/contacts/${contactId}`),
    );
    expect(stored.phones[0]?.e164).toBe('+79161234567');
    expect(stored.companyIds).toEqual([companyId]);
  });

  it('shows the person on the company card', async () => {
    await cardField(page, 'Companies').getByRole('link', { name: companyName }).click();
    await page.getByRole('heading', { name: companyName, level: 1 }).waitFor();
    await cardField(page, 'People')
      .getByRole('link', { name: `${lastName} Ivan` })
      .waitFor();
  });

  it('refuses a bad phone edited in place, with the reason at the field', async () => {
    await page.goto(`/contacts/${contactId}`);
    await page.getByRole('button', { name: 'Edit Phones' }).click();
    const phones = cardField(page, 'Phones');
    await phones.getByLabel('Phone 1', { exact: true }).fill('abc');
    await phones.getByRole('button', { name: 'Save' }).click();
    await waitForText(phones.getByRole('alert'), 'Phone 1: Not a phone number');
    expect(await phones.getByLabel('Phone 1', { exact: true }).inputValue()).toBe('abc');
    await phones.getByRole('button', { name: 'Cancel' }).click();
    await screenshot(page, 'contact-card-en.png');
  });

  it('merges a duplicate into the contact and undoes the merge', async () => {
    const duplicate = await json<{ id: string }>(
      await page.request.post('/api/contacts', {
        data: {
          firstName: 'Ivan',
          lastName,
          position: 'Director',
          phones: [{ value: '+7 916 123 45 67', type: 'work' }],
        },
      }),
    );
    await page.reload();
    const panel = page.getByRole('region', { name: /Possible duplicate/ });
    await panel.getByRole('checkbox', { name: `Select ${lastName} Ivan to merge` }).check();
    await panel.getByRole('button', { name: 'Merge 1 record into this one…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge contacts' });
    await dialog.getByRole('button', { name: 'Merge 1 record' }).click();
    await page.getByText(`1 record merged into ${lastName} Ivan.`).waitFor();
    await waitUntil(
      async () => (await page.request.get(`/api/contacts/${duplicate.id}`)).status() === 404,
      'the duplicate is merged away',
    );
    const kept = await json<{ position: string | null }>(
      await page.request.get(`/api/contacts/${contactId}`),
    );
    expect(kept.position).toBe('Director');

    // The merged-away address explains where the record went.
    const other = await browser.newPage({ locale: 'en-US' });
    await other.context().addCookies(await page.context().cookies());
    await other.goto(`/contacts/${duplicate.id}`);
    await waitForText(other.getByRole('status'), `was merged into`);
    await other.close();

    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('The merge is undone').waitFor();
    expect((await page.request.get(`/api/contacts/${duplicate.id}`)).status()).toBe(200);
    const restored = await json<{ position: string | null }>(
      await page.request.get(`/api/contacts/${contactId}`),
    );
    expect(restored.position).toBeNull();
  });

  it('finds a contact with the list search', async () => {
    const other = await json<{ id: string }>(
      await page.request.post('/api/contacts', {
        data: { firstName: 'Olga', lastName: `Sidorova${suffix}` },
      }),
    );
    await page.goto('/contacts');
    await page.getByRole('table', { name: 'Contacts' }).waitFor();
    await page
      .locator(`[data-testid="record-row"]`)
      .getByRole('link', { name: `Sidorova${suffix} Olga` })
      .waitFor();
    await field(page, 'Search').fill(lastName);
    await waitUntil(() => Promise.resolve(page.url().includes(`q=${lastName}`)), 'the search in the address');
    await waitUntil(async () => {
      const rows = await page.getByTestId('record-row').allTextContents();
      return rows.length === 2 && rows.every((row) => row.includes(lastName));
    }, 'only the Petrovs listed');
    expect(await page.getByRole('link', { name: `Sidorova${suffix} Olga` }).count()).toBe(0);
    expect(other.id).not.toBe('');
    await field(page, 'Search').fill(`${lastName}zzz`);
    await page.getByText('No contacts match these filters.').waitFor();
  });

  it('shows the contact card in Russian', async () => {
    const ru = await browser.newPage({ locale: 'ru-RU' });
    await signUpViaApi(ru, newPerson('ivanova'), 'ru');
    const company = await json<{ id: string }>(
      await ru.request.post('/api/companies', { data: { name: 'ООО «Ромашка»', inn: '7707083893' } }),
    );
    const contact = await json<{ id: string }>(
      await ru.request.post('/api/contacts', {
        data: {
          lastName: 'Иванова',
          firstName: 'Мария',
          middleName: 'Петровна',
          position: 'Главный бухгалтер',
          phones: [{ value: '8 (495) 123-45-67', type: 'work' }],
          emails: [{ value: 'maria@romashka.ru', type: 'work' }],
          messengers: [{ service: 'telegram', value: '@maria' }],
          companyIds: [company.id],
        },
      }),
    );
    await ru.goto(`/contacts/${contact.id}`);
    await ru.getByRole('heading', { name: 'Иванова Мария Петровна', level: 1 }).waitFor();
    await cardField(ru, 'Компании').getByRole('link', { name: 'ООО «Ромашка»' }).waitFor();
    await ru.getByText('Сделок пока нет.').waitFor();
    await screenshot(ru, 'contact-card-ru.png');
  });
});
