import crypto from 'node:crypto';
import { sql } from 'kysely';
import { expect, it, vi } from 'vitest';
import type { Voronka } from '../../app.js';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';
import { handledReferences } from './index.js';

type Account = Awaited<ReturnType<typeof signUp>>;

/**
 * A fingerprint of the records' state: every table but the append-only logs a merge and its undo add to
 * (events, their deliveries and history, the merge rows themselves). Contacts and companies are compared
 * without version and updated_at: undo gives the kept record its old values under a new version, so an ETag
 * from the merged state stays stale.
 */
async function recordsChecksum(voronka: Voronka): Promise<string> {
  const skip = ['domain_events', 'event_deliveries', 'history_entries', 'record_merges', 'schema_migrations'];
  const { db } = voronka.database;
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY(${skip}))
    ORDER BY table_name`.execute(db);
  const parts: string[] = [];
  for (const { name } of tables) {
    const row = ['contacts', 'companies'].includes(name)
      ? sql`(to_jsonb(t) - 'version' - 'updated_at')::text`
      : sql`t::text`;
    const { rows } = await sql<{ h: string | null }>`
      SELECT md5(string_agg(${row}, '|' ORDER BY ${row})) AS h FROM ${sql.table(name)} t`.execute(db);
    parts.push(`${name}:${rows[0]?.h ?? 'empty'}`);
  }
  return parts.join(',');
}

/** Deals, leads, tasks and timeline entries pointing at records — written directly, as their modules would. */
function seeder(voronka: Voronka, account: Account) {
  const { db } = voronka.database;
  const accountId = account.accountId;
  return {
    async deal(
      client: Client,
      contacts: { id: string; primary?: boolean }[],
      companyId: string | null = null,
    ) {
      const pipeline = (await client.get('/api/pipelines')).body.items[0];
      const deal = await db
        .insertInto('deals')
        .values({
          account_id: accountId,
          name: `Сделка ${crypto.randomUUID().slice(0, 6)}`,
          pipeline_id: pipeline.id,
          stage_id: pipeline.stages[1].id,
          currency: 'RUB',
          responsible_user_id: account.userId,
          company_id: companyId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (contacts.length > 0) {
        await db
          .insertInto('deal_contacts')
          .values(
            contacts.map((c, position) => ({
              account_id: accountId,
              deal_id: deal.id,
              contact_id: c.id,
              is_primary: c.primary ?? false,
              position,
            })),
          )
          .execute();
      }
      return deal.id;
    },
    async lead(refs: {
      contact_id?: string;
      company_id?: string;
      converted_contact_id?: string;
      converted_company_id?: string;
    }) {
      const status = await db
        .insertInto('lead_statuses')
        .values({
          account_id: accountId,
          name: `Статус ${crypto.randomUUID()}`,
          color: '#336699',
          kind: 'open',
          position: 90,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (
        await db
          .insertInto('leads')
          .values({ account_id: accountId, name: 'Заявка', status_id: status.id, currency: 'RUB', ...refs })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    async task(refs: { contact_id?: string; company_id?: string }) {
      return (
        await db
          .insertInto('tasks')
          .values({
            account_id: accountId,
            type: 'call',
            text: 'Перезвонить',
            deadline: new Date(Date.now() + 86_400_000),
            responsible_user_id: account.userId,
            ...refs,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    async note(refs: { contact_id?: string; company_id?: string }) {
      return (
        await db
          .insertInto('timeline_entries')
          .values({ account_id: accountId, kind: 'comment', body: 'Был на выставке', ...refs })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    dealContacts: (dealId: string) =>
      db
        .selectFrom('deal_contacts')
        .select(['contact_id', 'is_primary'])
        .where('deal_id', '=', dealId)
        .orderBy('position')
        .execute(),
    refOf: async (table: 'leads' | 'tasks' | 'timeline_entries' | 'deals', id: string) =>
      (await db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<
        string,
        unknown
      >,
  };
}

describeEachDatabase('merges', (get) => {
  it('every foreign key to contacts or companies is handled by the merge (a new table cannot be forgotten)', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; referenced: string }>`
      SELECT DISTINCT kcu.table_name, kcu.column_name, ccu.table_name AS referenced
      FROM information_schema.referential_constraints rc
      JOIN information_schema.key_column_usage kcu
        ON kcu.constraint_schema = rc.constraint_schema AND kcu.constraint_name = rc.constraint_name
      JOIN information_schema.constraint_column_usage ccu
        ON ccu.constraint_schema = rc.unique_constraint_schema AND ccu.constraint_name = rc.unique_constraint_name
      WHERE kcu.table_schema = 'public' AND ccu.table_name IN ('contacts', 'companies')
        AND kcu.column_name <> 'account_id'
      ORDER BY 1, 2`.execute(get().database.db);
    const references = rows.map((r) => ({
      entity: r.referenced === 'contacts' ? 'contact' : 'company',
      ...r,
    }));
    // The schema as written today references both from several tables; an empty answer would mean a broken query.
    expect(references.filter((r) => r.entity === 'contact').length).toBeGreaterThanOrEqual(6);
    expect(references.filter((r) => r.entity === 'company').length).toBeGreaterThanOrEqual(7);
    const missing = references
      .filter(
        (r) =>
          !handledReferences(r.entity as 'contact' | 'company').includes(`${r.table_name}.${r.column_name}`),
      )
      .map((r) => `${r.table_name}.${r.column_name} → ${r.referenced}`);
    expect(missing, 'add these to modules/merges/references.ts (and check merge and undo move them)').toEqual(
      [],
    );
  });

  it('merges contacts: chosen values, union of channels, links and custom fields, every reference moved; undo restores the database', async () => {
    const admin = await signUp(get());
    const seed = seeder(get(), admin);
    const types = (await admin.client.get('/api/reference-lists/contact_types')).body.items;
    const city = await admin.client.post('/api/custom-fields', {
      entity: 'contact',
      type: 'string',
      name: 'Город',
    });
    const note = await admin.client.post('/api/custom-fields', {
      entity: 'contact',
      type: 'string',
      name: 'Заметка',
    });
    const keyPerson = await admin.client.post('/api/custom-fields', {
      entity: 'company',
      type: 'crm_link',
      name: 'Ключевое лицо',
      settings: { targetEntities: ['contact'] },
    });
    expect(keyPerson.status).toBe(201);
    const c1 = await admin.client.post('/api/companies', { name: 'Ромашка' });
    const c2 = await admin.client.post('/api/companies', { name: 'Вектор' });
    const target = await admin.client.post('/api/contacts', {
      firstName: 'Анна',
      lastName: 'Петрова',
      phones: [{ value: '+7 916 123-45-67', type: 'mobile' }],
      emails: [{ value: 'anna@romashka.ru' }],
      companyIds: [c1.body.id],
      customFields: { [note.body.id]: 'из целевой' },
    });
    const s1 = await admin.client.post('/api/contacts', {
      firstName: 'Аня',
      position: 'Директор',
      phones: [{ value: '8 916 123 45 67' }, { value: '+7 903 000-00-01' }],
      companyIds: [c1.body.id, c2.body.id],
      customFields: { [city.body.id]: 'Казань', [note.body.id]: 'из первой' },
    });
    const s2 = await admin.client.post('/api/contacts', {
      lastName: 'Петрова',
      typeId: types[0].id,
      emails: [{ value: 'ANNA@romashka.ru' }, { value: 'anna@gmail.com', type: 'personal' }],
      messengers: [{ service: 'telegram', value: '@anna' }],
    });
    const holder = await admin.client.post('/api/companies', {
      name: 'Холдинг',
      customFields: { [keyPerson.body.id]: { entity: 'contact', id: s1.body.id } },
    });
    expect(holder.status).toBe(201);
    const [t, a, b] = [target.body.id as string, s1.body.id as string, s2.body.id as string];
    const d1 = await seed.deal(admin.client, [{ id: a, primary: true }, { id: t }]);
    const d2 = await seed.deal(admin.client, [{ id: b, primary: true }]);
    const d3 = await seed.deal(admin.client, [{ id: t, primary: true }, { id: a }, { id: b }]);
    const lead = await seed.lead({ contact_id: a, converted_contact_id: b });
    const task = await seed.task({ contact_id: a });
    const entry = await seed.note({ contact_id: b });

    const before = await recordsChecksum(get());
    const merged = await admin.client.post('/api/contacts/merge', {
      targetId: t,
      sourceIds: [a, b],
      values: { firstName: a, [note.body.id]: a },
    });
    expect(merged.status).toBe(200);
    const contact = merged.body.contact;
    expect(contact).toMatchObject({
      id: t,
      firstName: 'Аня',
      lastName: 'Петрова',
      position: 'Директор',
      typeId: types[0].id,
      version: 2,
      customFields: { [city.body.id]: 'Казань', [note.body.id]: 'из первой' },
    });
    expect(contact.phones.map((p: { e164: string }) => p.e164)).toEqual(['+79161234567', '+79030000001']);
    expect(contact.emails.map((e: { value: string }) => e.value)).toEqual([
      'anna@romashka.ru',
      'anna@gmail.com',
    ]);
    expect(contact.messengers).toEqual([{ service: 'telegram', value: '@anna' }]);
    expect([...contact.companyIds].sort()).toEqual([c1.body.id, c2.body.id].sort());
    for (const id of [a, b]) expect((await admin.client.get(`/api/contacts/${id}`)).status).toBe(404);
    expect(await seed.dealContacts(d1)).toEqual([{ contact_id: t, is_primary: true }]);
    expect(await seed.dealContacts(d2)).toEqual([{ contact_id: t, is_primary: true }]);
    expect(await seed.dealContacts(d3)).toEqual([{ contact_id: t, is_primary: true }]);
    expect(await seed.refOf('leads', lead)).toMatchObject({ contact_id: t, converted_contact_id: t });
    expect((await seed.refOf('tasks', task)).contact_id).toBe(t);
    expect((await seed.refOf('timeline_entries', entry)).contact_id).toBe(t);
    expect((await admin.client.get(`/api/companies/${holder.body.id}`)).body.customFields).toEqual({
      [keyPerson.body.id]: { entity: 'contact', id: t },
    });
    const byLink = encodeURIComponent(
      JSON.stringify({ [keyPerson.body.id]: { op: 'eq', value: { entity: 'contact', id: t } } }),
    );
    expect((await admin.client.get(`/api/companies?customFields=${byLink}`)).body.items).toHaveLength(1);
    expect(
      (await admin.client.get(`/api/contacts?companyId=${c2.body.id}`)).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([t]);

    const merge = merged.body.merge;
    expect(merge).toMatchObject({
      entity: 'contact',
      targetId: t,
      sourceIds: [a, b],
      sources: [
        { id: a, name: 'Аня' },
        { id: b, name: 'Петрова' },
      ],
      mergedBy: admin.userId,
      undoneAt: null,
      moved: {
        'deal_contacts.contact_id': 4,
        'contact_companies.contact_id': 2,
        'leads.contact_id': 1,
        'leads.converted_contact_id': 1,
        'tasks.contact_id': 1,
        'timeline_entries.contact_id': 1,
        'custom_fields.company': 1,
      },
    });
    const listed = await admin.client.get(`/api/merges?entity=contact&targetId=${t}`);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([merge.id]);
    expect((await admin.client.get(`/api/merges/${merge.id}`)).body.sources).toHaveLength(2);
    await vi.waitFor(
      async () => {
        const history = (await admin.client.get(`/api/history?entity=contact&entityId=${t}`)).body.items;
        const entry = history.find((e: { type: string }) => e.type === 'contact.merged');
        expect(entry.changes.firstName).toEqual({ from: 'Анна', to: 'Аня' });
        expect(entry.details.mergeId).toBe(merge.id);
      },
      { timeout: 25_000, interval: 250 },
    );

    const undone = await admin.client.post(`/api/merges/${merge.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneBy).toBe(admin.userId);
    expect(await recordsChecksum(get())).toBe(before);
    const restored = await admin.client.get(`/api/contacts/${t}`);
    expect(restored.body).toMatchObject({ firstName: 'Анна', version: 3, companyIds: [c1.body.id] });
    expect(restored.headers.etag).toBe('"v3"');
    expect((await admin.client.get(`/api/contacts/${a}`)).body.companyIds.sort()).toEqual(
      [c1.body.id, c2.body.id].sort(),
    );
    const again = await admin.client.post(`/api/merges/${merge.id}/undo`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_undone');
    await vi.waitFor(
      async () => {
        const history = (await admin.client.get(`/api/history?entity=contact&entityId=${a}`)).body.items;
        expect(history.map((e: { type: string }) => e.type).slice(0, 2)).toEqual([
          'contact.restored',
          'contact.deleted',
        ]);
      },
      { timeout: 25_000, interval: 250 },
    );
  });

  it('merges companies: INN and name chosen, deals, leads, links and tasks moved; undo restores the database', async () => {
    const admin = await signUp(get());
    const seed = seeder(get(), admin);
    const anna = await admin.client.post('/api/contacts', { firstName: 'Анна' });
    const boris = await admin.client.post('/api/contacts', { firstName: 'Борис' });
    const target = await admin.client.post('/api/companies', {
      name: 'Ромашка',
      phones: [{ value: '+7 495 123-45-67' }],
      contactIds: [anna.body.id],
    });
    const source = await admin.client.post('/api/companies', {
      name: 'ООО «Ромашка»',
      inn: '7707083893',
      phones: [{ value: '8 (495) 123-45-67' }],
      sites: [{ value: 'romashka.ru' }],
      contactIds: [anna.body.id, boris.body.id],
    });
    const [t, s] = [target.body.id as string, source.body.id as string];
    const deal = await seed.deal(admin.client, [], s);
    const lead = await seed.lead({ company_id: s, converted_company_id: s });
    const task = await seed.task({ company_id: s });
    const entry = await seed.note({ company_id: s });
    const duplicates = await admin.client.get(`/api/companies/${t}/duplicates`);
    expect(duplicates.body.items.map((d: { company: { id: string } }) => d.company.id)).toEqual([s]);

    const before = await recordsChecksum(get());
    const stale = await admin.client.post(
      '/api/companies/merge',
      { targetId: t, sourceIds: [s] },
      { 'if-match': '"v7"' },
    );
    expect(stale.status).toBe(409);
    expect(await recordsChecksum(get())).toBe(before);
    const merged = await admin.client.post(
      '/api/companies/merge',
      { targetId: t, sourceIds: [s], values: { name: s } },
      { 'if-match': '"v1"' },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.company).toMatchObject({
      id: t,
      name: 'ООО «Ромашка»',
      inn: '7707083893',
      phones: [{ e164: '+74951234567' }],
      sites: [{ value: 'romashka.ru' }],
    });
    expect([...merged.body.company.contactIds].sort()).toEqual([anna.body.id, boris.body.id].sort());
    expect(merged.body.merge.moved).toEqual({
      'deals.company_id': 1,
      'leads.company_id': 1,
      'leads.converted_company_id': 1,
      'tasks.company_id': 1,
      'timeline_entries.company_id': 1,
      'contact_companies.company_id': 2,
    });
    expect((await seed.refOf('deals', deal)).company_id).toBe(t);
    expect(await seed.refOf('leads', lead)).toMatchObject({ company_id: t, converted_company_id: t });
    expect((await seed.refOf('tasks', task)).company_id).toBe(t);
    expect((await seed.refOf('timeline_entries', entry)).company_id).toBe(t);
    expect((await admin.client.get(`/api/contacts/${boris.body.id}`)).body.companyIds).toEqual([t]);
    expect(
      (await admin.client.get('/api/companies?inn=7707083893')).body.items.map((c: { id: string }) => c.id),
    ).toEqual([t]);

    const undone = await admin.client.post(`/api/merges/${merged.body.merge.id}/undo`);
    expect(undone.status).toBe(200);
    expect(await recordsChecksum(get())).toBe(before);
    expect((await admin.client.get(`/api/companies/${s}`)).body.name).toBe('ООО «Ромашка»');
    expect((await admin.client.get(`/api/companies/${t}`)).body).toMatchObject({
      name: 'Ромашка',
      inn: null,
      version: 3,
    });
  });

  it('refuses bad merge input naming the field, and writes nothing', async () => {
    const admin = await signUp(get());
    const t = (await admin.client.post('/api/contacts', { firstName: 'Цель' })).body.id;
    const s = (await admin.client.post('/api/contacts', { firstName: 'Дубль' })).body.id;
    const before = await databaseChecksum(get());
    const cases: [unknown, number, string][] = [
      [{ targetId: t, sourceIds: [] }, 400, 'body.sourceIds'],
      [
        { targetId: t, sourceIds: Array.from({ length: 10 }, () => crypto.randomUUID()) },
        400,
        'body.sourceIds',
      ],
      [{ targetId: t, sourceIds: [s, s] }, 400, 'body.sourceIds.1'],
      [{ targetId: t, sourceIds: [s, t] }, 422, 'body.sourceIds.1'],
      [{ targetId: t, sourceIds: [crypto.randomUUID()] }, 422, 'body.sourceIds.0'],
      [{ targetId: t, sourceIds: [s], values: { nickname: s } }, 422, 'body.values.nickname'],
      [
        { targetId: t, sourceIds: [s], values: { firstName: crypto.randomUUID() } },
        422,
        'body.values.firstName',
      ],
      [{ targetId: t, sourceIds: [s], values: { [crypto.randomUUID()]: s } }, 422, 'body.values.'],
      [{ targetId: 'nope', sourceIds: [s] }, 400, 'body.targetId'],
    ];
    for (const [body, status, field] of cases) {
      const res = await admin.client.post('/api/contacts/merge', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(
        res.body.errors.map((e: { field: string }) => e.field).join(' '),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(
      (await admin.client.post('/api/contacts/merge', { targetId: crypto.randomUUID(), sourceIds: [s] }))
        .status,
    ).toBe(404);
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('rights: a member merges and undoes only records they are responsible for; an administrator any', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const colleague = await addMember(get(), admin.client);
    const mine1 = (await member.client.post('/api/contacts', { firstName: 'Мой 1' })).body.id;
    const mine2 = (await member.client.post('/api/contacts', { firstName: 'Мой 2' })).body.id;
    const admins = (await admin.client.post('/api/contacts', { firstName: 'Админский' })).body.id;
    const before = await databaseChecksum(get());
    const refused = await member.client.post('/api/contacts/merge', {
      targetId: mine1,
      sourceIds: [mine2, admins],
    });
    expect(refused.status).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);
    const merged = await member.client.post('/api/contacts/merge', { targetId: mine1, sourceIds: [mine2] });
    expect(merged.status).toBe(200);
    const mergeId = merged.body.merge.id;
    const beforeUndo = await databaseChecksum(get());
    expect((await colleague.client.post(`/api/merges/${mergeId}/undo`)).status).toBe(403);
    expect(await databaseChecksum(get())).toBe(beforeUndo);
    expect((await member.client.post(`/api/merges/${mergeId}/undo`)).status).toBe(200);
    const byAdmin = await admin.client.post('/api/contacts/merge', {
      targetId: admins,
      sourceIds: [mine1, mine2],
    });
    expect(byAdmin.status).toBe(200);
  });

  it('undo is refused once the kept record changed after the merge', async () => {
    const admin = await signUp(get());
    const t = (await admin.client.post('/api/companies', { name: 'Альфа' })).body.id;
    const s = (await admin.client.post('/api/companies', { name: 'альфа' })).body.id;
    const merged = await admin.client.post('/api/companies/merge', { targetId: t, sourceIds: [s] });
    expect(merged.status).toBe(200);
    await admin.client.patch(`/api/companies/${t}`, { comment: 'Новый договор' });
    const before = await databaseChecksum(get());
    const refused = await admin.client.post(`/api/merges/${merged.body.merge.id}/undo`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('target_changed');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await admin.client.get(`/api/companies/${s}`)).status).toBe(404);
  });

  it('another account’s records and merges are absent: 404 / 422, nothing written', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const aContact = (await a.client.post('/api/contacts', { firstName: 'A' })).body.id;
    const bContact1 = (await b.client.post('/api/contacts', { firstName: 'B1' })).body.id;
    const bContact2 = (await b.client.post('/api/contacts', { firstName: 'B2' })).body.id;
    const bCompany1 = (await b.client.post('/api/companies', { name: 'B1' })).body.id;
    const aCompany = (await a.client.post('/api/companies', { name: 'A' })).body.id;
    const bMerge = (
      await b.client.post('/api/contacts/merge', { targetId: bContact1, sourceIds: [bContact2] })
    ).body.merge.id;
    const before = await databaseChecksum(get());
    const foreignSource = await a.client.post('/api/contacts/merge', {
      targetId: aContact,
      sourceIds: [bContact1],
    });
    expect(foreignSource.status).toBe(422);
    expect(foreignSource.body.errors[0].field).toBe('body.sourceIds.0');
    expect(
      (await a.client.post('/api/contacts/merge', { targetId: bContact1, sourceIds: [aContact] })).status,
    ).toBe(404);
    const foreignCompany = await a.client.post('/api/companies/merge', {
      targetId: aCompany,
      sourceIds: [bCompany1],
    });
    expect(foreignCompany.status).toBe(422);
    expect((await a.client.get(`/api/merges/${bMerge}`)).status).toBe(404);
    expect((await a.client.post(`/api/merges/${bMerge}/undo`)).status).toBe(404);
    expect((await a.client.get('/api/merges')).body.items).toEqual([]);
    expect(await databaseChecksum(get())).toBe(before);
  });
});
