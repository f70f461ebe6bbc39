import crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { CARD_STANDARD_FIELDS, type CardLayoutEntity } from '@voronka/contracts';
import type { Voronka } from '../../app.js';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';

const ENTITIES: CardLayoutEntity[] = ['deal', 'lead', 'contact', 'company'];
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

const createField = async (client: Client, entity: CardLayoutEntity, name: string) => {
  const res = await client.post('/api/custom-fields', { entity, type: 'string', name });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

/** The card_layout.updated events of an account, oldest first. */
const layoutEvents = async (voronka: Voronka, accountId: string) =>
  (
    await voronka.database.db
      .selectFrom('domain_events')
      .select(['entity', 'entity_id', 'actor_user_id', 'payload'])
      .where('account_id', '=', accountId)
      .where('type', '=', 'card_layout.updated')
      .orderBy('seq')
      .execute()
  ).map((e) => ({ entity: e.entity, entityId: e.entity_id, actor: e.actor_user_id, payload: e.payload }));

describeEachDatabase('card layouts', (get, kind) => {
  it('every card has the default layout, version 0, until an administrator arranges it', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    for (const entity of ENTITIES) {
      const res = await member.client.get(`/api/card-layouts/${entity}`);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"v0"');
      expect(res.body).toEqual({
        entity,
        sections: [{ id: 'main', title: null, fields: [...CARD_STANDARD_FIELDS[entity]] }],
        hidden: [],
        version: 0,
        updatedAt: null,
      });
    }
    const badEntity = await admin.client.get('/api/card-layouts/deals');
    expect(badEntity.status).toBe(400);
    expect(fieldsOf(badEntity)).toEqual(['params.entity']);
  });

  it('an administrator arranges each card, custom fields included; everyone reads it; one event per change', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    for (const entity of ENTITIES) {
      const [first, second, third, fourth] = CARD_STANDARD_FIELDS[entity];
      const fieldId = await createField(admin.client, entity, `Поле ${entity}`);
      const layout = {
        sections: [
          { id: 'main', title: 'Основное', fields: [`cf:${fieldId}`, first] },
          { id: 'more', title: null, fields: [third, second] },
        ],
        hidden: [fourth],
      };
      const url = `/api/card-layouts/${entity}`;
      const saved = await admin.client.put(url, layout);
      expect(saved.status).toBe(200);
      expect(saved.headers.etag).toBe('"v1"');
      expect(saved.body).toMatchObject({ entity, ...layout, version: 1 });
      expect(Date.parse(saved.body.updatedAt)).not.toBeNaN();
      const read = await member.client.get(url);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.body).toEqual(saved.body);
    }
    const row = await get()
      .database.db.selectFrom('card_layouts')
      .select(['updated_by', 'version'])
      .where('account_id', '=', admin.accountId)
      .where('entity', '=', 'deal')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ updated_by: admin.userId, version: 1 });
    expect(await layoutEvents(get(), admin.accountId)).toEqual(
      ENTITIES.map((entity) => ({
        entity: 'card_layout',
        entityId: null,
        actor: admin.userId,
        payload: { entity },
      })),
    );

    // The same layout again (titles trimmed, hidden omitted as []) is no change: no version, no event.
    const current = (await admin.client.get('/api/card-layouts/deal')).body;
    const again = await admin.client.put('/api/card-layouts/deal', {
      sections: current.sections.map((s: { title: string | null }) => ({
        ...s,
        title: s.title === null ? null : `  ${s.title} `,
      })),
      hidden: current.hidden,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(current);
    expect((await layoutEvents(get(), admin.accountId)).length).toBe(ENTITIES.length);
    // Sending the default layout while the account keeps it stores nothing either.
    const other = await signUp(get());
    const keep = await other.client.put('/api/card-layouts/lead', {
      sections: [{ id: 'main', title: null, fields: [...CARD_STANDARD_FIELDS.lead] }],
    });
    expect(keep.body).toMatchObject({ version: 0, updatedAt: null });
    expect(await layoutEvents(get(), other.accountId)).toEqual([]);
  });

  it('If-Match refuses a stale write and lets the current version through', async () => {
    const admin = await signUp(get());
    const url = '/api/card-layouts/contact';
    const layout = (title: string) => ({
      sections: [{ id: 'main', title, fields: ['phones', 'emails'] }],
      hidden: ['comment'],
    });
    expect((await admin.client.request('PUT', url, layout('A'), { 'if-match': '"v1"' })).status).toBe(409);
    const first = await admin.client.request('PUT', url, layout('A'), { 'if-match': '"v0"' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    const second = await admin.client.request('PUT', url, layout('B'), { 'if-match': '"v1"' });
    expect(second.body).toMatchObject({ version: 2, sections: [{ title: 'B' }] });
    const before = await databaseChecksum(get());
    const stale = await admin.client.request('PUT', url, layout('C'), { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await admin.client.get(url)).body).toMatchObject({ version: 2, sections: [{ title: 'B' }] });
    const badTag = await admin.client.request('PUT', url, layout('C'), { 'if-match': 'W/"v2"' });
    expect(badTag.status).toBe(400);
    // Without If-Match the last write wins.
    expect((await admin.client.put(url, layout('D'))).body.version).toBe(3);
  });

  // PGlite has one connection: two writes never overlap there.
  it.skipIf(kind === 'pglite')(
    'a first layout stored meanwhile by another request makes this one stale (409), not a server error',
    async () => {
      const admin = await signUp(get());
      const { db } = get().database;
      let commit = () => {};
      const held = new Promise<void>((resolve) => (commit = resolve));
      let inserted = () => {};
      const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
      const other = db.transaction().execute(async (trx) => {
        await trx
          .insertInto('card_layouts')
          .values({
            account_id: admin.accountId,
            entity: 'company',
            sections: JSON.stringify([{ id: 'other', title: null, fields: ['inn'] }]),
          })
          .execute();
        inserted();
        await held;
      });
      await insertedYet;
      const put = admin.client.put('/api/card-layouts/company', {
        sections: [{ id: 'mine', title: null, fields: ['inn'] }],
      });
      // The request found no row to lock and now waits on the other insert.
      for (let tries = 0; tries < 100; tries++) {
        const { rows } = await sql<{ waiting: number }>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
        if ((rows[0]?.waiting ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      commit();
      await other;
      const res = await put;
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('stale_version');
      expect((await admin.client.get('/api/card-layouts/company')).body).toMatchObject({
        sections: [{ id: 'other' }],
        version: 1,
      });
      expect(await layoutEvents(get(), admin.accountId)).toEqual([]);
    },
  );

  it('keys of deleted custom fields are dropped when the layout is read', async () => {
    const admin = await signUp(get());
    const placed = await createField(admin.client, 'company', 'Сайт филиала');
    const hidden = await createField(admin.client, 'company', 'Старый код');
    const kept = await createField(admin.client, 'company', 'ОКПО');
    const saved = await admin.client.put('/api/card-layouts/company', {
      sections: [
        { id: 'main', title: null, fields: ['inn', `cf:${kept}`] },
        { id: 'extra', title: 'Прочее', fields: ['phones', `cf:${placed}`] },
      ],
      hidden: [`cf:${hidden}`, 'comment'],
    });
    expect(saved.status).toBe(200);
    for (const id of [placed, hidden])
      expect((await admin.client.delete(`/api/custom-fields/${id}`)).status).toBe(204);
    const read = await admin.client.get('/api/card-layouts/company');
    expect(read.body).toMatchObject({
      sections: [
        { id: 'main', title: null, fields: ['inn', `cf:${kept}`] },
        { id: 'extra', title: 'Прочее', fields: ['phones'] },
      ],
      hidden: ['comment'],
      version: 1,
    });
    // What is read can be saved back as it is.
    const resaved = await admin.client.put('/api/card-layouts/company', {
      sections: read.body.sections,
      hidden: [...read.body.hidden, 'sites'],
    });
    expect(resaved.status).toBe(200);
    expect(resaved.body.version).toBe(2);
  });

  it('refuses fields the card has not, keys placed twice and repeated sections, writing nothing', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const contactField = await createField(a.client, 'contact', 'Хобби');
    const foreignField = await createField(b.client, 'deal', 'Чужое поле');
    const dealField = await createField(a.client, 'deal', 'Бюджет');
    await a.client.put('/api/card-layouts/deal', {
      sections: [{ id: 'main', title: null, fields: ['closeDate'] }],
    });
    const before = await databaseChecksum(get());
    const put = (body: unknown) => a.client.put('/api/card-layouts/deal', body);
    const main = (fields: string[]) => ({ id: 'main', title: null, fields });

    const unknown = await put({ sections: [main(['closeDate', 'firstName'])] });
    expect(unknown.status).toBe(422);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.code).toBe('validation_failed');
    expect(unknown.body.errors).toEqual([
      { field: 'body.sections.0.fields.1', reason: 'firstName is not a field of the deal card' },
    ]);
    const otherEntity = await put({ sections: [main([])], hidden: ['tags', `cf:${contactField}`] });
    expect(otherEntity.status).toBe(422);
    expect(fieldsOf(otherEntity)).toEqual(['body.hidden.1']);
    const otherAccount = await put({
      sections: [main([`cf:${dealField}`]), { ...main([`cf:${foreignField}`]), id: 'b' }],
    });
    expect(otherAccount.status).toBe(422);
    expect(fieldsOf(otherAccount)).toEqual(['body.sections.1.fields.0']);
    const absent = await put({ sections: [main([`cf:${crypto.randomUUID()}`])] });
    expect(fieldsOf(absent)).toEqual(['body.sections.0.fields.0']);
    const twice = await put({ sections: [main(['source', 'tags'])], hidden: ['tags'] });
    expect(twice.status).toBe(422);
    expect(twice.body.errors).toEqual([{ field: 'body.hidden.0', reason: 'tags is placed twice' }]);
    const sameSection = await put({ sections: [main(['source']), { ...main(['tags']), title: 'Ещё' }] });
    expect(sameSection.status).toBe(422);
    expect(fieldsOf(sameSection)).toEqual(['body.sections.1.id']);
    // What the contract refuses before any rule: no section, a bad key or section id, an unknown property.
    const noSections = await put({ sections: [] });
    expect(noSections.status).toBe(400);
    expect(fieldsOf(noSections)).toEqual(['body.sections']);
    expect(fieldsOf(await put({ hidden: [] }))).toEqual(['body.sections']);
    expect(fieldsOf(await put({ sections: [main(['cf:nope'])] }))).toEqual(['body.sections.0.fields.0']);
    expect(fieldsOf(await put({ sections: [{ ...main([]), id: 'Main' }] }))).toEqual(['body.sections.0.id']);
    expect((await put({ sections: [{ ...main([]), collapsed: true }] })).status).toBe(400);
    expect(await databaseChecksum(get())).toBe(before);
    expect((await a.client.get('/api/card-layouts/deal')).body).toMatchObject({
      sections: [main(['closeDate'])],
      version: 1,
    });
  });

  it('only administrators change a layout; another account’s layout is never seen or changed', async () => {
    const a = await signUp(get());
    const member = await addMember(get(), a.client);
    const layout = {
      sections: [{ id: 'main', title: 'Сделка', fields: ['company', 'contacts'] }],
      hidden: ['tags'],
    };
    const before = await databaseChecksum(get());
    const refused = await member.client.put('/api/card-layouts/deal', layout);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(
      (await member.client.request('PUT', '/api/card-layouts/deal', layout, { 'if-match': '"v0"' })).status,
    ).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);
    expect((await member.client.get('/api/card-layouts/deal')).body.version).toBe(0);
    expect(await layoutEvents(get(), a.accountId)).toEqual([]);

    // Another administrator of the account may.
    const otherAdmin = await addMember(get(), a.client, 'admin');
    expect((await otherAdmin.client.put('/api/card-layouts/deal', layout)).body.version).toBe(1);

    const b = await signUp(get());
    const seen = await b.client.get('/api/card-layouts/deal');
    expect(seen.body).toMatchObject({ sections: [{ id: 'main', title: null }], version: 0, updatedAt: null });
    const bLayout = { sections: [{ id: 'b', title: 'B', fields: ['closeDate'] }] };
    expect(
      (await b.client.request('PUT', '/api/card-layouts/deal', bLayout, { 'if-match': '"v0"' })).status,
    ).toBe(200);
    expect((await a.client.get('/api/card-layouts/deal')).body).toMatchObject({ ...layout, version: 1 });
    expect((await b.client.get('/api/card-layouts/deal')).body).toMatchObject({ ...bLayout, version: 1 });
    expect((await layoutEvents(get(), a.accountId)).length).toBe(1);
    expect((await layoutEvents(get(), b.accountId)).length).toBe(1);
  });
});
