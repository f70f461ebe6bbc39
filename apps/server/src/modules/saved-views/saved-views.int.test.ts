import { expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((v) => v.name);

describeEachDatabase('saved views', (get) => {
  it('keep the filters, sort, columns and mode; change with If-Match; list per entity', async () => {
    const admin = await signUp(get());
    const created = await admin.client.post('/api/saved-views', {
      entity: 'deals',
      name: '  Мои горящие  ',
      filter: { search: 'окна', tags: ['ВИП', 'срочно'], noTask: 'true' },
      sort: { field: 'amount', order: 'desc' },
      columns: ['name', 'amount', 'stage'],
      mode: 'list',
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    expect(created.body).toMatchObject({
      entity: 'deals',
      name: 'Мои горящие',
      filter: { search: 'окна', tags: ['ВИП', 'срочно'], noTask: 'true' },
      sort: { field: 'amount', order: 'desc' },
      columns: ['name', 'amount', 'stage'],
      mode: 'list',
      shared: false,
      ownerUserId: admin.userId,
      isDefault: false,
      canEdit: true,
      version: 1,
    });
    await admin.client.post('/api/saved-views', {
      entity: 'contacts',
      name: 'Без компании',
      filter: { search: '+7 916' },
      sort: { field: 'name', order: 'asc' },
    });
    expect(names(await admin.client.get('/api/saved-views?entity=deals'))).toEqual(['Мои горящие']);
    expect(names(await admin.client.get('/api/saved-views'))).toEqual(['Без компании', 'Мои горящие']);

    const url = `/api/saved-views/${created.body.id}`;
    const changed = await admin.client.request(
      'PATCH',
      url,
      { columns: ['amount', 'name'], filter: { search: 'двери' } },
      { 'if-match': '"v1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      columns: ['amount', 'name'],
      filter: { search: 'двери' },
      sort: { field: 'amount', order: 'desc' },
      version: 2,
    });
    const stale = await admin.client.request('PATCH', url, { name: 'X' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect((await admin.client.get(url)).body.name).toBe('Мои горящие');
    expect((await admin.client.request('DELETE', url, undefined, { 'if-match': '"v1"' })).status).toBe(409);
    expect((await admin.client.request('DELETE', url, undefined, { 'if-match': '"v2"' })).status).toBe(204);
    expect((await admin.client.get(url)).status).toBe(404);
  });

  it('refuse filters the entity’s list does not take, bad sorts, modes and duplicate names, writing nothing', async () => {
    const admin = await signUp(get());
    await admin.client.post('/api/saved-views', { entity: 'leads', name: 'Новые' });
    const before = await databaseChecksum(get());
    const unknown = await admin.client.post('/api/saved-views', {
      entity: 'contacts',
      name: 'X',
      filter: { search: 'a', noTask: 'true', limit: '5' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.filter.limit',
      'body.filter.noTask',
    ]);
    const badValue = await admin.client.post('/api/saved-views', {
      entity: 'deals',
      name: 'X',
      filter: { stageIds: 'nope' },
    });
    expect(badValue.status).toBe(422);
    expect(badValue.body.errors[0].field).toMatch(/^body\.filter\.stageIds/);
    const badSort = await admin.client.post('/api/saved-views', {
      entity: 'leads',
      name: 'X',
      sort: { field: 'stage', order: 'asc' },
      mode: 'kanban',
    });
    expect(badSort.status).toBe(422);
    expect(badSort.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.sort.field',
      'body.mode',
    ]);
    const extraKey = await admin.client.post('/api/saved-views', { entity: 'deals', name: 'X', owner: 'me' });
    expect(extraKey.status).toBe(400);
    const badEntity = await admin.client.post('/api/saved-views', { entity: 'tasks', name: 'X' });
    expect(badEntity.status).toBe(400);
    expect(badEntity.body.errors[0].field).toBe('body.entity');
    const duplicate = await admin.client.post('/api/saved-views', { entity: 'leads', name: 'НОВЫЕ' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: 'duplicate_name', errors: [{ field: 'body.name' }] });
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('private views are their owner’s; only administrators share and change shared ones', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const colleague = await addMember(get(), admin.client);
    const mine = await member.client.post('/api/saved-views', { entity: 'deals', name: 'Мой' });
    expect(mine.status).toBe(201);
    // Another user, even an administrator, neither sees nor touches it.
    expect(names(await colleague.client.get('/api/saved-views?entity=deals'))).toEqual([]);
    expect(names(await admin.client.get('/api/saved-views?entity=deals'))).toEqual([]);
    const before = await databaseChecksum(get());
    expect((await colleague.client.get(`/api/saved-views/${mine.body.id}`)).status).toBe(404);
    expect((await admin.client.patch(`/api/saved-views/${mine.body.id}`, { name: 'Y' })).status).toBe(404);
    expect((await admin.client.delete(`/api/saved-views/${mine.body.id}`)).status).toBe(404);
    expect((await colleague.client.put(`/api/saved-views/${mine.body.id}/default`)).status).toBe(404);
    // A member shares nothing.
    expect(
      (await member.client.post('/api/saved-views', { entity: 'deals', name: 'Всем', shared: true })).status,
    ).toBe(403);
    expect((await member.client.patch(`/api/saved-views/${mine.body.id}`, { shared: true })).status).toBe(
      403,
    );
    expect(await databaseChecksum(get())).toBe(before);

    const shared = await admin.client.post('/api/saved-views', {
      entity: 'deals',
      name: 'Отдел продаж',
      shared: true,
      mode: 'kanban',
    });
    expect(shared.status).toBe(201);
    const seen = await member.client.get('/api/saved-views?entity=deals');
    expect(names(seen)).toEqual(['Отдел продаж', 'Мой']);
    expect(seen.body.items[0]).toMatchObject({ shared: true, canEdit: false });
    const url = `/api/saved-views/${shared.body.id}`;
    const beforeMember = await databaseChecksum(get());
    expect((await member.client.patch(url, { name: 'Моё' })).status).toBe(403);
    expect((await member.client.delete(url)).status).toBe(403);
    expect(await databaseChecksum(get())).toBe(beforeMember);
    // Another administrator may change it.
    const otherAdmin = await addMember(get(), admin.client, 'admin');
    expect((await otherAdmin.client.patch(url, { name: 'Продажи' })).body).toMatchObject({
      name: 'Продажи',
      canEdit: true,
    });

    // Anyone who sees a view may make it their default; one default per entity.
    const made = await member.client.put(`${url}/default`);
    expect(made.body).toMatchObject({ id: shared.body.id, isDefault: true });
    await member.client.put(`/api/saved-views/${mine.body.id}/default`);
    const defaults = (await member.client.get('/api/saved-views?entity=deals')).body.items.map(
      (v: { name: string; isDefault: boolean }) => [v.name, v.isDefault],
    );
    expect(defaults).toEqual([
      ['Продажи', false],
      ['Мой', true],
    ]);
    expect((await admin.client.get(url)).body.isDefault).toBe(false);
    await member.client.put(`${url}/default`);
    expect((await member.client.delete(`${url}/default`)).status).toBe(204);
    expect((await member.client.get(url)).body.isDefault).toBe(false);
    await colleague.client.put(`${url}/default`);

    // Unshared: gone for the others, and no longer their default.
    expect((await admin.client.patch(url, { shared: false })).body.shared).toBe(false);
    expect((await colleague.client.get(url)).status).toBe(404);
    expect(names(await colleague.client.get('/api/saved-views'))).toEqual([]);
    await admin.client.patch(url, { shared: true });
    expect((await colleague.client.get(url)).body.isDefault).toBe(false);
  });

  it('another account’s views, shared or not, are absent', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const foreign = await b.client.post('/api/saved-views', { entity: 'companies', name: 'B', shared: true });
    await a.client.post('/api/saved-views', { entity: 'companies', name: 'A' });
    expect(names(await a.client.get('/api/saved-views'))).toEqual(['A']);
    const before = await databaseChecksum(get());
    const url = `/api/saved-views/${foreign.body.id}`;
    expect((await a.client.get(url)).status).toBe(404);
    expect((await a.client.patch(url, { name: 'X' })).status).toBe(404);
    expect((await a.client.delete(url)).status).toBe(404);
    expect((await a.client.put(`${url}/default`)).status).toBe(404);
    expect((await a.client.delete(`${url}/default`)).status).toBe(404);
    expect(await databaseChecksum(get())).toBe(before);
  });
});
