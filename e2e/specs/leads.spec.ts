// Leads (CORE-2): a lead made through the API is found in the leads list, opens as a card, and is converted
// from its card into a new deal, contact and company in one step; the browser lands on the new deal.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../support/browser.js';
import { json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Lead {
  id: string;
  name: string;
  statusKind: string;
  convertedDealId: string | null;
}

describe('leads', () => {
  let page: Page;
  let lead: Lead;

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('owner'));
    lead = await json<Lead>(
      await page.request.post('/api/leads', {
        data: {
          name: 'Window cleaning request',
          firstName: 'Irina',
          lastName: 'Sokolova',
          companyName: 'Sokolova Bakery',
          amount: '45000',
        },
      }),
    );
  });

  it('lists the lead and opens its card', async () => {
    await page.goto('/leads');
    await page.getByRole('link', { name: 'Window cleaning request' }).first().click();
    await page.waitForURL(`**/leads/${lead.id}`);
    await page.getByRole('button', { name: 'Convert' }).first().waitFor();
    await screenshot(page, 'lead-card-en.png');
  });

  it('shows the lead card in Russian', async () => {
    await page.getByText('RU', { exact: true }).click();
    await page.getByRole('button', { name: 'Конвертировать' }).first().waitFor();
    await page.getByRole('link', { name: 'Лиды' }).first().waitFor();
    await page.getByRole('toolbar', { name: 'Статусы лида' }).waitFor();
    await screenshot(page, 'lead-card-ru.png');
    await page.getByText('EN', { exact: true }).click();
    await page.goto(`/leads/${lead.id}`);
    await page.getByRole('button', { name: 'Convert' }).first().waitFor();
  });

  it('converts the lead into a new deal, contact and company and lands on the deal', async () => {
    await page.getByRole('button', { name: 'Convert' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Convert the lead' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Convert' }).click();
    await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
    const dealId = page.url().split('/').pop()!;

    const deal = await json<{
      name: string;
      leadId: string;
      contacts: { name: string }[];
      companyName: string;
    }>(await page.request.get(`/api/deals/${dealId}`));
    expect(deal.leadId).toBe(lead.id);
    expect(deal.contacts.map((c) => c.name).join()).toContain('Irina');
    expect(deal.companyName).toBe('Sokolova Bakery');
    const converted = await json<Lead>(await page.request.get(`/api/leads/${lead.id}`));
    expect(converted.statusKind).toBe('converted');
    expect(converted.convertedDealId).toBe(dealId);

    await page.goto(`/leads/${lead.id}`);
    await page.getByText('The lead is converted').waitFor();
  });
});
