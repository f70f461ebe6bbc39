// Card layouts (CORE-7, seed 004 ch. 3): an administrator adds a section to the deal card, moves a field
// into it and hides another; the change applies to every deal, and a colleague's open card follows live.
// A colleague who is not an administrator cannot change the layout. A layout changed meanwhile is
// reported in the editor, not overwritten, and the editor starts over from the stored one. A hidden field
// that stops a stage move is shown with the reason, so it can be filled.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitUntil } from '../support/browser.js';
import {
  acceptInvitationViaApi,
  assignRoleViaApi,
  cardField,
  inviteViaApi,
  json,
  newPerson,
  signUpViaApi,
} from '../support/app.js';

const browser = useBrowser();

interface Layout {
  sections: { id: string; title: string | null; fields: string[] }[];
  hidden: string[];
  version: number;
}

const layoutOf = async (page: Page) => json<Layout>(await page.request.get('/api/card-layouts/deal'));
const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

describe('card layouts', () => {
  let admin: Page;
  let member: Page;
  const owner = newPerson('owner');
  const colleague = newPerson('member');
  const dealIds: string[] = [];

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, owner);
    const token = await inviteViaApi(admin, colleague.email);
    member = await browser.newPage({ locale: 'en-US' });
    await acceptInvitationViaApi(member, token, colleague);
    // The colleague reads the owner's deals: a director's role (a member is a manager by default, ADR 0018).
    await assignRoleViaApi(admin, member, 'director');
    for (const name of ['Roof for Sidorov', 'Fence for Ivanova']) {
      const deal = await json<{ id: string }>(
        await admin.request.post('/api/deals', {
          data: { name, amount: '50000', closeDate: '2027-03-15', tags: ['roof'] },
        }),
      );
      dealIds.push(deal.id);
    }
  });

  it('adds a section, moves a field into it and hides another, for every deal and live for a colleague', async () => {
    // The colleague has the second deal open, in the default layout, and cannot change it.
    await member.goto(`/deals/${dealIds[1]}`);
    await member.getByRole('heading', { name: 'Fence for Ivanova', level: 1 }).waitFor();
    await section(member, 'Details').getByRole('group', { name: 'Expected close date' }).waitFor();
    expect(await member.getByRole('button', { name: 'Sections and fields of the card' }).count()).toBe(0);

    await admin.goto(`/deals/${dealIds[0]}`);
    await admin.getByRole('heading', { name: 'Roof for Sidorov', level: 1 }).waitFor();
    await admin.getByRole('button', { name: 'Sections and fields of the card' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Sections and fields of the card' });
    await dialog.getByText('The layout applies to every deal in the account.').waitFor();
    await dialog.getByRole('button', { name: 'Add a section' }).click();
    await dialog.getByRole('textbox', { name: 'Section title' }).nth(1).fill('Dates and money');
    await dialog
      .getByRole('combobox', { name: 'Section of Expected close date' })
      .selectOption({ label: 'Dates and money' });
    await dialog.getByRole('button', { name: 'Hide Tags' }).click();
    await dialog.getByRole('region', { name: 'Hidden fields' }).getByText('Tags').waitFor();
    await screenshot(admin, 'card-layout-editor-en.png');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await section(admin, 'Dates and money').getByRole('group', { name: 'Expected close date' }).waitFor();
    expect(await section(admin, 'Details').getByRole('group', { name: 'Expected close date' }).count()).toBe(
      0,
    );
    expect(await cardField(admin, 'Tags').count()).toBe(0);
    await cardField(admin, 'Source').waitFor();
    await screenshot(admin, 'card-layout-deal-en.png');

    // The colleague's open card rearranges itself without a reload.
    await section(member, 'Dates and money').getByRole('group', { name: 'Expected close date' }).waitFor();
    await waitUntil(
      async () => (await cardField(member, 'Tags').count()) === 0,
      'Tags hidden for the colleague',
    );

    const stored = await layoutOf(admin);
    expect(stored.sections.map((s) => [s.title, s.fields])).toEqual([
      [null, ['source', 'company', 'contacts']],
      ['Dates and money', ['closeDate']],
    ]);
    expect(stored.hidden).toEqual(['tags']);
    expect(stored.version).toBe(1);

    // Not an administrator: refused, nothing changed.
    const refused = await member.request.put('/api/card-layouts/deal', {
      data: { sections: [{ id: 'main', title: null, fields: ['tags'] }], hidden: [] },
    });
    expect(refused.status()).toBe(403);
    expect((await layoutOf(admin)).version).toBe(1);
  });

  it('reports a layout changed meanwhile instead of overwriting it, and starts over from the stored one', async () => {
    await admin.goto(`/deals/${dealIds[1]}`);
    await admin.getByRole('heading', { name: 'Fence for Ivanova', level: 1 }).waitFor();
    await admin.getByRole('button', { name: 'Sections and fields of the card' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Sections and fields of the card' });
    await dialog.getByRole('button', { name: 'Hide Source' }).click();

    // Someone else renames the section meanwhile.
    const before = await layoutOf(admin);
    const renamed = await admin.request.put('/api/card-layouts/deal', {
      headers: { 'if-match': `"v${before.version}"` },
      data: {
        sections: before.sections.map((s) => (s.title === null ? s : { ...s, title: 'Deadlines' })),
        hidden: before.hidden,
      },
    });
    expect(renamed.status()).toBe(200);

    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Someone else changed the layout meanwhile.', { exact: false }).waitFor();
    const kept = await layoutOf(admin);
    expect(kept.hidden).toEqual(['tags']);
    expect(kept.sections[1]?.title).toBe('Deadlines');

    await dialog.getByRole('button', { name: 'Reload' }).click();
    await waitUntil(
      async () =>
        (await dialog.getByRole('textbox', { name: 'Section title' }).nth(1).inputValue()) === 'Deadlines',
      'the editor shows the stored title',
    );
    await dialog.getByRole('button', { name: 'Hide Source' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await section(admin, 'Deadlines').getByRole('group', { name: 'Expected close date' }).waitFor();
    await waitUntil(async () => (await cardField(admin, 'Source').count()) === 0, 'Source hidden');
    expect((await layoutOf(admin)).hidden).toEqual(['tags', 'source']);

    // Back to the default: every field in one section again.
    await admin.getByRole('button', { name: 'Sections and fields of the card' }).click();
    await dialog.getByRole('button', { name: 'Back to the default layout' }).click();
    await dialog.getByText('No field is hidden.').waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await section(admin, 'Details').getByRole('group', { name: 'Tags' }).waitFor();
    expect(await section(admin, 'Deadlines').count()).toBe(0);
  });

  it('shows a hidden field when a stage move is refused because of it, so it can be filled', async () => {
    const pipelines = await json<{ items: { isDefault: boolean; stages: { id: string; name: string }[] }[] }>(
      await admin.request.get('/api/pipelines'),
    );
    const negotiation = pipelines.items
      .find((pipeline) => pipeline.isDefault)
      ?.stages.find((stage) => stage.name === 'Negotiation');
    const field = await json<{ id: string }>(
      await admin.request.post('/api/custom-fields', {
        data: { entity: 'deal', name: 'Roof area', type: 'string', requiredFromStageIds: [negotiation?.id] },
      }),
    );
    const current = await layoutOf(admin);
    await json(
      await admin.request.put('/api/card-layouts/deal', {
        headers: { 'if-match': `"v${current.version}"` },
        data: { sections: current.sections, hidden: [...current.hidden, `cf:${field.id}`] },
      }),
    );

    await admin.goto(`/deals/${dealIds[0]}`);
    await admin.getByRole('heading', { name: 'Roof for Sidorov', level: 1 }).waitFor();
    await cardField(admin, 'Source').waitFor();
    expect(await cardField(admin, 'Roof area').count()).toBe(0);

    await admin.getByRole('button', { name: 'Move to stage Negotiation' }).click();
    await admin.getByText('Hidden on the card; shown because of the error').waitFor();
    await cardField(admin, 'Roof area').waitFor();
    const stored = await json<{ stageId: string }>(await admin.request.get(`/api/deals/${dealIds[0]}`));
    expect(stored.stageId).not.toBe(negotiation?.id);
  });
});
