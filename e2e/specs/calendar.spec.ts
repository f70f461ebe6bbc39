// The deals calendar (CORE-9) in Russian: a deal shows on its expected close date in the month and the
// week view, moves to its creation day when the date field is switched, and opens its card from there.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Deal {
  id: string;
  name: string;
  createdAt: string;
}

const CLOSE_DATE = '2027-03-17';

/** An option of a segmented control by its visible label (the radio input itself is hidden). */
const segment = (page: Page, control: string, name: string) =>
  page
    .getByLabel(control, { exact: true })
    .locator('label')
    .filter({ hasText: new RegExp(`^${name}$`) });
const dateField = (page: Page) => page.locator('input[aria-label="Поле даты"]');
const dayCell = (page: Page, day: string) => page.locator(`section[data-day="${day}"]`);
const itemIn = (scope: Locator, name: string) => scope.getByTestId('calendar-item').filter({ hasText: name });

describe('deals calendar', () => {
  let page: Page;
  let deal: Deal;
  let timeZone: string;

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'ru-RU' });
    await signUpViaApi(page, newPerson('owner'), 'ru');
    const create = async (data: Record<string, unknown>) => {
      const response = await page.request.post('/api/deals', { data });
      if (!response.ok()) throw new Error(`deal: HTTP ${response.status()} ${await response.text()}`);
      return (await response.json()) as Deal;
    };
    deal = await create({ name: 'Поставка окон', amount: '120000', closeDate: CLOSE_DATE });
    await create({ name: 'Ремонт кровли', amount: '5000', closeDate: '2027-03-24' });
    const account = await page.request.get('/api/account');
    timeZone = ((await account.json()) as { timezone: string }).timezone;
  });

  it('shows a deal on its expected close date in the month view, with Russian labels', async () => {
    await page.goto(`/deals?date=${CLOSE_DATE}`);
    await segment(page, 'Вид', 'Календарь').click();
    await page.waitForURL(/view=calendar/);
    await waitForText(page.getByTestId('calendar-title'), 'март 2027');
    // The default field of the deals calendar is the expected close date.
    expect(await dateField(page).inputValue()).toBe('Ожидаемая дата закрытия');
    await itemIn(dayCell(page, CLOSE_DATE), 'Поставка окон').waitFor();
    await waitForText(itemIn(dayCell(page, CLOSE_DATE), 'Поставка окон'), /120\s000/);
    await itemIn(dayCell(page, '2027-03-24'), 'Ремонт кровли').waitFor();
    expect(await itemIn(dayCell(page, '2027-03-18'), 'Поставка окон').count()).toBe(0);
    await page.getByRole('button', { name: 'Сегодня' }).waitFor();
    await segment(page, 'Период', 'Месяц').waitFor();
    await screenshot(page, 'deals-calendar-month-ru.png');
  });

  it('shows it on the same day in the week view, and not the deal of another week', async () => {
    await segment(page, 'Период', 'Неделя').click();
    await page.waitForURL(/cal=week/);
    // 17 March 2027 is a Wednesday: the week from Monday 15 to Sunday 21.
    await waitForText(page.getByTestId('calendar-title'), /15 мар.*21 мар.*2027/);
    expect(await page.locator('section[data-day]').count()).toBe(7);
    await itemIn(dayCell(page, CLOSE_DATE), 'Поставка окон').waitFor();
    expect(await itemIn(page.locator('body'), 'Ремонт кровли').count()).toBe(0);
    await page.getByRole('button', { name: 'Вперёд' }).click();
    await itemIn(dayCell(page, '2027-03-24'), 'Ремонт кровли').waitFor();
    expect(await itemIn(page.locator('body'), 'Поставка окон').count()).toBe(0);
  });

  it('switches the date field: the deal moves to the day it was created', async () => {
    const created = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(deal.createdAt));
    await segment(page, 'Период', 'Месяц').click();
    await page.getByRole('button', { name: 'Сегодня' }).click();
    await dayCell(page, created).waitFor();
    await dateField(page).click();
    await page.getByRole('option', { name: 'Дата создания' }).click();
    await page.waitForURL(/field=createdAt/);
    await itemIn(dayCell(page, created), 'Поставка окон').waitFor();
    await itemIn(dayCell(page, created), 'Ремонт кровли').waitFor();
    await page.goto(`/deals?view=calendar&field=createdAt&date=${CLOSE_DATE}`);
    await waitForText(page.getByTestId('calendar-title'), 'март 2027');
    await waitUntil(async () => (await page.locator('section[data-day]').count()) > 27, 'the month grid');
    expect(await itemIn(dayCell(page, CLOSE_DATE), 'Поставка окон').count()).toBe(0);
  });

  it('opens the deal card from the calendar', async () => {
    await page.goto(`/deals?view=calendar&field=closeDate&cal=day&date=${CLOSE_DATE}`);
    await itemIn(dayCell(page, CLOSE_DATE), 'Поставка окон').click();
    await page.waitForURL(new RegExp(`/deals/${deal.id}$`));
    await page.getByRole('heading', { name: 'Поставка окон', level: 1 }).waitFor();
  });
});
