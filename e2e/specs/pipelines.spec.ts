// Settings → Pipelines (CORE-1): an administrator creates a pipeline with stages, renames, recolours,
// reorders (by keyboard drag and drop) and deletes stages; the default pipeline cannot be deleted; a
// member sees the pipelines read-only and follows changes live.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { acceptInvitationViaApi, field, inviteViaApi, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  stages: { id: string; name: string; color: string; kind: string }[];
}

const pipelinesOf = async (page: Page) =>
  ((await (await page.request.get('/api/pipelines')).json()) as { items: Pipeline[] }).items;

const pipelineCard = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

/** The stage names of a pipeline card, in the order shown. */
const stageNames = async (card: Locator) =>
  (await card.getByTestId('stage').locator('p').allTextContents()).map((text) => text.trim());

async function waitForStages(card: Locator, expected: string[]): Promise<void> {
  await waitUntil(
    async () => JSON.stringify(await stageNames(card)) === JSON.stringify(expected),
    `stages ${expected.join(', ')}`,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pipelines', () => {
  let admin: Page;
  const owner = newPerson('owner');

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, owner);
  });

  it('shows the default pipeline with its system stages', async () => {
    await admin.goto('/settings/pipelines');
    const sales = pipelineCard(admin, 'Sales');
    await sales.waitFor();
    await sales.getByText('Default', { exact: true }).waitFor();
    await waitForStages(sales, [
      'Incoming',
      'Initial contact',
      'Negotiation',
      'Decision making',
      'Contract',
      'Won',
      'Lost',
    ]);
    // System stages are not movable or deletable.
    expect(await sales.getByRole('button', { name: 'Move stage Incoming' }).count()).toBe(0);
    expect(await sales.getByRole('button', { name: 'Delete stage Won' }).count()).toBe(0);
    await sales.getByRole('button', { name: 'Edit stage Won' }).waitFor();
  });

  it('creates a pipeline with stages', async () => {
    await admin.getByRole('button', { name: 'New pipeline' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New pipeline' });
    await field(dialog, 'Pipeline name').fill('Wholesale');
    await dialog.getByLabel('Stage 1', { exact: true }).fill('Qualification');
    await dialog.getByLabel('Stage 2', { exact: true }).fill('Proposal');
    await dialog.getByLabel('Stage 3', { exact: true }).fill('Negotiation');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });

    const card = pipelineCard(admin, 'Wholesale');
    await waitForStages(card, ['Incoming', 'Qualification', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    await admin.getByText('2 pipelines', { exact: true }).waitFor();
  });

  it('renames and recolours a stage', async () => {
    const card = pipelineCard(admin, 'Wholesale');
    await card.getByRole('button', { name: 'Edit stage Proposal' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit stage' });
    await field(dialog, 'Stage name').fill('Offer sent');
    await field(dialog, 'Colour').fill('#FF99CC');
    await field(dialog, 'Stage name').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await waitForStages(card, ['Incoming', 'Qualification', 'Offer sent', 'Negotiation', 'Won', 'Lost']);
    const stage = (await pipelinesOf(admin))
      .find((p) => p.name === 'Wholesale')
      ?.stages.find((s) => s.name === 'Offer sent');
    expect(stage?.color).toBe('#ff99cc');
    const chip = card.getByTestId('stage').filter({ hasText: 'Offer sent' });
    expect(await chip.getAttribute('style')).toContain('background: rgb(255, 153, 204)');
  });

  it('reorders stages by keyboard drag and drop and keeps the order after reload', async () => {
    const card = pipelineCard(admin, 'Wholesale');
    const handle = card.getByRole('button', { name: 'Move stage Qualification' });
    await handle.focus();
    await admin.keyboard.press('Space');
    await pause(200);
    await admin.keyboard.press('ArrowRight');
    await pause(300);
    await admin.keyboard.press('Space');
    await waitForStages(card, ['Incoming', 'Offer sent', 'Qualification', 'Negotiation', 'Won', 'Lost']);

    await waitUntil(async () => {
      const stages = (await pipelinesOf(admin)).find((p) => p.name === 'Wholesale')?.stages ?? [];
      return stages.map((s) => s.name).join() === 'Incoming,Offer sent,Qualification,Negotiation,Won,Lost';
    }, 'the new order saved');
    await admin.reload();
    await waitForStages(pipelineCard(admin, 'Wholesale'), [
      'Incoming',
      'Offer sent',
      'Qualification',
      'Negotiation',
      'Won',
      'Lost',
    ]);
  });

  it('adds and deletes a stage, moving its records to another stage', async () => {
    const card = pipelineCard(admin, 'Wholesale');
    await card.getByRole('button', { name: 'Add stage to Wholesale' }).click();
    const add = admin.getByRole('dialog', { name: 'New stage' });
    await field(add, 'Stage name').fill('Delivery');
    await add.getByRole('button', { name: 'Create' }).click();
    await add.waitFor({ state: 'detached' });
    await waitForStages(card, [
      'Incoming',
      'Offer sent',
      'Qualification',
      'Negotiation',
      'Delivery',
      'Won',
      'Lost',
    ]);

    await card.getByRole('button', { name: 'Delete stage Delivery' }).click();
    const remove = admin.getByRole('dialog', { name: 'Delete stage' });
    // The records step back to the previous stage unless another one is chosen.
    expect(
      await remove.getByRole('combobox', { name: 'Move its records to', exact: true }).inputValue(),
    ).toBe('Negotiation');
    await remove.getByRole('button', { name: 'Delete' }).click();
    await remove.waitFor({ state: 'detached' });
    await waitForStages(card, ['Incoming', 'Offer sent', 'Qualification', 'Negotiation', 'Won', 'Lost']);
  });

  it('refuses to delete the default pipeline, with a message', async () => {
    await pipelineCard(admin, 'Sales').getByRole('button', { name: 'Delete pipeline Sales' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete pipeline' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await waitForText(
      dialog.getByRole('alert'),
      'The default pipeline cannot be deleted. Make another pipeline the default first.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await screenshot(admin, 'settings-pipelines-en.png');
  });

  it('shows the pipelines read-only to a member, who follows changes live', async () => {
    const colleague = newPerson('colleague');
    const member = await browser.newPage({ locale: 'en-US' });
    await acceptInvitationViaApi(member, await inviteViaApi(admin, colleague.email), colleague);
    await member.goto('/settings/pipelines');
    await member.getByRole('tab', { name: 'Pipelines' }).waitFor();
    const card = pipelineCard(member, 'Wholesale');
    await waitForStages(card, ['Incoming', 'Offer sent', 'Qualification', 'Negotiation', 'Won', 'Lost']);
    expect(await member.getByRole('button', { name: 'New pipeline' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Move stage/ }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Edit stage/ }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Delete pipeline/ }).count()).toBe(0);

    // The administrator renames the pipeline: the member's page follows.
    await pipelineCard(admin, 'Wholesale').getByRole('button', { name: 'Rename pipeline Wholesale' }).click();
    const rename = admin.getByRole('dialog', { name: 'Rename pipeline' });
    await field(rename, 'Pipeline name').fill('Wholesale B2B');
    await rename.getByRole('button', { name: 'Save' }).click();
    await rename.waitFor({ state: 'detached' });
    await pipelineCard(member, 'Wholesale B2B').waitFor();
  });

  it('makes another pipeline the default', async () => {
    await pipelineCard(admin, 'Wholesale B2B')
      .getByRole('button', { name: 'Make Wholesale B2B the default pipeline' })
      .click();
    await pipelineCard(admin, 'Wholesale B2B').getByText('Default', { exact: true }).waitFor();
    const pipelines = await pipelinesOf(admin);
    expect(pipelines.find((p) => p.isDefault)?.name).toBe('Wholesale B2B');
  });

  it('shows the editor in Russian', async () => {
    const page = await browser.newPage({ locale: 'ru-RU' });
    await signUpViaApi(page, newPerson('owner'), 'ru');
    await page.goto('/settings/pipelines');
    const card = pipelineCard(page, 'Продажи');
    await waitForStages(card, [
      'Неразобранное',
      'Первичный контакт',
      'Переговоры',
      'Принимают решение',
      'Согласование договора',
      'Успешно реализовано',
      'Закрыто и не реализовано',
    ]);
    await page.getByText('1 воронка', { exact: true }).waitFor();
    await card.getByText('7 этапов', { exact: true }).waitFor();
    await screenshot(page, 'settings-pipelines-ru.png');
  });
});
