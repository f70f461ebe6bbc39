import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalDecimal } from '@voronka/contracts';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import {
  createTestDatabase,
  databaseKinds,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/harness.js';
import { addMember, Client, signUp, uniqueEmail } from '../../../test/http.js';
import type { Voronka } from '../../app.js';
import { migrate, migrationsDir, openDatabase, type Database } from '../../platform/db/index.js';

type Status = {
  id: string;
  name: string;
  kind: 'open' | 'converted' | 'junk';
  color: string;
  position: number;
};

const statusesOf = async (client: Client) => (await client.get('/api/lead-statuses')).body.items as Status[];
const byKind = (statuses: Status[], kind: Status['kind']) => statuses.filter((s) => s.kind === kind);
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

/** History entries of a record (written in the background from its events), newest first. */
async function historyOf(client: Client, entity: string, id: string, count: number) {
  let items: { type: string; changes: Record<string, { from: unknown; to: unknown }> | null }[] = [];
  await vi.waitFor(
    async () => {
      items = (await client.get(`/api/history?entity=${entity}&entityId=${id}`)).body.items;
      expect(items.length).toBeGreaterThanOrEqual(count);
    },
    { timeout: 20_000, interval: 250 },
  );
  return items;
}

/**
 * The domain events of a record, newest first: what its history is built from (the history module turns
 * each into an entry in the background; reading the events avoids waiting for earlier tests' backlog).
 */
async function eventsOf(voronka: Voronka, entity: string, id: string) {
  const rows = await voronka.database.db
    .selectFrom('domain_events')
    .select(['type', 'payload'])
    .where('entity', '=', entity)
    .where('entity_id', '=', id)
    .orderBy('seq', 'desc')
    .execute();
  return rows.map((r) => ({
    type: r.type,
    changes: (r.payload.changes ?? null) as Record<string, { from: unknown; to: unknown }> | null,
    details: r.payload,
  }));
}

async function insertTask(
  voronka: Voronka,
  values: { accountId: string; userId: string; leadId: string; deadline: Date; done?: boolean },
) {
  const row = await voronka.database.db
    .insertInto('tasks')
    .values({
      account_id: values.accountId,
      type: 'call',
      text: 'Перезвонить',
      deadline: values.deadline,
      responsible_user_id: values.userId,
      lead_id: values.leadId,
      completed_at: values.done ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describeEachDatabase('leads', (get) => {
  it('new accounts get the default statuses in their language; administrators change them, members only read', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const statuses = await statusesOf(admin.client);
    expect(statuses.map((s) => [s.name, s.kind, s.position])).toEqual([
      ['Необработанный', 'open', 0],
      ['В работе', 'open', 1],
      ['Обработан', 'open', 2],
      ['Качественный лид', 'converted', 3],
      ['Некачественный лид', 'junk', 4],
    ]);
    const english = new Client(get());
    const signedUp = await english.post('/api/auth/sign-up', {
      accountName: 'Acme',
      name: 'Ann Admin',
      email: uniqueEmail('en'),
      password: 'correct horse battery',
      locale: 'en',
    });
    expect(signedUp.status).toBe(201);
    expect((await statusesOf(english)).map((s) => s.name)).toEqual([
      'Not processed',
      'In progress',
      'Processed',
      'Converted',
      'Junk',
    ]);

    const [fresh, inWork, done] = byKind(statuses, 'open') as [Status, Status, Status];
    const [converted] = byKind(statuses, 'converted') as [Status];
    const [junk] = byKind(statuses, 'junk') as [Status];
    const added = await admin.client.post('/api/lead-statuses', {
      name: 'Квалификация',
      color: '#FFAA00',
      position: 2,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ name: 'Квалификация', color: '#ffaa00', kind: 'open', position: 1 });
    expect((await statusesOf(admin.client)).map((s) => s.name)).toEqual([
      'Необработанный',
      'Квалификация',
      'В работе',
      'Обработан',
      'Качественный лид',
      'Некачественный лид',
    ]);
    const renamed = await admin.client.patch(`/api/lead-statuses/${converted.id}`, {
      name: 'Сделка',
      color: '#00aa00',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Сделка', color: '#00aa00', kind: 'converted' });
    const finalMoved = await admin.client.patch(`/api/lead-statuses/${junk.id}`, { position: 1 });
    expect(finalMoved.status).toBe(422);
    expect(fieldsOf(finalMoved)).toEqual(['body.position']);
    expect((await admin.client.delete(`/api/lead-statuses/${junk.id}`)).status).toBe(409);
    expect((await admin.client.delete(`/api/lead-statuses/${converted.id}`)).body.code).toBe('final_status');

    const badOrder = await admin.client.put('/api/lead-statuses/order', {
      statusIds: [done.id, fresh.id, converted.id],
    });
    expect(badOrder.status).toBe(422);
    expect(fieldsOf(badOrder)).toEqual(['body.statusIds']);
    const reordered = await admin.client.put('/api/lead-statuses/order', {
      statusIds: [done.id, added.body.id, fresh.id, inWork.id],
    });
    expect(reordered.status).toBe(200);
    expect(reordered.body.items.map((s: Status) => [s.name, s.position])).toEqual([
      ['Обработан', 0],
      ['Квалификация', 1],
      ['Необработанный', 2],
      ['В работе', 3],
      ['Сделка', 4],
      ['Некачественный лид', 5],
    ]);
    const moved = await admin.client.patch(`/api/lead-statuses/${fresh.id}`, { position: 1 });
    expect(moved.body.position).toBe(0);

    const before = await databaseChecksum(get());
    expect((await member.client.get('/api/lead-statuses')).status).toBe(200);
    expect((await member.client.post('/api/lead-statuses', { name: 'Моё' })).status).toBe(403);
    expect((await member.client.patch(`/api/lead-statuses/${fresh.id}`, { name: 'Моё' })).status).toBe(403);
    expect((await member.client.delete(`/api/lead-statuses/${added.body.id}`)).status).toBe(403);
    expect(
      (await member.client.put('/api/lead-statuses/order', { statusIds: [inWork.id, fresh.id, done.id] }))
        .status,
    ).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);

    const history = await historyOf(admin.client, 'lead_status', converted.id, 1);
    expect(history[0]?.changes).toEqual({
      name: { from: 'Качественный лид', to: 'Сделка' },
      color: { from: '#7bd500', to: '#00aa00' },
    });
  });

  it('deleting a status with leads needs an open status to move them to; their history shows the move', async () => {
    const admin = await signUp(get());
    const statuses = await statusesOf(admin.client);
    const [fresh, inWork, done] = byKind(statuses, 'open') as [Status, Status, Status];
    const [junk] = byKind(statuses, 'junk') as [Status];
    const a = await admin.client.post('/api/leads', { firstName: 'Анна', statusId: inWork.id });
    const b = await admin.client.post('/api/leads', { firstName: 'Борис', statusId: inWork.id });
    expect(a.status).toBe(201);

    const before = await databaseChecksum(get());
    const refused = await admin.client.delete(`/api/lead-statuses/${inWork.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'status_not_empty' });
    expect(refused.body.detail).toContain('2 leads');
    for (const moveTo of [junk.id, inWork.id, crypto.randomUUID()]) {
      const bad = await admin.client.delete(`/api/lead-statuses/${inWork.id}?moveTo=${moveTo}`);
      expect(bad.status).toBe(422);
      expect(fieldsOf(bad)).toEqual(['querystring.moveTo']);
    }
    expect(await databaseChecksum(get())).toBe(before);

    expect((await admin.client.delete(`/api/lead-statuses/${inWork.id}?moveTo=${done.id}`)).status).toBe(204);
    for (const lead of [a, b]) {
      const now = await admin.client.get(`/api/leads/${lead.body.id}`);
      expect(now.body).toMatchObject({ statusId: done.id, version: 2 });
    }
    expect((await statusesOf(admin.client)).map((s) => [s.name, s.position])).toEqual([
      ['Необработанный', 0],
      ['Обработан', 1],
      ['Качественный лид', 2],
      ['Некачественный лид', 3],
    ]);
    const history = await eventsOf(get(), 'lead', a.body.id);
    expect(history[0]?.changes).toEqual({ statusId: { from: inWork.id, to: done.id } });

    expect((await admin.client.delete(`/api/lead-statuses/${fresh.id}`)).status).toBe(204);
    const last = await admin.client.delete(`/api/lead-statuses/${done.id}?moveTo=${done.id}`);
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('last_open_status');
  });

  it('creates a lead with a title built from the person and company, normalized channels and defaults', async () => {
    const admin = await signUp(get());
    const [fresh] = byKind(await statusesOf(admin.client), 'open') as [Status];
    const sources = (await admin.client.get('/api/reference-lists/sources')).body.items;
    const created = await admin.client.post('/api/leads', {
      lastName: 'Петрова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      position: 'Директор по закупкам',
      companyName: 'ООО Ромашка',
      phones: [{ value: '8 (916) 123-45-67', type: 'mobile' }],
      emails: [{ value: 'Anna@Romashka.RU' }],
      messengers: [{ service: 'telegram', value: '@anna' }],
      amount: '150000.50',
      sourceId: sources[0].id,
      comment: 'Хочет окна в офис',
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    expect(created.body).toMatchObject({
      name: 'Петрова Анна, ООО Ромашка',
      personName: 'Петрова Анна Сергеевна',
      statusId: fresh.id,
      statusKind: 'open',
      amount: '150000.5',
      currency: 'RUB',
      sourceId: sources[0].id,
      responsibleUserId: admin.userId,
      createdBy: admin.userId,
      phones: [{ value: '8 (916) 123-45-67', type: 'mobile', e164: '+79161234567' }],
      emails: [{ value: 'Anna@Romashka.RU', type: 'work' }],
      messengers: [{ service: 'telegram', value: '@anna' }],
      repeat: false,
      customFields: {},
      convertedAt: null,
      nextTaskAt: null,
      noTaskPlanned: true,
    });
    const phoneOnly = await admin.client.post('/api/leads', { phones: [{ value: '+7 903 111-22-33' }] });
    expect(phoneOnly.body.name).toBe('+7 903 111-22-33');
    const titled = await admin.client.post('/api/leads', { name: 'Заявка с сайта', currency: 'USD' });
    expect(titled.body).toMatchObject({ name: 'Заявка с сайта', currency: 'USD', amount: null });
  });

  it('refuses bad input, naming each field, and writes nothing', async () => {
    const admin = await signUp(get());
    const statuses = await statusesOf(admin.client);
    const [junk] = byKind(statuses, 'junk') as [Status];
    const contactType = (await admin.client.get('/api/reference-lists/contact_types')).body.items[0];
    const before = await databaseChecksum(get());
    const nothing = await admin.client.post('/api/leads', { comment: 'кто-то звонил' });
    expect(nothing.status).toBe(422);
    expect(fieldsOf(nothing)).toEqual(['body.name']);
    const channels = await admin.client.post('/api/leads', {
      firstName: 'Иван',
      phones: [{ value: '+7 916 123-45-67' }, { value: 'вечером' }],
      emails: [{ value: 'ivan@' }],
    });
    expect(channels.status).toBe(422);
    expect(fieldsOf(channels)).toEqual(['body.phones.1.value', 'body.emails.0.value']);
    const shape = await admin.client.post('/api/leads', {
      firstName: 'Иван',
      amount: '-5',
      currency: 'rubles',
      responsibleUserId: 'me',
    });
    expect(shape.status).toBe(400);
    expect(fieldsOf(shape).sort()).toEqual(['body.amount', 'body.currency', 'body.responsibleUserId']);
    const closed = await admin.client.post('/api/leads', { firstName: 'Иван', statusId: junk.id });
    expect(closed.status).toBe(422);
    expect(fieldsOf(closed)).toEqual(['body.statusId']);
    const wrongList = await admin.client.post('/api/leads', { firstName: 'Иван', sourceId: contactType.id });
    expect(wrongList.status).toBe(422);
    expect(fieldsOf(wrongList)).toEqual(['body.sourceId']);
    const ghost = await admin.client.post('/api/leads', {
      firstName: 'Иван',
      contactId: crypto.randomUUID(),
    });
    expect(ghost.status).toBe(422);
    expect(fieldsOf(ghost)).toEqual(['body.contactId']);
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('searches by words and phone digits, filters, and pages with a keyset cursor', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const [fresh, inWork] = byKind(await statusesOf(admin.client), 'open') as [Status, Status];
    const [site, call] = (await admin.client.get('/api/reference-lists/sources')).body.items;
    const city = await admin.client.post('/api/custom-fields', {
      entity: 'lead',
      type: 'string',
      name: 'Город',
    });
    expect(city.status).toBe(201);
    const people = [
      {
        lastName: 'Иванов',
        firstName: 'Пётр',
        position: 'Менеджер по продажам',
        phone: '+7 903 111-22-33',
        email: 'petr@example.ru',
      },
      {
        lastName: 'Петрова',
        firstName: 'Мария',
        position: 'Главный бухгалтер',
        phone: '+7 903 444-55-66',
        email: 'maria@example.ru',
      },
      {
        lastName: 'Smith',
        firstName: 'John',
        position: 'Sales manager',
        phone: '+1 212 555 0100',
        email: 'john@example.ru',
      },
      {
        lastName: 'Сидоров',
        firstName: 'Алексей',
        position: 'Директор',
        phone: '+7 903 777-88-99',
        email: 'alexey@example.ru',
      },
    ];
    const ids: string[] = [];
    for (const [i, p] of people.entries()) {
      const client = i === 3 ? member.client : admin.client;
      const res = await client.post('/api/leads', {
        lastName: p.lastName,
        firstName: p.firstName,
        position: p.position,
        companyName: i === 1 ? 'Стройматериалы Плюс' : null,
        phones: [{ value: p.phone }],
        emails: [{ value: p.email }],
        statusId: i % 2 === 0 ? fresh.id : inWork.id,
        sourceId: i < 2 ? site.id : call.id,
        customFields: { [city.body.id]: i === 0 ? 'Казань' : 'Москва' },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const names = async (query: string) => {
      const res = await admin.client.get(`/api/leads?${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.items.map((l: { personName: string }) => l.personName);
    };
    expect(await names('search=бухгалтерами')).toEqual(['Петрова Мария']);
    expect(await names('search=стройматер')).toEqual(['Петрова Мария']);
    expect(await names('search=manag')).toEqual(['Smith John']);
    expect(await names('search=903%20777')).toEqual(['Сидоров Алексей']);
    expect(await names('search=maria')).toEqual(['Петрова Мария']);
    expect(await names(`statusId=${inWork.id}`)).toEqual(['Сидоров Алексей', 'Петрова Мария']);
    expect(await names('statusKind=junk')).toEqual([]);
    expect(await names(`responsibleUserId=${member.userId}`)).toEqual(['Сидоров Алексей']);
    expect(await names(`sourceId=${site.id}`)).toEqual(['Петрова Мария', 'Иванов Пётр']);
    expect(await names(`phone=${encodeURIComponent('8 (903) 444-55-66')}`)).toEqual(['Петрова Мария']);
    expect(await names('phone=12345')).toEqual([]);
    expect(await names('email=PETR%40Example.RU')).toEqual(['Иванов Пётр']);
    expect(await names('email=nobody%40example.ru')).toEqual([]);
    const filter = encodeURIComponent(JSON.stringify({ [city.body.id]: { op: 'eq', value: 'Казань' } }));
    expect(await names(`customFields=${filter}`)).toEqual(['Иванов Пётр']);
    const badFilter = await admin.client.get(`/api/leads?customFields=${encodeURIComponent('{"x":')}`);
    expect(badFilter.status).toBe(422);
    expect(fieldsOf(badFilter)).toEqual(['querystring.customFields']);

    await get()
      .database.db.updateTable('leads')
      .set({ created_at: new Date('2026-01-15T10:00:00Z') })
      .where('id', '=', ids[0] ?? '')
      .execute();
    expect(await names('createdTo=2026-02-01T00:00:00Z')).toEqual(['Иванов Пётр']);
    expect(await names('createdFrom=2026-02-01T00:00:00Z')).toHaveLength(3);

    const first = await admin.client.get('/api/leads?limit=3');
    expect(first.body.items).toHaveLength(3);
    const second = await admin.client.get(`/api/leads?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((l: { id: string }) => l.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    expect(fieldsOf(await admin.client.get('/api/leads?cursor=not-a-cursor'))).toEqual([
      'querystring.cursor',
    ]);
  });

  it('changes need the current version; closed leads keep their data; the history shows old → new', async () => {
    const admin = await signUp(get());
    const statuses = await statusesOf(admin.client);
    const [fresh, inWork] = byKind(statuses, 'open') as [Status, Status];
    const [converted] = byKind(statuses, 'converted') as [Status];
    const [junk] = byKind(statuses, 'junk') as [Status];
    const created = await admin.client.post('/api/leads', {
      firstName: 'Олег',
      phones: [{ value: '+7 916 000-00-01' }],
    });
    const url = `/api/leads/${created.body.id}`;
    const changed = await admin.client.request(
      'PATCH',
      url,
      { lastName: 'Орлов', amount: 5000, statusId: inWork.id, phones: [{ value: '+7 916 000-00-02' }] },
      { 'if-match': '"v1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"v2"');
    expect(changed.body).toMatchObject({ name: 'Олег', amount: '5000', statusId: inWork.id });
    const before = await databaseChecksum(get());
    const stale = await admin.client.request('PATCH', url, { lastName: 'Соколов' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const staleDelete = await admin.client.request('DELETE', url, undefined, { 'if-match': '"v1"' });
    expect(staleDelete.status).toBe(409);
    const toConverted = await admin.client.patch(url, { statusId: converted.id });
    expect(toConverted.status).toBe(422);
    expect(fieldsOf(toConverted)).toEqual(['body.statusId']);
    expect(await databaseChecksum(get())).toBe(before);

    const retitled = await admin.client.patch(url, { name: null, companyName: 'ИП Орлов' });
    expect(retitled.body.name).toBe('Орлов Олег, ИП Орлов');

    expect((await admin.client.patch(url, { statusId: junk.id, comment: 'Спам' })).status).toBe(200);
    const junkEdit = await admin.client.patch(url, { amount: '1' });
    expect(junkEdit.status).toBe(409);
    expect(junkEdit.body.code).toBe('lead_junk');
    expect((await admin.client.patch(url, { comment: 'Не спам, перезвонить' })).status).toBe(200);
    const reopened = await admin.client.patch(url, { statusId: fresh.id, amount: '7000' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      statusKind: 'open',
      amount: '7000',
      comment: 'Не спам, перезвонить',
    });

    const history = await eventsOf(get(), 'lead', created.body.id);
    const types = history.map((h) => h.type);
    expect(types.at(-1)).toBe('lead.created');
    expect(history.at(-2)?.changes).toMatchObject({
      lastName: { from: null, to: 'Орлов' },
      amount: { from: null, to: '5000' },
      statusId: { from: fresh.id, to: inWork.id },
      phones: { from: [{ e164: '+79160000001' }], to: [{ e164: '+79160000002' }] },
    });
    expect(history[0]?.changes).toEqual({
      statusId: { from: junk.id, to: fresh.id },
      amount: { from: '5000', to: '7000' },
    });
  });

  it('shows the next open task and flags open leads without one', async () => {
    const admin = await signUp(get());
    const [junk] = byKind(await statusesOf(admin.client), 'junk') as [Status];
    const lead = await admin.client.post('/api/leads', { firstName: 'Задачин' });
    const context = { accountId: admin.accountId, userId: admin.userId, leadId: lead.body.id };
    await insertTask(get(), { ...context, deadline: new Date('2026-12-01T09:00:00Z'), done: true });
    await insertTask(get(), { ...context, deadline: new Date('2026-12-05T12:00:00Z') });
    await insertTask(get(), { ...context, deadline: new Date('2026-12-03T08:30:00Z') });
    const now = await admin.client.get(`/api/leads/${lead.body.id}`);
    expect(now.body).toMatchObject({ nextTaskAt: '2026-12-03T08:30:00.000Z', noTaskPlanned: false });
    const bare = await admin.client.post('/api/leads', { firstName: 'Беззадачный' });
    expect(bare.body.noTaskPlanned).toBe(true);
    const junked = await admin.client.patch(`/api/leads/${bare.body.id}`, { statusId: junk.id });
    expect(junked.body.noTaskPlanned).toBe(false);
  });

  it('converts a lead into a deal, a new contact and a new company in one go: links, values, tasks and timeline follow', async () => {
    const admin = await signUp(get());
    const [pipeline] = (await admin.client.get('/api/pipelines')).body.items;
    const firstOpen = pipeline.stages.find((s: { kind: string }) => s.kind === 'open');
    const [source] = (await admin.client.get('/api/reference-lists/sources')).body.items;
    const options = (labels: string[]) => ({
      options: labels.map((label, position) => ({ id: crypto.randomUUID(), label, position })),
    });
    const field = async (entity: string, body: Record<string, unknown>) => {
      const res = await admin.client.post('/api/custom-fields', { entity, name: String(body.code), ...body });
      expect(res.status, res.text).toBe(201);
      return res.body as { id: string; settings: { options: { id: string; label: string }[] } };
    };
    const leadBudget = await field('lead', { type: 'number', code: 'budget' });
    const dealBudget = await field('deal', { type: 'number', code: 'budget' });
    const leadCity = await field('lead', {
      type: 'list',
      code: 'city',
      settings: options(['Москва', 'Казань']),
    });
    const dealCity = await field('deal', {
      type: 'list',
      code: 'city',
      settings: options(['Казань', 'Москва']),
    });
    const leadOnly = await field('lead', { type: 'string', code: 'utm' });
    const contactUtm = await field('contact', { type: 'string', code: 'utm' });

    const lead = await admin.client.post('/api/leads', {
      lastName: 'Петрова',
      firstName: 'Анна',
      position: 'Директор',
      companyName: 'ООО Ромашка',
      address: 'Казань, ул. Баумана, 1',
      phones: [{ value: '8 916 123-45-67', type: 'mobile' }],
      emails: [{ value: 'anna@romashka.ru' }],
      amount: '250000',
      sourceId: source.id,
      customFields: {
        [leadBudget.id]: '1500.5',
        [leadCity.id]: leadCity.settings.options[1]?.id,
        [leadOnly.id]: 'yandex',
      },
    });
    expect(lead.status, lead.text).toBe(201);
    const context = { accountId: admin.accountId, userId: admin.userId, leadId: lead.body.id };
    const openTask = await insertTask(get(), { ...context, deadline: new Date('2026-12-10T10:00:00Z') });
    const doneTask = await insertTask(get(), {
      ...context,
      deadline: new Date('2026-12-01T10:00:00Z'),
      done: true,
    });
    const entry = await get()
      .database.db.insertInto('timeline_entries')
      .values({
        account_id: admin.accountId,
        kind: 'comment',
        lead_id: lead.body.id,
        author_user_id: admin.userId,
        body: 'Звонила, просит КП',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const result = await admin.client.post(
      `/api/leads/${lead.body.id}/convert`,
      { deal: { pipelineId: pipeline.id }, contact: { create: true }, company: { create: true } },
      { 'if-match': '"v1"' },
    );
    expect(result.status, result.text).toBe(200);
    const { dealId, contactId, companyId } = result.body;
    expect(result.body.lead).toMatchObject({
      statusKind: 'converted',
      convertedDealId: dealId,
      convertedContactId: contactId,
      convertedCompanyId: companyId,
      version: 2,
      noTaskPlanned: false,
      nextTaskAt: null,
    });
    expect(result.body.lead.convertedAt).not.toBeNull();

    const deal = (await admin.client.get(`/api/deals/${dealId}`)).body;
    expect(canonicalDecimal(deal.amount)).toBe('250000');
    expect(deal).toMatchObject({
      name: 'Петрова Анна, ООО Ромашка',
      currency: 'RUB',
      pipelineId: pipeline.id,
      stageId: firstOpen.id,
      responsibleUserId: admin.userId,
      sourceId: source.id,
      companyId,
      leadId: lead.body.id,
      contacts: [{ id: contactId, isPrimary: true }],
    });
    expect(deal.customFields).toEqual({
      [dealBudget.id]: '1500.5',
      [dealCity.id]: dealCity.settings.options[0]?.id,
    });
    const contact = (await admin.client.get(`/api/contacts/${contactId}`)).body;
    expect(contact).toMatchObject({
      lastName: 'Петрова',
      firstName: 'Анна',
      position: 'Директор',
      address: null,
      phones: [{ e164: '+79161234567', type: 'mobile' }],
      emails: [{ value: 'anna@romashka.ru' }],
      companyIds: [companyId],
      customFields: { [contactUtm.id]: 'yandex' },
    });
    const company = (await admin.client.get(`/api/companies/${companyId}`)).body;
    expect(company).toMatchObject({
      name: 'ООО Ромашка',
      address: 'Казань, ул. Баумана, 1',
      phones: [],
      contactIds: [contactId],
    });

    const tasks = await get()
      .database.db.selectFrom('tasks')
      .select(['id', 'lead_id', 'deal_id'])
      .where('account_id', '=', admin.accountId)
      .execute();
    expect(tasks.find((t) => t.id === openTask)).toMatchObject({ lead_id: null, deal_id: dealId });
    expect(tasks.find((t) => t.id === doneTask)).toMatchObject({ lead_id: lead.body.id, deal_id: null });
    const moved = await get()
      .database.db.selectFrom('timeline_entries')
      .select(['lead_id', 'deal_id'])
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ lead_id: null, deal_id: dealId });

    const before = await databaseChecksum(get());
    const again = await admin.client.post(`/api/leads/${lead.body.id}/convert`, {
      deal: { pipelineId: pipeline.id },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('lead_already_converted');
    const edit = await admin.client.patch(`/api/leads/${lead.body.id}`, { amount: '1' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('lead_converted');
    expect(await databaseChecksum(get())).toBe(before);
    expect(
      (await admin.client.patch(`/api/leads/${lead.body.id}`, { comment: 'Сделка у Анны' })).status,
    ).toBe(200);

    const history = await eventsOf(get(), 'lead', lead.body.id);
    const conversion = history.find((h) => h.type === 'lead.converted');
    expect(conversion?.changes).toMatchObject({
      convertedDealId: { from: null, to: dealId },
    });
    expect(conversion?.changes?.statusId?.to).toBe(result.body.lead.statusId);
    expect(conversion?.details).toMatchObject({
      movedTaskIds: [openTask],
      movedTimelineEntryIds: [entry.id],
    });
  });

  it('is all or nothing: a required deal field missing refuses the whole conversion', async () => {
    const admin = await signUp(get());
    const [pipeline] = (await admin.client.get('/api/pipelines')).body.items;
    const contract = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'Номер договора',
      required: true,
    });
    expect(contract.status).toBe(201);
    const lead = await admin.client.post('/api/leads', { firstName: 'Анна', companyName: 'ООО Ромашка' });
    await insertTask(get(), {
      accountId: admin.accountId,
      userId: admin.userId,
      leadId: lead.body.id,
      deadline: new Date('2026-12-10T10:00:00Z'),
    });
    const url = `/api/leads/${lead.body.id}/convert`;
    const everything = {
      deal: { pipelineId: pipeline.id },
      contact: { create: true },
      company: { create: true },
    };

    const before = await databaseChecksum(get());
    const refused = await admin.client.post(url, everything);
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused)).toEqual([`body.deal.customFields.${contract.body.id}`]);
    const none = await admin.client.post(url, {});
    expect(none.status).toBe(422);
    expect(fieldsOf(none)).toEqual(['body']);
    const stale = await admin.client.post(url, everything, { 'if-match': '"v7"' });
    expect(stale.status).toBe(409);
    const badStage = await admin.client.post(url, {
      deal: { pipelineId: pipeline.id, stageId: crypto.randomUUID() },
      contact: { create: true },
    });
    expect(badStage.status).toBe(422);
    expect(fieldsOf(badStage)).toEqual(['body.deal.stageId']);
    expect(await databaseChecksum(get())).toBe(before);

    const done = await admin.client.post(url, {
      ...everything,
      deal: { pipelineId: pipeline.id, name: 'Окна в офис', customFields: { [contract.body.id]: 'Д-17' } },
    });
    expect(done.status, done.text).toBe(200);
    const deal = (await admin.client.get(`/api/deals/${done.body.dealId}`)).body;
    expect(deal).toMatchObject({ name: 'Окна в офис', customFields: { [contract.body.id]: 'Д-17' } });
    expect(canonicalDecimal(deal.amount)).toBe('0');
  });

  it('converts into existing records, links them, and keeps a repeat lead’s contact for its deal', async () => {
    const admin = await signUp(get());
    const statuses = await statusesOf(admin.client);
    const [junk] = byKind(statuses, 'junk') as [Status];
    const [pipeline] = (await admin.client.get('/api/pipelines')).body.items;
    const person = await admin.client.post('/api/contacts', { firstName: 'Сергей' });
    const firm = await admin.client.post('/api/companies', { name: 'ООО Лютик' });
    expect(firm.status, firm.text).toBe(201);

    const lead = await admin.client.post('/api/leads', {
      firstName: 'Сергей',
      phones: [{ value: '+7 903 000-11-22' }],
    });
    const task = await insertTask(get(), {
      accountId: admin.accountId,
      userId: admin.userId,
      leadId: lead.body.id,
      deadline: new Date('2026-12-10T10:00:00Z'),
    });
    const linked = await admin.client.post(`/api/leads/${lead.body.id}/convert`, {
      contact: { id: person.body.id },
      company: { id: firm.body.id },
    });
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body).toMatchObject({ dealId: null, contactId: person.body.id, companyId: firm.body.id });
    expect((await admin.client.get(`/api/contacts/${person.body.id}`)).body.companyIds).toEqual([
      firm.body.id,
    ]);
    const taskNow = await get()
      .database.db.selectFrom('tasks')
      .select(['lead_id', 'contact_id'])
      .where('id', '=', task)
      .executeTakeFirstOrThrow();
    expect(taskNow).toEqual({ lead_id: null, contact_id: person.body.id });

    const repeat = await admin.client.post('/api/leads', {
      name: 'Повторное обращение',
      contactId: person.body.id,
      amount: '9900',
    });
    expect(repeat.body).toMatchObject({ repeat: true, contactId: person.body.id });
    const toDeal = await admin.client.post(`/api/leads/${repeat.body.id}/convert`, {
      deal: { pipelineId: pipeline.id },
    });
    expect(toDeal.status, toDeal.text).toBe(200);
    expect(toDeal.body).toMatchObject({ contactId: null, companyId: null });
    const deal = (await admin.client.get(`/api/deals/${toDeal.body.dealId}`)).body;
    expect(deal).toMatchObject({ name: 'Повторное обращение', contacts: [{ id: person.body.id }] });
    expect(canonicalDecimal(deal.amount)).toBe('9900');

    const nameless = await admin.client.post('/api/leads', { companyName: 'ИП Никто' });
    const before = await databaseChecksum(get());
    const noPerson = await admin.client.post(`/api/leads/${nameless.body.id}/convert`, {
      contact: { create: true },
      company: { create: true },
    });
    expect(noPerson.status).toBe(422);
    expect(fieldsOf(noPerson)).toEqual(['body.contact']);
    const junked = await admin.client.post('/api/leads', { firstName: 'Спамер' });
    await get()
      .database.db.updateTable('leads')
      .set({ status_id: junk.id })
      .where('id', '=', junked.body.id)
      .execute();
    const beforeJunk = await databaseChecksum(get());
    const refused = await admin.client.post(`/api/leads/${junked.body.id}/convert`, {
      contact: { create: true },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('lead_junk');
    expect(await databaseChecksum(get())).toBe(beforeJunk);
    expect(before).not.toBe(beforeJunk);
  });

  it('another account’s leads, statuses, sources, contacts and companies are absent (404 / 422), nothing written', async () => {
    const a = await signUp(get(), { accountName: 'A' });
    const b = await signUp(get(), { accountName: 'B' });
    const [aPipeline] = (await a.client.get('/api/pipelines')).body.items;
    const [bPipeline] = (await b.client.get('/api/pipelines')).body.items;
    const [bStatus] = await statusesOf(b.client);
    const [bSource] = (await b.client.get('/api/reference-lists/sources')).body.items;
    const bLead = await b.client.post('/api/leads', {
      firstName: 'Чужой',
      phones: [{ value: '+7 916 999-99-99' }],
    });
    const bContact = await b.client.post('/api/contacts', { firstName: 'Чужой' });
    const bCompany = await b.client.post('/api/companies', { name: 'Чужая фирма' });
    const aLead = await a.client.post('/api/leads', { firstName: 'Свой', companyName: 'Своя фирма' });
    const aUrl = `/api/leads/${aLead.body.id}`;

    const before = await databaseChecksum(get());
    const bUrl = `/api/leads/${bLead.body.id}`;
    expect((await a.client.get(bUrl)).status).toBe(404);
    expect((await a.client.patch(bUrl, { firstName: 'X' })).status).toBe(404);
    expect((await a.client.delete(bUrl)).status).toBe(404);
    expect((await a.client.post(`${bUrl}/convert`, { contact: { create: true } })).status).toBe(404);
    expect((await a.client.patch(`/api/lead-statuses/${bStatus?.id}`, { name: 'X' })).status).toBe(404);
    expect((await a.client.delete(`/api/lead-statuses/${bStatus?.id}`)).status).toBe(404);
    expect((await a.client.get('/api/leads?phone=%2B79169999999')).body.items).toEqual([]);
    expect((await a.client.get(`/api/leads?statusId=${bStatus?.id}`)).body.items).toEqual([]);

    const refusals: [Record<string, unknown>, string][] = [
      [{ statusId: bStatus?.id }, 'body.statusId'],
      [{ sourceId: bSource.id }, 'body.sourceId'],
      [{ contactId: bContact.body.id }, 'body.contactId'],
      [{ companyId: bCompany.body.id }, 'body.companyId'],
      [{ responsibleUserId: b.userId }, 'body.responsibleUserId'],
    ];
    for (const [body, field] of refusals) {
      const created = await a.client.post('/api/leads', { firstName: 'Новый', ...body });
      expect(created.status, field).toBe(422);
      expect(fieldsOf(created)).toEqual([field]);
      const changed = await a.client.patch(aUrl, body);
      expect(changed.status, field).toBe(422);
      expect(fieldsOf(changed)).toEqual([field]);
    }
    const foreignContact = await a.client.post(`${aUrl}/convert`, { contact: { id: bContact.body.id } });
    expect(foreignContact.status).toBe(422);
    expect(fieldsOf(foreignContact)).toEqual(['body.contact.id']);
    const foreignCompany = await a.client.post(`${aUrl}/convert`, {
      deal: { pipelineId: aPipeline.id },
      company: { id: bCompany.body.id },
    });
    expect(foreignCompany.status).toBe(422);
    expect(fieldsOf(foreignCompany)).toEqual(['body.company.id']);
    const foreignPipeline = await a.client.post(`${aUrl}/convert`, {
      deal: { pipelineId: bPipeline.id },
      company: { create: true },
    });
    expect(foreignPipeline.status).toBe(422);
    expect(fieldsOf(foreignPipeline)[0]).toMatch(/^body\.deal\./);
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('rights: members create and edit leads, delete only their own; administrators delete any', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const adminsLead = await admin.client.post('/api/leads', { firstName: 'Лид админа' });
    const membersLead = await member.client.post('/api/leads', { firstName: 'Лид менеджера' });
    expect(membersLead.body.responsibleUserId).toBe(member.userId);
    expect(
      (await member.client.patch(`/api/leads/${adminsLead.body.id}`, { comment: 'Позвонил' })).status,
    ).toBe(200);
    const before = await databaseChecksum(get());
    const forbidden = await member.client.delete(`/api/leads/${adminsLead.body.id}`);
    expect(forbidden.status).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);
    expect((await member.client.delete(`/api/leads/${membersLead.body.id}`)).status).toBe(204);
    expect((await admin.client.delete(`/api/leads/${adminsLead.body.id}`)).status).toBe(204);
    expect((await admin.client.get(`/api/leads/${adminsLead.body.id}`)).status).toBe(404);
    const history = await eventsOf(get(), 'lead', membersLead.body.id);
    expect(history[0]?.type).toBe('lead.deleted');
  });

  it('CRM without leads: with leads off no lead is created or converted, old ones stay readable', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const [pipeline] = (await admin.client.get('/api/pipelines')).body.items;
    const old = await admin.client.post('/api/leads', { firstName: 'Старый' });
    expect((await admin.client.get('/api/account')).body.leadsEnabled).toBe(true);
    expect((await member.client.patch('/api/account', { leadsEnabled: false })).status).toBe(403);
    const off = await admin.client.patch('/api/account', { leadsEnabled: false });
    expect(off.status).toBe(200);
    expect(off.body.leadsEnabled).toBe(false);
    expect((await member.client.get('/api/account')).body.leadsEnabled).toBe(false);

    const before = await databaseChecksum(get());
    const created = await member.client.post('/api/leads', { firstName: 'Новый' });
    expect(created.status).toBe(409);
    expect(created.body.code).toBe('leads_disabled');
    expect(created.body.detail).toMatch(/turned off/);
    const converted = await admin.client.post(`/api/leads/${old.body.id}/convert`, {
      deal: { pipelineId: pipeline.id },
    });
    expect(converted.status).toBe(409);
    expect(converted.body.code).toBe('leads_disabled');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await admin.client.get('/api/leads')).body.items.map((l: { id: string }) => l.id)).toEqual([
      old.body.id,
    ]);
    expect((await admin.client.patch(`/api/leads/${old.body.id}`, { comment: 'Архив' })).status).toBe(200);

    await admin.client.patch('/api/account', { leadsEnabled: true });
    expect((await member.client.post('/api/leads', { firstName: 'Снова' })).status).toBe(201);
    const history = await eventsOf(get(), 'account', admin.accountId);
    expect(history.slice(0, 2).map((h) => h.changes?.leadsEnabled)).toEqual([
      { from: false, to: true },
      { from: true, to: false },
    ]);
  });
});

for (const kind of databaseKinds()) {
  describe(`lead status migration [${kind}]`, () => {
    let test: TestDatabase | undefined;
    let database: Database | undefined;
    afterEach(async () => {
      await database?.close();
      await test?.drop();
    });

    it('gives accounts made before lead statuses existed the default ones, in their language', async () => {
      const all = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voronka-migrations-'));
      for (const file of all.filter((f) => f < '20261201100300'))
        fs.copyFileSync(path.join(migrationsDir, file), path.join(dir, file));
      test = await createTestDatabase(kind);
      database = await openDatabase(test.target);
      await migrate(database, dir);
      const { db } = database;
      await db
        .insertInto('accounts')
        .values([
          { name: 'Старый', locale: 'ru' },
          { name: 'Old', locale: 'en' },
        ])
        .execute();
      await migrate(database);
      const { rows } = await sql<{ account: string; names: string; kinds: string }>`
        SELECT a.name AS account, string_agg(s.name, ',' ORDER BY s.position) AS names,
               string_agg(s.kind, ',' ORDER BY s.position) AS kinds
        FROM lead_statuses s JOIN accounts a ON a.id = s.account_id GROUP BY a.name ORDER BY a.name`.execute(
        db,
      );
      expect(rows).toEqual([
        {
          account: 'Old',
          names: 'Not processed,In progress,Processed,Converted,Junk',
          kinds: 'open,open,open,converted,junk',
        },
        {
          account: 'Старый',
          names: 'Необработанный,В работе,Обработан,Качественный лид,Некачественный лид',
          kinds: 'open,open,open,converted,junk',
        },
      ]);
    });
  });
}
