import { expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, Client, signUp, uniqueEmail } from '../../../test/http.js';

const names = (items: { name: string }[]) => items.map((i) => i.name);

describeEachDatabase('reference lists', (get) => {
  it('a new account has the default lists in its language', async () => {
    const admin = await signUp(get());
    const all = await admin.client.get('/api/reference-lists');
    expect(all.status).toBe(200);
    const lists = new Set(all.body.items.map((i: { list: string }) => i.list));
    expect([...lists].sort()).toEqual([
      'company_types',
      'contact_types',
      'industries',
      'loss_reasons',
      'sources',
    ]);
    const sources = await admin.client.get('/api/reference-lists/sources');
    expect(names(sources.body.items).slice(0, 3)).toEqual(['Звонок', 'Электронная почта', 'Веб-сайт']);
    expect(sources.body.items.map((i: { position: number }) => i.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const english = new Client(get());
    await english.post('/api/auth/sign-up', {
      accountName: 'Acme',
      name: 'Ann',
      email: uniqueEmail(),
      password: 'long password',
      locale: 'en',
    });
    expect(names((await english.get('/api/reference-lists/loss_reasons')).body.items)[0]).toBe(
      'Too expensive',
    );
  });

  it('adds, renames, reorders and archives items; names stay unique in a list', async () => {
    const admin = await signUp(get());
    const added = await admin.client.post('/api/reference-lists/loss_reasons', { name: 'Сроки не подошли' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      list: 'loss_reasons',
      name: 'Сроки не подошли',
      position: 6,
      archived: false,
    });
    const duplicate = await admin.client.post('/api/reference-lists/loss_reasons', { name: 'дорого' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: 'duplicate_name', errors: [{ field: 'body.name' }] });
    // The same name in another list is fine.
    expect((await admin.client.post('/api/reference-lists/sources', { name: 'Дорого' })).status).toBe(201);

    const renamed = await admin.client.patch(`/api/reference-list-items/${added.body.id}`, {
      name: 'Не устроили сроки',
    });
    expect(renamed.body.name).toBe('Не устроили сроки');
    const items = (await admin.client.get('/api/reference-lists/loss_reasons')).body.items as {
      id: string;
      name: string;
    }[];
    const reversed = items.map((i) => i.id).reverse();
    const reordered = await admin.client.put('/api/reference-lists/loss_reasons/order', {
      itemIds: reversed,
    });
    expect(names(reordered.body.items)).toEqual(names(items).reverse());
    const partial = await admin.client.put('/api/reference-lists/loss_reasons/order', {
      itemIds: reversed.slice(1),
    });
    expect(partial.status).toBe(422);
    expect(partial.body.errors[0].field).toBe('body.itemIds');

    expect((await admin.client.delete(`/api/reference-list-items/${added.body.id}`)).status).toBe(204);
    const live = (await admin.client.get('/api/reference-lists/loss_reasons')).body.items;
    expect(names(live)).not.toContain('Не устроили сроки');
    const withArchived = (await admin.client.get('/api/reference-lists/loss_reasons?includeArchived=true'))
      .body.items;
    expect(withArchived.find((i: { id: string }) => i.id === added.body.id)).toMatchObject({
      archived: true,
    });
    // An archived name can be used again.
    expect(
      (await admin.client.post('/api/reference-lists/loss_reasons', { name: 'Не устроили сроки' })).status,
    ).toBe(201);
  });

  it('members read the lists but cannot change them; another account’s items are absent', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const [first] = (await admin.client.get('/api/reference-lists/sources')).body.items;
    const [foreign] = (await other.client.get('/api/reference-lists/sources')).body.items;
    expect((await member.client.get('/api/reference-lists/sources')).body.items).toHaveLength(8);
    const before = await databaseChecksum(get());
    for (const res of [
      await member.client.post('/api/reference-lists/sources', { name: 'Сарафан' }),
      await member.client.patch(`/api/reference-list-items/${first.id}`, { name: 'X' }),
      await member.client.delete(`/api/reference-list-items/${first.id}`),
      await member.client.put('/api/reference-lists/sources/order', { itemIds: [] }),
    ]) {
      expect(res.status).toBe(403);
    }
    expect((await admin.client.patch(`/api/reference-list-items/${foreign.id}`, { name: 'X' })).status).toBe(
      404,
    );
    expect((await admin.client.delete(`/api/reference-list-items/${foreign.id}`)).status).toBe(404);
    const foreignOrder = await admin.client.put('/api/reference-lists/sources/order', {
      itemIds: [foreign.id],
    });
    expect(foreignOrder.status).toBe(422);
    expect(await databaseChecksum(get())).toBe(before);
    expect((await admin.client.get('/api/reference-lists/nonsense')).status).toBe(400);
  });
});
