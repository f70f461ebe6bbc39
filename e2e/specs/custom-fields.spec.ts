// Settings → Custom fields (CORE-6): an administrator creates a list field whose options are pasted as
// lines and reordered by keyboard, and a number field required from a stage with a range checked at its
// input; both show on the deal card, the empty required one stops the stage move, and removing an option
// that a deal still holds is refused next to the options with a way to put it back.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { cardField, field, json, newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

interface Stage {
  id: string;
  name: string;
}
interface CustomField {
  id: string;
  name: string;
  type: string;
  requiredFromStageIds: string[];
  settings: { options?: { id: string; label: string }[]; min?: string | null };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dealFields = async (page: Page) =>
  (await json<{ items: CustomField[] }>(await page.request.get('/api/custom-fields?entity=deal'))).items;

const optionValues = async (dialog: Locator) => {
  const inputs = dialog.getByTestId('option').getByRole('textbox');
  const values: string[] = [];
  for (let i = 0; i < (await inputs.count()); i += 1) values.push(await inputs.nth(i).inputValue());
  return values;
};

/** A field of the deal card: its group, named by the field's label. */

async function choose(page: Page, scope: Page | Locator, label: string, option: string) {
  await field(scope, label).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('custom fields editor', () => {
  let admin: Page;
  let stages: Map<string, Stage>;
  let dealId: string;

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, newPerson('owner'));
    const pipelines = await json<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
      await admin.request.get('/api/pipelines'),
    );
    stages = new Map(
      (pipelines.items.find((pipeline) => pipeline.isDefault)?.stages ?? []).map((stage) => [
        stage.name,
        stage,
      ]),
    );
    const deal = await json<{ id: string }>(
      await admin.request.post('/api/deals', {
        data: { name: 'Car wash subscription', stageId: stages.get('Initial contact')!.id },
      }),
    );
    dealId = deal.id;
  });

  it('creates a list field with options imported as lines and reordered by keyboard', async () => {
    await admin.goto('/settings/fields');
    await admin.getByRole('heading', { name: 'Custom fields' }).waitFor();
    await admin.getByText('No custom fields here yet.').waitFor();
    await admin.getByRole('button', { name: 'Add a field' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New deal field' });
    await field(dialog, 'Field name').fill('Transport');
    await choose(admin, dialog, 'Type', 'List');

    await dialog.getByRole('button', { name: 'Import as lines' }).click();
    await field(dialog, 'Options, one per line').fill('Car\n\n  Jeep  \ncar\nMotorbike\n');
    await dialog.getByRole('button', { name: 'Add these options' }).click();
    await waitForText(
      dialog.getByTestId('import-note'),
      'Added 3 options. Left out: 1 blank line, 1 repeat.',
    );
    expect(await optionValues(dialog)).toEqual(['Car', 'Jeep', 'Motorbike']);

    // Motorbike moves one place up by keyboard drag and drop.
    await dialog.getByRole('button', { name: 'Move option Motorbike', exact: true }).focus();
    await admin.keyboard.press('Space');
    await pause(200);
    await admin.keyboard.press('ArrowUp');
    await pause(300);
    await admin.keyboard.press('Space');
    await waitUntil(
      async () => JSON.stringify(await optionValues(dialog)) === JSON.stringify(['Car', 'Motorbike', 'Jeep']),
      'the options reordered',
    );
    await choose(admin, dialog, 'Default option', 'Car');
    await screenshot(admin, 'custom-fields-editor-en.png');

    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByRole('listitem', { name: 'Transport' }).waitFor();
    const transport = (await dealFields(admin)).find((f) => f.name === 'Transport');
    expect(transport?.type).toBe('list');
    expect(transport?.settings.options?.map((option) => option.label)).toEqual(['Car', 'Motorbike', 'Jeep']);
  });

  it('creates a number field required from a stage, with its range checked at the input', async () => {
    await admin.getByRole('button', { name: 'Add a field' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New deal field' });
    await field(dialog, 'Field name').fill('Area, m²');
    await choose(admin, dialog, 'Type', 'Number');
    await field(dialog, 'Minimum').fill('10');
    await field(dialog, 'Maximum').fill('5');
    await choose(admin, dialog, 'Required from stage', 'Negotiation');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Must not be less than the minimum').waitFor();
    expect(await field(dialog, 'Maximum').getAttribute('aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(await field(dialog, 'Field name').inputValue()).toBe('Area, m²');
    await field(dialog, 'Maximum').fill('');
    await field(dialog, 'Minimum').fill('0');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = admin.getByRole('listitem', { name: 'Area, m²' });
    await row.getByText('Required from «Negotiation»').waitFor();
    const area = (await dealFields(admin)).find((f) => f.name === 'Area, m²');
    expect(area?.requiredFromStageIds).toEqual([stages.get('Negotiation')!.id]);
    expect(area?.settings.min).toBe('0');
  });

  it('shows both fields on the deal card; the empty required one stops the stage move', async () => {
    await admin.goto(`/deals/${dealId}`);
    await admin.getByRole('heading', { name: 'Car wash subscription', level: 1 }).waitFor();
    const transport = cardField(admin, 'Transport');
    await admin.getByRole('button', { name: 'Edit Transport' }).click();
    await field(transport, 'Transport').click();
    await admin.getByRole('option', { name: 'Jeep', exact: true }).click();
    await transport.getByRole('button', { name: 'Save' }).click();
    await transport.getByText('Jeep').waitFor();

    await cardField(admin, 'Area, m²').waitFor();
    await admin.getByRole('button', { name: 'Move to stage Negotiation' }).click();
    await waitForText(cardField(admin, 'Area, m²').getByRole('alert'), 'Required at this stage');
    await waitForText(admin.getByRole('alert').filter({ hasText: 'To move the deal' }), 'Area, m²');
    const deal = await json<{ stageId: string }>(await admin.request.get(`/api/deals/${dealId}`));
    expect(deal.stageId).toBe(stages.get('Initial contact')!.id);
  });

  it('refuses to remove an option a deal holds, next to the options, and saves once it is put back', async () => {
    await admin.goto('/settings/fields');
    await admin.getByRole('button', { name: 'Edit field Transport' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit the field' });
    await dialog.getByRole('button', { name: 'Remove option Jeep', exact: true }).click();
    await field(dialog, 'Field name').fill('Vehicle');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'These options are still in use' });
    await waitForText(refusal, 'Records still hold «Jeep»');
    await dialog.getByText('A removed option is still used by records').waitFor();
    expect(await field(dialog, 'Field name').inputValue()).toBe('Vehicle');
    expect((await dealFields(admin)).some((f) => f.name === 'Transport')).toBe(true);

    await refusal.getByRole('button', { name: 'Put back «Jeep»' }).click();
    expect(await optionValues(dialog)).toEqual(['Car', 'Motorbike', 'Jeep']);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByRole('listitem', { name: 'Vehicle' }).waitFor();
  });

  it('shows the editor in Russian', async () => {
    await admin.getByText('RU', { exact: true }).click();
    await admin.getByRole('heading', { name: 'Пользовательские поля' }).waitFor();
    await admin.getByRole('button', { name: 'Изменить поле Vehicle' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Изменение поля' });
    await dialog.getByRole('button', { name: 'Импортировать списком' }).waitFor();
    await screenshot(admin, 'custom-fields-editor-ru.png');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await admin.getByText('EN', { exact: true }).click();
    await admin.getByRole('heading', { name: 'Custom fields' }).waitFor();
  });
});
