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
