// Settings → Lead statuses (CORE-2): an administrator adds, renames, recolours, reorders (by keyboard drag
// and drop) and deletes open statuses, the leads of a deleted one moving to the status chosen; Converted and
// Junk are only edited; a member sees the statuses read-only.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser, waitUntil } from '../support/browser.js';
import { acceptInvitationViaApi, field, inviteViaApi, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Status {
  id: string;
  name: string;
  color: string;
  kind: string;
}

const statusesOf = async (page: Page) =>
  ((await (await page.request.get('/api/lead-statuses')).json()) as { items: Status[] }).items;

const statusList = (page: Page) => page.getByRole('list', { name: 'Lead statuses', exact: true });

/** The status names in the order shown. */
const shownNames = async (page: Page) =>
  (await statusList(page).getByTestId('lead-status-name').allTextContents()).map((text) => text.trim());

async function waitForNames(page: Page, expected: string[]): Promise<void> {
  await waitUntil(
    async () => JSON.stringify(await shownNames(page)) === JSON.stringify(expected),
    `statuses ${expected.join(', ')}`,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lead statuses', () => {
  let admin: Page;

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, newPerson('owner'));
  });

  it('shows the open statuses in order, then the final ones, which cannot be moved or deleted', async () => {
    await admin.goto('/settings/lead-statuses');
    await waitForNames(admin, ['Not processed', 'In progress', 'Processed', 'Converted', 'Junk']);
    const list = statusList(admin);
    await list.getByLabel('Final status: converted leads').waitFor();
    await list.getByRole('button', { name: 'Move: In progress' }).waitFor();
    await list.getByRole('button', { name: 'Delete In progress' }).waitFor();
    await list.getByRole('button', { name: 'Edit Junk' }).waitFor();
    expect(await list.getByRole('button', { name: 'Move: Converted' }).count()).toBe(0);
    expect(await list.getByRole('button', { name: 'Delete Converted' }).count()).toBe(0);
    expect(await list.getByRole('button', { name: 'Delete Junk' }).count()).toBe(0);
  });

  it('adds a status, then renames and recolours it', async () => {
    await admin.getByRole('button', { name: 'Add status' }).click();
    const add = admin.getByRole('dialog', { name: 'New lead status' });
    await field(add, 'Name').fill('Qualified');
    await add.getByRole('button', { name: 'Create' }).click();
    await add.waitFor({ state: 'detached' });
    await waitForNames(admin, [
      'Not processed',
      'In progress',
      'Processed',
      'Qualified',
      'Converted',
      'Junk',
    ]);

    await statusList(admin).getByRole('button', { name: 'Edit Qualified' }).click();
    const edit = admin.getByRole('dialog', { name: 'Edit lead status' });
    await field(edit, 'Name').fill('   ');
    await edit.getByRole('button', { name: 'Save' }).click();
    // An empty name is refused at the input and the dialog stays.
    await edit.getByText('Required', { exact: true }).waitFor();
    await field(edit, 'Name').fill('Qualified lead');
    await field(edit, 'Colour').fill('#FF99CC');
    await field(edit, 'Name').click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await waitForNames(admin, [
      'Not processed',
      'In progress',
      'Processed',
      'Qualified lead',
      'Converted',
      'Junk',
    ]);
    expect((await statusesOf(admin)).find((s) => s.name === 'Qualified lead')?.color).toBe('#ff99cc');
  });

  it('reorders open statuses by keyboard drag and drop and keeps the order after reload', async () => {
    const handle = statusList(admin).getByRole('button', { name: 'Move: Qualified lead' });
    await handle.focus();
    await admin.keyboard.press('Space');
    await pause(200);
    await admin.keyboard.press('ArrowUp');
    await pause(300);
    await admin.keyboard.press('Space');
    const order = ['Not processed', 'In progress', 'Qualified lead', 'Processed', 'Converted', 'Junk'];
    await waitForNames(admin, order);
    await waitUntil(
      async () => (await statusesOf(admin)).map((s) => s.name).join() === order.join(),
      'the new order saved',
    );
    await admin.reload();
    await waitForNames(admin, order);
  });

  it('deletes a status, moving its leads to the status chosen', async () => {
    const statuses = await statusesOf(admin);
    const doomed = statuses.find((s) => s.name === 'Qualified lead');
    const target = statuses.find((s) => s.name === 'In progress');
    const created = await admin.request.post('/api/leads', {
      data: { name: 'Roof repair request', statusId: doomed?.id },
    });
    expect(created.status()).toBe(201);
    const lead = (await created.json()) as { id: string; statusId: string };
    expect(lead.statusId).toBe(doomed?.id);

    await statusList(admin).getByRole('button', { name: 'Delete Qualified lead' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete lead status' });
    await dialog.getByText('Delete the status “Qualified lead”?').waitFor();
    const moveTo = dialog.getByRole('combobox', { name: 'Move its leads to', exact: true });
    expect(await moveTo.inputValue()).toBe('Not processed');
    await moveTo.click();
    await admin.getByRole('option', { name: 'In progress', exact: true }).click();
    expect(await moveTo.inputValue()).toBe('In progress');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByText('Status “Qualified lead” deleted').waitFor();
    await waitForNames(admin, ['Not processed', 'In progress', 'Processed', 'Converted', 'Junk']);
    const moved = (await (await admin.request.get(`/api/leads/${lead.id}`)).json()) as { statusId: string };
    expect(moved.statusId).toBe(target?.id);
  });

  it('shows the statuses read-only to a member', async () => {
    const colleague = newPerson('colleague');
    const member = await browser.newPage({ locale: 'en-US' });
    await acceptInvitationViaApi(member, await inviteViaApi(admin, colleague.email), colleague);
    await member.goto('/settings/lead-statuses');
    await waitForNames(member, ['Not processed', 'In progress', 'Processed', 'Converted', 'Junk']);
    expect(await member.getByRole('button', { name: 'Add status' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Move: / }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    expect(await member.getByRole('switch', { name: 'Work with leads' }).isDisabled()).toBe(true);
  });
});
