// Settings → Lists (CORE-5) and Working hours (CORE-11): an administrator adds, renames, reorders and
// archives reference-list values and edits the weekly schedule; a member sees both read-only.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { acceptInvitationViaApi, field, inviteViaApi, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

const itemNames = async (page: Page) =>
  (await page.getByTestId('list-item-name').allTextContents()).map((text) => text.trim());

async function waitForItems(page: Page, expected: string[]): Promise<void> {
  await waitUntil(
    async () => JSON.stringify(await itemNames(page)) === JSON.stringify(expected),
    `items ${expected.join(', ')}`,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SOURCES = [
  'Call',
  'E-mail',
  'Website',
  'Advertising',
  'Existing client',
  'Referral',
  'Trade show',
  'Other',
];

describe('reference lists and working hours', () => {
  let admin: Page;
  let member: Page;
  const owner = newPerson('owner');
  const colleague = newPerson('colleague');

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    member = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, owner);
    await acceptInvitationViaApi(member, await inviteViaApi(admin, colleague.email), colleague);
  });

  it('adds, renames, reorders and archives a list value', async () => {
    await admin.goto('/settings/lists');
    await admin.getByRole('tab', { name: 'Sources' }).waitFor();
    await waitForItems(admin, SOURCES);

    await field(admin, 'New value').fill('Partner portal');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await waitForItems(admin, [...SOURCES, 'Partner portal']);

    // A name the list already has is refused next to the field.
    await field(admin, 'New value').fill('Call');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.getByText('The list already has an item with this name.').waitFor();
    expect(await field(admin, 'New value').getAttribute('aria-invalid')).toBe('true');
    await field(admin, 'New value').fill('');

    await admin.getByRole('button', { name: 'Rename Partner portal' }).click();
    await admin.getByLabel('Name of Partner portal').fill('Partner site');
    await admin.getByLabel('Name of Partner portal').press('Enter');
    await waitForItems(admin, [...SOURCES, 'Partner site']);

    // Call moves one place down by keyboard drag and drop.
    await admin.getByRole('button', { name: 'Move Call' }).focus();
    await admin.keyboard.press('Space');
    await pause(200);
    await admin.keyboard.press('ArrowDown');
    await pause(300);
    await admin.keyboard.press('Space');
    const reordered = ['E-mail', 'Call', ...SOURCES.slice(2), 'Partner site'];
    await waitForItems(admin, reordered);
    await waitUntil(async () => {
      const response = await admin.request.get('/api/reference-lists/sources');
      const { items } = (await response.json()) as { items: { name: string }[] };
      return items.map((item) => item.name).join() === reordered.join();
    }, 'the new order saved');
    await admin.reload();
    await waitForItems(admin, reordered);
    await screenshot(admin, 'settings-lists.png');

    await admin.getByRole('button', { name: 'Archive Partner site' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Archive value' });
    await dialog.getByRole('button', { name: 'Archive' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForItems(admin, reordered.slice(0, -1));

    await admin.getByRole('switch', { name: 'Show archived' }).check();
    await waitForItems(admin, reordered);
    await admin.getByTestId('list-item').filter({ hasText: 'Partner site' }).getByText('Archived').waitFor();

    await admin.getByRole('tab', { name: 'Loss reasons' }).click();
    await admin.getByText('Too expensive', { exact: true }).waitFor();
  });

  it('edits the working hours and keeps them after reload', async () => {
    await admin.goto('/settings/hours');
    await admin.getByTestId('hours-timezone').waitFor();
    const fridayEnd = admin.getByLabel('Friday, interval 1: end', { exact: true });
    expect(await fridayEnd.inputValue()).toBe('18:00');
    await admin.getByLabel('Friday, interval 1: start', { exact: true }).fill('09:00');
    await fridayEnd.fill('17:00');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Working hours saved').waitFor();

    await admin.reload();
    await waitUntil(
      async () =>
        (await admin.getByLabel('Friday, interval 1: end', { exact: true }).inputValue()) === '17:00',
      'Friday to end at 17:00',
    );
    const response = await admin.request.get('/api/working-hours');
    const hours = (await response.json()) as {
      source: string;
      days: { weekday: number; intervals: { start: string; end: string }[] }[];
    };
    expect(hours.source).toBe('account');
    expect(hours.days.find((day) => day.weekday === 5)?.intervals).toEqual([
      { start: '09:00', end: '17:00' },
    ]);
  });

  it('shows the server’s schedule errors next to the right row', async () => {
    await admin.getByRole('button', { name: 'Add an interval to Friday' }).click();
    await admin.getByLabel('Friday, interval 2: start', { exact: true }).fill('16:00');
    await admin.getByLabel('Friday, interval 2: end', { exact: true }).fill('19:00');
    await admin.getByRole('button', { name: 'Save' }).click();
    const friday = admin.locator('[data-testid="hours-day"][data-weekday="5"]');
    await waitForText(friday.getByRole('alert'), 'overlaps intervals.0');
    await admin.getByText('Some days need fixing: see the messages in the table.').waitFor();
    expect(
      await admin.getByLabel('Friday, interval 2: start', { exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
  });

  it('shows the production calendar of the current year', async () => {
    const year = new Date().getFullYear();
    await admin.getByRole('heading', { name: `Production calendar ${year}` }).waitFor();
    await waitUntil(async () => (await admin.getByTestId('holiday').count()) > 5, 'the holidays');
    await screenshot(admin, 'settings-hours.png');
  });

  it('shows lists and working hours read-only to a member', async () => {
    await member.goto('/settings/lists');
    await waitForItems(member, ['E-mail', 'Call', ...SOURCES.slice(2)]);
    expect(await member.getByRole('textbox', { name: 'New value' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Move / }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Archive / }).count()).toBe(0);

    await member.goto('/settings/hours');
    await member.getByText('Only account administrators can change the working hours.').waitFor();
    const fridayEnd = member.getByLabel('Friday, interval 1: end', { exact: true });
    expect(await fridayEnd.inputValue()).toBe('17:00');
    expect(await fridayEnd.getAttribute('readonly')).not.toBeNull();
    expect(await member.getByRole('button', { name: 'Save' }).count()).toBe(0);
  });
});
