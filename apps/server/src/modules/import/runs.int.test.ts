// Migration runs against the fake amoCRM over real HTTP (MIGR-2..5): the data check, a full run whose
// records, links, custom-field values, stages and timeline dates equal the source, an idempotent re-run,
// the delta re-sync and its rollback, Stop/Continue, a required field stopping the run, Cancel + "Delete
// migrated data" leaving the account as before, and who may see and do what.
import type { ImportRun } from '@voronka/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { generateAccount, type AmoAccountData } from '../../../test/fake-amocrm/generator.js';
import { startFakeAmo, type FakeAmo } from '../../../test/fake-amocrm/server.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';

const integration = {
  clientId: 'c0ffee00-0000-4000-8000-0000000000r1',
  clientSecret: 'runs-secret',
  redirectUri: 'http://voronka.test/api/imports/amocrm/oauth/callback',
};

let fake: FakeAmo;
let slow: FakeAmo;
let data: AmoAccountData;
/** A note on a lead that does not exist in amoCRM: the report must name it. */
const ORPHAN_NOTE_ID = 49_999_999;

beforeAll(async () => {
  data = generateAccount({ scale: 0.01, seed: 11 });
  data.notes.push({
    id: ORPHAN_NOTE_ID,
    entity_id: 17_999_999,
    entity_type: 'leads',
    created_by: data.users[0]?.id ?? 0,
    updated_by: 0,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000,
    responsible_user_id: 0,
    group_id: 0,
    note_type: 'common',
    params: { text: 'Заметка удалённой сделки' },
    is_editable: true,
    account_id: data.account.id,
  });
  fake = await startFakeAmo({ data, clients: [integration], blockAfterViolations: 1000 });
  // Every page of more than one item times out (504): the client reads item by item, so a run is slow
  // enough to be stopped half-way.
  slow = await startFakeAmo({
    data: generateAccount({ scale: 0.01, seed: 12 }),
    clients: [integration],
    readTimeoutAbove: 1,
    blockAfterViolations: 1000,
  });
});
afterAll(async () => {
  await fake.close();
  await slow.close();
});

const BASE = '/api/imports/amocrm';

