import { describe, expect, it } from 'vitest';
import { describeEachDatabase, startVoronka } from '../../../test/harness.js';
import { addMember, Client, signUp, uniqueEmail } from '../../../test/http.js';
import { databaseChecksum } from '../../../test/checksum.js';

describeEachDatabase('users, invitations and departments', (get) => {
  it('invites by link: the new person previews, accepts, joins with the role and is signed in', async () => {
    const admin = await signUp(get(), { accountName: 'ООО Пример' });
    const email = uniqueEmail('new');
    const invite = await admin.client.post('/api/invitations', { email, role: 'member' });
    expect(invite.status).toBe(201);
    expect(invite.body.url).toBe(`http://voronka.test/invite/${invite.body.token}`);
    const listed = await admin.client.get('/api/invitations');
    expect(listed.body.items[0]).not.toHaveProperty('token');

    const guest = new Client(get(), '10.5.0.1');
    const preview = await guest.get(`/api/invitations/by-token/${invite.body.token}`);
    expect(preview.body).toEqual({
      accountName: 'ООО Пример',
      email,
      role: 'member',
      existingIdentity: false,
    });
    const noName = await guest.post(`/api/invitations/by-token/${invite.body.token}/accept`, {
      password: 'a new password',
    });
    expect(noName.status).toBe(422);
    expect(noName.body.errors[0].field).toBe('body.name');
    const accepted = await guest.post(`/api/invitations/by-token/${invite.body.token}/accept`, {
      name: 'Вера',
      password: 'a new password',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.account).toMatchObject({ id: admin.accountId, role: 'member' });
    expect((await guest.get('/api/me')).body.user.name).toBe('Вера');

    const again = await new Client(get()).post(`/api/invitations/by-token/${invite.body.token}/accept`, {
      name: 'X',
      password: 'a new password',
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('invitation_used');
    const users = await admin.client.get('/api/users');
    expect(users.body.items.map((u: { email: string }) => u.email)).toContain(email);
  });

  it('an invited person who already has a sign-in proves it with the password and gets a second account', async () => {
    const first = await signUp(get(), { accountName: 'Первая' });
    const second = await signUp(get(), { accountName: 'Вторая' });
    const invite = await second.client.post('/api/invitations', { email: first.email, role: 'admin' });
    const guest = new Client(get(), '10.5.0.2');
    expect((await guest.get(`/api/invitations/by-token/${invite.body.token}`)).body.existingIdentity).toBe(
      true,
    );
    const wrong = await guest.post(`/api/invitations/by-token/${invite.body.token}/accept`, {
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    const ok = await guest.post(`/api/invitations/by-token/${invite.body.token}/accept`, {
      password: first.password,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.accounts.map((a: { name: string }) => a.name).sort()).toEqual(['Вторая', 'Первая']);
    expect(ok.body.account).toMatchObject({ name: 'Вторая', role: 'admin' });
  });

  it('a revoked or unknown invitation link does not work', async () => {
    const admin = await signUp(get());
    const invite = await admin.client.post('/api/invitations', { email: uniqueEmail(), role: 'member' });
    expect((await admin.client.delete(`/api/invitations/${invite.body.id}`)).status).toBe(204);
    const res = await new Client(get()).get(`/api/invitations/by-token/${invite.body.token}`);
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('invitation_revoked');
    expect((await new Client(get()).get('/api/invitations/by-token/vki_unknown-token-value')).status).toBe(
      404,
    );
  });

  it('rights: a member cannot invite, deactivate, change roles or edit departments (403, nothing written)', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const dept = await admin.client.post('/api/departments', { name: 'Продажи' });
    const before = await databaseChecksum(get());
    const attempts = [
      await member.client.post('/api/invitations', { email: uniqueEmail(), role: 'admin' }),
      await member.client.get('/api/invitations'),
      await member.client.post(`/api/users/${admin.userId}/deactivate`),
      await member.client.patch(`/api/users/${member.userId}`, { role: 'admin' }),
      await member.client.patch(`/api/users/${admin.userId}`, { name: 'Взлом' }),
      await member.client.post('/api/departments', { name: 'Тайный отдел' }),
      await member.client.patch(`/api/departments/${dept.body.id}`, { name: 'X' }),
      await member.client.delete(`/api/departments/${dept.body.id}`),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await databaseChecksum(get())).toBe(before);
    // What a member may do: see colleagues and departments, change their own name.
    expect((await member.client.get('/api/users')).body.items).toHaveLength(2);
    expect((await member.client.get('/api/departments')).body.items).toHaveLength(1);
    expect((await member.client.patch(`/api/users/${member.userId}`, { name: 'Борис Б.' })).body.name).toBe(
      'Борис Б.',
    );
  });

  it('cross-account: another account’s users, departments, invitations and tokens are absent (404, nothing changed)', async () => {
    const a = await signUp(get(), { accountName: 'A' });
    const b = await signUp(get(), { accountName: 'B' });
    const bMember = await addMember(get(), b.client);
    const bDept = await b.client.post('/api/departments', { name: 'Отдел B' });
    const bInvite = await b.client.post('/api/invitations', { email: uniqueEmail(), role: 'member' });
    const bToken = await b.client.post('/api/tokens', { name: 'B token' });
    const before = await databaseChecksum(get());
    const attempts = [
      await a.client.get(`/api/users/${bMember.userId}`),
      await a.client.patch(`/api/users/${bMember.userId}`, { name: 'Hacked' }),
      await a.client.post(`/api/users/${bMember.userId}/deactivate`),
      await a.client.post(`/api/users/${bMember.userId}/activate`),
      await a.client.patch(`/api/departments/${bDept.body.id}`, { name: 'Hacked' }),
      await a.client.delete(`/api/departments/${bDept.body.id}`),
      await a.client.delete(`/api/invitations/${bInvite.body.id}`),
      await a.client.delete(`/api/tokens/${bToken.body.id}`),
    ];
    for (const res of attempts) expect(res.status).toBe(404);
    // References into another account are refused as invalid fields.
    const foreignParent = await a.client.post('/api/departments', { name: 'X', parentId: bDept.body.id });
    expect(foreignParent.status).toBe(422);
    expect(foreignParent.body.errors[0].field).toBe('body.parentId');
    const foreignDept = await a.client.patch(`/api/users/${a.userId}`, { departmentId: bDept.body.id });
    expect(foreignDept.status).toBe(422);
    expect(foreignDept.body.errors[0].field).toBe('body.departmentId');
    const foreignInvite = await a.client.post('/api/invitations', {
      email: uniqueEmail(),
      departmentId: bDept.body.id,
    });
    expect(foreignInvite.status).toBe(422);
    expect(foreignInvite.body.errors[0].field).toBe('body.departmentId');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await a.client.get('/api/users')).body.items.map((u: { id: string }) => u.id)).toEqual([
      a.userId,
    ]);
  });

  it('deactivation keeps the user and its history, ends its access to the account, and protects the last admin', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    expect((await admin.client.post(`/api/users/${admin.userId}/deactivate`)).body.code).toBe(
      'cannot_deactivate_self',
    );
    const off = await admin.client.post(`/api/users/${member.userId}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, name: 'Борис Менеджеров' });
    expect(off.body.deactivatedAt).toBeTruthy();
    expect((await member.client.get('/api/me')).status).toBe(401);
    const signIn = await new Client(get(), '10.6.0.1').post('/api/auth/sign-in', {
      email: member.email,
      password: member.password,
    });
    expect(signIn.status).toBe(403);
    expect(signIn.body.code).toBe('no_active_account');
    const users = await admin.client.get('/api/users');
    expect(users.body.items.find((u: { id: string }) => u.id === member.userId).active).toBe(false);
    const demote = await admin.client.patch(`/api/users/${admin.userId}`, { role: 'member' });
    expect(demote.status).toBe(422);
    expect(demote.body.code).toBe('last_admin');
    expect((await admin.client.post(`/api/users/${member.userId}/activate`)).body.active).toBe(true);
    expect(
      (
        await new Client(get(), '10.6.0.2').post('/api/auth/sign-in', {
          email: member.email,
          password: member.password,
        })
      ).status,
    ).toBe(200);
  });

  it('departments form a tree without cycles; a department with people or sub-departments is not deleted', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const sales = await admin.client.post('/api/departments', { name: 'Продажи' });
    const moscow = await admin.client.post('/api/departments', {
      name: 'Москва',
      parentId: sales.body.id,
      headUserId: member.userId,
    });
    expect(moscow.status).toBe(201);
    expect(moscow.body).toMatchObject({ parentId: sales.body.id, headUserId: member.userId });
    const cycle = await admin.client.patch(`/api/departments/${sales.body.id}`, { parentId: moscow.body.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors[0].field).toBe('body.parentId');
    expect((await admin.client.delete(`/api/departments/${sales.body.id}`)).body.code).toBe(
      'department_has_children',
    );
    await admin.client.patch(`/api/users/${member.userId}`, { departmentId: moscow.body.id });
    expect((await admin.client.delete(`/api/departments/${moscow.body.id}`)).body.code).toBe(
      'department_has_users',
    );
    await admin.client.patch(`/api/users/${member.userId}`, { departmentId: null });
    await admin.client.patch(`/api/departments/${moscow.body.id}`, { headUserId: null });
    expect((await admin.client.delete(`/api/departments/${moscow.body.id}`)).status).toBe(204);
    expect(
      (await admin.client.get('/api/departments')).body.items.map((d: { name: string }) => d.name),
    ).toEqual(['Продажи']);
  });
});

describe('invitation links without PUBLIC_URL', () => {
  it('point at the address the administrator is using', async () => {
    const voronka = await startVoronka({ kind: 'pglite', memory: true }, {}, { PUBLIC_URL: undefined });
    try {
      const admin = await signUp(voronka);
      const invite = await admin.client.post(
        '/api/invitations',
        { email: uniqueEmail(), role: 'member' },
        { host: 'crm.example.ru:8080' },
      );
      expect(invite.body.url).toBe(`http://crm.example.ru:8080/invite/${invite.body.token}`);
    } finally {
      await voronka.close();
    }
  });
});
