// The Unsorted inbox (issue 8): an administrator builds a web form in Settings → Forms (a refused name shows
// on its field) and takes its hosted page; a visitor who forgets the consent box is told next to the box and
// nothing is stored; the visitor's request then appears in the inbox without a reload, with its SLA
// countdown (also on the board's card and the deal's card), and accepting it puts the deal with its contact
// in the pipeline's first working stage. The SLA report, opened from the inbox, then counts that request for
// the manager who accepted it and for its form, with the time the answer took.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { field, json, newPerson, signUpViaApi, type Person } from '../support/app.js';

const browser = useBrowser();

describe('unsorted inbox', () => {
  let page: Page;
  let visitor: Page;
  let hostedUrl = '';
  let dealId = '';
  const person: Person = newPerson('inbox');

  const inboxCount = async () =>
    (await json<{ items: unknown[] }>(await page.request.get('/api/inbox'))).items.length;

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, person);
    // A visitor of the company's site, in Russian, with no session.
    visitor = await browser.newPage({ locale: 'ru-RU' });
  });

  it('builds a form in Settings → Forms: a taken name is refused on its field; the link and snippet are shown', async () => {
    await page.goto('/settings/forms');
    await page.getByRole('heading', { name: 'Web forms', exact: true }).waitFor();
    await page.getByText('No web forms yet.').waitFor();
    await page.getByRole('button', { name: 'New form' }).click();
    let dialog = page.getByRole('dialog', { name: 'New web form' });
    await field(dialog, 'Name').fill('Measurement');
    await dialog.getByRole('button', { name: 'Create' }).click();
    let publish = page.getByRole('dialog', { name: 'Publish the form' });
    hostedUrl = await field(publish, 'Hosted page').inputValue();
    expect(hostedUrl).toMatch(/\/f\/[A-Za-z0-9_-]+$/);
    const key = hostedUrl.split('/f/')[1] ?? '';
    await waitForText(publish.getByTestId('form-snippet'), `"${key}"`);
    await publish.getByRole('button', { name: 'Close' }).first().click();
    await waitForText(page.getByTestId('form-row'), 'Measurement');

    await page.getByRole('button', { name: 'New form' }).click();
    dialog = page.getByRole('dialog', { name: 'New web form' });
    await field(dialog, 'Name').fill('Measurement');
    await dialog.getByRole('button', { name: 'Create' }).click();
    // The server's duplicate_name, on the Name field.
    await waitForText(dialog, 'The list already has an item with this name.');
    expect(await field(dialog, 'Name').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    publish = page.getByRole('dialog', { name: 'Publish the form' });
    expect(await publish.count()).toBe(0);
  });

  it('tells the visitor next to the consent box when it is not ticked, and stores nothing', async () => {
    await visitor.goto(hostedUrl);
    await visitor.getByRole('heading', { name: 'Measurement' }).waitFor();
    await visitor.getByLabel('Your name').fill('Ирина');
    await visitor.getByLabel('Phone').fill('+7 916 204-18-55');
    await visitor.getByRole('button', { name: 'Отправить' }).click();
    await waitForText(visitor.locator('#error-consent'), 'Нужно ваше согласие');
    expect(await visitor.getByLabel(/I agree/).getAttribute('aria-invalid')).toBe('true');
    await screenshot(visitor, 'inbox-hosted-consent.png');
    expect(await inboxCount()).toBe(0);
  });

  it('shows the submitted request live with its countdown; accepting puts the deal in the first working stage', async () => {
    await page.goto('/inbox');
    await page.getByRole('heading', { name: 'Unsorted', exact: true }).waitFor();
    await page.getByText('No unsorted requests.').waitFor();

    await visitor.getByLabel('Message').fill('Натяжной потолок, 20 м²');
    await visitor.getByLabel(/I agree/).check();
    await visitor.getByRole('button', { name: 'Отправить' }).click();
    await waitForText(visitor.getByRole('status'), 'Thank you! We will call you back within 10 minutes.');

    // No reload: the request event arrives over the live stream.
    const request = page.getByTestId('inbox-request');
    await waitForText(request, 'Ирина');
    await waitForText(request.getByTestId('inbox-message'), 'Натяжной потолок, 20 м²');
    await waitForText(request, /916/);
    const countdown = request.getByTestId('sla-countdown');
    await waitForText(countdown, /^(10:00|09:[0-5]\d)$/);
    const first = (await countdown.textContent()) ?? '';
    await waitUntil(async () => ((await countdown.textContent()) ?? '') !== first, 'the countdown to tick');
    expect(await countdown.getAttribute('data-overdue')).toBe('false');
    await screenshot(page, 'inbox-request.png');

    // The same countdown on the board's card and on the deal's card.
    dealId = (await request.getAttribute('data-deal-id')) ?? '';
    await page.goto('/deals');
    const card = page.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`);
    await waitForText(card.getByTestId('sla-countdown'), /^0\d:[0-5]\d$|^10:00$/);
    await page.goto(`/deals/${dealId}`);
    await waitForText(page.getByTestId('sla-countdown'), /^0\d:[0-5]\d$|^10:00$/);

    await page.goto('/inbox');
    await page.getByTestId('inbox-request').getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept the request' });
    expect(await field(dialog, 'Stage').inputValue()).toBe('Initial contact');
    expect(await field(dialog, 'Primary contact').inputValue()).toBe('Ирина');
    await dialog.getByRole('button', { name: 'Accept' }).click();
    await page.getByText('No unsorted requests.').waitFor();

    await page.goto('/deals');
    const initial = page.getByRole('region', { name: 'Initial contact', exact: true });
    const accepted = initial.locator(`[data-testid="deal-card"][data-deal-id="${dealId}"]`);
    await waitForText(accepted, 'Ирина');
    expect(await accepted.getByTestId('sla-countdown').count()).toBe(0);
    const deal = await json<{ stageId: string; contacts: { name: string; isPrimary: boolean }[] }>(
      await page.request.get(`/api/deals/${dealId}`),
    );
    expect(deal.contacts).toEqual([expect.objectContaining({ name: 'Ирина', isPrimary: true })]);
  });

  it('reports the accepted request in the SLA report, for its manager and its form', async () => {
    // The expected figures come from the request itself: accepting it was its first answer.
    const { items } = await json<{
      items: { receivedAt: string; sla: { dueAt: string; respondedAt: string | null } }[];
    }>(await page.request.get(`/api/intake/deals/${dealId}/requests`));
    expect(items).toHaveLength(1);
    const [answered] = items;
    const respondedAt = answered?.sla.respondedAt ?? '';
    expect(respondedAt).not.toBe('');
    const inTime = Date.parse(respondedAt) <= Date.parse(answered?.sla.dueAt ?? '');
    expect(inTime).toBe(true); // accepted while the countdown was running
    const seconds = Math.round((Date.parse(respondedAt) - Date.parse(answered?.receivedAt ?? '')) / 1000);
    expect(seconds).toBeLessThan(3600);
    const minutes = Math.floor(seconds / 60);
    const median =
      minutes === 0
        ? `${String(seconds)} s`
        : `${String(minutes)} min${seconds % 60 === 0 ? '' : ` ${String(seconds % 60)} s`}`;

    await page.goto('/inbox');
    await page.getByRole('link', { name: 'SLA report' }).click();
    await page.getByRole('heading', { name: 'SLA report', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox/report');
    // The last 30 days by default.
    expect(await page.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');

    const manager = page.getByTestId('sla-manager-row').filter({ hasText: person.name });
    await waitForText(manager.locator('[data-column="total"]'), '1');
    const cell = (row: typeof manager, column: string) =>
      row.locator(`[data-column="${column}"]`).textContent();
    expect(await cell(manager, 'answeredInTime')).toBe('1');
    expect(await cell(manager, 'shareInTime')).toBe('100%');
    expect(await cell(manager, 'median')).toBe(median);
    expect(await page.getByTestId('sla-manager-row').count()).toBe(1);
    const source = page.getByTestId('sla-source-row');
    expect(await source.count()).toBe(1);
    await waitForText(source, 'Form: Measurement');
    expect(await cell(source, 'total')).toBe('1');
    expect(await cell(source, 'shareInTime')).toBe('100%');
    expect(await cell(source, 'median')).toBe(median);
    await screenshot(page, 'inbox-sla-report.png');

    // Today's request is also in "Today"; a day long before it has nothing to report.
    await page.getByRole('button', { name: 'Today' }).click();
    await waitUntil(
      async () => (await page.getByRole('button', { name: 'Today' }).getAttribute('aria-pressed')) === 'true',
      '"Today" chosen',
    );
    await waitForText(manager.locator('[data-column="total"]'), '1');
    // Each day typed goes into the address before the next one is typed (as a person types: one at a time).
    await field(page, 'From').fill('2020-01-01');
    await page.waitForURL(/from=2020-01-01/);
    await field(page, 'To').fill('2020-01-02');
    await page.waitForURL(/to=2020-01-02/);
    await page
      .getByText('No request received in this period has been answered or become overdue yet.')
      .waitFor();
    // An end before the start is refused on the end field.
    await field(page, 'To').fill('2019-12-31');
    await waitForText(page.getByText('The end of the period cannot be before its start'), /cannot be before/);
    expect(await field(page, 'To').getAttribute('aria-invalid')).toBe('true');
  });
});