async function connect(client: Client, portal: FakeAmo = fake) {
  await client.put('/api/settings/outbound-hosts', {
    hosts: [fake.host, fake.driveHost, slow.host, slow.driveHost],
  });
  const res = await client.post(`${BASE}/connections`, {
    portal: portal.url,
    integrationId: integration.clientId,
    secretKey: integration.clientSecret,
    authorizationCode: portal.issueAuthorizationCode(),
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function waitFor(client: Client, id: string, statuses: string[], timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get<ImportRun>(`${BASE}/runs/${id}`);
    expect(res.status, res.text).toBe(200);
    if (statuses.includes(res.body.status)) return res.body;
    if (Date.now() > until)
      throw new Error(
        `run ${id} is ${res.body.status}, not ${statuses.join('|')}: ${JSON.stringify(res.body)}`,
      );
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function runToEnd(client: Client, body: unknown) {
  const created = await client.post<ImportRun>(`${BASE}/runs`, body);
  expect(created.status, created.text).toBe(201);
  await waitFor(client, created.body.id, ['ready']);
  const started = await client.post(`${BASE}/runs/${created.body.id}/start`);
  expect(started.status, started.text).toBe(200);
  return waitFor(client, created.body.id, ['completed']);
}

const rows = async <T>(v: Voronka, query: ReturnType<typeof sql<T>>) =>
  (await query.execute(v.database.db)).rows;

/** A fingerprint of an account's CRM records (what a migration writes), for before/after comparisons. */
async function accountChecksum(v: Voronka, accountId: string) {
  const tables = [
    'companies',
    'contacts',
    'contact_companies',
    'contact_channels',
    'company_channels',
    'deals',
    'deal_contacts',
    'deal_stage_history',
    'tasks',
    'timeline_entries',
    'custom_fields',
    'custom_field_values',
    'pipelines',
    'stages',
  ];
  const parts: string[] = [];
  for (const table of tables) {
    const [row] = await rows<{ h: string | null }>(
      v,
      sql`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(table)} t
          WHERE t.account_id = ${accountId}`,
    );
    parts.push(`${table}:${row?.h ?? 'empty'}`);
  }
  return parts.join(',');
}

describeEachDatabase('amoCRM migration runs', (get) => {
  let admin: Awaited<ReturnType<typeof signUp>>;
  let connectionId: string;
  let firstRun: { id: string; counters: Record<string, number> };
  const mapped = async (entity: string, sourceId: number | string) =>
    (
      await rows<{ target_id: string }>(
        get(),
        sql`SELECT target_id FROM import_external_ids WHERE account_id = ${admin.accountId}
            AND source_entity = ${entity} AND source_id = ${String(sourceId)}`,
      )
    )[0]?.target_id;

  it('checks the data, migrates it in the background and brings every record over as in amoCRM', async () => {
    admin = await signUp(get());
    // A Voronka user with an amoCRM user's e-mail gets that user's records.
    const amoUser = data.users[1]!;
    const invite = await admin.client.post('/api/invitations', { email: amoUser.email, role: 'member' });
    const member = (
      await get().http.inject({
        method: 'POST',
        url: `/api/invitations/by-token/${invite.body.token as string}/accept`,
        payload: { name: 'Ольга Смирнова', password: 'member password 1' },
      })
    ).json<{ user: { id: string } }>();
    connectionId = await connect(admin.client);

    const source = await admin.client.get(`${BASE}/connections/${connectionId}/source`);
    expect(source.status, source.text).toBe(200);
    expect(source.body.pipelines).toHaveLength(4);
    expect(source.body.pipelines[0].stages.map((s: { kind: string }) => s.kind)).toEqual(
      expect.arrayContaining(['unsorted', 'open', 'won', 'lost']),
    );
    expect(source.body.users.find((u: { id: number }) => u.id === amoUser.id).match.userId).toBe(
      member.user.id,
    );
    expect(
      source.body.customFields.find(
        (f: { type: string; entity: string }) => f.type === 'date_time' && f.entity === 'contacts',
      ).target,
    ).toBe('datetime');

    const created = await admin.client.post(`${BASE}/runs`, {
      connectionId,
      selection: { entities: ['deals', 'tasks', 'events'] },
    });
    expect(created.status, created.text).toBe(201);
    // Linked entities are ticked with what was chosen.
    expect(created.body.selection.entities).toEqual([
      'users',
      'companies',
      'contacts',
      'pipelines',
      'deals',
      'events',
      'tasks',
    ]);
    const ready = await waitFor(admin.client, created.body.id, ['ready']);
    const expected = {
      users: data.users.length,
      companies: data.companies.length,
      contacts: data.contacts.length,
      pipelines: data.pipelines.length,
      deals: data.leads.length,
      events: data.notes.length,
      tasks: data.tasks.length,
    };
    expect(ready.check).toMatchObject({ status: 'done', counts: expected, categories: 7 });
    expect(ready.counters.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));

    // Changing a parameter runs the check again: a period counts only what was created in it.
    const from = '2023-01-01';
    const to = '2024-12-31';
    const inPeriod = (t: unknown) => {
      const day = new Date((Number(t) + 3 * 3600) * 1000).toISOString().slice(0, 10);
      return day >= from && day <= to;
    };
    const narrowed = await admin.client.patch(`${BASE}/runs/${created.body.id}`, {
      selection: { entities: ['deals', 'tasks', 'events'], period: { from, to } },
    });
    expect(narrowed.status, narrowed.text).toBe(200);
    expect(narrowed.body.status).toBe('checking');
    const periodCheck = await waitFor(admin.client, created.body.id, ['ready']);
    expect(periodCheck.check?.counts).toMatchObject({
      companies: data.companies.filter((c) => inPeriod(c.created_at)).length,
      deals: data.leads.filter((c) => inPeriod(c.created_at)).length,
      events: data.notes.filter((c) => inPeriod(c.created_at)).length,
    });
    const bad = await admin.client.patch(`${BASE}/runs/${created.body.id}`, {
      selection: { entities: ['deals'], period: { from: to, to: from } },
    });
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.selection.period.to' })]);
    await admin.client.patch(`${BASE}/runs/${created.body.id}`, {
      selection: { entities: ['deals', 'tasks', 'events'] },
    });
    expect((await waitFor(admin.client, created.body.id, ['ready'])).check?.counts).toEqual(expected);

    expect((await admin.client.post(`${BASE}/runs/${created.body.id}/start`)).status).toBe(200);
    expect(
      (await admin.client.patch(`${BASE}/runs/${created.body.id}`, { selection: { entities: ['deals'] } }))
        .status,
    ).toBe(409);
    const done = await waitFor(admin.client, created.body.id, ['completed']);
    firstRun = done;
    const danglingNotesAndTasks = data.bad.danglingLinks.filter(
      (l) => l.from === 'notes' || l.from === 'tasks',
    );
    expect(done.counters.failed).toBe(danglingNotesAndTasks.length + 1);
    expect(done.counters.migrated + done.counters.failed).toBe(done.counters.total);
    expect(done.progress).toBe(100);
    expect(Date.parse(done.confirmBy ?? '') - Date.parse(done.finishedAt ?? '')).toBe(7 * 86_400_000);

    // Counts.
    const count = async (table: string) =>
      Number(
        (
          await rows<{ n: string }>(
            get(),
            sql`SELECT count(*) AS n FROM ${sql.table(table)} WHERE account_id = ${admin.accountId}`,
          )
        )[0]?.n,
      );
    expect(await count('companies')).toBe(data.companies.length);
    expect(await count('contacts')).toBe(data.contacts.length);
    expect(await count('deals')).toBe(data.leads.length);
    expect(await count('tasks')).toBe(
      data.tasks.length - data.bad.danglingLinks.filter((l) => l.from === 'tasks').length,
    );

    // Contact ↔ company links (those to companies deleted in amoCRM are left out).
    const links = await rows<{ contact_id: string; company_id: string }>(
      get(),
      sql`SELECT contact_id, company_id FROM contact_companies WHERE account_id = ${admin.accountId}`,
    );
    const expectedLinks = data.contacts.flatMap((c) =>
      (c._embedded as { companies: { id: number }[] }).companies
        .filter((co) => data.companies.some((x) => x.id === co.id))
        .map((co) => [c.id, co.id]),
    );
    expect(links).toHaveLength(expectedLinks.length);
    for (const [contact, company] of expectedLinks)
      expect(links).toContainEqual({
        contact_id: await mapped('contact', contact!),
        company_id: await mapped('company', company!),
      });

    // Deals: stages (142 → won, 143 → lost, Unsorted → unsorted, the rest by name), amount, responsible.
    const voronkaDeals = await rows<{
      id: string;
      name: string;
      amount: string;
      kind: string;
      stage: string;
      responsible_user_id: string;
      start_date: string;
      closed_at: Date | null;
      loss_reason: string | null;
    }>(
      get(),
      sql`SELECT d.id, d.name, d.amount::text AS amount, s.kind, s.name AS stage, d.responsible_user_id,
            d.start_date::text AS start_date, d.closed_at, r.name AS loss_reason
          FROM deals d JOIN stages s ON s.account_id = d.account_id AND s.id = d.stage_id
            LEFT JOIN reference_list_items r ON r.account_id = d.account_id AND r.id = d.loss_reason_id
          WHERE d.account_id = ${admin.accountId}`,
    );
    for (const lead of data.leads) {
      const id = await mapped('deal', lead.id);
      const row = voronkaDeals.find((d) => d.id === id);
      expect(row).toBeDefined();
      expect(row?.name).toBe(lead.name);
      expect(Number(row?.amount)).toBe(lead.price);
      const status = data.pipelines
        .find((p) => p.id === lead.pipeline_id)
        ?.statuses.find((s) => s.id === lead.status_id);
      const kind =
        lead.status_id === 142
          ? 'won'
          : lead.status_id === 143
            ? 'lost'
            : status?.type === 1
              ? 'unsorted'
              : 'open';
      expect(row?.kind).toBe(kind);
      if (kind === 'open') expect(row?.stage).toBe(status?.name);
      // A won or lost deal keeps the moment amoCRM closed it.
      if (kind === 'won' || kind === 'lost') {
        expect(lead.closed_at).toEqual(expect.any(Number));
        expect(row?.closed_at?.getTime()).toBe(Number(lead.closed_at) * 1000);
      } else expect(row?.closed_at).toBeNull();
      // A lost deal keeps its loss reason, by amoCRM's name for it.
      const reason = data.lossReasons.find((r) => r.id === lead.loss_reason_id);
      expect(row?.loss_reason).toBe(kind === 'lost' && reason ? reason.name : null);
      if (lead.responsible_user_id === amoUser.id) expect(row?.responsible_user_id).toBe(member.user.id);
      else expect(row?.responsible_user_id).toBe(admin.userId);
    }
    expect(data.leads.some((l) => l.status_id === 143 && l.loss_reason_id)).toBe(true);
    // Deal contacts, with the main one primary.
    const dealWithContacts = data.leads.find(
      (l) =>
        (l._embedded as { contacts: { id: number }[] }).contacts.filter((c) =>
          data.contacts.some((x) => x.id === c.id),
        ).length > 0,
    )!;
    const deal = await admin.client.get(`/api/deals/${await mapped('deal', dealWithContacts.id)}`);
    const sourceContacts = (
      dealWithContacts._embedded as { contacts: { id: number; is_main: boolean }[] }
    ).contacts.filter((c) => data.contacts.some((x) => x.id === c.id));
    expect(deal.body.contacts.map((c: { id: string }) => c.id)).toEqual(
      await Promise.all(sourceContacts.map((c) => mapped('contact', c.id))),
    );

    // Custom-field values keep their type: numbers, date-times (still date-times), lists, addresses.
    const fields = (await admin.client.get('/api/custom-fields?entity=contact')).body.items as {
      id: string;
      name: string;
      type: string;
      settings: { options?: { id: string; label: string }[] };
    }[];
    const byName = (name: string) => fields.find((f) => f.name === name)!;
    expect(byName('Время звонка').type).toBe('datetime');
    expect(byName('Бюджет проекта').type).toBe('number');
    expect(byName('Источник').type).toBe('list');
    let checked = 0;
    for (const c of data.contacts) {
      const values =
        (c.custom_fields_values as { field_name: string; values: { value: unknown }[] }[] | null) ?? [];
      const contact = (await admin.client.get(`/api/contacts/${await mapped('contact', c.id)}`)).body;
      for (const v of values) {
        const value = v.values[0]?.value;
        if (v.field_name === 'Время звонка') {
          expect(Date.parse(contact.customFields[byName('Время звонка').id])).toBe(Number(value) * 1000);
          checked++;
        }
        if (v.field_name === 'Бюджет проекта') {
          expect(contact.customFields[byName('Бюджет проекта').id]).toBe(String(value));
          checked++;
        }
        if (v.field_name === 'Источник') {
          const option = byName('Источник').settings.options?.find((o) => o.label === value);
          expect(contact.customFields[byName('Источник').id]).toBe(option?.id);
          checked++;
        }
      }
      // Invalid e-mails are kept in the comment, not dropped.
      for (const bad of data.bad.invalidEmails.filter((b) => b.entity === 'contacts' && b.id === c.id))
        expect(contact.comment).toContain(`Некорректный email: ${bad.value}`);
    }
    expect(checked).toBeGreaterThan(5);

    // Timeline entries and tasks keep their original dates and authors.
    const note = data.notes.find(
      (n) =>
        n.note_type === 'common' && n.entity_type === 'leads' && data.leads.some((l) => l.id === n.entity_id),
    )!;
    const [entry] = await rows<{ occurred_at: Date; created_at: Date; body: string; deal_id: string }>(
      get(),
      sql`SELECT occurred_at, created_at, body, deal_id FROM timeline_entries
          WHERE account_id = ${admin.accountId} AND id = ${(await mapped('note', `leads:${note.id}`))!}`,
    );
    expect(entry?.occurred_at.getTime()).toBe(Number(note.created_at) * 1000);
    expect(entry?.created_at.getTime()).toBe(Number(note.created_at) * 1000);
    expect(entry?.body).toBe((note.params as { text: string }).text);
    expect(entry?.deal_id).toBe(await mapped('deal', note.entity_id));
    const call = data.notes.find(
      (n) => n.note_type === 'call_in' && data.bad.danglingLinks.every((l) => l.id !== n.id),
    )!;
    const [callEntry] = await rows<{ kind: string; data: Record<string, unknown>; body: string }>(
      get(),
      sql`SELECT kind, data, body FROM timeline_entries WHERE account_id = ${admin.accountId}
          AND id = ${(await mapped('note', `${call.entity_type}:${call.id}`))!}`,
    );
    expect(callEntry?.kind).toBe('call');
    expect(callEntry?.data).toMatchObject({
      direction: 'inbound',
      durationSeconds: (call.params as { duration: number }).duration,
    });
    const doneTask = data.tasks.find(
      (t) => t.is_completed && !Array.isArray(t.result) && data.bad.danglingLinks.every((l) => l.id !== t.id),
    )!;
    const task = await rows<{ created_at: Date; text: string; result: string; completed_at: Date | null }>(
      get(),
      sql`SELECT created_at, text, result, completed_at FROM tasks
          WHERE account_id = ${admin.accountId} AND id = ${(await mapped('task', doneTask.id))!}`,
    );
    expect(task[0]?.created_at.getTime()).toBe(Number(doneTask.created_at) * 1000);
    expect(task[0]?.text).toContain(`Результат: ${(doneTask.result as { text: string }).text}`);
    expect(task[0]?.completed_at).not.toBeNull();

    // Every record event carries source `import` (automation ignores them).
    const sources = await rows<{ source: string }>(
      get(),
      sql`SELECT DISTINCT source FROM domain_events WHERE account_id = ${admin.accountId}
          AND type IN ('deal.created', 'contact.created', 'company.created', 'task.created', 'timeline.created')`,
    );
    expect(sources).toEqual([{ source: 'import' }]);
    const runEvents = await rows<{ type: string }>(
      get(),
      sql`SELECT DISTINCT type FROM domain_events WHERE account_id = ${admin.accountId} AND entity = 'import_run'`,
    );
    expect(runEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(['import_run.created', 'import_run.progressed', 'import_run.completed']),
    );

    // The report: the orphan note and every dangling link, as JSON pages and as CSV; each reason a code with
    // parameters, read in the reader's language (the admin signed up in Russian) or the one asked for.
    const failures = await admin.client.get(`${BASE}/runs/${created.body.id}/failures?limit=500`);
    expect(failures.body.items).toContainEqual(
      expect.objectContaining({
        entity: 'events',
        sourceId: String(ORPHAN_NOTE_ID),
        code: 'linked_record_missing',
        params: { entity: 'deal', id: '17999999' },
        reason: 'Связанная запись (сделка 17999999) не существует в amoCRM или не была перенесена',
      }),
    );
    expect(failures.body.items.filter((f: { code: string | null }) => f.code === null)).toEqual([]);
    const english = await admin.client.get(`${BASE}/runs/${created.body.id}/failures?limit=500&locale=en`);
    expect(english.body.items).toContainEqual(
      expect.objectContaining({
        sourceId: String(ORPHAN_NOTE_ID),
        reason: 'Its deal 17999999 does not exist in amoCRM or was not migrated',
      }),
    );
    const csv = await admin.client.get(`${BASE}/runs/${created.body.id}/report.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    // Every record not migrated, and every file not brought (its event or record is migrated): missing on
    // the drive, or of amoCRM's old storage.
    const danglingNotes = new Set(danglingNotesAndTasks.map((l) => l.id));
    const onDrive = new Set(data.driveFiles.map((f) => f.uuid));
    const goneFieldFiles = [...data.leads, ...data.contacts, ...data.companies]
      .flatMap((r) => (r.custom_fields_values ?? []) as { field_type: string; values: unknown[] }[])
      .filter((v) => v.field_type === 'file')
      .flatMap((v) => v.values as { value: { file_uuid: string } }[])
      .filter((v) => !onDrive.has(v.value.file_uuid)).length;
    const fileLines =
      [...data.bad.missingFiles, ...data.bad.legacyFiles].filter((f) => !danglingNotes.has(f.noteId)).length +
      goneFieldFiles;
    expect(fileLines).toBeGreaterThan(0);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(done.counters.failed + fileLines + 1);
    expect(csv.text).toContain(
      `events,${ORPHAN_NOTE_ID},,Связанная запись (сделка 17999999) не существует в amoCRM или не была перенесена,`,
    );
    expect(csv.text).not.toMatch(/does not exist in amoCRM/);
    const csvEn = await admin.client.get(`${BASE}/runs/${created.body.id}/report.csv?locale=en`);
    expect(csvEn.text).toContain(
      `events,${ORPHAN_NOTE_ID},,Its deal 17999999 does not exist in amoCRM or was not migrated,`,
    );
    expect(
      (await admin.client.get(`${BASE}/runs/${created.body.id}/report.csv?locale=de`)).body,
    ).toMatchObject({ errors: [expect.objectContaining({ field: 'querystring.locale' })] });
    const log = await admin.client.get(`${BASE}/runs/${created.body.id}/log?limit=3`);
    expect(log.body.items).toHaveLength(3);
    const more = await admin.client.get(`${BASE}/runs/${created.body.id}/log?after=${log.body.last}`);
    expect(
      more.body.items[0].seq > log.body.last || more.body.items[0].seq.length > log.body.last.length,
    ).toBe(true);
    expect(more.body.items.at(-1).message).toMatch(/^Done with errors/);
  }, 180_000);

  it('a re-run with the same selection writes nothing twice', async () => {
    const before = await accountChecksum(get(), admin.accountId);
    const again = await runToEnd(admin.client, {
      connectionId,
      selection: { entities: ['deals', 'tasks', 'events'] },
    });
    expect(again.counters).toMatchObject({ added: 0, updated: 0, failed: firstRun.counters.failed });
    expect(await accountChecksum(get(), admin.accountId)).toBe(before);
  }, 120_000);

  it('a delta re-sync brings over what changed; deleting its data puts the old values back', async () => {
    const lead = data.leads[0]!;
    const dealId = (await mapped('deal', lead.id))!;
    const before = (await admin.client.get(`/api/deals/${dealId}`)).body;
    fake.change('leads', lead.id, { name: 'Поставка окон (изменено)', price: 777_000 });
    // A task still open at the first run is done in amoCRM since, with a result.
    let openTask: { id: number; voronkaId: string } | undefined;
    for (const task of data.tasks.filter((t) => !t.is_completed)) {
      const voronkaId = await mapped('task', task.id);
      if (voronkaId) {
        openTask = { id: task.id, voronkaId };
        break;
      }
    }
    expect(openTask).toBeDefined();
    const taskBefore = (await admin.client.get(`/api/tasks/${openTask!.voronkaId}`)).body;
    expect(taskBefore).toMatchObject({ status: 'open', result: null });
    fake.change('tasks', openTask!.id, { is_completed: true, result: { text: 'Договорились о замере' } });
    const sync = await admin.client.post(`${BASE}/runs/${firstRun.id}/sync`);
    expect(sync.status, sync.text).toBe(201);
    expect(sync.body).toMatchObject({ kind: 'sync', parentRunId: firstRun.id });
    const ready = await waitFor(admin.client, sync.body.id, ['ready']);
    expect(ready.check?.counts.deals).toBe(1);
    expect(ready.check?.counts.contacts).toBe(0);
    await admin.client.post(`${BASE}/runs/${sync.body.id}/start`);
    const done = await waitFor(admin.client, sync.body.id, ['completed']);
    expect(done.counters).toMatchObject({ added: 0, updated: 2, failed: 0 });
    const after = (await admin.client.get(`/api/deals/${dealId}`)).body;
    expect(after).toMatchObject({ name: 'Поставка окон (изменено)', amount: '777000.00' });
    const taskAfter = (await admin.client.get(`/api/tasks/${openTask!.voronkaId}`)).body;
    expect(taskAfter).toMatchObject({ status: 'completed', result: 'Договорились о замере' });
    const requests = fake.requestsTo('/api/v4/leads').at(-1);
    expect(decodeURIComponent(requests?.query ?? '')).toContain('filter[updated_at][from]');

    expect((await admin.client.post(`${BASE}/runs/${sync.body.id}/rollback`)).status).toBe(200);
    await waitFor(admin.client, sync.body.id, ['rolled_back']);
    const restored = (await admin.client.get(`/api/deals/${dealId}`)).body;
    expect(restored).toMatchObject({ name: before.name, amount: before.amount, stageId: before.stageId });
    const taskRestored = (await admin.client.get(`/api/tasks/${openTask!.voronkaId}`)).body;
    expect(taskRestored).toMatchObject({
      status: 'open',
      result: null,
      text: taskBefore.text,
      deadline: taskBefore.deadline,
      responsibleUserId: taskBefore.responsibleUserId,
    });
    // The first run's mapping is intact: it still owns the deal.
    expect(await mapped('deal', lead.id)).toBe(dealId);
    // Confirm the first run; it can no longer be deleted.
    expect((await admin.client.post(`${BASE}/runs/${firstRun.id}/confirm`)).body.status).toBe('confirmed');
    expect((await admin.client.post(`${BASE}/runs/${firstRun.id}/rollback`)).status).toBe(409);
  }, 120_000);

  it('stops after the current page and continues where it stopped; Cancel + delete leave the account as before', async () => {
    const other = await signUp(get());
    const slowConnection = await connect(other.client, slow);
    const before = await accountChecksum(get(), other.accountId);
    const created = await other.client.post(`${BASE}/runs`, {
      connectionId: slowConnection,
      selection: { entities: ['contacts'] },
    });
    await waitFor(other.client, created.body.id, ['ready']);
    await other.client.post(`${BASE}/runs/${created.body.id}/start`);
    // Wait for some progress, then stop.
    for (let i = 0; i < 400; i++) {
      const run = (await other.client.get(`${BASE}/runs/${created.body.id}`)).body;
      if (run.counters.migrated > 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const stopping = await other.client.post(`${BASE}/runs/${created.body.id}/stop`);
    expect(stopping.status, stopping.text).toBe(200);
    const stopped = await waitFor(other.client, created.body.id, ['stopped']);
    expect(stopped.counters.migrated).toBeLessThan(stopped.counters.total);
    await new Promise((r) => setTimeout(r, 500));
    expect((await other.client.get(`${BASE}/runs/${created.body.id}`)).body.counters.migrated).toBe(
      stopped.counters.migrated,
    );
    expect((await other.client.post(`${BASE}/runs/${created.body.id}/continue`)).status).toBe(200);
    const done = await waitFor(other.client, created.body.id, ['completed']);
    expect(done.counters.migrated + done.counters.failed).toBe(done.counters.total);
    const contacts = await rows<{ n: string }>(
      get(),
      sql`SELECT count(*) AS n FROM contacts WHERE account_id = ${other.accountId}`,
    );
    expect(Number(contacts[0]?.n)).toBe(slow.data.contacts.length);
    expect(await accountChecksum(get(), other.accountId)).not.toBe(before);

    // Completed: Delete migrated data removes all of it.
    expect((await other.client.post(`${BASE}/runs/${created.body.id}/rollback`)).status).toBe(200);
    await waitFor(other.client, created.body.id, ['rolled_back']);
    expect(await accountChecksum(get(), other.accountId)).toBe(before);

    // Cancelled half-way: Delete migrated data removes what it had brought over.
    const second = await other.client.post(`${BASE}/runs`, {
      connectionId: slowConnection,
      selection: { entities: ['contacts'] },
    });
    await waitFor(other.client, second.body.id, ['ready']);
    await other.client.post(`${BASE}/runs/${second.body.id}/start`);
    for (let i = 0; i < 400; i++) {
      const run = (await other.client.get(`${BASE}/runs/${second.body.id}`)).body;
      if (run.counters.added > 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await other.client.post(`${BASE}/runs/${second.body.id}/cancel`)).body.status).toBe('cancelled');
    expect(await accountChecksum(get(), other.accountId)).not.toBe(before);
    expect((await other.client.post(`${BASE}/runs/${second.body.id}/continue`)).status).toBe(409);
    expect((await other.client.post(`${BASE}/runs/${second.body.id}/rollback`)).status).toBe(200);
    const rolledBack = await waitFor(other.client, second.body.id, ['rolled_back']);
    expect(rolledBack.error).toBeNull();
    expect(await accountChecksum(get(), other.accountId)).toBe(before);
  }, 240_000);

  it('stops when a field required in Voronka is empty in amoCRM, naming it; continues once it is optional', async () => {
    const other = await signUp(get());
    const connection = await connect(other.client);
    const field = await other.client.post('/api/custom-fields', {
      entity: 'company',
      type: 'string',
      name: 'Код клиента',
      required: true,
    });
    expect(field.status, field.text).toBe(201);
    const created = await other.client.post(`${BASE}/runs`, {
      connectionId: connection,
      selection: { entities: ['companies'] },
    });
    await waitFor(other.client, created.body.id, ['ready']);
    await other.client.post(`${BASE}/runs/${created.body.id}/start`);
    const stopped = await waitFor(other.client, created.body.id, ['stopped']);
    expect(stopped.error?.code).toBe('required_field');
    expect(stopped.error?.message).toContain('«Код клиента»');
    expect(stopped.counters.added).toBe(0);
    const off = await other.client.patch(`/api/custom-fields/${field.body.id}`, { required: false });
    expect(off.status, off.text).toBe(200);
    await other.client.post(`${BASE}/runs/${created.body.id}/continue`);
    const done = await waitFor(other.client, created.body.id, ['completed']);
    expect(done.error).toBeNull();
    expect(done.counters.added).toBe(data.companies.length);
  }, 120_000);

  it('Delete migrated data after a full run removes every record, stage, pipeline and field it created', async () => {
    const other = await signUp(get());
    const connection = await connect(other.client);
    const before = await accountChecksum(get(), other.accountId);
    const done = await runToEnd(other.client, {
      connectionId: connection,
      selection: { entities: ['deals', 'tasks', 'events'], pipelines: [] },
    });
    expect(done.counters.added).toBeGreaterThan(data.leads.length);
    expect((await other.client.get('/api/pipelines')).body.items).toHaveLength(4);
    // A re-sync updates one of its deals; deleting the first run's data removes that deal too.
    fake.change('leads', data.leads[1]!.id, { name: 'Монтаж (изменено)' });
    const sync = await other.client.post(`${BASE}/runs/${done.id}/sync`);
    await waitFor(other.client, sync.body.id, ['ready']);
    await other.client.post(`${BASE}/runs/${sync.body.id}/start`);
    expect((await waitFor(other.client, sync.body.id, ['completed'])).counters.updated).toBe(1);
    expect((await other.client.post(`${BASE}/runs/${done.id}/rollback`)).status).toBe(200);
    await waitFor(other.client, done.id, ['rolled_back']);
    expect(await accountChecksum(get(), other.accountId)).toBe(before);
    const left = await rows<{ n: string }>(
      get(),
      sql`SELECT count(*) AS n FROM import_external_ids WHERE account_id = ${other.accountId}`,
    );
    expect(Number(left[0]?.n)).toBe(0);
  }, 180_000);

  it('resumes a run a dead worker left running, from its checkpoint, without duplicates', async () => {
    const other = await signUp(get());
    const connection = await connect(other.client);
    const created = await other.client.post(`${BASE}/runs`, {
      connectionId: connection,
      selection: { entities: ['contacts'] },
    });
    await waitFor(other.client, created.body.id, ['ready']);
    // As a worker killed after committing the companies and one page of contacts would leave it: running,
    // its lease lapsed, no job queued.
    const db = get().database.db;
    await db.transaction().execute(async (trx) => {
      await sql`UPDATE import_runs SET status = 'running', started_at = now(), lease_until = now() - interval '1 minute'
                WHERE id = ${created.body.id}`.execute(trx);
    });
    expect(await get().modules.import.job.resume()).toBeGreaterThanOrEqual(1);
    const done = await waitFor(other.client, created.body.id, ['completed']);
    expect(done.counters.migrated + done.counters.failed).toBe(done.counters.total);
    const [contacts] = await rows<{ n: string }>(
      get(),
      sql`SELECT count(*) AS n FROM contacts WHERE account_id = ${other.accountId}`,
    );
    expect(Number(contacts?.n)).toBe(data.contacts.length);
    // Resuming again finds nothing to do and writes nothing twice.
    await get().modules.import.job.handle({ accountId: other.accountId, runId: created.body.id });
    const [again] = await rows<{ n: string }>(
      get(),
      sql`SELECT count(*) AS n FROM contacts WHERE account_id = ${other.accountId}`,
    );
    expect(Number(again?.n)).toBe(data.contacts.length);
  }, 120_000);

  it('a completed run is confirmed by itself 7 days after it ended, and can no longer be deleted', async () => {
    const other = await signUp(get());
    const connection = await connect(other.client);
    const done = await runToEnd(other.client, {
      connectionId: connection,
      selection: { entities: ['companies'] },
    });
    expect(done.status).toBe('completed');
    const url = `${BASE}/runs/${done.id}`;
    // Six days and a bit later: still waiting for the user.
    await sql`UPDATE import_runs SET confirm_by = now() + interval '1 hour' WHERE id = ${done.id}`.execute(
      get().database.db,
    );
    expect((await other.client.get(url)).body.status).toBe('completed');
    // The seventh day passed: read in any way, it is confirmed, as of its deadline.
    const deadline = new Date(Date.now() - 60_000);
    await sql`UPDATE import_runs SET confirm_by = ${deadline} WHERE id = ${done.id}`.execute(
      get().database.db,
    );
    const listed = (await other.client.get(`${BASE}/runs`)).body.items.find(
      (r: { id: string }) => r.id === done.id,
    );
    expect(listed).toMatchObject({ status: 'confirmed', confirmedAt: deadline.toISOString() });
    const refused = await other.client.post(`${url}/rollback`);
    expect(refused.status).toBe(409);
    const [companies] = await rows<{ n: string }>(
      get(),
      sql`SELECT count(*) AS n FROM companies WHERE account_id = ${other.accountId}`,
    );
    expect(Number(companies?.n)).toBe(data.companies.length);
  }, 120_000);

  it('is for administrators only; another account’s run is absent; a bad selection names the field', async () => {
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const url = `${BASE}/runs/${firstRun.id}`;
    expect((await member.client.get(`${BASE}/runs`)).status).toBe(403);
    expect((await member.client.get(url)).status).toBe(403);
    expect(
      (await member.client.post(`${BASE}/runs`, { connectionId, selection: { entities: ['contacts'] } }))
        .status,
    ).toBe(403);
    expect((await member.client.post(`${url}/rollback`)).status).toBe(403);
    for (const path of ['', '/log', '/failures', '/report.csv'])
      expect((await other.client.get(`${url}${path}`)).status).toBe(404);
    for (const action of ['start', 'stop', 'continue', 'cancel', 'rollback', 'confirm', 'sync'])
      expect((await other.client.post(`${url}/${action}`)).status).toBe(404);
    expect((await other.client.get(`${BASE}/runs`)).body.items).toEqual([]);
    expect(
      (await other.client.post(`${BASE}/runs`, { connectionId, selection: { entities: ['contacts'] } })).body
        .errors,
    ).toEqual([expect.objectContaining({ field: 'body.connectionId' })]);
    const bad = await admin.client.post(`${BASE}/runs`, {
      connectionId,
      selection: {
        entities: ['deals'],
        pipelines: [{ sourcePipelineId: 1, target: { pipelineId: crypto.randomUUID() } }],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'body.selection.pipelines.0.target.pipelineId' }),
    ]);
  });
});
