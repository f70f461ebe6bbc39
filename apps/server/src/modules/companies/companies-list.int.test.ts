import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

describeEachDatabase('companies list by several responsible users', (get) => {
  it('takes one id, a comma list or a repeated parameter; another account’s users match nothing', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const third = await addMember(get(), admin.client);
    for (const [name, userId] of [
      ['Альфа', admin.userId],
      ['Бета', member.userId],
      ['Гамма', third.userId],
    ] as const) {
      const res = await member.client.post('/api/companies', { name, responsibleUserId: userId });
      expect(res.status, res.text).toBe(201);
    }
    const names = async (query: string) => {
      const res = await member.client.get(`/api/companies?sort=name&${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      return res.body.items.map((c: { name: string }) => c.name);
    };
    expect(await names(`responsibleUserId=${third.userId}`)).toEqual(['Гамма']);
    expect(await names(`responsibleUserId=${admin.userId},${member.userId}`)).toEqual(['Альфа', 'Бета']);
    expect(await names(`responsibleUserId=${third.userId}&responsibleUserId=${admin.userId}`)).toEqual([
      'Альфа',
      'Гамма',
    ]);
    const tooMany = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    expect((await member.client.get(`/api/companies?responsibleUserId=${tooMany.join(',')}`)).status).toBe(
      400,
    );

    const other = await signUp(get());
    await other.client.post('/api/companies', { name: 'Чужая' });
    expect(await names(`responsibleUserId=${other.userId},${member.userId}`)).toEqual(['Бета']);
    expect((await other.client.get(`/api/companies?responsibleUserId=${admin.userId}`)).body.items).toEqual(
      [],
    );
  });
});
