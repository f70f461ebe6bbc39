// Settings → Automation (AUTO-1): an administrator adds a "create task" robot to a stage's column with a
// field placeholder in its text, sees a missing text named on its field, moves a deal to that stage on
// the deal card, and sees the task the robot created and the robot's run (done) on the card.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText } from '../support/browser.js';
import { field, json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Stage {
  id: string;
  name: string;
}

describe('automation', () => {
  let page: Page;
  let dealId: string;

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('robots'));
    const pipelines = await json<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
      await page.request.get('/api/pipelines'),
    );
    const stages = new Map(
      (pipelines.items.find((p) => p.isDefault)?.stages ?? []).map((stage) => [stage.name, stage]),
    );
    const deal = await json<{ id: string }>(
      await page.request.post('/api/deals', {
        data: { name: 'Windows for the school', amount: '90000', stageId: stages.get('Initial contact')!.id },
      }),
    );
    dealId = deal.id;
  });

  it('adds a "create task" robot to a stage column', async () => {
    await page.goto('/settings/automation');
    await page.getByRole('heading', { name: 'Automation', exact: true }).waitFor();
    const column = page.getByRole('region', { name: 'Robots of the stage Negotiation' });
    await column.getByRole('button', { name: 'Add a robot to Negotiation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Robot' });
    await field(dialog, 'Name').fill('Call the client');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitForText(dialog, 'Required');
    await field(dialog, 'Text').fill('Call about ');
    await dialog.getByRole('button', { name: '{{deal.title}}' }).click();
    expect(await field(dialog, 'Text').inputValue()).toBe('Call about {{deal.title}}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog', { name: 'Robot' }).waitFor({ state: 'detached' });
    await waitForText(column.getByRole('group', { name: 'Call the client' }), 'Create task');
    await screenshot(page, 'automation-robots.png');
  });

  it('runs the robot when the deal is moved to the stage on its card', async () => {
    await page.goto(`/deals/${dealId}`);
    await page.getByRole('heading', { name: 'Windows for the school', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Move to stage Negotiation' }).click();
    const runs = page.getByRole('region', { name: 'Robots' });
    await waitForText(runs, 'Call the client', 30_000);
    await waitForText(runs, 'Done', 30_000);
    const tasks = await json<{ items: { text: string }[] }>(
      await page.request.get(`/api/tasks?entity=deal&entityId=${dealId}`),
    );
    expect(tasks.items.map((t) => t.text)).toEqual(['Call about Windows for the school']);
    await waitForText(page.locator('main'), 'Call about Windows for the school', 30_000);
    await screenshot(page, 'automation-deal-runs.png');
  });
});
