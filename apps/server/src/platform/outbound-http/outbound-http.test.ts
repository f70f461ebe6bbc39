import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedIpv4, isBlockedAddress, isHostAllowed, normalizeAllowedHost } from './address-policy.js';
import { createOutboundHttp, OutboundError } from './client.js';
import { createRateLimiter } from './rate-limiter.js';

describe('address policy', () => {
  it('blocks loopback, private, link-local, CGNAT, multicast and reserved addresses in every IPv6 disguise', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::127.0.0.1',
      '64:ff9b::a00:1',
      '2002:7f00:1::',
      '::ffff:0:10.0.0.1',
      'not-an-ip',
    ])
      expect(isBlockedAddress(address), address).toBe(true);
    for (const address of [
      '93.158.134.3',
      '8.8.8.8',
      '172.32.0.1',
      '2a02:6b8::2:242',
      '::ffff:93.158.134.3',
      '64:ff9b::808:808',
    ])
      expect(isBlockedAddress(address), address).toBe(false);
    expect(embeddedIpv4('::ffff:c0a8:101')).toBe('192.168.1.1');
  });

  it('keeps allow-list entries as host or host:port and matches them', () => {
    expect(normalizeAllowedHost(' CRM.Local ')).toBe('crm.local');
    expect(normalizeAllowedHost('127.0.0.1:4010')).toBe('127.0.0.1:4010');
    expect(normalizeAllowedHost('[::1]:8080')).toBe('[::1]:8080');
    for (const bad of ['http://crm.local', 'crm.local/path', '*.local', 'a b', 'user@host', 'host:99999', ''])
      expect(normalizeAllowedHost(bad), bad).toBeNull();
    expect(isHostAllowed(new URL('http://127.0.0.1:4010/x'), ['127.0.0.1:4010'])).toBe(true);
    expect(isHostAllowed(new URL('http://127.0.0.1:4011/x'), ['127.0.0.1:4010'])).toBe(false);
    expect(isHostAllowed(new URL('https://crm.local/x'), ['crm.local'])).toBe(true);
    expect(isHostAllowed(new URL('https://crm.local/x'), ['crm.local:80'])).toBe(false);
  });
});

describe('rate limiter', () => {
  it('never grants more than the limit in any window, across concurrent callers, in arrival order', async () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 200 });
    const grants: { caller: number; at: number }[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, (_, caller) =>
        limiter.acquire().then(() => grants.push({ caller, at: performance.now() - start })),
      ),
    );
    expect(grants.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const g of grants)
      expect(grants.filter((o) => o.at >= g.at && o.at < g.at + 195).length).toBeLessThanOrEqual(3);
    // 10 grants at 3 per 200 ms need at least three full windows.
    expect(grants.at(-1)?.at).toBeGreaterThanOrEqual(590);
  });

  it('holds every caller during a pause', async () => {
    const limiter = createRateLimiter({ limit: 10, windowMs: 1000 });
    limiter.pause(150);
    const start = performance.now();
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
  });
});

describe('outbound client against a local HTTP server', () => {
  let server: http.Server;
  let base: string;
  let host: string;
  const hits = new Map<string, number>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '/';
      const n = (hits.get(path) ?? 0) + 1;
      hits.set(path, n);
      if (path.startsWith('/flaky') && n < 3) return res.writeHead(503).end('busy');
      if (path === '/slow') return setTimeout(() => res.end('late'), 500);
      if (path === '/big') return res.end('x'.repeat(5000));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ path, method: req.method }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    host = `127.0.0.1:${port}`;
    base = `http://${host}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = createOutboundHttp({ backoff: { baseMs: 10, maxMs: 20 } });

  it('refuses a loopback address unless the host is allowed, by the request or the installation', async () => {
    await expect(client.request({ url: `${base}/a` })).rejects.toMatchObject({ kind: 'blocked_address' });
    const allowed = await client.request({ url: `${base}/a`, allowedHosts: [host] });
    expect(allowed.json()).toEqual({ path: '/a', method: 'GET' });
    const installation = createOutboundHttp({ allowedHosts: ['127.0.0.1'] });
    expect((await installation.request({ url: `${base}/b` })).status).toBe(200);
    installation.close();
  });

  it('checks every address DNS returns, IPv4-mapped IPv6 included, and connects to the checked one', async () => {
    const resolver = (answers: { address: string; family: number }[]) =>
      createOutboundHttp({ resolve: () => Promise.resolve(answers) });
    const rebinding = resolver([
      { address: '93.158.134.3', family: 4 },
      { address: '::ffff:127.0.0.1', family: 6 },
    ]);
    await expect(rebinding.request({ url: 'http://portal.example/x' })).rejects.toMatchObject({
      kind: 'blocked_address',
    });
    const pinned = resolver([{ address: '127.0.0.1', family: 4 }]);
    const port = new URL(base).port;
    // The name resolves to loopback; allowed by name, the request reaches the checked address.
    const res = await pinned.request({
      url: `http://portal.example:${port}/pinned`,
      allowedHosts: ['portal.example'],
    });
    expect(res.json()).toEqual({ path: '/pinned', method: 'GET' });
    rebinding.close();
    pinned.close();
  });

  it('retries idempotent requests on 503 with backoff, never a POST; times out; caps the answer', async () => {
    const ok = await client.request({ url: `${base}/flaky-get`, allowedHosts: [host] });
    expect(ok.status).toBe(200);
    expect(hits.get('/flaky-get')).toBe(3);
    const post = await client.request({
      url: `${base}/flaky-post`,
      method: 'POST',
      body: { a: 1 },
      allowedHosts: [host],
    });
    expect(post.status).toBe(503);
    expect(hits.get('/flaky-post')).toBe(1);
    await expect(
      client.request({ url: `${base}/slow`, allowedHosts: [host], timeoutMs: 100, retries: 0 }),
    ).rejects.toMatchObject({ kind: 'timeout' });
    await expect(
      client.request({ url: `${base}/big`, allowedHosts: [host], maxResponseBytes: 1000 }),
    ).rejects.toBeInstanceOf(OutboundError);
    await expect(client.request({ url: 'ftp://example.com/' })).rejects.toMatchObject({
      kind: 'invalid_url',
    });
  });
});
