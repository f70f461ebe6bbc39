// Inviting the amoCRM users without a match (seed 000, "Users": they are invited by e-mail and that mapping sets
// the responsible person of their records): each becomes a user in the invited state at once — inactive, no
// sign-in — responsible for their records, and active under the same id once they accept; a re-run invites
// nobody twice; "Delete migrated data" withdraws the open invitations; another account invites its own users.
import type { ImportRun } from '@voronka/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { generateAccount, type AmoAccountData } from '../../../test/fake-amocrm/generator.js';
import { startFakeAmo, type FakeAmo } from '../../../test/fake-amocrm/server.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, Client, signUp } from '../../../test/http.js';

const integration = {
  clientId: 'c0ffee00-0000-4000-8000-0000000000i1',
  clientSecret: 'invite-secret',
  redirectUri: 'http://voronka.test/api/imports/amocrm/oauth/callback',
};
const BASE = '/api/imports/amocrm';

let fake: FakeAmo;
let data: AmoAccountData;

beforeAll(async () => {
  data = generateAccount({ scale: 0.01, seed: 21 });
  // Two more active users (without records) beside the generator's three (admin, user, inactive user).
  const template = data.users[1] as Record<string, unknown>;
  for (const [id, name, email] of [
    [5_000_801, 'Ольга Новикова', 'Olga.Novikova@voronka-demo.ru'],
    [5_000_802, 'Пётр Соколов', 'petr.sokolov@voronka-demo.ru'],
  ] as const)
    data.users.push({ ...template, id, name, email });
  fake = await startFakeAmo({ data, clients: [integration], blockAfterViolations: 1000 });
});
afterAll(async () => {
  await fake.close();
});

type Amo = { id: number; name: string; email: string; rights?: { is_active?: boolean } };

