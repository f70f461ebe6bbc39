// Settings → Access rights: an administrator edits the Manager role's matrix (a cell and a per-stage right),
// sees a missing role name named next to the field, assigns a role to a department with its sub-departments,
// and the changes are what the API then reports.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser, waitForText } from '../support/browser.js';
import { field, json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Role {
  id: string;
  code: string | null;
  name: string;
  permissions: {
    entities: Record<string, Record<string, string>>;
    dealStages: Record<string, Record<string, string>>;
  };
}

describe('access rights settings', () => {
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('rights'));
  });

  it('edits the Manager role: a cell of the matrix and a right at one stage', async () => {
    await page.goto('/settings/access');
    await page.getByRole('heading', { name: 'Access rights', exact: true }).waitFor();
    await page
      .getByRole('row', { name: /Менеджер/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Менеджер' });
    await dialog.getByLabel('Deals — Read', { exact: true }).selectOption('department');
    await dialog
      .getByRole('button', { name: /Pipeline/ })
      .first()
      .click();
    const stageSelect = dialog.getByLabel(/^Deals: .+ — Edit$/).first();
    await stageSelect.selectOption('none');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Role saved').waitFor();

    const roles = (await json<{ items: Role[] }>(await page.request.get('/api/roles'))).items;
    const manager = roles.find((r) => r.code === 'manager');
    expect(manager?.permissions.entities.deal?.read).toBe('department');
    expect(manager?.permissions.entities.deal?.edit).toBe('own');
    expect(Object.values(manager?.permissions.dealStages ?? {})).toEqual([{ edit: 'none' }]);
  });

  it('a new role without a name is refused next to the field; with one it is listed', async () => {
    await page.getByRole('button', { name: 'Add role' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add role' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(dialog, 'Enter a role name');
    await field(dialog, 'Role name').fill('Стажёр');
    await dialog.getByLabel('Contacts — Whole row').selectOption('own');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Стажёр/ }).waitFor();
    const roles = (await json<{ items: Role[] }>(await page.request.get('/api/roles'))).items;
    expect(Object.values(roles.find((r) => r.name === 'Стажёр')?.permissions.entities.contact ?? {})).toEqual(
      Array(6).fill('own'),
    );
  });

  it('assigns a role to a department with its sub-departments', async () => {
    await json(
      await page.request.post('/api/departments', {
        data: { name: 'Продажи', parentId: null, headUserId: null },
      }),
    );
    await page.reload();
    await page.getByText('Assigned to', { exact: true }).click();
    await field(page, 'Role').click();
    await page.getByRole('option', { name: 'Руководитель отдела' }).click();
    await field(page, 'To whom').click();
    await page.getByRole('option', { name: 'Department with sub-departments' }).click();
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Choose whom to assign it to').waitFor();
    await field(page, 'User, department or group').click();
    await page.getByRole('option', { name: 'Продажи' }).click();
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText('Продажи (with sub-departments)').waitFor();
    const assignments = (
      await json<{ items: { subjectKind: string }[] }>(await page.request.get('/api/role-assignments'))
    ).items;
    expect(assignments.map((a) => a.subjectKind).sort()).toEqual(['department_tree', 'everyone']);
  });
});
