import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp } from '../../../test/http.js';

type Results = {
  groups: {
    entity: string;
    items: { id: string; title: string; subtitle: string | null }[];
    more: boolean;
  }[];
};

const found = (res: { body: Results }) =>
  Object.fromEntries(res.body.groups.map((g) => [g.entity, g.items.map((i) => i.title)]));

describeEachDatabase('global search', (get) => {
  it('finds deals, contacts, companies and leads by words, e-mail and phone digits, grouped', async () => {
    const admin = await signUp(get());
    const company = await admin.client.post('/api/companies', {
      name: 'Окна Севера',
      inn: '7707083893',
      phones: [{ value: '+7 495 222-33-44' }],
    });
    const contact = await admin.client.post('/api/contacts', {
      firstName: 'Анна',
      lastName: 'Окнова',
      phones: [{ value: '8 (916) 123-45-67', type: 'mobile' }],
      emails: [{ value: 'anna@okna.ru' }],
    });
    await admin.client.post('/api/contacts', { firstName: 'Пётр', lastName: 'Дверев' });
    const deal = await admin.client.post('/api/deals', {
      name: 'Окна на дачу',
      amount: '150000',
      companyId: company.body.id,
      contacts: [{ id: contact.body.id }],
    });
    expect(deal.status).toBe(201);
    await admin.client.post('/api/leads', {
      name: 'Заявка на окна',
      firstName: 'Иван',
      phones: [{ value: '+7 903 000-11-22' }],
    });

    const byWord = await admin.client.get(`/api/search?q=${encodeURIComponent('окн')}`);
    expect(byWord.status).toBe(200);
    expect(byWord.body.groups.map((g: { entity: string }) => g.entity)).toEqual([
      'deals',
      'contacts',
      'companies',
      'leads',
    ]);
    expect(found(byWord)).toEqual({
      deals: ['Окна на дачу'],
      contacts: ['Окнова Анна'],
      companies: ['Окна Севера'],
      leads: ['Заявка на окна'],
    });
    const [deals, contacts, companies] = byWord.body.groups;
    expect(deals.items[0]).toMatchObject({
      id: deal.body.id,
      entity: 'deals',
      subtitle: 'Окна Севера',
      amount: deal.body.amount,
      currency: 'RUB',
    });
    expect(contacts.items[0]).toMatchObject({ id: contact.body.id, subtitle: '8 (916) 123-45-67' });
    expect(companies.items[0].subtitle).toBe('ИНН 7707083893');

    // Digits of a phone however it was written, and an e-mail.
    expect(found(await admin.client.get('/api/search?q=9161234567')).contacts).toEqual(['Окнова Анна']);
    expect(found(await admin.client.get('/api/search?q=903-000')).leads).toEqual(['Заявка на окна']);
    expect(found(await admin.client.get('/api/search?q=anna%40okna.ru')).contacts).toEqual(['Окнова Анна']);
    expect(found(await admin.client.get(`/api/search?q=${encodeURIComponent('дверев')}`))).toEqual({
      deals: [],
      contacts: ['Дверев Пётр'],
      companies: [],
      leads: [],
    });
  });

  it('caps each group and says when more match; refuses an empty query', async () => {
    const admin = await signUp(get());
    for (const n of [1, 2, 3]) await admin.client.post('/api/deals', { name: `Балкон ${n}` });
    const capped = await admin.client.get(`/api/search?q=${encodeURIComponent('балкон')}&limit=2`);
    expect(capped.body.groups[0].items).toHaveLength(2);
    expect(capped.body.groups[0].more).toBe(true);
    expect(capped.body.groups[1]).toMatchObject({ items: [], more: false });
    const all = await admin.client.get(`/api/search?q=${encodeURIComponent('балкон')}`);
    expect(all.body.groups[0]).toMatchObject({ more: false });
    expect(all.body.groups[0].items).toHaveLength(3);
    const empty = await admin.client.get('/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('querystring.q');
    expect((await admin.client.get('/api/search?q=a&limit=50')).status).toBe(400);
  });

  it('never shows another account’s records; members search too; needs a session', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const member = await addMember(get(), a.client);
    await a.client.post('/api/deals', { name: 'Лоджия Иванова' });
    const foreign = await Promise.all([
      b.client.post('/api/deals', { name: 'Лоджия чужая' }),
      b.client.post('/api/contacts', { firstName: 'Лоджия', phones: [{ value: '+7 916 555-44-33' }] }),
      b.client.post('/api/companies', { name: 'Лоджия-Б' }),
      b.client.post('/api/leads', { name: 'Лоджия лид' }),
    ]);
    expect(foreign.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    const q = `/api/search?q=${encodeURIComponent('лоджия')}`;
    expect(found(await a.client.get(q))).toEqual({
      deals: ['Лоджия Иванова'],
      contacts: [],
      companies: [],
      leads: [],
    });
    // A manager finds only own deals (ADR 0018); as a director, every deal of the account.
    expect(found(await member.client.get(q)).deals).toEqual([]);
    await assignRole(a.client, member.userId, 'director');
    expect(found(await member.client.get(q)).deals).toEqual(['Лоджия Иванова']);
    expect(found(await a.client.get('/api/search?q=9165554433')).contacts).toEqual([]);
    expect(found(await b.client.get(q))).toEqual({
      deals: ['Лоджия чужая'],
      contacts: ['Лоджия'],
      companies: ['Лоджия-Б'],
      leads: ['Лоджия лид'],
    });
    a.client.cookie = undefined;
    expect((await a.client.get(q)).status).toBe(401);
  });
});
