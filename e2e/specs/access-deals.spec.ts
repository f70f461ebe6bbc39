// Access rights on deals, as a member meets them (ADR 0018): a manager sees only their own deals on the board
// and in the list, without import or export; a deal the administrator marks «Open to all» in its card shows
// to a role reading open deals, but saving a change to it is refused with the server's reason; a move into a
// stage the role may not edit at is refused and the card goes back to its column.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import {
  acceptInvitationViaApi,
  cardField,
  inviteViaApi,
  json,
  newPerson,
  signUpViaApi,
} from '../support/app.js';

const browser = useBrowser();

interface Deal {
  id: string;
  name: string;
  version: number;
  stageId: string;
  isOpen: boolean;
  responsibleUserId: string | null;
}
interface Stage {
  id: string;
  name: string;
  kind: string;
  position: number;
}
interface Role {
  id: string;
  code: string | null;
  version: number;
  permissions: {
    entities: Record<string, Record<string, string>>;
    dealStages: Record<string, Record<string, string>>;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const column = (page: Page, stage: string) => page.getByRole('region', { name: stage, exact: true });
const cardIn = (col: Locator, name: string) => col.getByRole('button', { name, exact: true });
const row = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });

const MINE = 'Окна для участника';
const OTHER = 'Двери директора';

