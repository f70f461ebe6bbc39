// Migration from amoCRM (MIGR-1..5) in the browser against the fake amoCRM: an administrator opens the
// wizard from Settings, pastes the redirect link, is refused for a private address and allows it inline,
// meets a wrong secret key and the spent authorization code next to their fields, connects with a new code,
// chooses the data (linked entities tick themselves), checks it (the count follows a changed parameter),
// migrates, watches the run to its end and confirms it. Then the API shows what the fake's store holds:
// the counts of companies, contacts, deals and tasks, each deal's stage, and a note's original date. A deal
// renamed in amoCRM comes over with "Sync changes", and "Delete migrated data" of that re-sync puts the old
// name back.
// The choose/check step is captured in Russian. The fake answers 7 requests per second, as amoCRM does, and
// holds the seed's account (1,078 companies, 1,692 contacts, 1,384 deals, 25,046 notes, 17,386 tasks; about
// five minutes on the suite's embedded PGlite); E2E_AMO_SCALE=0.1 runs a tenth of it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { field, newPerson, signUpViaApi } from '../support/app.js';
import { startFakeAmoProcess, type FakeAmoProcess } from '../support/fake-amocrm.js';

const browser = useBrowser();
let fake: FakeAmoProcess;
const scale = Number(process.env.E2E_AMO_SCALE ?? 1);
// Long steps at the seed's size: every request to the fake waits its turn at 7 per second.
const LONG = 15 * 60_000;

type Item = Record<string, unknown>;

