import crypto from 'node:crypto';
import { expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

describeEachDatabase('contacts', (get) => {
  it('creates a contact with normalized phones and e-mails, found however the number is typed', async () => {
    const admin = await signUp(get());
    const created = await admin.client.post('/api/contacts', {
      lastName: 'Петрова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      position: 'Директор по закупкам',
      phones: [{ value: '8 (916) 123-45-67', type: 'mobile' }, { value: '+7 495 123-45-67 доб. 12' }],
      emails: [{ value: 'Anna.Petrova@Example.RU' }],
      messengers: [{ service: 'telegram', value: '@anna_p' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    expect(created.body).toMatchObject({
      name: 'Петрова Анна Сергеевна',
      responsibleUserId: admin.userId,
      phones: [
        { value: '8 (916) 123-45-67', type: 'mobile', e164: '+79161234567' },
        { value: '+7 495 123-45-67 доб. 12', type: 'work', e164: '+74951234567;ext=12' },
      ],
      emails: [{ value: 'Anna.Petrova@Example.RU', type: 'work' }],
      messengers: [{ service: 'telegram', value: '@anna_p' }],
    });
    for (const phone of ['+79161234567', '89161234567', '+7 (916) 123 45 67']) {
      const found = await admin.client.get(`/api/contacts?phone=${encodeURIComponent(phone)}`);
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    }
    expect((await admin.client.get('/api/contacts?email=anna.petrova%40example.ru')).body.items).toHaveLength(
      1,
    );
  });

  it('refuses a phone or e-mail that is not one, naming the field, and a nameless contact', async () => {
    const admin = await signUp(get());
    const before = await databaseChecksum(get());
    const bad = await admin.client.post('/api/contacts', {
      firstName: 'Иван',
      phones: [{ value: '+7 916 123-45-67' }, { value: 'позвонить вечером' }],
      emails: [{ value: 'ivan@' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.phones.1.value',
      'body.emails.0.value',
    ]);
    const nameless = await admin.client.post('/api/contacts', { position: 'Бухгалтер' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors[0].field).toBe('body.firstName');
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('searches by words with Russian stemming and prefixes, by phone digits, and pages with a keyset cursor', async () => {
    const admin = await signUp(get());
    const people = [
      ['Иванов', 'Пётр', 'Менеджер по продажам', '+7 903 111-22-33'],
      ['Петрова', 'Мария', 'Главный бухгалтер', '+7 903 444-55-66'],
      ['Smith', 'John', 'Sales manager', '+1 212 555 0100'],
      ['Сидоров', 'Алексей', 'Директор', '+7 903 777-88-99'],
    ];
    for (const [lastName, firstName, position, phone] of people) {
      await admin.client.post('/api/contacts', { lastName, firstName, position, phones: [{ value: phone }] });
    }
    const names = async (query: string) =>
      (await admin.client.get(`/api/contacts?${query}`)).body.items.map((c: { name: string }) => c.name);
    expect(await names('search=бухгалтерами')).toEqual(['Петрова Мария']);
    expect(await names('search=продаж')).toEqual(['Иванов Пётр']);
    expect(await names('search=manag')).toEqual(['Smith John']);
    expect(await names('search=пет')).toEqual(['Петрова Мария', 'Иванов Пётр']);
    expect(await names('search=903%20777')).toEqual(['Сидоров Алексей']);

    const first = await admin.client.get('/api/contacts?limit=3');
    expect(first.body.items.map((c: { name: string }) => c.name)).toEqual([
      'Сидоров Алексей',
      'Smith John',
      'Петрова Мария',
    ]);
    const second = await admin.client.get(`/api/contacts?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c: { name: string }) => c.name)).toEqual(['Иванов Пётр']);
    expect(second.body.nextCursor).toBeNull();
    expect((await admin.client.get('/api/contacts?cursor=not-a-cursor')).body.errors[0].field).toBe(
      'querystring.cursor',
    );
  });

  it('changes need the current version; channels are replaced; the history shows old → new', async () => {
    const admin = await signUp(get());
    const created = await admin.client.post('/api/contacts', {
      firstName: 'Олег',
      phones: [{ value: '+7 916 000-00-01' }],
    });
    const url = `/api/contacts/${created.body.id}`;
    const changed = await admin.client.request(
      'PATCH',
      url,
      { lastName: 'Орлов', phones: [{ value: '+7 916 000-00-02', type: 'mobile' }] },
      { 'if-match': '"v1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"v2"');
    expect(changed.body.phones).toEqual([
      { value: '+7 916 000-00-02', type: 'mobile', e164: '+79160000002' },
    ]);
    const stale = await admin.client.request('PATCH', url, { lastName: 'Соколов' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect((await admin.client.get(url)).body.lastName).toBe('Орлов');
    await vi.waitFor(
      async () => {
        const history = await admin.client.get(`/api/history?entity=contact&entityId=${created.body.id}`);
        expect(history.body.items[0].changes).toMatchObject({
          lastName: { from: null, to: 'Орлов' },
          phones: { from: [{ e164: '+79160000001' }], to: [{ e164: '+79160000002' }] },
        });
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it('finds duplicates by phone or e-mail however written, and by full name — within the account only', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const anna = await admin.client.post('/api/contacts', {
      lastName: 'Петрова',
      firstName: 'Анна',
      phones: [{ value: '8 916 123-45-67' }],
      emails: [{ value: 'anna@example.ru' }],
    });
    const samePhone = await admin.client.post('/api/contacts', {
      firstName: 'Аня',
      phones: [{ value: '+7 (916) 1234567' }],
    });
    const sameEmail = await admin.client.post('/api/contacts', {
      firstName: 'А.',
      emails: [{ value: 'ANNA@example.ru' }],
    });
    const sameName = await admin.client.post('/api/contacts', { lastName: 'петрова', firstName: 'анна' });
    await admin.client.post('/api/contacts', {
      lastName: 'Петрова',
      firstName: 'Мария',
      phones: [{ value: '+7 916 765-43-21' }],
    });
    await other.client.post('/api/contacts', {
      lastName: 'Петрова',
      firstName: 'Анна',
      phones: [{ value: '8 916 123-45-67' }],
    });
    const found = await admin.client.get(`/api/contacts/${anna.body.id}/duplicates`);
    expect(found.status).toBe(200);
    const byId = Object.fromEntries(
      found.body.items.map((d: { contact: { id: string }; reasons: string[] }) => [d.contact.id, d.reasons]),
    );
    expect(byId).toEqual({
      [samePhone.body.id]: ['phone'],
      [sameEmail.body.id]: ['email'],
      [sameName.body.id]: ['name'],
    });
  });

  it('rights: members create and edit contacts, delete only their own; another account’s contacts are absent', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const adminsContact = await admin.client.post('/api/contacts', { firstName: 'Клиент админа' });
    const membersContact = await member.client.post('/api/contacts', { firstName: 'Клиент менеджера' });
    expect(membersContact.body.responsibleUserId).toBe(member.userId);
    const foreign = await other.client.post('/api/contacts', {
      firstName: 'Чужой',
      phones: [{ value: '+7 916 999-99-99' }],
    });
    const before = await databaseChecksum(get());
    expect((await member.client.delete(`/api/contacts/${adminsContact.body.id}`)).status).toBe(403);
    expect((await admin.client.get(`/api/contacts/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.patch(`/api/contacts/${foreign.body.id}`, { firstName: 'X' })).status).toBe(
      404,
    );
    expect((await admin.client.delete(`/api/contacts/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.get('/api/contacts?phone=%2B79169999999')).body.items).toEqual([]);
    const foreignResponsible = await admin.client.patch(`/api/contacts/${adminsContact.body.id}`, {
      responsibleUserId: other.userId,
    });
    expect(foreignResponsible.status).toBe(422);
    expect(foreignResponsible.body.errors[0].field).toBe('body.responsibleUserId');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await member.client.delete(`/api/contacts/${membersContact.body.id}`)).status).toBe(204);
    expect((await admin.client.delete(`/api/contacts/${adminsContact.body.id}`)).status).toBe(204);
  });
});

describeEachDatabase('contacts: types, companies, custom fields, sorting', (get) => {
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);

  it('takes a contact type from the contact_types list only: another list, an archived or a foreign item is refused', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const [client, partner] = (await admin.client.get('/api/reference-lists/contact_types')).body.items;
    const industry = (await admin.client.get('/api/reference-lists/industries')).body.items[0];
    const foreign = (await other.client.get('/api/reference-lists/contact_types')).body.items[0];
    const created = await admin.client.post('/api/contacts', { firstName: 'Ира', typeId: client.id });
    expect(created.status).toBe(201);
    expect(created.body.typeId).toBe(client.id);
    expect((await admin.client.get(`/api/contacts?typeId=${client.id}`)).body.items).toHaveLength(1);

    await admin.client.delete(`/api/reference-list-items/${partner.id}`);
    const before = await databaseChecksum(get());
    for (const typeId of [industry.id, partner.id, foreign.id]) {
      const refused = await admin.client.post('/api/contacts', { firstName: 'Ира', typeId });
      expect(refused.status, typeId).toBe(422);
      expect(refused.body.errors[0].field).toBe('body.typeId');
    }
    const patched = await admin.client.patch(`/api/contacts/${created.body.id}`, { typeId: partner.id });
    expect(patched.body.errors[0].field).toBe('body.typeId');
    expect(await databaseChecksum(get())).toBe(before);

    // An archived type the contact already has stays when the form sends it back.
    await admin.client.delete(`/api/reference-list-items/${client.id}`);
    const resent = await admin.client.patch(`/api/contacts/${created.body.id}`, {
      typeId: client.id,
      position: 'Юрист',
    });
    expect(resent.status).toBe(200);
    expect(resent.body.typeId).toBe(client.id);
  });

  it('links contacts and companies both ways, filters by company, and refuses another account’s company', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const romashka = await admin.client.post('/api/companies', { name: 'ООО Ромашка' });
    const vector = await admin.client.post('/api/companies', { name: 'АО Вектор' });
    const foreign = await other.client.post('/api/companies', { name: 'Чужая' });
    const anna = await admin.client.post('/api/contacts', {
      firstName: 'Анна',
      companyIds: [romashka.body.id, vector.body.id],
    });
    expect(anna.status).toBe(201);
    expect([...anna.body.companyIds].sort()).toEqual([romashka.body.id, vector.body.id].sort());
    expect((await admin.client.get(`/api/companies/${vector.body.id}`)).body.contactIds).toEqual([
      anna.body.id,
    ]);
    await admin.client.post('/api/contacts', { firstName: 'Борис', companyIds: [vector.body.id] });
    expect(ids(await admin.client.get(`/api/contacts?companyId=${romashka.body.id}`))).toEqual([
      anna.body.id,
    ]);

    const before = await databaseChecksum(get());
    const refused = await admin.client.patch(`/api/contacts/${anna.body.id}`, {
      companyIds: [romashka.body.id, foreign.body.id],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'body.companyIds.1', reason: 'No such company' }]);
    const twice = await admin.client.patch(`/api/contacts/${anna.body.id}`, {
      companyIds: [romashka.body.id, romashka.body.id],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].field).toBe('body.companyIds.1');
    expect(await databaseChecksum(get())).toBe(before);

    const replaced = await admin.client.patch(`/api/contacts/${anna.body.id}`, {
      companyIds: [romashka.body.id],
    });
    expect(replaced.body.companyIds).toEqual([romashka.body.id]);
    expect((await admin.client.get(`/api/companies/${vector.body.id}`)).body.contactIds).not.toContain(
      anna.body.id,
    );
    await vi.waitFor(
      async () => {
        const mine = await admin.client.get(`/api/history?entity=contact&entityId=${anna.body.id}`);
        expect(mine.body.items[0].changes.companyIds.to).toEqual([romashka.body.id]);
        const theirs = await admin.client.get(`/api/history?entity=company&entityId=${vector.body.id}`);
        expect(theirs.body.items[0].changes.contactIds.from).toContain(anna.body.id);
        expect(theirs.body.items[0].changes.contactIds.to).not.toContain(anna.body.id);
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it('stores custom fields, filters by them, sorts by them and by name with keyset pages (empty values last)', async () => {
    const admin = await signUp(get());
    const budget = await admin.client.post('/api/custom-fields', {
      entity: 'contact',
      type: 'number',
      name: 'Бюджет',
    });
    expect(budget.status).toBe(201);
    const people = [
      ['Яковлев', '300'],
      ['Абрамова', '100'],
      ['Гусев', null],
      ['Борисов', '100'],
      ['Власова', '250.5'],
      ['Дёмин', null],
      ['Ершова', '1000'],
    ] as const;
    const byName: Record<string, string> = {};
    for (const [lastName, value] of people) {
      const res = await admin.client.post('/api/contacts', {
        lastName,
        firstName: 'Тест',
        customFields: value === null ? {} : { [budget.body.id]: value },
      });
      expect(res.status).toBe(201);
      byName[lastName] = res.body.id;
      if (value !== null) expect(res.body.customFields[budget.body.id]).toBe(value);
    }
    const badValue = await admin.client.post('/api/contacts', {
      firstName: 'Х',
      customFields: { [budget.body.id]: 'много' },
    });
    expect(badValue.status).toBe(422);
    expect(badValue.body.errors[0].field).toBe(`body.customFields.${budget.body.id}`);

    const walk = async (query: string) => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: { lastName: string }[]; nextCursor: string | null } } =
          await admin.client.get(`/api/contacts?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        names.push(...res.body.items.map((c) => c.lastName));
        cursor = res.body.nextCursor;
      } while (cursor);
      return names;
    };
    const cf = `cf:${budget.body.id}`;
    const nullsByIdAsc = ['Гусев', 'Дёмин'].sort((a, b) => ((byName[a] ?? '') < (byName[b] ?? '') ? -1 : 1));
    const ascTied = ['Абрамова', 'Борисов'].sort((a, b) => ((byName[a] ?? '') < (byName[b] ?? '') ? -1 : 1));
    expect(await walk(`sort=${cf}`)).toEqual([...ascTied, 'Власова', 'Яковлев', 'Ершова', ...nullsByIdAsc]);
    expect(await walk(`sort=${cf}&order=desc`)).toEqual([
      'Ершова',
      'Яковлев',
      'Власова',
      ...[...ascTied].reverse(),
      ...[...nullsByIdAsc].reverse(),
    ]);
    expect(await walk('sort=name')).toEqual([
      'Абрамова',
      'Борисов',
      'Власова',
      'Гусев',
      'Дёмин',
      'Ершова',
      'Яковлев',
    ]);
    expect(await walk('sort=createdAt&order=asc')).toEqual(people.map(([name]) => name));
    await admin.client.patch(`/api/contacts/${byName['Гусев']}`, { position: 'Директор' });
    expect((await walk('sort=updatedAt'))[0]).toBe('Гусев');

    const filter = (f: unknown) => encodeURIComponent(JSON.stringify({ [budget.body.id]: f }));
    expect(await walk(`customFields=${filter({ op: 'gte', value: '250' })}&sort=name`)).toEqual([
      'Власова',
      'Ершова',
      'Яковлев',
    ]);
    expect(await walk(`customFields=${filter({ op: 'empty' })}&sort=name`)).toEqual(['Гусев', 'Дёмин']);

    const unknownField = await admin.client.get(`/api/contacts?sort=cf:${crypto.randomUUID()}`);
    expect(unknownField.status).toBe(422);
    expect(unknownField.body.errors[0].field).toBe('querystring.sort');
    const badFilter = await admin.client.get('/api/contacts?customFields=%7Bnot json');
    expect(badFilter.body.errors[0].field).toBe('querystring.customFields');
    const first = await admin.client.get('/api/contacts?sort=name&limit=2');
    const otherOrder = await admin.client.get(`/api/contacts?sort=createdAt&cursor=${first.body.nextCursor}`);
    expect(otherOrder.status).toBe(400);
    expect(otherOrder.body.errors[0].field).toBe('querystring.cursor');
  });

  it('creates inside a caller’s transaction: rolled back with it, nothing written', async () => {
    const admin = await signUp(get());
    const voronka = get();
    const actor = {
      accountId: admin.accountId,
      userId: admin.userId,
      identityId: '',
      role: 'admin' as const,
      via: 'session' as const,
      sessionId: null,
      tokenId: null,
    };
    const before = await databaseChecksum(voronka);
    const rollback = new Error('roll back');
    let createdId = '';
    await expect(
      voronka.database.db.transaction().execute(async (trx) => {
        const company = await voronka.modules.companies.service.create(
          actor,
          { name: 'ООО Сделка', phones: [], emails: [], sites: [], messengers: [], contactIds: [] },
          trx,
        );
        const contact = await voronka.modules.contacts.service.create(
          actor,
          {
            firstName: 'Лид',
            phones: [{ value: '+7 916 555-44-33', type: 'work' }],
            emails: [],
            sites: [],
            messengers: [],
            companyIds: [company.id],
          },
          trx,
        );
        createdId = contact.id;
        expect(contact.companyIds).toEqual([company.id]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(createdId).not.toBe('');
    expect((await admin.client.get(`/api/contacts/${createdId}`)).status).toBe(404);
    expect(await databaseChecksum(voronka)).toBe(before);
  });

  it('a stale If-Match refuses a delete; the current one deletes', async () => {
    const admin = await signUp(get());
    const created = await admin.client.post('/api/contacts', { firstName: 'Удалить' });
    await admin.client.patch(`/api/contacts/${created.body.id}`, { lastName: 'Меня' });
    const url = `/api/contacts/${created.body.id}`;
    expect((await admin.client.request('DELETE', url, undefined, { 'if-match': '"v1"' })).status).toBe(409);
    expect((await admin.client.get(url)).status).toBe(200);
    expect((await admin.client.request('DELETE', url, undefined, { 'if-match': '"v2"' })).status).toBe(204);
  });
});
