import { expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((c) => c.name);

describeEachDatabase('companies', (get) => {
  it('contacts replace from the company side, filter by contact, and both histories show the link', async () => {
    const admin = await signUp(get());
    const company = await admin.client.post('/api/companies', { name: 'Вектор' });
    const a = await admin.client.post('/api/contacts', { firstName: 'Андрей' });
    const b = await admin.client.post('/api/contacts', { firstName: 'Белла' });
    const linked = await admin.client.patch(`/api/companies/${company.body.id}`, {
      contactIds: [a.body.id, b.body.id],
    });
    expect(linked.status).toBe(200);
    expect([...linked.body.contactIds].sort()).toEqual([a.body.id, b.body.id].sort());
    expect((await admin.client.get(`/api/contacts/${b.body.id}`)).body.companyIds).toEqual([company.body.id]);
    const other = await admin.client.post('/api/companies', { name: 'Другая', contactIds: [b.body.id] });
    expect(names(await admin.client.get(`/api/companies?contactId=${b.body.id}&sort=name`))).toEqual([
      'Вектор',
      'Другая',
    ]);
    expect(names(await admin.client.get(`/api/companies?contactId=${a.body.id}`))).toEqual(['Вектор']);
    const unlinked = await admin.client.patch(`/api/companies/${company.body.id}`, {
      contactIds: [b.body.id],
    });
    expect(unlinked.body.contactIds).toEqual([b.body.id]);
    expect((await admin.client.get(`/api/contacts/${a.body.id}`)).body.companyIds).toEqual([]);
    expect(other.status).toBe(201);
    await vi.waitFor(
      async () => {
        const history = async (entity: string, id: string) =>
          (await admin.client.get(`/api/history?entity=${entity}&entityId=${id}`)).body.items as {
            changes: Record<string, unknown> | null;
          }[];
        const companyLinks = (await history('company', company.body.id)).map((e) => e.changes?.contactIds);
        expect(companyLinks).toContainEqual({
          from: expect.arrayContaining([a.body.id, b.body.id]),
          to: [b.body.id],
        });
        const contactLinks = (await history('contact', a.body.id)).map((e) => e.changes?.companyIds);
        expect(contactLinks).toContainEqual({ from: [company.body.id], to: [] });
      },
      { timeout: 25_000, interval: 250 },
    );
  });

  it('creates a company with a checked INN, type, industry, channels and contacts', async () => {
    const admin = await signUp(get());
    const [type] = (await admin.client.get('/api/reference-lists/company_types')).body.items;
    const [industry] = (await admin.client.get('/api/reference-lists/industries')).body.items;
    const anna = await admin.client.post('/api/contacts', { firstName: 'Анна' });
    const created = await admin.client.post('/api/companies', {
      name: 'ООО «Ромашка»',
      inn: '7707 083893',
      typeId: type.id,
      industryId: industry.id,
      address: 'Москва, ул. Ленина, 1',
      phones: [{ value: '8 (495) 123-45-67' }],
      emails: [{ value: 'Office@Romashka.RU' }],
      sites: [{ value: 'romashka.ru' }],
      messengers: [{ service: 'telegram', value: '@romashka' }],
      contactIds: [anna.body.id],
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    expect(created.body).toMatchObject({
      name: 'ООО «Ромашка»',
      inn: '7707083893',
      typeId: type.id,
      industryId: industry.id,
      responsibleUserId: admin.userId,
      phones: [{ value: '8 (495) 123-45-67', type: 'work', e164: '+74951234567' }],
      emails: [{ value: 'Office@Romashka.RU', type: 'work' }],
      sites: [{ value: 'romashka.ru' }],
      messengers: [{ service: 'telegram', value: '@romashka' }],
      contactIds: [anna.body.id],
      customFields: {},
    });
    expect((await admin.client.get(`/api/contacts/${anna.body.id}`)).body.companyIds).toEqual([
      created.body.id,
    ]);
    const twelve = await admin.client.post('/api/companies', { name: 'ИП Петров', inn: '500100732259' });
    expect(twelve.status).toBe(201);
  });

  it('refuses a wrong INN, a phone that is not one, and list items of another list, naming each field', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const [contactType] = (await admin.client.get('/api/reference-lists/contact_types')).body.items;
    const [foreignIndustry] = (await other.client.get('/api/reference-lists/industries')).body.items;
    const [archived] = (await admin.client.get('/api/reference-lists/industries')).body.items;
    await admin.client.delete(`/api/reference-list-items/${archived.id}`);
    const before = await databaseChecksum(get());
    const bad = await admin.client.post('/api/companies', {
      name: 'ООО Опечатка',
      inn: '7707083894',
      typeId: contactType.id,
      industryId: foreignIndustry.id,
      phones: [{ value: 'звонить секретарю' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.industryId',
      'body.inn',
      'body.phones.0.value',
      'body.typeId',
    ]);
    for (const inn of ['12345', '50010073225X', '500100732258']) {
      const res = await admin.client.post('/api/companies', { name: 'ООО', inn });
      expect(res.status, inn).toBe(422);
      expect(res.body.errors[0].field).toBe('body.inn');
    }
    const archivedIndustry = await admin.client.post('/api/companies', {
      name: 'ООО',
      industryId: archived.id,
    });
    expect(archivedIndustry.body.errors[0]).toEqual({
      field: 'body.industryId',
      reason: 'The item is archived; choose a live one',
    });
    const nameless = await admin.client.post('/api/companies', { name: '  ' });
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors[0].field).toBe('body.name');
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('searches by stemmed words, INN, e-mail and phone digits; filters; pages with a keyset cursor', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const [supplier, customer] = (await admin.client.get('/api/reference-lists/company_types')).body.items;
    const [it1, it2] = (await admin.client.get('/api/reference-lists/industries')).body.items;
    const rows = [
      ['Строительные технологии', '7736207543', '+7 903 111-22-33', 'info@stroy.ru', supplier.id, it1.id],
      ['Green Logistics', '7830002293', '+7 812 444-55-66', 'hello@green.com', customer.id, it2.id],
      ['Молочные продукты', null, '+7 903 777-88-99', 'milk@moloko.ru', customer.id, it1.id],
    ] as const;
    for (const [name, inn, phone, email, typeId, industryId] of rows) {
      const res = await admin.client.post('/api/companies', {
        name,
        inn,
        typeId,
        industryId,
        phones: [{ value: phone }],
        emails: [{ value: email }],
        responsibleUserId: name === 'Green Logistics' ? member.userId : undefined,
      });
      expect(res.status).toBe(201);
    }
    const find = async (query: string) => names(await admin.client.get(`/api/companies?${query}`));
    expect(await find('search=строительная')).toEqual(['Строительные технологии']);
    expect(await find('search=молоч')).toEqual(['Молочные продукты']);
    expect(await find('search=logistic')).toEqual(['Green Logistics']);
    expect(await find('search=77362')).toEqual(['Строительные технологии']);
    expect(await find('search=903%20777')).toEqual(['Молочные продукты']);
    expect(await find('search=hello%40green.com')).toEqual(['Green Logistics']);
    expect(await find('inn=7830002293')).toEqual(['Green Logistics']);
    expect(await find('phone=8%20(903)%20111%2022%2033')).toEqual(['Строительные технологии']);
    expect(await find('email=MILK%40moloko.ru')).toEqual(['Молочные продукты']);
    expect(await find(`typeId=${customer.id}&industryId=${it1.id}`)).toEqual(['Молочные продукты']);
    expect(await find(`responsibleUserId=${member.userId}`)).toEqual(['Green Logistics']);

    const first = await admin.client.get('/api/companies?limit=2');
    expect(names(first)).toEqual(['Молочные продукты', 'Green Logistics']);
    const second = await admin.client.get(`/api/companies?limit=2&cursor=${first.body.nextCursor}`);
    expect(names(second)).toEqual(['Строительные технологии']);
    expect(second.body.nextCursor).toBeNull();
    const byName = await admin.client.get('/api/companies?sort=name&order=desc');
    expect(names(byName)).toEqual(['Строительные технологии', 'Молочные продукты', 'Green Logistics']);
  });

  it('finds duplicates by phone, e-mail, INN or name (any case) — within the account only', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    const base = await admin.client.post('/api/companies', {
      name: 'Ромашка',
      inn: '7707083893',
      phones: [{ value: '8 495 123-45-67' }],
      emails: [{ value: 'office@romashka.ru' }],
    });
    const samePhone = await admin.client.post('/api/companies', {
      name: 'Офис на Ленина',
      phones: [{ value: '+7 (495) 1234567' }],
    });
    const sameEmail = await admin.client.post('/api/companies', {
      name: 'Бухгалтерия',
      emails: [{ value: 'OFFICE@romashka.ru' }],
    });
    const sameInn = await admin.client.post('/api/companies', { name: 'ООО Ромашка', inn: '7707083893' });
    const sameName = await admin.client.post('/api/companies', { name: 'РОМАШКА' });
    await admin.client.post('/api/companies', { name: 'Лютик', inn: '7736207543' });
    await other.client.post('/api/companies', { name: 'Ромашка', inn: '7707083893' });
    const found = await admin.client.get(`/api/companies/${base.body.id}/duplicates`);
    expect(found.status).toBe(200);
    const byId = Object.fromEntries(
      found.body.items.map((d: { company: { id: string }; reasons: string[] }) => [d.company.id, d.reasons]),
    );
    expect(byId).toEqual({
      [samePhone.body.id]: ['phone'],
      [sameEmail.body.id]: ['email'],
      [sameInn.body.id]: ['inn'],
      [sameName.body.id]: ['name'],
    });
  });

  it('custom fields of companies: stored, filtered, sorted', async () => {
    const admin = await signUp(get());
    const city = await admin.client.post('/api/custom-fields', {
      entity: 'company',
      type: 'string',
      name: 'Город',
    });
    const contactField = await admin.client.post('/api/custom-fields', {
      entity: 'contact',
      type: 'string',
      name: 'Хобби',
    });
    for (const [name, value] of [
      ['Альфа', 'Тверь'],
      ['Бета', 'Казань'],
      ['Гамма', null],
    ] as const) {
      const res = await admin.client.post('/api/companies', {
        name,
        customFields: value ? { [city.body.id]: value } : {},
      });
      expect(res.status).toBe(201);
    }
    const wrongEntity = await admin.client.post('/api/companies', {
      name: 'Дельта',
      customFields: { [contactField.body.id]: 'шахматы' },
    });
    expect(wrongEntity.status).toBe(422);
    expect(wrongEntity.body.errors[0].field).toBe(`body.customFields.${contactField.body.id}`);
    const filter = encodeURIComponent(JSON.stringify({ [city.body.id]: { op: 'eq', value: 'Казань' } }));
    expect(names(await admin.client.get(`/api/companies?customFields=${filter}`))).toEqual(['Бета']);
    expect(names(await admin.client.get(`/api/companies?sort=cf:${city.body.id}`))).toEqual([
      'Бета',
      'Альфа',
      'Гамма',
    ]);
  });

  it('rights, If-Match and cross-account: members edit, delete only their own; B’s companies are absent', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const adminsCompany = await admin.client.post('/api/companies', { name: 'Компания админа' });
    const membersCompany = await member.client.post('/api/companies', { name: 'Компания менеджера' });
    expect(membersCompany.body.responsibleUserId).toBe(member.userId);
    const foreign = await other.client.post('/api/companies', { name: 'Чужая', inn: '7707083893' });
    const foreignContact = await other.client.post('/api/contacts', { firstName: 'Чужой' });
    const url = `/api/companies/${adminsCompany.body.id}`;

    const edited = await member.client.request(
      'PATCH',
      url,
      { comment: 'Звонить после 12' },
      { 'if-match': '"v1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.headers.etag).toBe('"v2"');
    const before = await databaseChecksum(get());
    expect((await admin.client.request('PATCH', url, { name: 'X' }, { 'if-match': '"v1"' })).status).toBe(
      409,
    );
    expect((await admin.client.request('DELETE', url, undefined, { 'if-match': '"v1"' })).status).toBe(409);
    expect((await member.client.delete(url)).status).toBe(403);
    expect((await admin.client.get(`/api/companies/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.get(`/api/companies/${foreign.body.id}/duplicates`)).status).toBe(404);
    expect((await admin.client.patch(`/api/companies/${foreign.body.id}`, { name: 'X' })).status).toBe(404);
    expect((await admin.client.delete(`/api/companies/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.get('/api/companies?inn=7707083893')).body.items).toEqual([]);
    const foreignLink = await admin.client.patch(url, { contactIds: [foreignContact.body.id] });
    expect(foreignLink.status).toBe(422);
    expect(foreignLink.body.errors[0].field).toBe('body.contactIds.0');
    const foreignResponsible = await admin.client.post('/api/companies', {
      name: 'X',
      responsibleUserId: other.userId,
    });
    expect(foreignResponsible.body.errors[0].field).toBe('body.responsibleUserId');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await member.client.delete(`/api/companies/${membersCompany.body.id}`)).status).toBe(204);
    expect((await admin.client.request('DELETE', url, undefined, { 'if-match': '"v2"' })).status).toBe(204);
    expect((await admin.client.get(url)).status).toBe(404);
  });
});
