import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { signUp } from '../../../test/http.js';
import { openStream } from '../../../test/sse.js';

describeEachDatabase('realtime: the SSE stream of an account’s events', (get) => {
  let base = '';
  beforeAll(async () => {
    base = await get().http.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await get().http.close();
  });

  it('streams the account’s own events live, and none of another account’s', async () => {
    const a = await signUp(get(), { accountName: 'A' });
    const b = await signUp(get(), { accountName: 'B' });
    const streamA = await openStream(`${base}/api/events/stream`, { cookie: a.client.cookie ?? '' });
    const streamB = await openStream(`${base}/api/events/stream`, { cookie: b.client.cookie ?? '' });
    expect(streamA.status).toBe(200);
    expect(streamA.contentType).toContain('text/event-stream');

    const dept = await a.client.post('/api/departments', { name: 'Реалтайм' });
    await vi.waitFor(() => expect(streamA.messages.map((m) => m.event)).toContain('department.created'), {
      timeout: 5_000,
    });
    const message = streamA.messages.find((m) => m.event === 'department.created');
    const data = JSON.parse(message?.data ?? '{}');
    expect(data).toMatchObject({
      accountId: a.accountId,
      entityId: dept.body.id,
      payload: { name: 'Реалтайм' },
    });
    expect(message?.id).toMatch(/^\d+$/);

    await b.client.post('/api/departments', { name: 'Только для B' });
    await vi.waitFor(() => expect(streamB.messages.map((m) => m.event)).toContain('department.created'), {
      timeout: 5_000,
    });
    expect(streamA.messages.some((m) => m.data.includes('Только для B'))).toBe(false);
    expect(streamB.messages.some((m) => m.data.includes('Реалтайм'))).toBe(false);
    await streamA.close();
    await streamB.close();
  });

  it('a reconnect with Last-Event-ID gets the events it missed', async () => {
    const a = await signUp(get());
    const first = await openStream(`${base}/api/events/stream`, { cookie: a.client.cookie ?? '' });
    await a.client.post('/api/departments', { name: 'До обрыва' });
    const events = (stream: typeof first) => stream.messages.filter((m) => m.id !== undefined);
    await vi.waitFor(() => expect(events(first)).toHaveLength(1), { timeout: 5_000 });
    const lastId = events(first)[0]?.id ?? '';
    await first.close();
    await a.client.post('/api/departments', { name: 'Пока не было связи' });
    const second = await openStream(`${base}/api/events/stream`, {
      cookie: a.client.cookie ?? '',
      'last-event-id': lastId,
    });
    await vi.waitFor(
      () =>
        expect(events(second).map((m) => JSON.parse(m.data).payload.name)).toEqual(['Пока не было связи']),
      {
        timeout: 5_000,
      },
    );
    await second.close();
  });

  it('sends an event only once the record’s history has its entry, to the record’s own account', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const streamA = await openStream(`${base}/api/events/stream`, { cookie: a.client.cookie ?? '' });
    const streamB = await openStream(`${base}/api/events/stream`, { cookie: b.client.cookie ?? '' });
    const dept = await a.client.post('/api/departments', { name: 'История' });
    await a.client.patch(`/api/departments/${dept.body.id}`, { name: 'История продаж' });
    const arrived = (type: string) =>
      streamA.messages.find((m) => m.event === type && m.data.includes(dept.body.id));
    await vi.waitFor(() => expect(arrived('department.updated')).toBeDefined(), { timeout: 5_000 });
    // The entries were written with the events (no delivery to wait for), one per event.
    const history = await a.client.get(`/api/history?entity=department&entityId=${dept.body.id}`);
    const entries = history.body.items as { type: string; changes: unknown }[];
    expect(entries.map((e) => e.type)).toEqual(['department.updated', 'department.created']);
    expect(entries[0]?.changes).toMatchObject({ name: { from: 'История', to: 'История продаж' } });
    expect(streamB.messages.some((m) => m.data.includes(dept.body.id))).toBe(false);
    const other = await b.client.get(`/api/history?entity=department&entityId=${dept.body.id}`);
    expect(other.body.items ?? []).toEqual([]);
    await streamA.close();
    await streamB.close();
  });

  it('refuses a stream without a session', async () => {
    const stream = await openStream(`${base}/api/events/stream`, {});
    expect(stream.status).toBe(401);
    await stream.close();
  });
});