describe('deal rights in the UI', () => {
  let admin: Page;
  let member: Page;
  const owner = newPerson('owner');
  const colleague = newPerson('manager');
  let memberId = '';
  let stages: Stage[] = [];
  let mine: Deal;
  let other: Deal;

  beforeAll(async () => {
    admin = await browser.newPage({ locale: 'en-US' });
    member = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(admin, owner);
    await acceptInvitationViaApi(member, await inviteViaApi(admin, colleague.email), colleague);
    const users = await json<{ items: { id: string; email: string }[] }>(
      await admin.request.get('/api/users'),
    );
    memberId = users.items.find((user) => user.email === colleague.email)?.id ?? '';
    expect(memberId).not.toBe('');
    const pipelines = await json<{ items: { isDefault: boolean; stages: Stage[] }[] }>(
      await admin.request.get('/api/pipelines'),
    );
    stages = (pipelines.items.find((p) => p.isDefault)?.stages ?? []).toSorted(
      (a, b) => a.position - b.position,
    );

    // The administrator creates both deals, then hands one to the member.
    mine = await json<Deal>(await admin.request.post('/api/deals', { data: { name: MINE, amount: '1000' } }));
    other = await json<Deal>(
      await admin.request.post('/api/deals', { data: { name: OTHER, amount: '2000' } }),
    );
    mine = await json<Deal>(
      await admin.request.patch(`/api/deals/${mine.id}`, {
        data: { responsibleUserId: memberId },
        headers: { 'if-match': `"v${mine.version}"` },
      }),
    );
    expect(mine.responsibleUserId).toBe(memberId);
  });

  const stageName = (id: string) => stages.find((stage) => stage.id === id)?.name ?? '';

  it('a manager sees only their own deal on the board and in the list, with no import or export', async () => {
    await member.goto('/deals');
    const first = column(member, stageName(mine.stageId));
    await cardIn(first, MINE).waitFor();
    await waitForText(member.getByTestId('board-totals'), '1 deal');
    expect(await member.getByText(OTHER).count()).toBe(0);

    await member.goto('/deals?view=list');
    await row(member, MINE).waitFor();
    expect(await row(member, OTHER).count()).toBe(0);
    expect(await member.getByRole('button', { name: /Import|Export/ }).count()).toBe(0);

    // The administrator sees everything, the spreadsheet menu too.
    await admin.goto('/deals?view=list');
    await row(admin, OTHER).waitFor();
    await row(admin, MINE).waitFor();
    await admin.getByRole('button', { name: 'Import / Export' }).waitFor();
  });

  it('the administrator marks the other deal «Open to all» in its card', async () => {
    await admin.goto(`/deals/${other.id}`);
    const open = admin.getByRole('switch', { name: 'Open to all' });
    expect(await open.isChecked()).toBe(false);
    await open.click();
    await waitUntil(
      async () => (await json<Deal>(await admin.request.get(`/api/deals/${other.id}`))).isOpen,
      'the deal saved as open to all',
    );
    await waitUntil(async () => open.isChecked(), 'the switch on');
    // The member's role now reads open deals as well (roles add up); changing them stays `own`.
    const reader = await json<Role>(
      await admin.request.post('/api/roles', {
        data: {
          name: 'Читатель открытых',
          permissions: {
            entities: Object.fromEntries(
              ['lead', 'deal', 'contact', 'company', 'task', 'product', 'report'].map((entity) => [
                entity,
                {
                  read: entity === 'deal' ? 'open' : 'none',
                  add: 'none',
                  edit: 'none',
                  delete: 'none',
                  export: 'none',
                  import: 'none',
                },
              ]),
            ),
            dealStages: {},
            leadStatuses: {},
            settings: false,
            robots: { lead: 'none', deal: 'none' },
          },
        },
      }),
    );
    await json(
      await admin.request.post('/api/role-assignments', {
        data: { roleId: reader.id, subjectKind: 'user', subjectId: memberId },
      }),
    );
  });

  it('the member now sees the open deal but cannot save a change to it', async () => {
    await member.goto('/deals?view=list');
    await row(member, OTHER).waitFor();
    await row(member, MINE).waitFor();
    expect(await member.getByRole('button', { name: /Import|Export/ }).count()).toBe(0);

    await row(member, OTHER).getByRole('link', { name: OTHER }).click();
    await member.waitForURL(new RegExp(`/deals/${other.id}$`));
    await member.getByRole('heading', { name: OTHER }).waitFor();
    expect(await member.getByRole('switch', { name: 'Open to all' }).isChecked()).toBe(true);
    // Not theirs to delete: no Delete on the card.
    expect(await member.getByRole('button', { name: 'Delete' }).count()).toBe(0);

    await member.getByRole('button', { name: 'Edit Deal name' }).click();
    const name = cardField(member, 'Deal name');
    await name.getByRole('textbox', { name: 'Deal name' }).fill('Двери участника');
    await name.getByRole('button', { name: 'Save' }).click();
    await waitForText(name, 'Your role does not allow changing this deal.');
    await screenshot(member, 'access-deal-refused.png');
    expect((await json<Deal>(await admin.request.get(`/api/deals/${other.id}`))).name).toBe(OTHER);

    // Their own deal's card offers Delete.
    await member.goto(`/deals/${mine.id}`);
    await member.getByRole('heading', { name: MINE }).waitFor();
    await member.getByRole('button', { name: 'Delete' }).waitFor();
  });

  it('a move into a stage the role may not edit at is refused, and the card goes back', async () => {
    const from = stages.findIndex((stage) => stage.id === mine.stageId);
    const next = stages[from + 1];
    if (next === undefined) throw new Error('the deal is in the last stage');
    // The Manager role may not change deals at the next stage.
    const roles = await json<{ items: Role[] }>(await admin.request.get('/api/roles'));
    const manager = roles.items.find((role) => role.code === 'manager');
    if (manager === undefined) throw new Error('no Manager role');
    await json(
      await admin.request.put(`/api/roles/${manager.id}`, {
        data: {
          name: 'Менеджер',
          permissions: { ...manager.permissions, dealStages: { [next.id]: { edit: 'none' } } },
        },
        headers: { 'if-match': `"v${manager.version}"` },
      }),
    );

    await member.goto('/deals');
    const start = column(member, stageName(mine.stageId));
    const card = cardIn(start, MINE);
    await card.waitFor();
    await card.focus();
    await member.keyboard.press('Space');
    await pause(250);
    await member.keyboard.press('ArrowRight');
    await pause(250);
    await member.keyboard.press('Space');
    await member.getByText('Your role does not allow moving deals into this stage.').waitFor();
    await cardIn(start, MINE).waitFor();
    expect(await cardIn(column(member, next.name), MINE).count()).toBe(0);
    await screenshot(member, 'access-move-refused.png');
    expect((await json<Deal>(await admin.request.get(`/api/deals/${mine.id}`))).stageId).toBe(mine.stageId);
  });
});
