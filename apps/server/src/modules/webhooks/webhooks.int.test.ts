import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';
import { LEASE_MS } from './dispatcher.js';

// A real receiver on 127.0.0.1 (allowed through the account's outbound allow-list), answering per path.
type Responder = (res: http.ServerResponse) => void;
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
async function startReceiver() {
  const received: Received[] = [];
  const responders = new Map<string, Responder[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      const next = responders.get(path)?.shift();
      if (next) next(res);
      else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('thanks');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    host: `127.0.0.1:${port}`,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    answer: (path: string, ...replies: Responder[]) => responders.set(path, replies),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const status =
  (code: number, headers: Record<string, string> = {}, body = ''): Responder =>
  (res) => {
    res.writeHead(code, headers);
    res.end(body);
  };

let clock = Date.now();
const advance = (ms: number) => (clock += ms);
let path = 0;
const nextPath = () => `/hook/${++path}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('webhooks', () => {
  let receiver: Receiver;
  let elsewhere: Receiver; // a second local server no account allowed
  beforeAll(async () => {
    receiver = await startReceiver();
    elsewhere = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    clock = Date.now();
  });

  describeEachDatabase(
    'webhooks',
    (get) => {
      /** An account whose administrator allowed the receiver, with a webhook on a fresh path. */
      async function setUp(eventTypes: string[] = ['contact.created']) {
        const admin = await signUp(get());
        expect(
          (await admin.client.put('/api/settings/outbound-hosts', { hosts: [receiver.host] })).status,
        ).toBe(200);
        const at = nextPath();
        const created = await admin.client.post('/api/webhooks', {
          url: receiver.url(at),
          eventTypes,
          description: 'Склад',
        });
        expect(created.status).toBe(201);
        return { admin, at, webhook: created.body as { id: string; secret: string; version: number } };
      }

      const deliveries = async (client: Client, id: string) =>
        (await client.get(`/api/webhooks/${id}/deliveries`)).body.items as {
          id: string;
          status: string;
          attempts: number;
          statusCode: number | null;
          responseBody: string | null;
          error: string | null;
          eventType: string;
          nextAttemptAt: string | null;
        }[];

      /** The `n` deliveries the write just made (the projection writes them with its events, at once). */
      async function waitForDeliveries(client: Client, id: string, n: number) {
        const items = await deliveries(client, id);
        expect(items).toHaveLength(n);
        return items;
      }

      const runDue = () => get().modules.webhooks.dispatcher.runDue();

      it('delivers a subscribed event once, signed per Standard Webhooks, and logs it', async () => {
        const { admin, at, webhook } = await setUp(['contact.created']);
        expect(webhook.secret).toMatch(/^whsec_/);
        const contact = await admin.client.post('/api/contacts', { firstName: 'Вера' });
        expect(contact.status).toBe(201);
        await admin.client.patch(`/api/contacts/${contact.body.id}`, { firstName: 'Вера Павловна' });
        const [pending] = await waitForDeliveries(admin.client, webhook.id, 1);
        expect(pending).toMatchObject({ status: 'pending', attempts: 0, eventType: 'contact.created' });

        expect(await runDue()).toBeGreaterThanOrEqual(1);
        const [request, ...more] = receiver.at(at);
        expect(more).toEqual([]);
        if (!request) throw new Error('nothing received');
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.headers['webhook-id']).toBe(pending?.id);
        // The reference implementation accepts the signature and returns the payload.
        const payload = new Webhook(webhook.secret).verify(request.body, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        });
        expect(payload).toMatchObject({
          type: 'contact.created',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          data: { entity: 'contact', entityId: contact.body.id },
        });

        const [delivered] = await deliveries(admin.client, webhook.id);
        expect(delivered).toMatchObject({
          status: 'delivered',
          attempts: 1,
          statusCode: 200,
          responseBody: 'thanks',
          error: null,
          nextAttemptAt: null,
        });
        // Sent once: nothing is due any more, and the unsubscribed contact.updated made no delivery.
        await runDue();
        expect(receiver.at(at)).toHaveLength(1);
        expect(await deliveries(admin.client, webhook.id)).toHaveLength(1);
        expect((await admin.client.get(`/api/webhooks/${webhook.id}`)).body).not.toHaveProperty('secret');
        expect(JSON.stringify((await admin.client.get('/api/webhooks')).body)).not.toContain(webhook.secret);
      });

      it('retries after a 500 with backoff, under the same webhook-id, and gives up after 72 hours', async () => {
        const { admin, at, webhook } = await setUp();
        receiver.answer(at, status(500, {}, 'boom'), status(500), status(500), status(500));
        await admin.client.post('/api/contacts', { firstName: 'Глеб' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        await runDue();
        const [first] = await deliveries(admin.client, webhook.id);
        expect(first).toMatchObject({
          status: 'pending',
          attempts: 1,
          statusCode: 500,
          responseBody: 'boom',
        });
        expect(first?.error).toMatch(/500/);
        const wait = Date.parse(first?.nextAttemptAt ?? '') - clock;
        expect(wait).toBeGreaterThanOrEqual(2_500);
        expect(wait).toBeLessThanOrEqual(5_000);

        await runDue(); // not due yet
        expect(receiver.at(at)).toHaveLength(1);
        advance(5_001);
        await runDue();
        const second = (await deliveries(admin.client, webhook.id))[0];
        expect(second).toMatchObject({ status: 'pending', attempts: 2 });
        // the second wait is longer (5–10 s)
        expect(Date.parse(second?.nextAttemptAt ?? '') - clock).toBeGreaterThanOrEqual(5_000);
        const [a, b] = receiver.at(at);
        expect(b?.headers['webhook-id']).toBe(a?.headers['webhook-id']);
        expect(b?.body).toBe(a?.body);

        advance(10_001);
        await runDue();
        expect((await deliveries(admin.client, webhook.id))[0]).toMatchObject({
          status: 'pending',
          attempts: 3,
        });
        // 72 hours later the schedule is over: the next failure is final.
        advance(73 * 3600_000);
        await runDue();
        expect((await deliveries(admin.client, webhook.id))[0]).toMatchObject({
          status: 'failed',
          attempts: 4,
          statusCode: 500,
          nextAttemptAt: null,
        });
        expect(receiver.at(at)).toHaveLength(4);
      });

      it('a delivered retry after a 500', async () => {
        const { admin, at, webhook } = await setUp();
        receiver.answer(at, status(500));
        await admin.client.post('/api/contacts', { firstName: 'Дина' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        await runDue();
        advance(6_000);
        await runDue();
        expect((await deliveries(admin.client, webhook.id))[0]).toMatchObject({
          status: 'delivered',
          attempts: 2,
          statusCode: 200,
        });
        expect(receiver.at(at)).toHaveLength(2);
      });

      it('honours Retry-After on 503 and 429 (seconds and HTTP-date)', async () => {
        const { admin, at, webhook } = await setUp();
        receiver.answer(
          at,
          status(503, { 'retry-after': '120' }),
          status(429, { 'retry-after': new Date(clock + 10 * 60_000).toUTCString() }),
        );
        await admin.client.post('/api/contacts', { firstName: 'Ева' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        await runDue();
        const first = (await deliveries(admin.client, webhook.id))[0];
        expect(Date.parse(first?.nextAttemptAt ?? '') - clock).toBe(120_000);
        advance(60_000);
        await runDue();
        expect(receiver.at(at)).toHaveLength(1);
        advance(60_000);
        await runDue();
        expect(receiver.at(at)).toHaveLength(2);
        const second = (await deliveries(admin.client, webhook.id))[0];
        // the HTTP-date was 10 minutes after the start; 2 minutes have passed (to the second)
        expect(Math.abs(Date.parse(second?.nextAttemptAt ?? '') - clock - 8 * 60_000)).toBeLessThan(1_000);
        advance(8 * 60_000 + 1_000);
        await runDue();
        expect((await deliveries(admin.client, webhook.id))[0]).toMatchObject({
          status: 'delivered',
          attempts: 3,
        });
      });

      it('does not follow a redirect (to an address nobody allowed)', async () => {
        const { admin, at, webhook } = await setUp();
        const target = nextPath();
        receiver.answer(at, status(302, { location: elsewhere.url(target) }));
        await admin.client.post('/api/contacts', { firstName: 'Жанна' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        await runDue();
        const [delivery] = await deliveries(admin.client, webhook.id);
        expect(delivery).toMatchObject({ status: 'pending', attempts: 1, statusCode: 302 });
        expect(delivery?.error).toMatch(/redirect.*not followed/);
        expect(elsewhere.at(target)).toEqual([]);
      });

      it('410 Gone turns the webhook off; later events make no deliveries', async () => {
        const { admin, at, webhook } = await setUp();
        receiver.answer(at, status(410));
        await admin.client.post('/api/contacts', { firstName: 'Зоя' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        await runDue();
        expect((await deliveries(admin.client, webhook.id))[0]).toMatchObject({
          status: 'failed',
          statusCode: 410,
        });
        const after = (await admin.client.get(`/api/webhooks/${webhook.id}`)).body;
        expect(after).toMatchObject({ active: false, disabledReason: expect.stringMatching(/410/) });
        await admin.client.post('/api/contacts', { firstName: 'Ира' });
        await sleep(1500);
        expect(await deliveries(admin.client, webhook.id)).toHaveLength(1);
        // Turning it back on clears the reason.
        const on = await admin.client.patch(`/api/webhooks/${webhook.id}`, { active: true });
        expect(on.body).toMatchObject({ active: true, disabledReason: null });
      });

      it('refuses private, loopback and link-local targets when saved (422 on body.url), writing nothing', async () => {
        const admin = await signUp(get());
        const before = await databaseChecksum(get());
        for (const url of [
          'http://127.1',
          'http://2130706433',
          'http://[::ffff:127.0.0.1]',
          'http://169.254.169.254/latest/meta-data',
          'http://0x7f.0.0.1',
          'http://localhost:8080/hook',
          receiver.url('/not-allowed-yet'),
        ]) {
          const res = await admin.client.post('/api/webhooks', { url, eventTypes: ['deal.created'] });
          expect(res.status, url).toBe(422);
          expect(res.body.errors[0], url).toMatchObject({ field: 'body.url' });
          expect(res.body.errors[0].reason, url).toMatch(/private or reserved address/);
        }
        const bad = await admin.client.post('/api/webhooks', {
          url: 'ftp://example.com',
          eventTypes: ['x.y'],
        });
        expect(bad.status).toBe(400);
        expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
          'body.eventTypes.0',
          'body.url',
        ]);
        expect(await databaseChecksum(get())).toBe(before);
        // Allowed by an administrator, the same local host is accepted — and on a change of URL judged again.
        await admin.client.put('/api/settings/outbound-hosts', { hosts: [receiver.host] });
        const ok = await admin.client.post('/api/webhooks', {
          url: receiver.url('/x'),
          eventTypes: ['deal.created'],
        });
        expect(ok.status).toBe(201);
        const moved = await admin.client.patch(`/api/webhooks/${ok.body.id}`, { url: 'http://127.1:9/x' });
        expect(moved.status).toBe(422);
        expect(moved.body.errors[0].field).toBe('body.url');
      });

      it('judges the address again at delivery time (the allow-list changed)', async () => {
        const { admin, at, webhook } = await setUp();
        await admin.client.post('/api/contacts', { firstName: 'Кира' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        await admin.client.put('/api/settings/outbound-hosts', { hosts: [] });
        await runDue();
        const [delivery] = await deliveries(admin.client, webhook.id);
        expect(delivery).toMatchObject({ status: 'pending', attempts: 1, statusCode: null });
        expect(delivery?.error).toMatch(/private or reserved address/);
        expect(receiver.at(at)).toEqual([]);
      });

      it('refuses at delivery a name that resolves to a private address once it is no longer allowed', async () => {
        const admin = await signUp(get());
        const at = nextPath();
        await admin.client.put('/api/settings/outbound-hosts', { hosts: [`localhost:${receiver.port}`] });
        const created = await admin.client.post('/api/webhooks', {
          url: `http://localhost:${receiver.port}${at}`,
          eventTypes: ['deal.created'],
        });
        expect(created.status).toBe(201);
        await admin.client.put('/api/settings/outbound-hosts', { hosts: [] });
        const sent = await admin.client.post(`/api/webhooks/${created.body.id}/test`);
        expect(sent.body).toMatchObject({ status: 'failed', statusCode: null });
        expect(sent.body.error).toMatch(/localhost resolves to a private or reserved address/);
        expect(receiver.at(at)).toEqual([]);
      });

      it('sends a test event through the same path, and a failed delivery again on request', async () => {
        const { admin, at, webhook } = await setUp();
        receiver.answer(at, status(500, {}, 'not ready'));
        const failed = await admin.client.post(`/api/webhooks/${webhook.id}/test`);
        expect(failed.status).toBe(200);
        expect(failed.body).toMatchObject({
          eventType: 'webhook.test',
          status: 'failed',
          attempts: 1,
          statusCode: 500,
          responseBody: 'not ready',
          nextAttemptAt: null,
        });
        const [request] = receiver.at(at);
        expect(
          new Webhook(webhook.secret).verify(request?.body ?? '', {
            'webhook-id': String(request?.headers['webhook-id']),
            'webhook-timestamp': String(request?.headers['webhook-timestamp']),
            'webhook-signature': String(request?.headers['webhook-signature']),
          }),
        ).toMatchObject({ type: 'webhook.test', data: { webhookId: webhook.id } });
        // A test is not retried by the schedule.
        advance(3600_000);
        await runDue();
        expect(receiver.at(at)).toHaveLength(1);
        const again = await admin.client.post(
          `/api/webhooks/${webhook.id}/deliveries/${failed.body.id}/retry`,
        );
        expect(again.body).toMatchObject({ status: 'delivered', attempts: 2, statusCode: 200 });
        const twice = await admin.client.post(
          `/api/webhooks/${webhook.id}/deliveries/${failed.body.id}/retry`,
        );
        expect(twice.status).toBe(409);
        expect(receiver.at(at)).toHaveLength(2);
      });

      it('pages the delivery log, newest first', async () => {
        const { admin, webhook } = await setUp();
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          ids.push((await admin.client.post(`/api/webhooks/${webhook.id}/test`)).body.id);
          advance(1000);
        }
        const first = await admin.client.get(`/api/webhooks/${webhook.id}/deliveries?limit=2`);
        expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[3]]);
        const second = await admin.client.get(
          `/api/webhooks/${webhook.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`,
        );
        expect(second.body.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
        const third = await admin.client.get(
          `/api/webhooks/${webhook.id}/deliveries?limit=2&cursor=${second.body.nextCursor}`,
        );
        expect(third.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
        const badCursor = await admin.client.get(`/api/webhooks/${webhook.id}/deliveries?cursor=nope`);
        expect(badCursor.status).toBe(400);
      });

      it('rotating the secret signs later deliveries with the new one only', async () => {
        const { admin, at, webhook } = await setUp();
        const rotated = await admin.client.post(`/api/webhooks/${webhook.id}/rotate-secret`);
        expect(rotated.status).toBe(200);
        expect(rotated.body.secret).toMatch(/^whsec_/);
        expect(rotated.body.secret).not.toBe(webhook.secret);
        await admin.client.post(`/api/webhooks/${webhook.id}/test`);
        const [request] = receiver.at(at);
        const headers = {
          'webhook-id': String(request?.headers['webhook-id']),
          'webhook-timestamp': String(request?.headers['webhook-timestamp']),
          'webhook-signature': String(request?.headers['webhook-signature']),
        };
        expect(() => new Webhook(rotated.body.secret).verify(request?.body ?? '', headers)).not.toThrow();
        expect(() => new Webhook(webhook.secret).verify(request?.body ?? '', headers)).toThrow();
        // The secret is sealed at rest.
        const { secret_enc } = await get()
          .database.db.selectFrom('webhook_subscriptions')
          .select('secret_enc')
          .where('id', '=', webhook.id)
          .executeTakeFirstOrThrow();
        expect(secret_enc).not.toContain(rotated.body.secret.slice(6, 20));
      });

      it('a worker that dies after claiming loses no delivery and sends each attempt once', async () => {
        const { admin, at, webhook } = await setUp();
        await admin.client.post('/api/contacts', { firstName: 'Лев' });
        await waitForDeliveries(admin.client, webhook.id, 1);
        // The claim commits, then the worker is gone before sending.
        const claimed = await get().modules.webhooks.dispatcher.claimDue(100);
        expect(claimed.map((d) => d.subscription_id)).toContain(webhook.id);
        expect((await deliveries(admin.client, webhook.id))[0]).toMatchObject({
          status: 'sending',
          attempts: 1,
        });
        await runDue(); // the lease holds: nobody else sends it
        expect(receiver.at(at)).toEqual([]);
        advance(LEASE_MS + 1);
        await runDue();
        expect(receiver.at(at)).toHaveLength(1);
        const [delivery] = await deliveries(admin.client, webhook.id);
        expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
        await runDue();
        expect(receiver.at(at)).toHaveLength(1);
      });

      it('another account’s webhooks and logs are 404 and stay unchanged; its events never reach them', async () => {
        const { admin, at, webhook } = await setUp();
        await admin.client.post(`/api/webhooks/${webhook.id}/test`);
        const other = await signUp(get(), { accountName: 'ООО Другая' });
        expect((await other.client.get('/api/webhooks')).body.items).toEqual([]);
        const before = await databaseChecksum(get());
        const url = `/api/webhooks/${webhook.id}`;
        expect((await other.client.get(url)).status).toBe(404);
        expect((await other.client.patch(url, { active: false })).status).toBe(404);
        expect((await other.client.patch(url, { url: 'https://example.com/x' })).status).toBe(404);
        expect((await other.client.delete(url)).status).toBe(404);
        expect((await other.client.post(`${url}/rotate-secret`)).status).toBe(404);
        expect((await other.client.post(`${url}/test`)).status).toBe(404);
        expect((await other.client.get(`${url}/deliveries`)).status).toBe(404);
        const [delivery] = await deliveries(admin.client, webhook.id);
        expect((await other.client.post(`${url}/deliveries/${delivery?.id}/retry`)).status).toBe(404);
        expect(await databaseChecksum(get())).toBe(before);
        // The other account's contact makes no delivery for this account's webhook.
        await other.client.post('/api/contacts', { firstName: 'Чужой' });
        await sleep(1500);
        expect(await deliveries(admin.client, webhook.id)).toHaveLength(1);
        expect(receiver.at(at)).toHaveLength(1);
      });

      it('members may not see or change webhooks (403), and nothing is written', async () => {
        const { admin, webhook } = await setUp();
        const member = await addMember(get(), admin.client);
        const before = await databaseChecksum(get());
        const url = `/api/webhooks/${webhook.id}`;
        expect((await member.client.get('/api/webhooks')).status).toBe(403);
        expect((await member.client.get('/api/webhooks/event-types')).status).toBe(403);
        expect(
          (
            await member.client.post('/api/webhooks', {
              url: 'https://example.com/h',
              eventTypes: ['deal.created'],
            })
          ).status,
        ).toBe(403);
        expect((await member.client.get(url)).status).toBe(403);
        expect((await member.client.patch(url, { active: false })).status).toBe(403);
        expect((await member.client.delete(url)).status).toBe(403);
        expect((await member.client.post(`${url}/test`)).status).toBe(403);
        expect((await member.client.post(`${url}/rotate-secret`)).status).toBe(403);
        expect((await member.client.get(`${url}/deliveries`)).status).toBe(403);
        expect(await databaseChecksum(get())).toBe(before);
      });

      it('lists the subscribable event types; edits with If-Match; deletes with the log', async () => {
        const { admin, webhook } = await setUp();
        const types = await admin.client.get('/api/webhooks/event-types');
        expect(types.body.items).toEqual(
          expect.arrayContaining(['deal.created', 'contact.updated', 'task.completed']),
        );
        expect(types.body.items).not.toContain('webhook.created');
        const url = `/api/webhooks/${webhook.id}`;
        const changed = await admin.client.request(
          'PATCH',
          url,
          { eventTypes: ['deal.created', 'deal.updated'], description: 'CRM → склад' },
          { 'if-match': '"v1"' },
        );
        expect(changed.body).toMatchObject({ eventTypes: ['deal.created', 'deal.updated'], version: 2 });
        expect(
          (await admin.client.request('PATCH', url, { active: false }, { 'if-match': '"v1"' })).status,
        ).toBe(409);
        await admin.client.post(`${url}/test`);
        expect((await admin.client.delete(url)).status).toBe(204);
        expect((await admin.client.get(url)).status).toBe(404);
        const left = await get()
          .database.db.selectFrom('webhook_deliveries')
          .select('id')
          .where('subscription_id', '=', webhook.id)
          .execute();
        expect(left).toEqual([]);
      });
    },
    { webhooks: { now: () => new Date(clock), pollIntervalMs: 0 } },
  );

  describeEachDatabase(
    'webhooks worker',
    (get) => {
      it('the worker’s poll delivers a deal event without help', async () => {
        const admin = await signUp(get());
        await admin.client.put('/api/settings/outbound-hosts', { hosts: [receiver.host] });
        const at = nextPath();
        const webhook = await admin.client.post('/api/webhooks', {
          url: receiver.url(at),
          eventTypes: ['deal.created'],
        });
        const deal = await admin.client.post('/api/deals', { name: 'Окна на дачу' });
        expect(deal.status).toBe(201);
        for (let i = 0; i < 200 && receiver.at(at).length === 0; i++) await sleep(50);
        expect(JSON.parse(receiver.at(at)[0]?.body ?? '{}')).toMatchObject({
          type: 'deal.created',
          data: { entityId: deal.body.id },
        });
        const log = await admin.client.get(`/api/webhooks/${webhook.body.id}/deliveries`);
        for (let i = 0; i < 50 && log.body.items[0]?.status !== 'delivered'; i++) {
          await sleep(50);
          Object.assign(log, await admin.client.get(`/api/webhooks/${webhook.body.id}/deliveries`));
        }
        expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 1 });
      });
    },
    { webhooks: { pollIntervalMs: 100 } },
  );
});
