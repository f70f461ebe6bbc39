// Deal copy (AUTO-3, seed 002 §6.2): a manager opens a deal card, copies the deal with the dialog into another
// pipeline, opens the copy and sees its link to the original; the original's card lists the copy.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser, waitForText } from '../support/browser.js';
import { json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Stage {
  id: string;
  name: string;
  kind: string;
}
interface Pipeline {
  id: string;
  name: string;
  stages: Stage[];
}
interface Deal {
  id: string;
  name: string;
  pipelineId: string;
  stageId: string;
  contacts: { id: string }[];
  companyId: string | null;
}

describe('deal copy', () => {
  let page: Page;
  let dealId: string;
  let delivery: Pipeline;

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('copier'));
    delivery = await json<Pipeline>(
      await page.request.post('/api/pipelines', {
        data: { name: 'Delivery', stages: [{ name: 'In progress' }, { name: 'Handed over' }] },
      }),
    );
    const contact = await json<{ id: string }>(
      await page.request.post('/api/contacts', { data: { firstName: 'Ivan', lastName: 'Petrov' } }),
    );
    const deal = await json<Deal>(
      await page.request.post('/api/deals', {
        data: { name: 'Ceiling for Petrov', amount: '150000', contacts: [{ id: contact.id }] },
      }),
    );
    dealId = deal.id;
  });

  it('copies the deal into another pipeline with the dialog and links the copy to its original', async () => {
    await page.goto(`/deals/${dealId}`);
    await page.getByRole('heading', { name: 'Ceiling for Petrov', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy the deal' });
    await dialog.waitFor();

    await dialog.getByRole('combobox', { name: 'Pipeline', exact: true }).click();
    await page.getByRole('option', { name: 'Delivery' }).click();
    await dialog.getByRole('combobox', { name: 'Stage', exact: true }).click();
    await page.getByRole('option', { name: 'In progress' }).click();
    await dialog.getByRole('textbox', { name: 'Title of the copy' }).fill('Delivery: {name}');
    expect(await dialog.getByRole('checkbox', { name: 'Copy the contacts' }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Copy', exact: true }).click();

    await dialog.getByText('The copy is made').waitFor();
    await dialog.getByRole('link', { name: 'Open “Delivery: Ceiling for Petrov”' }).click();
    await page.getByRole('heading', { name: 'Delivery: Ceiling for Petrov', level: 1 }).waitFor();
    const copyId = /\/deals\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
    expect(copyId).not.toBe(dealId);
    const copy = await json<Deal>(await page.request.get(`/api/deals/${copyId}`));
    const inProgress = delivery.stages.find((s) => s.name === 'In progress');
    expect(copy).toMatchObject({ pipelineId: delivery.id, stageId: inProgress?.id });
    expect(copy.contacts).toHaveLength(1);

    // The copy's card links to the original, and the original's to the copy.
    const links = page.getByRole('group', { name: 'Copy links' });
    await waitForText(links, 'Copy of');
    await links.getByRole('link', { name: 'Ceiling for Petrov' }).click();
    await page.getByRole('heading', { name: 'Ceiling for Petrov', level: 1 }).waitFor();
    await page
      .getByRole('group', { name: 'Copy links' })
      .getByRole('link', { name: 'Delivery: Ceiling for Petrov' })
      .waitFor();
  });
});
