import crypto from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import type { Actor } from '../../platform/http/index.js';
import { AppError } from '../../platform/errors.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

type Admin = Awaited<ReturnType<typeof signUp>>;
const actorOf = (admin: Admin): Actor => ({
  accountId: admin.accountId,
  userId: admin.userId,
  identityId: '',
  role: 'admin',
  via: 'session',
  sessionId: null,
  tokenId: null,
});
const option = (label: string, position: number) => ({ id: crypto.randomUUID(), label, position });

/** A bare contact row (the contacts API itself is tested by its module). */
const insertContact = async (voronka: Voronka, accountId: string) =>
  (
    await voronka.database.db
      .insertInto('contacts')
      .values({ account_id: accountId, first_name: 'Иван' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

/** Creates a contact and writes its custom fields the way a record service does; returns the stored map. */
async function writeContact(voronka: Voronka, admin: Admin, input: Record<string, unknown>, id?: string) {
  const { db } = voronka.database;
  const contactId = id ?? (await insertContact(voronka, admin.accountId));
  const stored = id
    ? (
        await db
          .selectFrom('contacts')
          .select('custom_fields')
          .where('id', '=', contactId)
          .executeTakeFirstOrThrow()
      ).custom_fields
    : null;
  const values = await db.transaction().execute(async (trx) => {
    const canonical = await voronka.modules.customFields.values.write(trx, actorOf(admin), {
      entity: 'contact',
      recordId: contactId,
      stored,
      input,
    });
    await trx
      .updateTable('contacts')
      .set({ custom_fields: JSON.stringify(canonical) })
      .where('id', '=', contactId)
      .execute();
    return canonical;
  });
  return { id: contactId, values };
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, fields: error.extra.errors ?? [] };
    throw error;
  }
  throw new Error('expected an error');
}

/** Contact ids of the account matching a custom-field filter, in the order of an optional sort field. */
async function find(voronka: Voronka, admin: Admin, filters: unknown, sortFieldId?: string) {
  const { values } = voronka.modules.customFields;
  const actor = actorOf(admin);
  const condition = await values.filter(actor, 'contact', JSON.stringify(filters), sql.ref('contacts.id'));
  const order = sortFieldId
    ? await values.sortExpression(actor, 'contact', sortFieldId, sql.ref('contacts.id'))
    : sql`contacts.created_at`;
  const { rows } = await sql<{ id: string }>`SELECT id FROM contacts
    WHERE account_id = ${admin.accountId} AND ${condition ?? sql`true`}
    ORDER BY ${order} NULLS LAST, id`.execute(voronka.database.db);
  return rows.map((r) => r.id);
}

async function field(admin: Admin, body: Record<string, unknown>) {
  const res = await admin.client.post('/api/custom-fields', { entity: 'contact', ...body });
  if (res.status !== 201) throw new Error(`field: ${res.status} ${res.text}`);
  return res.body as { id: string };
}

describeEachDatabase('custom-field values on records', (get) => {
  it('applies defaults on create, keeps canonical values and indexes each element', async () => {
    const admin = await signUp(get());
    const cities = [option('Москва', 0), option('Казань', 1)];
    const city = await field(admin, {
      type: 'list',
      name: 'Город',
      settings: { options: cities, defaultOptionId: cities[1]?.id },
    });
    const budget = await field(admin, { type: 'number', name: 'Бюджет', settings: { precision: 2 } });
    const tags = await field(admin, { type: 'string', name: 'Метки', multiple: true });
    const { id, values } = await writeContact(get(), admin, {
      [budget.id]: '1500.50',
      [tags.id]: ['a', 'b'],
    });
    expect(values).toEqual({ [city.id]: cities[1]?.id, [budget.id]: '1500.5', [tags.id]: ['a', 'b'] });
    const rows = await get()
      .database.db.selectFrom('custom_field_values')
      .select(['field_id', 'ordinal', 'value_text', 'value_number', 'value_ref'])
      .where('record_id', '=', id)
      .orderBy('field_id')
      .orderBy('ordinal')
      .execute();
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.field_id === budget.id)?.value_number).toBe('1500.5');
    expect(rows.filter((r) => r.field_id === tags.id).map((r) => [r.ordinal, r.value_text])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    // Clearing a value removes its rows; the others stay.
    const cleared = await writeContact(get(), admin, { [tags.id]: null }, id);
    expect(cleared.values).toEqual({ [city.id]: cities[1]?.id, [budget.id]: '1500.5' });
    expect(
      await get()
        .database.db.selectFrom('custom_field_values')
        .select('field_id')
        .where('record_id', '=', id)
        .execute(),
    ).toHaveLength(2);
  });

  it('enforces required fields on create and when touched, not on unrelated edits of old records', async () => {
    const admin = await signUp(get());
    const { id } = await writeContact(get(), admin, {});
    const inn = await field(admin, { type: 'string', name: 'ИНН', required: true });
    const note = await field(admin, { type: 'string', name: 'Заметка' });
    const missing = await errorOf(writeContact(get(), admin, {}));
    expect(missing).toEqual({
      status: 422,
      fields: [{ field: `body.customFields.${inn.id}`, reason: 'required' }],
    });
    // The old record can still be edited…
    await expect(writeContact(get(), admin, { [note.id]: 'ok' }, id)).resolves.toMatchObject({
      values: { [note.id]: 'ok' },
    });
    // …but not have the required field cleared.
    expect((await errorOf(writeContact(get(), admin, { [inn.id]: null }, id))).fields[0]?.field).toBe(
      `body.customFields.${inn.id}`,
    );
  });

  it('counts "required from stage" through open stages and Won, never Lost', async () => {
    const admin = await signUp(get());
    const [sales] = (await admin.client.get('/api/pipelines')).body.items as {
      id: string;
      stages: { id: string; kind: string }[];
    }[];
    const stages = sales?.stages ?? [];
    const open = stages.filter((s) => s.kind === 'open');
    const won = stages.find((s) => s.kind === 'won');
    const lost = stages.find((s) => s.kind === 'lost');
    const from = open[1];
    if (!from || !won || !lost || !open[0] || !sales) throw new Error('default pipeline changed');
    const res = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'Адрес объекта',
      requiredFromStageIds: [from.id],
    });
    const write = (stageId: string) =>
      get()
        .database.db.transaction()
        .execute((trx) =>
          get().modules.customFields.values.write(trx, actorOf(admin), {
            entity: 'deal',
            recordId: crypto.randomUUID(),
            stored: null,
            input: {},
            pipelineId: sales.id,
            stageId,
          }),
        );
    await expect(write(open[0].id)).resolves.toEqual({});
    await expect(write(lost.id)).resolves.toEqual({});
    for (const stage of [from, won]) {
      expect(await errorOf(write(stage.id))).toEqual({
        status: 422,
        fields: [{ field: `body.customFields.${res.body.id as string}`, reason: 'required at this stage' }],
      });
    }
  });

  it('refuses references outside the account: users, CRM records, files', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const owner = await field(admin, { type: 'user', name: 'Куратор' });
    const link = await field(admin, {
      type: 'crm_link',
      name: 'Рекомендатель',
      settings: { targetEntities: ['contact'] },
    });
    const file = await field(admin, { type: 'file', name: 'Договор' });
    const bContact = await insertContact(get(), other.accountId);
    const before = await get().database.db.selectFrom('custom_field_values').select('record_id').execute();
    const refused = await errorOf(
      writeContact(get(), admin, {
        [owner.id]: other.userId,
        [link.id]: { entity: 'contact', id: bContact },
        [file.id]: { fileId: crypto.randomUUID(), name: 'x.pdf', size: 1, mime: 'application/pdf' },
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.fields.map((f) => f.field).sort()).toEqual(
      [owner.id, link.id, file.id].map((id) => `body.customFields.${id}`).sort(),
    );
    expect(
      await get().database.db.selectFrom('custom_field_values').select('record_id').execute(),
    ).toHaveLength(before.length);
    const member = await addMember(get(), admin.client);
    const mine = await insertContact(get(), admin.accountId);
    await expect(
      writeContact(get(), admin, { [owner.id]: member.userId, [link.id]: { entity: 'contact', id: mine } }),
    ).resolves.toBeDefined();
  });

  it('filters with every operator over the index rows, phones however written, and sorts', async () => {
    const admin = await signUp(get());
    const budget = await field(admin, { type: 'number', name: 'Бюджет', settings: { precision: 2 } });
    const name = await field(admin, { type: 'string', name: 'Кодовое имя' });
    const phone = await field(admin, { type: 'phone', name: 'Доп. телефон' });
    const colors = [option('Красный', 0), option('Синий', 1), option('Зелёный', 2)];
    const color = await field(admin, {
      type: 'list',
      name: 'Цвета',
      multiple: true,
      settings: { options: colors },
    });
    const [red, blue, green] = colors.map((c) => c.id);
    const a = await writeContact(get(), admin, {
      [budget.id]: '100',
      [name.id]: 'Проект 50%_скидка',
      [phone.id]: '8 (916) 123-45-67',
      [color.id]: [red, blue],
    });
    const b = await writeContact(get(), admin, {
      [budget.id]: '2500.75',
      [name.id]: 'Альфа',
      [color.id]: [green],
    });
    const c = await writeContact(get(), admin, {});
    const f = (filters: unknown) => find(get(), admin, filters);
    expect(await f({ [budget.id]: { op: 'gte', value: '100' } })).toEqual([a.id, b.id]);
    expect(await f({ [budget.id]: { op: 'between', from: '101', to: '3000' } })).toEqual([b.id]);
    expect(await f({ [budget.id]: { op: 'eq', value: '100.00' } })).toEqual([a.id]);
    expect(await f({ [budget.id]: { op: 'neq', value: '100' } })).toEqual([b.id, c.id]);
    expect(await f({ [budget.id]: { op: 'empty' } })).toEqual([c.id]);
    expect(await f({ [budget.id]: { op: 'not_empty' } })).toEqual([a.id, b.id]);
    // % and _ are literal characters in "contains", not wildcards.
    expect(await f({ [name.id]: { op: 'contains', value: '50%_' } })).toEqual([a.id]);
    expect(await f({ [name.id]: { op: 'contains', value: '%' } })).toEqual([a.id]);
    expect(await f({ [name.id]: { op: 'contains', value: 'АЛЬ' } })).toEqual([b.id]);
    expect(await f({ [phone.id]: { op: 'eq', value: '+7 916 123 45 67' } })).toEqual([a.id]);
    expect(await f({ [color.id]: { op: 'in', values: [blue, green] } })).toEqual([a.id, b.id]);
    expect(await f({ [color.id]: { op: 'eq', value: red }, [budget.id]: { op: 'gt', value: '50' } })).toEqual(
      [a.id],
    );
    expect(await find(get(), admin, {}, budget.id)).toEqual([a.id, b.id, c.id]);
    expect(await find(get(), admin, {}, name.id)).toEqual([b.id, a.id, c.id]);
  });

  it('names the problem of a bad filter or sort, and does not see another account’s fields', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const theirs = await field(other, { type: 'string', name: 'Чужое' });
    const notes = await field(admin, { type: 'text', name: 'Заметки' });
    const values = get().modules.customFields.values;
    const ref = sql.ref('contacts.id');
    expect(await errorOf(values.filter(actorOf(admin), 'contact', '{"a":', ref))).toMatchObject({
      status: 422,
      fields: [{ field: 'querystring.customFields' }],
    });
    expect(
      await errorOf(
        values.filter(actorOf(admin), 'contact', JSON.stringify({ [theirs.id]: { op: 'empty' } }), ref),
      ),
    ).toEqual({
      status: 422,
      fields: [{ field: `querystring.customFields.${theirs.id}`, reason: 'unknown field' }],
    });
    const badOp = await errorOf(
      values.filter(actorOf(admin), 'contact', JSON.stringify({ [notes.id]: { op: 'gt', value: 'x' } }), ref),
    );
    expect(badOp.fields[0]?.field).toBe(`querystring.customFields.${notes.id}.op`);
    expect(await errorOf(values.sortExpression(actorOf(admin), 'contact', notes.id, ref))).toMatchObject({
      status: 422,
      fields: [{ field: 'querystring.sort' }],
    });
    expect(await errorOf(values.sortExpression(actorOf(admin), 'contact', theirs.id, ref))).toMatchObject({
      status: 422,
    });
  });

  it('drops a deleted field from records and refuses to remove a list option still in use', async () => {
    const admin = await signUp(get());
    const options = [option('Да', 0), option('Нет', 1)];
    const choice = await field(admin, { type: 'list', name: 'Выбор', settings: { options } });
    const note = await field(admin, { type: 'string', name: 'Заметка' });
    const { id } = await writeContact(get(), admin, { [choice.id]: options[1]?.id, [note.id]: 'x' });
    const shrink = await admin.client.patch(`/api/custom-fields/${choice.id}`, {
      settings: { options: options.slice(0, 1) },
    });
    expect(shrink.status).toBe(409);
    expect(shrink.body.code).toBe('option_in_use');
    expect((await admin.client.delete(`/api/custom-fields/${note.id}`)).status).toBe(204);
    const row = await get()
      .database.db.selectFrom('contacts')
      .select('custom_fields')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.custom_fields).toEqual({ [choice.id]: options[1]?.id });
    // The record stays editable after its field is gone.
    await expect(writeContact(get(), admin, { [choice.id]: options[0]?.id }, id)).resolves.toMatchObject({
      values: { [choice.id]: options[0]?.id },
    });
    const grow = await admin.client.patch(`/api/custom-fields/${choice.id}`, {
      settings: { options: options.slice(0, 1) },
    });
    expect(grow.status).toBe(200);
  });
});
