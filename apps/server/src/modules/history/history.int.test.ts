import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, uniqueEmail } from '../../../test/http.js';

describeEachDatabase('change history', (get) => {
  it('every change of every kind produces its history entry, with who, how and old → new', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    // One change of each kind the API makes today.
    const dept = await admin.client.post('/api/departments', { name: 'Продажи' });
    await admin.client.patch(`/api/departments/${dept.body.id}`, { name: 'Отдел продаж' });
    await admin.client.patch(`/api/users/${member.userId}`, { role: 'admin', departmentId: dept.body.id });
    await admin.client.post(`/api/users/${member.userId}/deactivate`);
    await admin.client.post(`/api/users/${member.userId}/activate`);
    await admin.client.patch('/api/account', { currency: 'USD' });
    const [sales] = (await admin.client.get('/api/pipelines')).body.items;
    await admin.client.patch(`/api/pipelines/${sales.id}`, { name: 'Розница' });
    const stage = await admin.client.post(`/api/pipelines/${sales.id}/stages`, { name: 'Замер' });
    await admin.client.patch(`/api/stages/${stage.body.id}`, { color: '#00aa00' });
    await admin.client.delete(`/api/stages/${stage.body.id}`);
    const token = await admin.client.post('/api/tokens', { name: 'CI' });
    await admin.client.delete(`/api/tokens/${token.body.id}`);
    const invite = await admin.client.post('/api/invitations', { email: uniqueEmail() });
    await admin.client.delete(`/api/invitations/${invite.body.id}`);
    await admin.client.delete(`/api/departments/${dept.body.id}`).catch(() => undefined);

    const { db } = get().database;
    const events = await db
      .selectFrom('domain_events')
      .select(['id', 'type'])
      .where('account_id', '=', admin.accountId)
      .execute();
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(15);
    await vi.waitFor(
      async () => {
        const entries = await db
          .selectFrom('history_entries')
          .select('event_id')
          .where('account_id', '=', admin.accountId)
          .execute();
        expect(new Set(entries.map((e) => e.event_id))).toEqual(new Set(events.map((e) => e.id)));
      },
      { timeout: 20_000, interval: 250 },
    );

    const userHistory = await admin.client.get(`/api/history?entity=user&entityId=${member.userId}`);
    expect(userHistory.status).toBe(200);
    expect(userHistory.body.items.map((e: { type: string }) => e.type)).toEqual([
      'user.activated',
      'user.deactivated',
      'user.updated',
      'user.created',
    ]);
    const updated = userHistory.body.items[2];
    expect(updated).toMatchObject({
      actorUserId: admin.userId,
      source: 'ui',
      changes: { role: { from: 'member', to: 'admin' }, departmentId: { from: null, to: dept.body.id } },
    });
    const deptHistory = await admin.client.get(`/api/history?entity=department&entityId=${dept.body.id}`);
    expect(
      deptHistory.body.items.find((e: { type: string }) => e.type === 'department.updated').changes,
    ).toEqual({
      name: { from: 'Продажи', to: 'Отдел продаж' },
    });
  });

  it('pages newest first with a cursor', async () => {
    const admin = await signUp(get());
    const dept = await admin.client.post('/api/departments', { name: 'v0' });
    for (let i = 1; i <= 5; i++)
      await admin.client.patch(`/api/departments/${dept.body.id}`, { name: `v${i}` });
    const url = `/api/history?entity=department&entityId=${dept.body.id}`;
    await vi.waitFor(async () => expect((await admin.client.get(url)).body.items).toHaveLength(6), {
      timeout: 20_000,
      interval: 250,
    });
    const first = await admin.client.get(`${url}&limit=4`);
    expect(
      first.body.items.map(
        (e: { changes: { name?: { to: string } } | null }) => e.changes?.name?.to ?? 'created',
      ),
    ).toEqual(['v5', 'v4', 'v3', 'v2']);
    const second = await admin.client.get(`${url}&limit=4&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { type: string }) => e.type)).toEqual([
      'department.updated',
      'department.created',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('another account’s history is invisible; members do not read token history', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const member = await addMember(get(), a.client);
    const bDept = await b.client.post('/api/departments', { name: 'B' });
    const url = `/api/history?entity=department&entityId=${bDept.body.id}`;
    await vi.waitFor(async () => expect((await b.client.get(url)).body.items).toHaveLength(1), {
      timeout: 20_000,
      interval: 250,
    });
    expect((await a.client.get(url)).body.items).toEqual([]);
    const token = await a.client.post('/api/tokens', { name: 'secret' });
    expect((await member.client.get(`/api/history?entity=api_token&entityId=${token.body.id}`)).status).toBe(
      403,
    );
    expect((await member.client.get('/api/history?entity=User!&entityId=x')).status).toBe(400);
  });
});
