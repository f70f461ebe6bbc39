// The deal card (CORE-7) and tasks (CORE-8): a manager edits a deal in place, is stopped at a stage that
// needs a field and sees why at that field, writes a formatted comment with an @mention, plans a task and
// completes it from the Tasks page, pins the comment, and keeps their input when a colleague changes the
// deal at the same time.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
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

interface Stage {
  id: string;
  name: string;
  kind: string;
}
interface Deal {
  id: string;
  name: string;
  stageId: string;
  closeDate: string | null;
  tags: string[];
  customFields: Record<string, unknown>;
  version: number;
}

const dealOf = async (page: Page, id: string) => json<Deal>(await page.request.get(`/api/deals/${id}`));

/** A field of the card: its group, named by the field's label. */

const feed = (page: Page) => page.getByRole('feed');

describe('deal card', () => {
  let admin: Page;
  let colleague: Page;
  const owner = newPerson('owner');
  const boris = { ...newPerson('boris'), name: `Boris ${Math.random().toString(36).slice(2, 7)}` };
  let borisId: string;
  let stages: Map<string, Stage>;
  let fieldId: string;
  let dealId: string;

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, owner);
    const token = await inviteViaApi(admin, boris.email);
    colleague = await browser.newPage({ locale: 'en-US' });
    await acceptInvitationViaApi(colleague, token, boris);
    // Boris works on his colleagues' deals too: a director's role (a member is a manager by default, ADR 0018).
    borisId = await assignRoleViaApi(admin, colleague, 'director');

    const pipelines = await json<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
      await admin.request.get('/api/pipelines'),
    );
    const sales = pipelines.items.find((pipeline) => pipeline.isDefault);
    stages = new Map((sales?.stages ?? []).map((stage) => [stage.name, stage]));

    const field = await json<{ id: string }>(
      await admin.request.post('/api/custom-fields', {
        data: {
          entity: 'deal',
          name: 'Site address',
          type: 'string',
          requiredFromStageIds: [stages.get('Negotiation')!.id],
        },
      }),
    );
    fieldId = field.id;
    const contact = await json<{ id: string }>(
      await admin.request.post('/api/contacts', { data: { firstName: 'Ivan', lastName: 'Petrov' } }),
    );
    const deal = await json<Deal>(
      await admin.request.post('/api/deals', {
        data: {
          name: 'Ceiling for Petrov',
          amount: '150000',
          stageId: stages.get('Initial contact')!.id,
          contacts: [{ id: contact.id }],
        },
      }),
    );
    dealId = deal.id;
  });

  it('opens the card and renames the deal in place', async () => {
    await admin.goto(`/deals/${dealId}`);
    await admin.getByRole('heading', { name: 'Ceiling for Petrov', level: 1 }).waitFor();
    await cardField(admin, 'Contacts').getByText('Petrov Ivan').waitFor();
    await cardField(admin, 'Contacts').getByText('primary').waitFor();
    expect(
      await admin.getByRole('button', { name: 'Move to stage Initial contact' }).getAttribute('aria-current'),
    ).toBe('step');

    await admin.getByRole('button', { name: 'Edit Deal name' }).click();
    const name = cardField(admin, 'Deal name').getByRole('textbox', { name: 'Deal name' });
    await name.fill('Stretch ceiling for Petrov');
    await name.press('Enter');
    await admin.getByRole('heading', { name: 'Stretch ceiling for Petrov', level: 1 }).waitFor();
    expect((await dealOf(admin, dealId)).name).toBe('Stretch ceiling for Petrov');
  });

  it('shows at the field why a stage move is refused, and moves once it is filled', async () => {
    await admin.getByRole('button', { name: 'Move to stage Negotiation' }).click();
    const address = cardField(admin, 'Site address');
    await waitForText(address.getByRole('alert'), 'Required at this stage');
    await waitForText(admin.getByRole('alert').filter({ hasText: 'To move the deal' }), 'Site address');
    expect((await dealOf(admin, dealId)).stageId).toBe(stages.get('Initial contact')!.id);

    await admin.getByRole('button', { name: 'Edit Site address' }).click();
    await address.getByRole('textbox', { name: 'Site address' }).fill('Nizhny Novgorod, Gagarina 77');
    await address.getByRole('button', { name: 'Save' }).click();
    await address.getByText('Nizhny Novgorod, Gagarina 77').waitFor();
    expect(await address.getByRole('alert').count()).toBe(0);

    await admin.getByRole('button', { name: 'Move to stage Negotiation' }).click();
    await waitUntil(
      async () =>
        (await admin
          .getByRole('button', { name: 'Move to stage Negotiation' })
          .getAttribute('aria-current')) === 'step',
      'the deal at Negotiation',
    );
    const deal = await dealOf(admin, dealId);
    expect(deal.stageId).toBe(stages.get('Negotiation')!.id);
    expect(deal.customFields[fieldId]).toBe('Nizhny Novgorod, Gagarina 77');
    // The move is told in the feed by stage names.
    await waitForText(feed(admin).getByText(/Stage: Initial contact → Negotiation/), 'Negotiation', 30_000);
  });

  it('sends a comment with bold text and an @mention, and renders it', async () => {
    const box = admin.getByRole('textbox', { name: 'Comment' });
    await box.fill('Measurement is ');
    await admin.getByRole('button', { name: 'Bold' }).click();
    await box.pressSequentially('confirmed');
    await box.press('End');
    await box.pressSequentially(' for Friday, ');
    await admin.getByRole('button', { name: 'Mention a colleague' }).click();
    await box.pressSequentially('Bor');
    await admin.getByRole('option', { name: new RegExp(boris.name) }).click();
    await box.pressSequentially('please call the client.');
    expect(await box.inputValue()).toBe(
      `Measurement is **confirmed** for Friday, [@${boris.name}](mention:${borisId}) please call the client.`,
    );
    await admin.getByRole('button', { name: 'Send', exact: true }).click();
    await waitUntil(async () => (await box.inputValue()) === '', 'the composer to be emptied');

    const comment = feed(admin)
      .getByRole('article', { name: `Comment by ${owner.name}` })
      .first();
    await comment.locator('strong', { hasText: 'confirmed' }).waitFor();
    await comment.getByText(`@${boris.name}`).waitFor();
    const entries = await json<{ items: { type: string; entry?: { kind: string; mentions: string[] } }[] }>(
      await admin.request.get(`/api/timeline?entity=deal&entityId=${dealId}`),
    );
    const sent = entries.items.find((item) => item.entry?.kind === 'comment');
    expect(sent?.entry?.mentions).toEqual([borisId]);
  });

  it('plans a task, completes it on the Tasks page with a result and sees it in the feed', async () => {
    await admin.getByRole('tab', { name: 'Task' }).click();
    const form = admin.getByRole('form', { name: 'New task' });
    await form.getByRole('textbox', { name: 'What to do' }).fill('Call Petrov about the measurement');
    await form.getByRole('button', { name: 'Plan the task' }).click();
    await feed(admin).getByRole('article', { name: 'Task: Call Petrov about the measurement' }).waitFor();

    await admin
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Tasks' })
      .click();
    await admin.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    const task = admin.getByRole('listitem', { name: 'Call Petrov about the measurement' });
    await task.getByRole('link', { name: 'Deal: Stretch ceiling for Petrov' }).waitFor();
    await task.getByRole('button', { name: 'Complete «Call Petrov about the measurement»' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Complete the task' });
    await dialog.getByRole('textbox', { name: 'Result' }).fill('Measurement agreed for Friday 10:00');
    await dialog.getByRole('button', { name: 'Complete' }).click();
    await dialog.waitFor({ state: 'detached' });
    await task.waitFor({ state: 'detached' });
    await admin.getByText('No open tasks. Well done!').waitFor();

    await admin.goto(`/deals/${dealId}`);
    const done = feed(admin).getByRole('article', {
      name: 'Task completed: Call Petrov about the measurement',
    });
    await waitForText(done, 'Measurement agreed for Friday 10:00');
  });

  it('pins the comment on top of the feed', async () => {
    const comment = feed(admin)
      .getByRole('article', { name: `Comment by ${owner.name}` })
      .first();
    await comment.getByRole('button', { name: 'Pin' }).click();
    const pinned = admin.getByRole('region', { name: 'Pinned' });
    await pinned.locator('strong', { hasText: 'confirmed' }).waitFor();
    await pinned.getByRole('button', { name: 'Unpin' }).waitFor();
  });

  it('keeps what the user typed when a colleague changes the deal meanwhile', async () => {
    await admin.getByRole('button', { name: 'Edit Expected close date' }).click();
    const closeDate = cardField(admin, 'Expected close date');
    const input = closeDate.locator('input[type="date"]');
    await input.fill('2026-12-30');

    // Boris, in his own browser, tags the deal.
    await colleague.goto(`/deals/${dealId}`);
    await colleague.getByRole('button', { name: 'Edit Tags' }).click();
    const tags = cardField(colleague, 'Tags').locator('input:not([type="hidden"])');
    await tags.fill('vip');
    await tags.press('Enter');
    await cardField(colleague, 'Tags').getByRole('button', { name: 'Save' }).click();
    await cardField(colleague, 'Tags').getByText('vip').waitFor();

    // The change arrives live: the open editor says so and keeps the input.
    await waitForText(closeDate.getByRole('alert'), 'Someone else has just changed this deal');
    expect(await input.inputValue()).toBe('2026-12-30');
    await closeDate.getByRole('button', { name: 'Save' }).click();
    await waitForText(closeDate.getByRole('alert'), 'Changed by someone else — reload');
    expect(await input.inputValue()).toBe('2026-12-30');
    expect((await dealOf(admin, dealId)).closeDate).toBeNull();

    await closeDate.getByRole('button', { name: 'Reload' }).click();
    await waitUntil(async () => (await closeDate.getByRole('alert').count()) === 0, 'the conflict to clear');
    expect(await input.inputValue()).toBe('2026-12-30');
    await closeDate.getByRole('button', { name: 'Save' }).click();
    await closeDate.getByText('Dec 30, 2026').waitFor();
    const deal = await dealOf(admin, dealId);
    expect(deal.closeDate).toBe('2026-12-30');
    expect(deal.tags).toEqual(['vip']);
  });

  it('shows the card in Russian and in English', async () => {
    await admin.getByText('RU', { exact: true }).click();
    await admin.getByRole('button', { name: 'Перевести на этап Negotiation' }).waitFor();
    await admin.getByRole('heading', { name: 'Лента' }).waitFor();
    await screenshot(admin, 'deal-card-ru.png');
    await admin.getByText('EN', { exact: true }).click();
    await admin.getByRole('heading', { name: 'Timeline' }).waitFor();
    await screenshot(admin, 'deal-card-en.png');
  });
});
