import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

describeEachDatabase('contacts list by several responsible users', (get) => {
  it('takes one id, a comma list or a repeated parameter; another account’s users match nothing', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const third = await addMember(get(), admin.client);
    const made: Record<string, string> = {};
    for (const [name, userId] of [
      ['Адамов', admin.userId],
      ['Борисов', member.userId],
      ['Васильев', third.userId],
    ] as const) {
      const res = await admin.client.post('/api/contacts', { lastName: name, responsibleUserId: userId });
      expect(res.status, res.text).toBe(201);
      made[name] = res.body.id;
    }
    const names = async (query: string) => {
      const res = await member.client.get(`/api/contacts?sort=name&${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      return res.body.items.map((c: { name: string }) => c.name);
    };
    expect(await names(`responsibleUserId=${member.userId}`)).toEqual(['Борисов']);
    expect(await names(`responsibleUserId=${admin.userId},${third.userId}`)).toEqual(['Адамов', 'Васильев']);
    expect(await names(`responsibleUserId=${third.userId}&responsibleUserId=${member.userId}`)).toEqual([
      'Борисов',
      'Васильев',
    ]);
    expect(fieldsOf(await member.client.get('/api/contacts?responsibleUserId=me'))).toEqual([
      'querystring.responsibleUserId.0',
    ]);

    const other = await signUp(get());
    await other.client.post('/api/contacts', { lastName: 'Чужой', responsibleUserId: other.userId });
    expect(await names(`responsibleUserId=${other.userId}`)).toEqual([]);
    expect(
      (await other.client.get(`/api/contacts?responsibleUserId=${admin.userId},${member.userId}`)).body.items,
    ).toEqual([]);

    // A saved view of contacts keeps the list of users as the list API takes it.
    const view = await member.client.post('/api/saved-views', {
      entity: 'contacts',
      name: 'Наши',
      filter: { responsibleUserId: [admin.userId, third.userId] },
    });
    expect(view.status, view.text).toBe(201);
    expect(view.body.filter).toEqual({ responsibleUserId: [admin.userId, third.userId] });
  });
});
