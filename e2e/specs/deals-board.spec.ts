// Deals (CORE-9): the kanban of a pipeline with per-column counts and sums, keyboard drag and drop
// between stages (saved on the server, seen live by a second session, refused with the field named
// when a stage requires it), quick add, search kept in the address, a virtualized long column, and
// the list view: server sorting and a bulk move.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { field, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Stage {
  id: string;
  name: string;
  kind: string;
}
interface Deal {
  id: string;
  name: string;
  stageId: string;
  amount: string;
  lossReasonId: string | null;
  lossComment: string | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const column = (page: Page, stage: string) => page.getByRole('region', { name: stage, exact: true });
/** An option of the kanban / list switch (its label: the radio input itself is visually hidden). */
const viewSwitch = (page: Page, name: string) =>
  page
    .getByLabel('View')
    .locator('label')
    .filter({ hasText: new RegExp(`^${name}$`) });
const countOf = (col: Locator) => col.getByTestId('column-count');
const sumOf = (col: Locator) => col.getByTestId('column-sum');
const cardIn = (col: Locator, name: string) => col.getByRole('button', { name, exact: true });

async function createDeal(page: Page, body: Record<string, unknown>): Promise<Deal> {
  const response = await page.request.post('/api/deals', { data: body });
  if (!response.ok())
    throw new Error(`creating a deal failed: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as Deal;
}

const dealOf = async (page: Page, id: string) =>
  (await (await page.request.get(`/api/deals/${id}`)).json()) as Deal;

/** Picks up a card with the keyboard, carries it `steps` columns right and drops it. */
async function keyboardDrag(page: Page, card: Locator, steps: number): Promise<void> {
  await card.focus();
  await page.keyboard.press('Space');
  await pause(250);
  for (let i = 0; i < steps; i += 1) {
    await page.keyboard.press('ArrowRight');
    await pause(250);
  }
  await page.keyboard.press('Space');
}

describe('deals board', () => {
  let page: Page;
  const owner = newPerson('seller');
  const stages = new Map<string, Stage>();
  const deals = new Map<string, Deal>();

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, owner);
    const pipelines = (await (await page.request.get('/api/pipelines')).json()) as {
      items: { id: string; isDefault: boolean; stages: Stage[] }[];
    };
    const sales = pipelines.items.find((p) => p.isDefault)!;
    for (const stage of sales.stages) stages.set(stage.name, stage);

    const initial = stages.get('Initial contact')!.id;
    const negotiation = stages.get('Negotiation')!.id;
    for (const [name, amount, stageId] of [
      ['Alpha windows', '150000.00', initial],
      ['Beta doors', '50000.00', initial],
      ['Gamma roof', '300000.00', negotiation],
    ] as const) {
      deals.set(name, await createDeal(page, { name, amount, stageId }));
    }
    // A long column: more cards than one page, tagged so the list can leave them out.
    const decision = stages.get('Decision making')!.id;
    for (let batch = 0; batch < 6; batch += 1) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          createDeal(page, {
            name: `Bulk ${String(batch * 10 + i + 1).padStart(2, '0')}`,
            amount: '1000.00',
            stageId: decision,
            tags: ['bulk'],
          }),
        ),
      );
    }
    // A field the Won stage requires: a move there without it is refused.
    const created = await page.request.post('/api/custom-fields', {
      data: {
        entity: 'deal',
        name: 'Contract number',
        type: 'string',
        requiredFromStageIds: [stages.get('Won')!.id],
      },
    });
    if (!created.ok()) throw new Error(`custom field: HTTP ${created.status()} ${await created.text()}`);
  });

  it('shows every stage of the pipeline with its count and sum', async () => {
    await page.goto('/deals');
    const initial = column(page, 'Initial contact');
    await waitForText(countOf(initial), '2 deals');
    await waitForText(sumOf(initial), '₽200,000');
    await waitForText(countOf(column(page, 'Negotiation')), '1 deal');
    await waitForText(sumOf(column(page, 'Negotiation')), '₽300,000');
    await waitForText(countOf(column(page, 'Decision making')), '60 deals');
    await waitForText(sumOf(column(page, 'Decision making')), '₽60,000');
    const headings = await page
      .getByRole('region', { name: 'Deals board' })
      .getByRole('heading')
      .allTextContents();
    expect(headings).toEqual([
      'Incoming',
      'Initial contact',
      'Negotiation',
      'Decision making',
      'Contract',
      'Won',
      'Lost',
    ]);
    // Cards carry the task marker: none of these deals has a task.
    await cardIn(initial, 'Alpha windows').getByText('No task planned').waitFor();
    await screenshot(page, 'deals-board-en.png');
  });

  it('keeps a long column light: only the cards in view are in the page, the rest load on scrolling', async () => {
    const decision = column(page, 'Decision making');
    const cards = decision.getByTestId('deal-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeLessThan(30);
    const scroller = decision.getByTestId('column-scroll');
    // Scroll to the end until the oldest deal (loaded with the next page) shows.
    await waitUntil(async () => {
      await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      return (await cardIn(decision, 'Bulk 01').count()) === 1;
    }, 'the last page of the column');
    expect(await cards.count()).toBeLessThan(30);
    expect(await cardIn(decision, 'Bulk 60').count()).toBe(0);
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  });

  it('moves a card to another stage by keyboard, at once and on the server, and another session sees it live', async () => {
    // The same account in a second browser.
    const other = await browser.newPage({ locale: 'en-US' });
    const signIn = await other.request.post('/api/auth/sign-in', {
      data: { email: owner.email, password: owner.password },
    });
    expect(signIn.ok()).toBe(true);
    await other.goto('/deals');
    await waitForText(countOf(column(other, 'Negotiation')), '1 deal');

    const initial = column(page, 'Initial contact');
    const negotiation = column(page, 'Negotiation');
    await keyboardDrag(page, cardIn(initial, 'Alpha windows'), 1);
    await cardIn(negotiation, 'Alpha windows').waitFor();
    await waitForText(countOf(initial), '1 deal');
    await waitForText(sumOf(initial), '₽50,000');
    await waitForText(countOf(negotiation), '2 deals');
    await waitForText(sumOf(negotiation), '₽450,000');
    await waitUntil(
      async () =>
        (await dealOf(page, deals.get('Alpha windows')!.id)).stageId === stages.get('Negotiation')!.id,
      'the move saved on the server',
    );

    // Live in the other session: the card changed columns and both counts followed.
    await cardIn(column(other, 'Negotiation'), 'Alpha windows').waitFor();
    await waitForText(countOf(column(other, 'Negotiation')), '2 deals');
    await waitForText(countOf(column(other, 'Initial contact')), '1 deal');
    await waitForText(sumOf(column(other, 'Negotiation')), '₽450,000');
    await other.context().close();
  });

  it('puts a refused move back and names the field the stage requires', async () => {
    const negotiation = column(page, 'Negotiation');
    // Negotiation → Decision making → Contract → Won.
    await keyboardDrag(page, cardIn(negotiation, 'Gamma roof'), 3);
    const alert = page.getByRole('alert').filter({ hasText: '«Gamma roof» was not moved to «Won»' });
    await alert.waitFor();
    await alert.getByText('Contract number').waitFor();
    await alert.getByRole('button', { name: 'Open the deal' }).waitFor();
    await cardIn(negotiation, 'Gamma roof').waitFor();
    await waitForText(countOf(negotiation), '2 deals');
    await waitForText(countOf(column(page, 'Won')), '0 deals');
    expect((await dealOf(page, deals.get('Gamma roof')!.id)).stageId).toBe(stages.get('Negotiation')!.id);
    await alert.getByRole('button', { name: 'Open the deal' }).click();
    await page.waitForURL(new RegExp(`/deals/${deals.get('Gamma roof')!.id}$`));
    await page.goBack();
    await column(page, 'Negotiation').waitFor();
  });

  it('adds a deal at the top of a column with Enter', async () => {
    const negotiation = column(page, 'Negotiation');
    await negotiation.getByRole('button', { name: 'Add a deal to Negotiation' }).click();
    await field(negotiation, 'Deal name').fill('Delta fence');
    await field(negotiation, 'Amount').fill('12 500');
    await page.keyboard.press('Enter');
    await cardIn(negotiation, 'Delta fence').waitFor();
    await waitForText(countOf(negotiation), '3 deals');
    await waitForText(sumOf(negotiation), '₽462,500');
    // The form stays open and empty for the next deal.
    expect(await field(negotiation, 'Deal name').inputValue()).toBe('');
    const names = await negotiation
      .getByTestId('deal-card')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')));
    expect(names[0]).toBe('Delta fence');
    const page1 = (await (await page.request.get('/api/deals?search=Delta')).json()) as { items: Deal[] };
    expect(page1.items.map((d) => [d.name, d.amount, d.stageId])).toEqual([
      ['Delta fence', '12500.00', stages.get('Negotiation')!.id],
    ]);
    deals.set('Delta fence', page1.items[0]!);
    await page.keyboard.press('Escape');
  });

  it('filters by search, kept in the address across a reload', async () => {
    await field(page, 'Search').fill('gamma');
    await page.waitForURL(/[?&]q=gamma/);
    const negotiation = column(page, 'Negotiation');
    await waitForText(countOf(negotiation), '1 deal');
    await waitForText(countOf(column(page, 'Initial contact')), '0 deals');
    await cardIn(negotiation, 'Gamma roof').waitFor();
    await page.reload();
    await waitForText(countOf(column(page, 'Negotiation')), '1 deal');
    expect(await field(page, 'Search').inputValue()).toBe('gamma');
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await waitForText(countOf(column(page, 'Negotiation')), '3 deals');
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
  });

  it('lists the deals, sorts by amount on the server and moves two of them in bulk', async () => {
    await viewSwitch(page, 'List').click();
    await page.waitForURL(/view=list/);
    const table = page.getByRole('table', { name: 'Deals' });
    await table.waitFor();
    const rowNames = async () =>
      (await table.getByTestId('deal-row').locator('td:nth-child(2) a').allTextContents()).slice(0, 4);

    await table.getByRole('button', { name: 'Amount' }).click();
    await page.waitForURL(/sort=amount&order=desc/);
    await waitUntil(
      async () =>
        JSON.stringify(await rowNames()) ===
        JSON.stringify(['Gamma roof', 'Alpha windows', 'Beta doors', 'Delta fence']),
      'rows by amount, largest first',
    );
    await table.getByRole('button', { name: 'Amount' }).click();
    await page.waitForURL(/order=asc/);
    await waitUntil(async () => (await rowNames())[0]?.startsWith('Bulk') === true, 'smallest first');
    // 64 deals: a page of 50 and "Load more".
    await page.getByTestId('list-shown').getByText('Shown: 50').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByTestId('list-shown').getByText('Shown: 64').waitFor();

    await table.getByRole('checkbox', { name: 'Select Beta doors' }).check();
    await table.getByRole('checkbox', { name: 'Select Delta fence' }).check();
    const bar = page.getByRole('toolbar', { name: 'Actions on the selected deals' });
    await bar.getByText('Selected: 2').waitFor();
    await bar.getByRole('combobox', { name: 'Move to stage' }).click();
    await page.getByRole('option', { name: 'Contract', exact: true }).click();
    await bar.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText('2 deals moved to «Contract»').waitFor();
    await bar.waitFor({ state: 'detached' });
    for (const name of ['Beta doors', 'Delta fence']) {
      const row = table.getByTestId('deal-row').filter({ hasText: name });
      await waitForText(row.getByTestId('row-stage'), 'Contract');
      expect((await dealOf(page, deals.get(name)!.id)).stageId).toBe(stages.get('Contract')!.id);
    }
  });

  it('names each deal a bulk move refuses on its row', async () => {
    const table = page.getByRole('table', { name: 'Deals' });
    await table.getByRole('checkbox', { name: 'Select Gamma roof' }).check();
    const bar = page.getByRole('toolbar', { name: 'Actions on the selected deals' });
    await bar.getByRole('combobox', { name: 'Move to stage' }).click();
    await page.getByRole('option', { name: 'Won', exact: true }).click();
    await bar.getByRole('button', { name: 'Move', exact: true }).click();
    await bar
      .getByRole('alert')
      .getByText(/Nothing was changed: 1 deal/)
      .waitFor();
    const row = table.getByTestId('deal-row').filter({ hasText: 'Gamma roof' });
    await waitForText(
      row.getByTestId('row-error'),
      'The field «Contract number» must be filled in at that stage',
    );
    expect((await dealOf(page, deals.get('Gamma roof')!.id)).stageId).toBe(stages.get('Negotiation')!.id);
    await bar.getByRole('button', { name: 'Clear' }).click();
  });

  it('moves deals to Lost in bulk with one loss reason for all', async () => {
    const table = page.getByRole('table', { name: 'Deals' });
    await table.getByRole('checkbox', { name: 'Select Bulk 01' }).check();
    await table.getByRole('checkbox', { name: 'Select Bulk 02' }).check();
    const bar = page.getByRole('toolbar', { name: 'Actions on the selected deals' });
    await bar.getByRole('combobox', { name: 'Move to stage' }).click();
    await page.getByRole('option', { name: 'Lost', exact: true }).click();
    await bar.getByRole('button', { name: 'Move', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Why were the deals lost?' });
    await dialog.waitFor();
    // The reason is required: submitting without one says so at the field and moves nothing.
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.getByText('Required').waitFor();
    await dialog.getByRole('combobox', { name: /^Loss reason/ }).click();
    const reason = page.getByRole('option').first();
    const reasonName = (await reason.textContent()) ?? '';
    await reason.click();
    await dialog.getByRole('textbox', { name: 'Comment' }).fill('Chose a cheaper offer');
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText('2 deals moved to «Lost»').waitFor();
    const lost = stages.get('Lost')!.id;
    const res = await page.request.get(`/api/deals?stageIds=${lost}&search=Bulk&limit=100`);
    const moved = ((await res.json()) as { items: Deal[] }).items.filter((d) =>
      ['Bulk 01', 'Bulk 02'].includes(d.name),
    );
    expect(moved).toHaveLength(2);
    const reasons = (await (await page.request.get('/api/reference-lists/loss_reasons')).json()) as {
      items: { id: string; name: string }[];
    };
    const reasonId = reasons.items.find((item) => item.name === reasonName)?.id;
    expect(reasonId).toBeDefined();
    for (const deal of moved) {
      expect(deal.lossReasonId).toBe(reasonId);
      expect(deal.lossComment).toBe('Chose a cheaper offer');
    }
  });

  it('shows the board in Russian', async () => {
    await viewSwitch(page, 'Kanban').click();
    await page.getByText('RU', { exact: true }).click();
    // The stages keep the names they were created with; the interface is Russian.
    const board = page.getByRole('region', { name: 'Канбан сделок' });
    await board.waitFor();
    await waitForText(countOf(column(page, 'Negotiation')), '2 сделки');
    // 60 bulk deals, two of them moved to Lost above.
    await waitForText(countOf(column(page, 'Decision making')), '58 сделок');
    await waitForText(sumOf(column(page, 'Negotiation')), /^450\s000\s₽$/);
    await screenshot(page, 'deals-board-ru.png');
    await page.getByText('EN', { exact: true }).click();
  });
});

// From the board to a deal's card: custom fields of the kinds file, CRM record link and resource booking
// are edited inline and saved as the API's values.
describe('deal card: file, record link and booking fields', () => {
  let page: Page;
  let dealId: string;
  let userId: string;
  let companyId: string;
  const fieldIds = new Map<string, string>();

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    const owner = newPerson('owner');
    await signUpViaApi(page, owner);
    userId = ((await (await page.request.get('/api/me')).json()) as { user: { id: string } }).user.id;
    const make = async (path: string, data: Record<string, unknown>) => {
      const response = await page.request.post(path, { data });
      if (!response.ok()) throw new Error(`${path}: HTTP ${response.status()} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    for (const [name, type, settings] of [
      ['Contract scan', 'file', { maxSizeMb: 5, accept: ['application/pdf'] }],
      ['Client company', 'crm_link', { targetEntities: ['company'] }],
      ['Showroom slot', 'resource_booking', { resourceIds: [userId] }],
    ] as const) {
      fieldIds.set(name, await make('/api/custom-fields', { entity: 'deal', name, type, settings }));
    }
    companyId = await make('/api/companies', { name: 'Horns and Hooves LLC' });
    dealId = await make('/api/deals', { name: 'Kitchen set', amount: '90000' });
  });