/** Every item of a Voronka list that pages with `nextCursor`. */
async function all(page: Page, path: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await page.request.get(
      `${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(response.status(), await response.text()).toBe(200);
    const body = (await response.json()) as { items: Item[]; nextCursor: string | null };
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor !== null);
  return items;
}

const checkbox = (page: Page, name: string) => page.getByRole('checkbox', { name, exact: true });

describe('migration from amoCRM', () => {
  let page: Page;
  let redirectUri = '';

  beforeAll(async () => {
    redirectUri = `${inject('baseUrl')}/api/imports/amocrm/oauth/callback`;
    fake = await startFakeAmoProcess({ redirectUri, scale, seed: 7 });
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('owner'));
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('connects a portal: private address allowed inline, field errors, then a new code', async () => {
    await page.goto('/settings/account');
    await page.getByRole('tab', { name: 'Migration' }).click();
    await page.waitForURL(/\/imports\/amocrm$/);
    await page.getByRole('heading', { level: 1, name: 'Migration from amoCRM' }).waitFor();
    await waitUntil(
      async () => (await field(page, 'Redirect link').inputValue()) === redirectUri,
      'redirect link',
    );

    const code = await fake.nextCode();
    await field(page, 'Portal address').fill(fake.url);
    await field(page, 'Integration ID').fill(fake.clientId);
    await field(page, 'Secret key').fill(fake.clientSecret);
    await field(page, 'Authorization code').fill(code);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByText(`${fake.host} is on a private network address`).waitFor();
    await page.getByRole('button', { name: `Allow ${fake.host}` }).click();
    await page.getByText('The outbound hosts are saved').waitFor();
    const hosts = (await (await page.request.get('/api/settings/outbound-hosts')).json()) as {
      hosts: string[];
    };
    expect(hosts.hosts).toEqual([fake.host]);

    // A wrong secret key: amoCRM refuses it, and the code is spent with the attempt.
    await field(page, 'Secret key').fill('not-the-secret');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByText('amoCRM did not accept the integration ID and secret key').first().waitFor();
    await field(page, 'Secret key').fill(fake.clientSecret);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByText('This authorization code was already used').waitFor();
    expect(await field(page, 'Authorization code').getAttribute('aria-invalid')).toBe('true');

    await field(page, 'Authorization code').fill(await fake.nextCode());
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByTestId('amocrm-connection').waitFor();
    await page.getByText('amoCRM account:').waitFor();
  });

  it(
    'chooses the data with linked entities ticked, checks it, and counts again on a change',
    async () => {
      await checkbox(page, 'Tasks').waitFor();
      // Everything is ticked at first; the ones others need cannot be unticked.
      expect(await checkbox(page, 'Companies').isDisabled()).toBe(true);
      for (const name of ['Tasks', 'Events', 'Deals']) await checkbox(page, name).click();
      expect(await checkbox(page, 'Deals').isChecked()).toBe(false);
      expect(await checkbox(page, 'Contacts').isDisabled()).toBe(false);
      // Ticking Tasks ticks deals (and with them pipelines, contacts, companies) again.
      await checkbox(page, 'Tasks').click();
      expect(await checkbox(page, 'Deals').isChecked()).toBe(true);
      expect(await checkbox(page, 'Sales stages (pipelines and deal stages)').isChecked()).toBe(true);
      await checkbox(page, 'Events').click();

      // Users: unmatched ones go to the default responsible (the person migrating).
      await page.getByTestId('unmatched-users').waitFor();

      await page.getByRole('button', { name: 'Check data' }).click();
      await waitForText(page.getByTestId('check-summary'), /^\d+ elements in 7 categories$/, LONG);

      const [companies, contacts, leads, tasks] = [
        await fake.list('companies', 'companies'),
        await fake.list('contacts', 'contacts'),
        await fake.list('leads', 'leads'),
        await fake.list('tasks', 'tasks'),
      ];
      const badge = async (entity: string) => Number(await page.getByTestId(`count-${entity}`).textContent());
      expect(await badge('companies')).toBe(companies.length);
      expect(await badge('contacts')).toBe(contacts.length);
      expect(await badge('deals')).toBe(leads.length);
      expect(await badge('tasks')).toBe(tasks.length);
      const events = await badge('events');

      // Without files the check runs again (debounced PATCH) and counts fewer events.
      await checkbox(page, 'With files').click();
      await page.getByTestId('check-pending').waitFor();
      await waitUntil(
        async () => (await page.getByTestId('count-events').count()) > 0 && (await badge('events')) < events,
        'the count without files',
        LONG,
      );
      await checkbox(page, 'With files').click();
      await waitUntil(
        async () =>
          (await page.getByTestId('count-events').count()) > 0 && (await badge('events')) === events,
        'the count with files again',
        LONG,
      );
      await page.getByTestId('effective-selection').waitFor();
    },
    LONG,
  );

  it('shows the choose/check step in Russian', async () => {
    await page.getByText('RU', { exact: true }).click();
    await waitForText(page.getByTestId('check-summary'), /^\d+ элемент(а|ов)? в 7 категориях$/);
    await page.getByRole('checkbox', { name: 'Компании', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Перенести данные' }).waitFor();
    await screenshot(page, 'amocrm-wizard-ru.png');
    await page.getByText('EN', { exact: true }).click();
    await page.getByRole('button', { name: 'Migrate data' }).waitFor();
  });

  it(
    'migrates, follows the run to its end and confirms it',
    async () => {
      await page.getByRole('button', { name: 'Migrate data' }).click();
      await page.waitForURL(/\/imports\/amocrm\/runs\/[0-9a-f-]{36}$/);
      await waitForText(page.getByTestId('run-status'), 'Done', LONG);
      await waitForText(page.getByTestId('run-progress'), 'Progress: 100%');
      await waitForText(page.getByTestId('run-summary'), /^Done( with errors)?\. Migrated \d+/);
      await page.getByTestId('auto-confirm').waitFor();
      await waitUntil(
        async () => (await page.getByTestId('run-log').textContent())?.includes('Data check') ?? false,
        'the log',
      );
      const migrated = Number(await page.getByTestId('counter-migrated').locator('p').last().textContent());
      expect(migrated).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Download report (CSV)' }).waitFor();
      await screenshot(page, 'amocrm-run-en.png');

      await page.getByRole('button', { name: 'Confirm migration' }).click();
      await page
        .getByRole('dialog', { name: 'Confirm the migration' })
        .getByRole('button', { name: 'Agree' })
        .click();
      await waitForText(page.getByTestId('run-status'), 'Confirmed');
      await page.getByRole('button', { name: 'Sync changes' }).waitFor();
      await page.getByRole('link', { name: /Migration settings/ }).click();
      await page.getByTestId('amocrm-runs').getByText('Confirmed').waitFor();
    },
    LONG,
  );

  it(
    'holds what the fake amoCRM holds: counts, deal stages, links and a note’s original date',
    async () => {
      const [companies, contacts, leads, tasks, notes, pipelines] = [
        await fake.list('companies', 'companies'),
        await fake.list('contacts', 'contacts'),
        await fake.list('leads?with=contacts', 'leads'),
        await fake.list('tasks', 'tasks'),
        await fake.list('leads/notes', 'notes'),
        await fake.list('leads/pipelines', 'pipelines'),
      ];
      expect((await all(page, '/api/companies')).length).toBe(companies.length);
      expect((await all(page, '/api/contacts')).length).toBe(contacts.length);
      const deals = await all(page, '/api/deals');
      expect(deals.length).toBe(leads.length);
      // A task whose record was deleted in amoCRM is reported, not migrated.
      const exists: Record<string, Set<unknown>> = {
        leads: new Set(leads.map((l) => l.id)),
        contacts: new Set(contacts.map((c) => c.id)),
        companies: new Set(companies.map((c) => c.id)),
      };
      const linked = tasks.filter(
        (task) => !task.entity_id || exists[task.entity_type as string]?.has(task.entity_id) === true,
      );
      expect((await all(page, '/api/tasks')).length).toBe(linked.length);

      // Stages: won 142, lost 143, the Unsorted stage, the rest by name.
      type Stage = { id: string; name: string; kind: string };
      const stages = new Map<string, Stage>();
      const ours = (await (await page.request.get('/api/pipelines')).json()) as {
        items: { stages: Stage[] }[];
      };
      for (const p of ours.items) for (const s of p.stages) stages.set(s.id, s);
      const statusName = new Map<number, { name: string; type: number }>();
      for (const p of pipelines)
        for (const s of (p._embedded as { statuses: { id: number; name: string; type: number }[] }).statuses)
          statusName.set(s.id, s);
      const expected = (lead: Item) => {
        const id = lead.status_id as number;
        if (id === 142) return 'won';
        if (id === 143) return 'lost';
        return statusName.get(id)?.type === 1 ? 'unsorted' : `open:${statusName.get(id)?.name ?? '?'}`;
      };
      const actual = (deal: Item) => {
        const stage = stages.get(deal.stageId as string);
        return stage?.kind === 'open' ? `open:${stage.name}` : (stage?.kind ?? '?');
      };
      const byName = new Map(deals.map((d) => [d.name as string, d]));
      for (const lead of leads) {
        const deal = byName.get(lead.name as string);
        expect(deal, lead.name as string).toBeDefined();
        expect(`${lead.name as string}: ${actual(deal!)}`).toBe(`${lead.name as string}: ${expected(lead)}`);
      }

      // Links: each deal has the contacts and the company its amoCRM deal has (those that exist there; a link
      // to a deleted record is reported, not migrated), exactly one of them primary.
      type Embedded = { contacts?: { id: number; is_main?: boolean }[]; companies?: { id: number }[] };
      for (const lead of leads) {
        const embedded = (lead._embedded ?? {}) as Embedded;
        const deal = byName.get(lead.name as string)!;
        const contactsThere = (embedded.contacts ?? []).filter((c) => exists.contacts!.has(c.id));
        const companyThere = (embedded.companies ?? []).some((c) => exists.companies!.has(c.id));
        const ourContacts = deal.contacts as { isPrimary: boolean }[];
        expect(
          `${lead.name as string}: ${ourContacts.length} contacts, company ${deal.companyId !== null}`,
        ).toBe(`${lead.name as string}: ${contactsThere.length} contacts, company ${companyThere}`);
        if (contactsThere.length > 0) expect(ourContacts.filter((c) => c.isPrimary)).toHaveLength(1);
      }

      // A note on a deal keeps its original date in the deal's timeline.
      const note = notes.find((n) => n.note_type === 'common' && exists.leads!.has(n.entity_id))!;
      const lead = leads.find((l) => l.id === note.entity_id)!;
      const deal = byName.get(lead.name as string)!;
      const feed = (await (
        await page.request.get(`/api/timeline?entity=deal&entityId=${deal.id as string}&limit=200`)
      ).json()) as { items: { type: string; entry?: { text: string; occurredAt: string } }[] };
      const entry = feed.items.find(
        (i) => i.type === 'entry' && i.entry?.text === (note.params as { text: string }).text,
      )?.entry;
      expect(entry, JSON.stringify(note)).toBeDefined();
      expect(new Date(entry!.occurredAt).getTime()).toBe((note.created_at as number) * 1000);
    },
    LONG,
  );

  it(
    'syncs a change made in amoCRM, then deletes the re-sync and restores what it updated',
    async () => {
      const leads = await fake.list('leads', 'leads');
      const lead = leads[0]!;
      const before = lead.name as string;
      const renamed = `${before} (изменено)`;
      // amoCRM stamps updated_at in seconds: change it a second after the source run started, at least.
      await new Promise((r) => setTimeout(r, 1100));
      await fake.patch('leads', [{ id: lead.id, name: renamed }]);
      const dealNames = async () => (await all(page, '/api/deals')).map((d) => d.name as string);

      await page.getByTestId('amocrm-runs').getByRole('link', { name: 'Open' }).first().click();
      await page.getByRole('button', { name: 'Sync changes' }).click();
      await page.getByRole('heading', { level: 1, name: /^Re-sync of changes from / }).waitFor();
      await waitForText(page.getByTestId('run-status'), 'Ready to migrate', LONG);
      await page.getByRole('button', { name: 'Migrate data' }).click();
      await waitForText(page.getByTestId('run-status'), 'Done', LONG);
      expect(
        Number(await page.getByTestId('counter-updated').locator('p').last().textContent()),
      ).toBeGreaterThan(0);
      expect(await dealNames()).toContain(renamed);

      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete migrated data' });
      await dialog
        .getByText('Attention! Data created by the migration will be deleted from the account.')
        .waitFor();
      await dialog.getByRole('button', { name: 'Agree' }).click();
      await waitForText(page.getByTestId('run-status'), 'Migrated data deleted', LONG);
      await page.getByText('Deletion has finished: the data of this run was deleted.').waitFor();
      const names = await dealNames();
      expect(names).toContain(before);
      expect(names).not.toContain(renamed);
      expect(names).toHaveLength(leads.length);
    },
    LONG,
  );
});
