// The amoCRM client against the fake amoCRM over real HTTP (loopback, allowed explicitly).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../../../../test/fake-amocrm/generator.js';
import { maxRequestsInWindow, startFakeAmo, type FakeAmo } from '../../../../../test/fake-amocrm/server.js';
import { createOutboundHttp } from '../../../../platform/outbound-http/index.js';
import {
  AmoApiError,
  AmoBlockedError,
  AmoOAuthError,
  AmoUnreachableError,
  createAmoClient,
  exchangeAuthorizationCode,
  memoryTokenStore,
  type AmoCredentials,
} from './client.js';

const integration = {
  clientId: 'c0ffee00-0000-4000-8000-000000000001',
  clientSecret: 'secret-1',
  redirectUri: 'https://voronka.test/cb',
};

describe('amoCRM client against the fake amoCRM', () => {
  let fake: FakeAmo;
  let clock = Date.now();
  const http = createOutboundHttp();
  let credentials: AmoCredentials;
  const data = generateAccount({ scale: 0.4, seed: 7 });

  beforeAll(async () => {
    fake = await startFakeAmo({ data, clients: [integration], now: () => clock, blockAfterViolations: 1000 });
    credentials = { baseUrl: fake.url, ...integration };
  });
  afterAll(async () => {
    await fake.close();
    http.close();
  });

  const connect = async () =>
    memoryTokenStore(
      await exchangeAuthorizationCode(http, credentials, fake.issueAuthorizationCode(), [fake.host]),
    );

  it('exchanges a code once; refuses an expired, a used and a foreign code and a wrong secret', async () => {
    const code = fake.issueAuthorizationCode();
    const tokens = await exchangeAuthorizationCode(http, credentials, code, [fake.host]);
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    await expect(exchangeAuthorizationCode(http, credentials, code, [fake.host])).rejects.toMatchObject({
      reason: 'code_used',
    });
    const old = fake.issueAuthorizationCode();
    clock += 21 * 60 * 1000;
    await expect(exchangeAuthorizationCode(http, credentials, old, [fake.host])).rejects.toMatchObject({
      reason: 'code_expired',
    });
    await expect(
      exchangeAuthorizationCode(http, credentials, 'def50200garbage', [fake.host]),
    ).rejects.toMatchObject({ reason: 'code_invalid' });
    const spoiled = fake.issueAuthorizationCode();
    await expect(
      exchangeAuthorizationCode(http, { ...credentials, clientSecret: 'wrong' }, spoiled, [fake.host]),
    ).rejects.toMatchObject({ reason: 'client_invalid' });
    // A failed attempt voids the code, as amoCRM does: the user must copy the new one.
    await expect(exchangeAuthorizationCode(http, credentials, spoiled, [fake.host])).rejects.toMatchObject({
      reason: 'code_used',
    });
    await expect(
      exchangeAuthorizationCode(
        http,
        { ...credentials, redirectUri: 'https://elsewhere/cb' },
        fake.issueAuthorizationCode(),
        [fake.host],
      ),
    ).rejects.toMatchObject({ reason: 'redirect_mismatch' });
  });

  it('reads every record page by page until 204, 250 at a time, with the quirks parsed', async () => {
    const client = createAmoClient({ http, credentials, tokens: await connect(), allowedHosts: [fake.host] });
    expect((await client.account()).subdomain).toBe('voronka-demo');
    const before = fake.log.length;
    const leads = await client.all(client.leads());
    expect(leads.map((l) => l.id)).toEqual(data.leads.map((l) => l.id));
    const calls = fake.log.slice(before);
    expect(calls.every((r) => r.query.includes('limit=250'))).toBe(true);
    expect(calls).toHaveLength(Math.ceil(data.leads.length / 250));
    const pipelines = await client.pipelines();
    expect(pipelines).toHaveLength(data.pipelines.length);
    expect(pipelines[0]?._embedded.statuses.map((s) => s.id)).toEqual(expect.arrayContaining([142, 143]));
    expect(pipelines[0]?._embedded.statuses.find((s) => s.type === 1)?.name).toBe('Неразобранное');
    const fields = await client.customFields('contacts');
    expect(new Set(fields.map((f) => f.type))).toEqual(
      new Set(data.customFields.contacts.map((f) => f.type)),
    );
    const tasks = await client.all(client.tasks());
    expect(tasks).toHaveLength(data.tasks.length);
    expect(tasks.some((t) => Array.isArray(t.result))).toBe(true);
    const since = Number(data.contacts[10]?.updated_at ?? 0);
    const delta = await client.all(client.contacts({ updatedFrom: since }));
    expect(delta.map((c) => c.id).sort()).toEqual(
      data.contacts
        .filter((c) => Number(c.updated_at) >= since)
        .map((c) => c.id)
        .sort(),
    );
  });

  it('never exceeds 7 requests in any second while three clients page concurrently', async () => {
    const tokens = await connect();
    const clients = [0, 1, 2].map(() =>
      createAmoClient({ http, credentials, tokens, allowedHosts: [fake.host] }),
    );
    const start = fake.log.length;
    const [contacts, companies, notes] = await Promise.all([
      clients[0]!.all(clients[0]!.contacts()),
      clients[1]!.all(clients[1]!.companies()),
      clients[2]!.all(clients[2]!.notes('leads')),
    ]);
    expect(contacts).toHaveLength(data.contacts.length);
    expect(companies).toHaveLength(data.companies.length);
    expect(notes).toHaveLength(data.notes.filter((n) => n.entity_type === 'leads').length);
    const log = fake.log.slice(start);
    expect(log.length).toBeGreaterThan(20);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(maxRequestsInWindow(log, 1000)).toBeLessThanOrEqual(7);
  }, 60_000);

  it('refreshes once on 401 and keeps the rotated refresh token; the old one is spent', async () => {
    const tokens = await connect();
    const first = tokens.tokens;
    fake.expireAccessTokens();
    const client = createAmoClient({ http, credentials, tokens, allowedHosts: [fake.host] });
    const [a, b] = await Promise.all([client.account(), client.account()]);
    expect(a.id).toBe(b.id);
    expect(tokens.tokens.refreshToken).not.toBe(first.refreshToken);
    expect(fake.requestsTo('/oauth2/access_token').filter((r) => r.status === 200).length).toBeGreaterThan(0);
    // The spent refresh token no longer works.
    const stale = memoryTokenStore({ ...first, accessToken: 'expired' });
    const staleClient = createAmoClient({ http, credentials, tokens: stale, allowedHosts: [fake.host] });
    await expect(staleClient.account()).rejects.toBeInstanceOf(AmoOAuthError);
  });

  it('reads the same items in smaller pages after a 504, and stops at 403', async () => {
    const slow = await startFakeAmo({ data, clients: [integration], readTimeoutAbove: 50 });
    const slowHttp = createOutboundHttp();
    const slowCredentials = { ...credentials, baseUrl: slow.url };
    const tokens = memoryTokenStore(
      await exchangeAuthorizationCode(slowHttp, slowCredentials, slow.issueAuthorizationCode(), [slow.host]),
    );
    const client = createAmoClient({
      http: slowHttp,
      credentials: slowCredentials,
      tokens,
      allowedHosts: [slow.host],
    });
    const companies = await client.all(client.companies());
    expect(companies.map((c) => c.id)).toEqual(data.companies.map((c) => c.id));
    expect(slow.log.some((r) => r.status === 504)).toBe(true);
    const pages = slow.requestsTo('/api/v4/companies');
    expect(pages.filter((r) => r.status !== 504).every((r) => r.query.includes('limit=50'))).toBe(true);
    slow.block('Account is blocked');
    await expect(client.account()).rejects.toBeInstanceOf(AmoBlockedError);
    await slow.close();
    slowHttp.close();
  }, 60_000);

  it('backs off on 429 when the portal allows fewer requests, and still reads everything', async () => {
    const strict = await startFakeAmo({
      data,
      clients: [integration],
      requestsPerSecond: 4,
      blockAfterViolations: 50,
    });
    const strictHttp = createOutboundHttp();
    const strictCredentials = { ...credentials, baseUrl: strict.url };
    const tokens = memoryTokenStore(
      await exchangeAuthorizationCode(strictHttp, strictCredentials, strict.issueAuthorizationCode(), [
        strict.host,
      ]),
    );
    const client = createAmoClient({
      http: strictHttp,
      credentials: strictCredentials,
      tokens,
      allowedHosts: [strict.host],
    });
    const notes = await client.all(client.notes('contacts'));
    expect(notes).toHaveLength(data.notes.filter((n) => n.entity_type === 'contacts').length);
    expect(strict.log.some((r) => r.status === 429)).toBe(true);
    expect(strict.log.some((r) => r.status === 403)).toBe(false);
    await strict.close();
    strictHttp.close();
  }, 60_000);

  it('downloads drive files byte for byte within the portal’s 7 requests per second, lists read alongside', async () => {
    const tokens = await connect();
    const client = createAmoClient({
      http,
      credentials,
      tokens,
      allowedHosts: [fake.host, fake.driveHost],
    });
    const drive = await client.driveUrl();
    expect(drive).toBe(fake.driveUrl);
    const from = fake.log.length;
    const files = data.driveFiles.slice(0, 12);
    expect(files).toHaveLength(12);
    const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
    const [downloaded] = await Promise.all([
      Promise.all(
        files.map((f) => client.downloadFile(drive!, { uuid: f.uuid, versionUuid: f.versionUuid }, 1e6)),
      ),
      client.all(client.notes('leads')),
    ]);
    downloaded.forEach((d, i) => {
      expect(sha(d.bytes)).toBe(sha(files[i]!.content));
      expect(d.name).toBe(files[i]!.name);
    });
    const requests = fake.log.slice(from);
    expect(requests.filter((r) => r.path.startsWith('/download/'))).toHaveLength(12);
    expect(requests.filter((r) => r.path.startsWith('/v1.0/files/'))).toHaveLength(12);
    expect(maxRequestsInWindow(requests)).toBeLessThanOrEqual(7);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    // A file gone from the drive: 404; one over the caller's limit: too large.
    const gone = data.bad.missingFiles[0]!;
    await expect(
      client.downloadFile(drive!, { uuid: gone.fileUuid, versionUuid: null }, 1e6),
    ).rejects.toMatchObject({ constructor: AmoApiError, status: 404 });
    await expect(
      client.downloadFile(drive!, { uuid: files[0]!.uuid, versionUuid: null }, 10),
    ).rejects.toMatchObject({ constructor: AmoUnreachableError, kind: 'too_large' });
    // The files service wants the token like the API.
    const anonymous = await http.request({
      url: new URL(`/v1.0/files/${files[0]!.uuid}`, drive!),
      allowedHosts: [fake.driveHost],
    });
    expect(anonymous.status).toBe(401);
  }, 60_000);
});