  const group = (label: string) => page.getByRole('group', { name: label, exact: true });
  const save = (label: string) => group(label).getByRole('button', { name: 'Save', exact: true }).click();
  const valueOf = async (label: string) =>
    (
      (await (await page.request.get(`/api/deals/${dealId}`)).json()) as {
        customFields: Record<string, unknown>;
      }
    ).customFields[fieldIds.get(label)!];

  it('opens the card from the board and attaches a file, links a company and books a resource', async () => {
    await page.goto('/deals');
    await cardIn(column(page, 'Initial contact'), 'Kitchen set').click();
    await page.waitForURL(new RegExp(`/deals/${dealId}$`));

    // A file: uploaded at once, kept as the field's value on saving.
    await page.getByRole('button', { name: 'Edit Contract scan' }).click();
    await group('Contract scan')
      .locator('input[type="file"]')
      .setInputFiles({
        name: 'contract.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
      });
    await group('Contract scan').getByRole('link', { name: 'contract.pdf' }).waitFor();
    await save('Contract scan');
    await waitUntil(async () => (await valueOf('Contract scan')) !== undefined, 'the file saved');
    expect(await valueOf('Contract scan')).toMatchObject({ name: 'contract.pdf', mime: 'application/pdf' });
    await group('Contract scan').getByText('contract.pdf').waitFor();

    // A CRM record: found by name.
    await page.getByRole('button', { name: 'Edit Client company' }).click();
    await group('Client company').getByRole('combobox', { name: 'Find a record' }).fill('Horns');
    await page.getByRole('option', { name: 'Horns and Hooves LLC' }).click();
    await group('Client company').getByRole('link', { name: 'Horns and Hooves LLC' }).waitFor();
    await save('Client company');
    await waitUntil(async () => (await valueOf('Client company')) !== undefined, 'the link saved');
    expect(await valueOf('Client company')).toEqual({ entity: 'company', id: companyId });
    // Shown by name, not by id, and opening the company.
    await group('Client company').getByRole('link', { name: 'Horns and Hooves LLC' }).waitFor();
    expect(
      await group('Client company').getByRole('link', { name: 'Horns and Hooves LLC' }).getAttribute('href'),
    ).toBe(`/companies/${companyId}`);

    // A booking: the resource, then a start and an end in the account's time zone.
    await page.getByRole('button', { name: 'Edit Showroom slot' }).click();
    const slot = group('Showroom slot');
    await slot.getByRole('combobox', { name: 'Resource' }).click();
    await page.getByRole('option').first().click();
    await slot.getByLabel('Start', { exact: true }).fill('2027-02-10');
    await slot.getByLabel('Start, Time').fill('11:00');
    await slot.getByLabel('End', { exact: true }).fill('2027-02-10');
    await slot.getByLabel('End, Time').fill('10:00');
    await save('Showroom slot');
    await waitForText(slot, 'The end must be after the start');
    await slot.getByLabel('End, Time').fill('12:30');
    await save('Showroom slot');
    await waitUntil(async () => (await valueOf('Showroom slot')) !== undefined, 'the booking saved');
    const booking = (await valueOf('Showroom slot')) as { resourceId: string; start: string; end: string };
    expect(booking.resourceId).toBe(userId);
    expect(Date.parse(booking.end) - Date.parse(booking.start)).toBe(90 * 60 * 1000);
    await screenshot(page, 'deal-card-custom-kinds-en.png');
  });
});
