import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, Client, signUp } from '../../../test/http.js';

describeEachDatabase('API tokens', (get) => {
  it('are shown once, stored hashed, work as Bearer, and stop when revoked', async () => {
    const admin = await signUp(get());
    const created = await admin.client.post('/api/tokens', { name: 'Интеграция с сайтом' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^vk_[\w-]{40,}$/);
    expect(created.body.prefix).toBe(token.slice(0, 10));
    const row = await get()
      .database.db.selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token.slice(3));
    const list = await admin.client.get('/api/tokens');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty('token');

    const api = new Client(get());
    api.bearer = token;
    const me = await api.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(admin.accountId);
    expect((await api.post('/api/me/account', { accountId: admin.accountId })).body.code).toBe(
      'token_bound_to_account',
    );

    expect((await admin.client.delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await api.get('/api/me')).status).toBe(401);
    api.bearer = 'vk_not-a-real-token';
    expect((await api.get('/api/me')).status).toBe(401);
  });

  it('a token of account A is refused on account B’s records (404) and changes nothing', async () => {
    const a = await signUp(get(), { accountName: 'A' });
    const b = await signUp(get(), { accountName: 'B' });
    const bDept = await b.client.post('/api/departments', { name: 'Склад' });
    const aToken = (await a.client.post('/api/tokens', { name: 'A' })).body.token as string;
    const api = new Client(get());
    api.bearer = aToken;
    expect((await api.get(`/api/users/${b.userId}`)).status).toBe(404);
    expect((await api.patch(`/api/users/${b.userId}`, { name: 'Hacked' })).status).toBe(404);
    expect((await api.patch(`/api/departments/${bDept.body.id}`, { name: 'Hacked' })).status).toBe(404);
    expect((await api.delete(`/api/departments/${bDept.body.id}`)).status).toBe(404);
    expect((await api.post('/api/me/account', { accountId: b.accountId })).status).toBe(400);
    const bUser = await b.client.get(`/api/users/${b.userId}`);
    expect(bUser.body.name).toBe('Анна Админова');
    expect((await b.client.get('/api/departments')).body.items[0].name).toBe('Склад');
  });

  it('a member’s token works for what the member may do, and is revoked when the member is deactivated', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const created = await member.client.post('/api/tokens', { name: 'Мой скрипт' });
    const api = new Client(get());
    api.bearer = created.body.token;
    expect((await api.get('/api/users')).status).toBe(200);
    expect((await api.post('/api/departments', { name: 'X' })).status).toBe(403);
    // The admin cannot see the member's token list, but may revoke it; a member cannot revoke the admin's.
    const adminToken = await admin.client.post('/api/tokens', { name: 'admin' });
    expect((await member.client.delete(`/api/tokens/${adminToken.body.id}`)).status).toBe(404);

    await admin.client.post(`/api/users/${member.userId}/deactivate`);
    expect((await api.get('/api/users')).status).toBe(401);
    // The accounts module's subscriber revokes the tokens for good, through the event pipeline.
    await vi.waitFor(
      async () => {
        const row = await get()
          .database.db.selectFrom('api_tokens')
          .select('revoked_at')
          .where('id', '=', created.body.id)
          .executeTakeFirstOrThrow();
        expect(row.revoked_at).not.toBeNull();
      },
      { timeout: 15_000, interval: 200 },
    );
    await admin.client.post(`/api/users/${member.userId}/activate`);
    expect((await api.get('/api/users')).status).toBe(401);
  });
});
