import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { generateAccount } from '../../../test/fake-amocrm/generator.js';
import { startFakeAmo, type FakeAmo } from '../../../test/fake-amocrm/server.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

const integration = {
  clientId: 'c0ffee00-0000-4000-8000-00000000000a',
  clientSecret: 'integration-secret-key',
  // testConfig's PUBLIC_URL is http://voronka.test.
  redirectUri: 'http://voronka.test/api/imports/amocrm/oauth/callback',
};

let fake: FakeAmo;
let clock = Date.now();
beforeAll(async () => {
  fake = await startFakeAmo({
    data: generateAccount({ scale: 0.01 }),
    clients: [integration],
    now: () => clock,
  });
});
afterAll(() => fake.close());

const form = (overrides: Record<string, string> = {}) => ({
  portal: fake.url,
  integrationId: integration.clientId,
  secretKey: integration.clientSecret,
  authorizationCode: fake.issueAuthorizationCode(),
  ...overrides,
});

describeEachDatabase('amoCRM connections', (get) => {
  it('connects with the keys and code, keeps the tokens encrypted and never returns them', async () => {
    const admin = await signUp(get());
    expect((await admin.client.get('/api/imports/amocrm/redirect-url')).body).toEqual({
      redirectUrl: integration.redirectUri,
    });
    // The fake listens on loopback: refused until an administrator allows the host.
    const blocked = await admin.client.post('/api/imports/amocrm/connections', form());
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({
      code: 'outbound_host_not_allowed',
      errors: [{ field: 'body.portal' }],
    });
    const bad = await admin.client.put('/api/settings/outbound-hosts', { hosts: ['ok.local', 'http://x/y'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.hosts.1' })]);
    const allowed = await admin.client.put('/api/settings/outbound-hosts', {
      hosts: [fake.host.toUpperCase()],
    });
    expect(allowed.body).toEqual({ hosts: [fake.host] });

    const body = form();
    const created = await admin.client.post('/api/imports/amocrm/connections', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      source: 'amocrm',
      status: 'connected',
      portal: fake.url,
      integrationId: integration.clientId,
      remoteAccountId: fake.data.account.id,
      accountName: fake.data.account.name,
      connectedBy: { id: admin.userId, name: 'Анна Админова' },
      lastError: null,
    });
    expect(created.text).not.toMatch(/access|refresh|secret|def50200/i);
    const { rows } = await sql<
      Record<string, string>
    >`SELECT * FROM import_connections WHERE id = ${created.body.id}`.execute(get().database.db);
    const stored = JSON.stringify(rows[0]);
    expect(stored).not.toContain(integration.clientSecret);
    expect(stored).not.toContain(body.authorizationCode);
    const client = await get().modules.import.connections.clientFor(admin.accountId, created.body.id);
    expect((await client.account()).id).toBe(fake.data.account.id);

    // The list and the record; connecting the same portal again replaces the credentials.
    expect((await admin.client.get('/api/imports/amocrm/connections')).body.items).toHaveLength(1);
    expect((await admin.client.get(`/api/imports/amocrm/connections/${created.body.id}`)).body.id).toBe(
      created.body.id,
    );
    const again = await admin.client.post(
      '/api/imports/amocrm/connections',
      form({ portal: `${fake.url}/leads` }),
    );
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect((await admin.client.get('/api/imports/amocrm/connections')).body.items).toHaveLength(1);
  });

  it('rotates the refresh token in the database when amoCRM answers 401', async () => {
    const admin = await signUp(get());
    await admin.client.put('/api/settings/outbound-hosts', { hosts: [fake.host] });
    const created = await admin.client.post('/api/imports/amocrm/connections', form());
    const store = get().modules.import.connections.tokenStore(admin.accountId, created.body.id);
    const before = await store.current();
    fake.expireAccessTokens();
    const client = await get().modules.import.connections.clientFor(admin.accountId, created.body.id);
    const [a, b] = await Promise.all([client.account(), client.account()]);
    expect(a.id).toBe(b.id);
    const after = await store.current();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // A second client (another process) sees the stored pair, not the spent one.
    const other = await get().modules.import.connections.clientFor(admin.accountId, created.body.id);
    expect((await other.account()).id).toBe(a.id);
    expect((await admin.client.get(`/api/imports/amocrm/connections/${created.body.id}`)).body.status).toBe(
      'connected',
    );
  });

  it('says which field is wrong: expired or used code, wrong secret, wrong address; writes nothing', async () => {
    const admin = await signUp(get());
    // An address that answers like amoCRM failing on its side (its front's 503 page).
    const failing = createServer((_request, response) => {
      response
        .writeHead(503, { 'content-type': 'text/html' })
        .end('<h1>Service Temporarily Unavailable</h1>');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const failingHost = `127.0.0.1:${(failing.address() as AddressInfo).port}`;
    await admin.client.put('/api/settings/outbound-hosts', {
      hosts: [fake.host, '127.0.0.1:1', failingHost],
    });
    const before = await databaseChecksum(get());
    const expect422 = async (body: Record<string, string>, code: string, field: string) => {
      const res = await admin.client.post('/api/imports/amocrm/connections', body);
      expect(res.status, res.text).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      return res;
    };
    const stale = form();
    clock += 21 * 60 * 1000;
    await expect422(stale, 'amocrm_code_expired', 'body.authorizationCode');
    const used = form();
    const connected = await admin.client.post('/api/imports/amocrm/connections', used);
    expect(connected.status).toBe(201);
    const afterConnect = await databaseChecksum(get());
    await expect422(used, 'amocrm_code_used', 'body.authorizationCode');
    await expect422(form({ secretKey: 'wrong' }), 'amocrm_client_invalid', 'body.secretKey');
    await expect422(
      form({ authorizationCode: 'def50200copied-wrong' }),
      'amocrm_code_invalid',
      'body.authorizationCode',
    );
    await expect422(form({ portal: 'http://127.0.0.1:1' }), 'amocrm_unreachable', 'body.portal');
    await expect422(form({ portal: 'no such portal' }), 'invalid_portal', 'body.portal');
    await expect422(form({ portal: 'http://169.254.169.254' }), 'outbound_host_not_allowed', 'body.portal');

    // amoCRM failing on its side is neither the user's input nor ours: 502 with what amoCRM said.
    try {
      const res = await admin.client.post(
        '/api/imports/amocrm/connections',
        form({ portal: `http://${failingHost}` }),
      );
      expect(res.status, res.text).toBe(502);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('amocrm_error');
      expect(res.body.detail).toContain('503');
    } finally {
      failing.close();
    }
    expect(await databaseChecksum(get())).toBe(afterConnect);
    expect(afterConnect).not.toBe(before);
  });

  it('is for administrators only; another account’s connection is absent; disconnecting forgets it', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    await admin.client.put('/api/settings/outbound-hosts', { hosts: [fake.host] });
    const created = await admin.client.post('/api/imports/amocrm/connections', form());
    const url = `/api/imports/amocrm/connections/${created.body.id}`;
    const before = await databaseChecksum(get());
    expect((await member.client.post('/api/imports/amocrm/connections', form())).status).toBe(403);
    expect((await member.client.get('/api/imports/amocrm/connections')).status).toBe(403);
    expect((await member.client.get(url)).status).toBe(403);
    expect((await member.client.delete(url)).status).toBe(403);
    expect((await member.client.put('/api/settings/outbound-hosts', { hosts: [] })).status).toBe(403);
    expect((await other.client.get(url)).status).toBe(404);
    expect((await other.client.delete(url)).status).toBe(404);
    expect((await other.client.get('/api/imports/amocrm/connections')).body.items).toEqual([]);
    // Account B's allow-list is its own: A's entry does not let B reach the fake.
    const fromB = await other.client.post('/api/imports/amocrm/connections', form());
    expect(fromB.body.code).toBe('outbound_host_not_allowed');
    expect(await databaseChecksum(get())).toBe(before);
    expect((await admin.client.delete(url)).status).toBe(204);
    expect((await admin.client.get(url)).status).toBe(404);
  });

  it('hands the code from amoCRM’s redirect to the connect form', async () => {
    const res = await get().http.inject({
      method: 'GET',
      url: '/api/imports/amocrm/oauth/callback?code=def502abc&referer=company.amocrm.ru&state=x',
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/imports/amocrm?code=def502abc&portal=company.amocrm.ru');
  });
});
