import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';

const contact = async (client: Client, lastName: string) =>
  (await client.post('/api/contacts', { lastName })).body.id as string;

describeEachDatabase('merges listed by the merged-away record', (get) => {
  it('finds the merge that took a record away, in the account only', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const [keep, gone1, gone2, other] = [
      await contact(admin.client, 'Оставить'),
      await contact(admin.client, 'Дубль1'),
      await contact(admin.client, 'Дубль2'),
      await contact(admin.client, 'Другой'),
    ];
    const first = await admin.client.post('/api/contacts/merge', {
      targetId: keep,
      sourceIds: [gone1, gone2],
    });
    expect(first.status, first.text).toBe(200);
    const keepCompany = (await admin.client.post('/api/companies', { name: 'Ромашка' })).body.id as string;
    const goneCompany = (await admin.client.post('/api/companies', { name: 'Ромашка ООО' })).body
      .id as string;
    const second = await admin.client.post('/api/companies/merge', {
      targetId: keepCompany,
      sourceIds: [goneCompany],
    });
    expect(second.status, second.text).toBe(200);

    const ids = async (client: Client, query: string) => {
      const res = await client.get(`/api/merges?${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.items.map((m: { id: string }) => m.id);
    };
    expect(await ids(member.client, `sourceId=${gone2}`)).toEqual([first.body.merge.id]);
    expect(await ids(member.client, `sourceId=${gone1}&entity=contact`)).toEqual([first.body.merge.id]);
    expect(await ids(member.client, `sourceId=${gone1}&entity=company`)).toEqual([]);
    expect(await ids(member.client, `sourceId=${goneCompany}`)).toEqual([second.body.merge.id]);
    expect(await ids(member.client, `sourceId=${keep}`)).toEqual([]);
    expect(await ids(member.client, `sourceId=${other}`)).toEqual([]);
    // An undone merge is still listed (with undoneAt), so the card can tell what happened.
    expect((await admin.client.post(`/api/merges/${first.body.merge.id}/undo`)).status).toBe(200);
    const undone = await admin.client.get(`/api/merges?sourceId=${gone1}`);
    expect(undone.body.items[0].undoneAt).not.toBeNull();
    expect((await member.client.get('/api/merges?sourceId=nope')).status).toBe(400);

    const b = await signUp(get());
    expect(await ids(b.client, `sourceId=${gone1}`)).toEqual([]);
  });
});