async function connect(client: Client) {
  await client.put('/api/settings/outbound-hosts', { hosts: [fake.host] });
  const res = await client.post(`${BASE}/connections`, {
    portal: fake.url,
    integrationId: integration.clientId,
    secretKey: integration.clientSecret,
    authorizationCode: fake.issueAuthorizationCode(),
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function waitFor(client: Client, id: string, statuses: string[]) {
  const until = Date.now() + 120_000;
  for (;;) {
    const res = await client.get<ImportRun>(`${BASE}/runs/${id}`);
    expect(res.status, res.text).toBe(200);
    if (statuses.includes(res.body.status)) return res.body;
    if (Date.now() > until) throw new Error(`run ${id} is ${res.body.status}: ${res.text}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function runToEnd(client: Client, body: unknown) {
  const created = await client.post<ImportRun>(`${BASE}/runs`, body);
  expect(created.status, created.text).toBe(201);
  await waitFor(client, created.body.id, ['ready']);
  expect((await client.post(`${BASE}/runs/${created.body.id}/start`)).status).toBe(200);
  return waitFor(client, created.body.id, ['completed']);
}

const rows = async <T>(v: Voronka, query: ReturnType<typeof sql<T>>) =>
  (await query.execute(v.database.db)).rows;

describeEachDatabase('amoCRM migration: inviting the users without a match', (get) => {
  it('invites them (invited state, their records theirs), once; accepting activates; delete withdraws', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const amoUsers = data.users as unknown as Amo[];
    const [matchedAmo, ...rest] = amoUsers;
    if (!matchedAmo) throw new Error('the generator made no users');
    // One amoCRM user already has a Voronka user with the same e-mail: matched, not invited.
    await rows(
      get(),
      sql`UPDATE identities SET email = ${matchedAmo.email.toLowerCase()}
          WHERE id = (SELECT identity_id FROM users WHERE id = ${member.userId})`,
    );
    const toInvite = rest.filter((u) => u.rights?.is_active !== false);
    const inactive = rest.filter((u) => u.rights?.is_active === false);
    expect(toInvite.length).toBeGreaterThan(2);
    expect(inactive.length).toBe(1);

    const connectionId = await connect(admin.client);
    // Rights and input: a member may not start a migration; a wrong type is named.
    const refused = await member.client.post(`${BASE}/runs`, {
      connectionId,
      selection: { entities: ['contacts'], inviteUsers: true },
    });
    expect(refused.status).toBe(403);
    const bad = await admin.client.post(`${BASE}/runs`, {
      connectionId,
      selection: { entities: ['contacts'], inviteUsers: 'yes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.selection.inviteUsers' })]);

    const done = await runToEnd(admin.client, {
      connectionId,
      selection: { entities: ['contacts'], inviteUsers: true },
    });
    expect(done.selection.inviteUsers).toBe(true);

    const users = await rows<{ id: string; email: string; name: string; active: boolean; invited: boolean }>(
      get(),
      sql`SELECT u.id, i.email, u.name, u.active, u.invited_at IS NOT NULL AS invited
          FROM users u JOIN identities i ON i.id = u.identity_id WHERE u.account_id = ${admin.accountId}`,
    );
    const byEmail = new Map(users.map((u) => [u.email, u]));
    for (const amo of toInvite)
      expect(byEmail.get(amo.email.toLowerCase())).toMatchObject({
        name: amo.name,
        active: false,
        invited: true,
      });
    for (const amo of inactive) expect(byEmail.has(amo.email.toLowerCase())).toBe(false);
    expect(byEmail.get(matchedAmo.email.toLowerCase())).toMatchObject({ id: member.userId, active: true });
    expect(users).toHaveLength(2 + toInvite.length);
    // Each has an open invitation to their e-mail.
    const invitations = (await admin.client.get('/api/invitations')).body.items as {
      id: string;
      email: string;
      acceptedAt: string | null;
      revokedAt: string | null;
    }[];
    for (const amo of toInvite)
      expect(invitations).toContainEqual(
        expect.objectContaining({ email: amo.email.toLowerCase(), acceptedAt: null, revokedAt: null }),
      );

    // Their contacts are theirs; the matched user's are the member's; the inactive user's go to the default.
    const contacts = data.contacts as unknown as { id: number; responsible_user_id: number }[];
    const responsibleOf = async (amoContactId: number) =>
      (
        await rows<{ responsible_user_id: string }>(
          get(),
          sql`SELECT c.responsible_user_id FROM contacts c JOIN import_external_ids x
                ON x.account_id = c.account_id AND x.target_id = c.id
              WHERE c.account_id = ${admin.accountId} AND x.source_entity = 'contact'
                AND x.source_id = ${String(amoContactId)}`,
        )
      )[0]?.responsible_user_id;
    const invitedAmo = toInvite[0]!;
    const invitedUser = byEmail.get(invitedAmo.email.toLowerCase())!;
    const theirs = contacts.filter((c) => c.responsible_user_id === invitedAmo.id);
    expect(theirs.length).toBeGreaterThan(0);
    for (const c of theirs) expect(await responsibleOf(c.id)).toBe(invitedUser.id);
    for (const c of contacts.filter((c) => c.responsible_user_id === matchedAmo.id).slice(0, 5))
      expect(await responsibleOf(c.id)).toBe(member.userId);
    for (const c of contacts.filter((c) => c.responsible_user_id === inactive[0]!.id).slice(0, 5))
      expect(await responsibleOf(c.id)).toBe(admin.userId);
    const log = await admin.client.get(`${BASE}/runs/${done.id}/log?limit=100`);
    expect(log.body.items.map((l: { message: string }) => l.message)).toContainEqual(
      expect.stringMatching(new RegExp(`, ${toInvite.length} invited;`)),
    );

    // An invited user cannot sign in before accepting.
    const guest = new Client(get(), '10.0.0.7');
    const signIn = await guest.post('/api/auth/sign-in', { email: invitedAmo.email, password: '' });
    expect(signIn.status).not.toBe(200);

    // A re-run invites nobody twice.
    await runToEnd(admin.client, { connectionId, selection: { entities: ['contacts'], inviteUsers: true } });
    const after = await rows<{ n: number }>(
      get(),
      sql`SELECT count(*)::int AS n FROM users WHERE account_id = ${admin.accountId}`,
    );
    expect(after[0]?.n).toBe(users.length);
    expect(((await admin.client.get('/api/invitations')).body.items as unknown[]).length).toBe(
      invitations.length,
    );

    // Accepting: the administrator takes a new link for the invitation (its first secret was never shown;
    // a member may not, another account cannot see it) and the invitee accepts it — the same user becomes
    // active, keeps their records and sets a password.
    const invitationId = invitations.find((i) => i.email === invitedAmo.email.toLowerCase())!.id;
    expect((await member.client.post(`/api/invitations/${invitationId}/link`)).status).toBe(403);
    const link = await admin.client.post(`/api/invitations/${invitationId}/link`);
    expect(link.status, link.text).toBe(200);
    expect(link.body.url).toBe(`http://voronka.test/invite/${link.body.token}`);
    const token = link.body.token as string;
    const preview = await guest.get(`/api/invitations/by-token/${token}`);
    expect(preview.body).toMatchObject({ existingIdentity: false });
    const accepted = await guest.post(`/api/invitations/by-token/${token}/accept`, {
      name: 'Новое Имя',
      password: 'invited password 1',
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.user).toMatchObject({ id: invitedUser.id, name: 'Новое Имя' });
    expect(await responsibleOf(theirs[0]!.id)).toBe(invitedUser.id);
    const me = await guest.get('/api/me');
    expect(me.body.user.id).toBe(invitedUser.id);

    // Another account's migration of the same portal invites its own users; neither sees the other's.
    const other = await signUp(get());
    const otherConnection = await connect(other.client);
    expect((await other.client.get(`${BASE}/runs/${done.id}`)).status).toBe(404);
    await runToEnd(other.client, {
      connectionId: otherConnection,
      selection: { entities: ['users'], inviteUsers: true },
    });
    const otherUsers = await rows<{ id: string; email: string }>(
      get(),
      sql`SELECT u.id, i.email FROM users u JOIN identities i ON i.id = u.identity_id
          WHERE u.account_id = ${other.accountId}`,
    );
    expect(otherUsers.map((u) => u.email)).toContain(invitedAmo.email.toLowerCase());
    expect(otherUsers.map((u) => u.id)).not.toContain(invitedUser.id);
    const otherInvitations = (await other.client.get('/api/invitations')).body.items as { email: string }[];
    expect(otherInvitations).toHaveLength(toInvite.length + 1);
    expect((await other.client.get(`/api/users/${invitedUser.id}`)).status).toBe(404);
    expect((await other.client.post(`/api/invitations/${invitationId}/link`)).status).toBe(404);

    // "Delete migrated data" of the first run: open invitations withdrawn, their users deactivated; the one
    // who accepted stays.
    expect((await admin.client.post(`${BASE}/runs/${done.id}/rollback`)).status).toBe(200);
    await waitFor(admin.client, done.id, ['rolled_back']);
    const final = await rows<{ id: string; active: boolean; invited: boolean; deactivated: boolean }>(
      get(),
      sql`SELECT id, active, invited_at IS NOT NULL AS invited, deactivated_at IS NOT NULL AS deactivated
          FROM users WHERE account_id = ${admin.accountId}`,
    );
    for (const amo of toInvite.slice(1)) {
      const id = byEmail.get(amo.email.toLowerCase())!.id;
      expect(final.find((u) => u.id === id)).toMatchObject({
        active: false,
        invited: false,
        deactivated: true,
      });
    }
    expect(final.find((u) => u.id === invitedUser.id)).toMatchObject({ active: true, deactivated: false });
    const open = await rows<{ n: number }>(
      get(),
      sql`SELECT count(*)::int AS n FROM invitations WHERE account_id = ${admin.accountId}
          AND user_id IS NOT NULL AND accepted_at IS NULL AND revoked_at IS NULL`,
    );
    expect(open[0]?.n).toBe(0);
    // The other account's invitations are untouched.
    const otherOpen = await rows<{ n: number }>(
      get(),
      sql`SELECT count(*)::int AS n FROM invitations WHERE account_id = ${other.accountId}
          AND accepted_at IS NULL AND revoked_at IS NULL`,
    );
    expect(otherOpen[0]?.n).toBe(toInvite.length + 1);
  }, 240_000);
});
