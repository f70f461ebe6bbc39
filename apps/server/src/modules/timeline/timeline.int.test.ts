import { expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client, type Response } from '../../../test/http.js';
import { postMultipart } from '../../../test/multipart.js';
import type { Voronka } from '../../app.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function contact(client: Client, firstName = 'Клиент') {
  const res = await client.post('/api/contacts', { firstName });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function upload(voronka: Voronka, client: Client, filename: string) {
  const res = await postMultipart(voronka, client, '/api/files', [
    { name: 'file', filename, type: 'image/png', content: PNG },
  ]);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

interface FeedPage {
  pinned: unknown[];
  items: { key: string }[];
  nextCursor: string | null;
}

/** Every page of a record's feed, `limit` at a time. */
async function allPages(client: Client, query: string, limit: number) {
  const keys: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: Response<FeedPage> = await client.get(
      `/api/timeline?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    if (page > 0) expect(res.body.pinned).toEqual([]);
    keys.push(...res.body.items.map((i) => i.key));
    cursor = res.body.nextCursor;
    if (!cursor) return keys;
  }
  throw new Error('the feed did not end');
}

const mentionEvents = (voronka: Voronka, accountId: string) =>
  voronka.database.db
    .selectFrom('domain_events')
    .select(['entity_id', 'payload'])
    .where('account_id', '=', accountId)
    .where('type', '=', 'timeline.mentioned')
    .orderBy('seq')
    .execute();

describeEachDatabase('timeline', (get) => {
  it('writes a Markdown comment with mentions and files; each mentioned colleague gets one event', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const client = await contact(admin.client);
    const photo = await upload(get(), admin.client, 'Фото объекта.png');
    const text = `**Срочно**: [@Борис](mention:${member.userId}), клиент ждёт КП\n\n- размеры\n- > цена`;
    const created = await admin.client.post('/api/timeline', {
      kind: 'comment',
      entity: 'contact',
      entityId: client,
      text,
      mentions: [member.userId, admin.userId, member.userId],
      fileIds: [photo],
    });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    expect(created.body).toMatchObject({
      kind: 'comment',
      entity: 'contact',
      entityId: client,
      authorUserId: admin.userId,
      text,
      data: {},
      mentions: [member.userId, admin.userId],
      files: [{ id: photo, name: 'Фото объекта.png', mime: 'image/png', size: PNG.length }],
      pinnedAt: null,
    });
    expect((await member.client.get(`/api/timeline/${created.body.id}`)).body).toEqual(created.body);
    // The author mentioning themself is not notified.
    expect(await mentionEvents(get(), admin.accountId)).toEqual([
      {
        entity_id: created.body.id,
        payload: {
          userId: member.userId,
          kind: 'comment',
          entity: 'contact',
          entityId: client,
          excerpt: 'Срочно: @Борис, клиент ждёт КП размеры цена',
        },
      },
    ]);
  });

  it('logs calls, meetings and e-mails with their typed data, refusing bad data at its field', async () => {
    const admin = await signUp(get());
    const client = await contact(admin.client);
    const base = { entity: 'contact', entityId: client };
    const call = await admin.client.post('/api/timeline', {
      ...base,
      kind: 'call',
      text: 'Обсудили замер',
      occurredAt: '2026-11-30T09:15:00+03:00',
      data: { direction: 'outbound', durationSeconds: 185, phone: '+7 916 123-45-67' },
    });
    expect(call.status).toBe(201);
    expect(call.body).toMatchObject({
      kind: 'call',
      occurredAt: '2026-11-30T06:15:00.000Z',
      data: { direction: 'outbound', durationSeconds: 185, phone: '+7 916 123-45-67', result: null },
    });
    const meeting = await admin.client.post('/api/timeline', {
      ...base,
      kind: 'meeting',
      data: {
        startsAt: '2026-12-02T10:00:00+03:00',
        endsAt: '2026-12-02T11:30:00+03:00',
        place: 'Офис клиента',
      },
    });
    expect(meeting.body.data).toEqual({
      startsAt: '2026-12-02T07:00:00.000Z',
      endsAt: '2026-12-02T08:30:00.000Z',
      place: 'Офис клиента',
    });
    const email = await admin.client.post('/api/timeline', {
      ...base,
      kind: 'email',
      text: 'Добрый день! Высылаем КП.',
      data: { subject: 'КП на кухню', from: 'sales@romashka.ru', to: ['olga@example.ru'] },
    });
    expect(email.body.data).toEqual({
      subject: 'КП на кухню',
      from: 'sales@romashka.ru',
      to: ['olga@example.ru'],
      cc: [],
    });

    const before = await databaseChecksum(get());
    const bad: [Record<string, unknown>, number, string][] = [
      [
        { ...base, kind: 'call', data: { direction: 'inbound', durationSeconds: -1 } },
        400,
        'body.data.durationSeconds',
      ],
      [{ ...base, kind: 'call', data: { durationSeconds: 10 } }, 400, 'body.data.direction'],
      [
        {
          ...base,
          kind: 'meeting',
          data: { startsAt: '2026-12-02T10:00:00Z', endsAt: '2026-12-02T09:00:00Z' },
        },
        400,
        'body.data.endsAt',
      ],
      [{ ...base, kind: 'email', data: { from: 'не адрес', to: ['a@b.ru'] } }, 400, 'body.data.from'],
      [{ ...base, kind: 'visit' }, 400, 'body.kind'],
      [{ ...base, kind: 'comment', text: '   ' }, 422, 'body.text'],
      [{ ...base, kind: 'note', text: 'x', mentions: ['not-a-uuid'] }, 400, 'body.mentions.0'],
      [{ kind: 'note', text: 'x', entity: 'deal', entityId: crypto.randomUUID() }, 422, 'body.entityId'],
    ];
    for (const [body, status, field] of bad) {
      const res = await admin.client.post('/api/timeline', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.errors[0].field, JSON.stringify(body)).toBe(field);
    }
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('edits need the author (or an admin) and the current version; data merges; new mentions are notified', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const colleague = await addMember(get(), admin.client);
    const client = await contact(admin.client);
    const call = await member.client.post('/api/timeline', {
      kind: 'call',
      entity: 'contact',
      entityId: client,
      data: { direction: 'inbound', durationSeconds: 40 },
      mentions: [admin.userId],
    });
    const url = `/api/timeline/${call.body.id}`;
    const changed = await member.client.request(
      'PATCH',
      url,
      { data: { result: 'Перезвонить в пятницу' }, mentions: [admin.userId, colleague.userId] },
      { 'if-match': '"v1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"v2"');
    expect(changed.body.data).toEqual({
      direction: 'inbound',
      durationSeconds: 40,
      phone: null,
      result: 'Перезвонить в пятницу',
    });
    expect((await mentionEvents(get(), admin.accountId)).map((e) => e.payload.userId)).toEqual([
      admin.userId,
      colleague.userId,
    ]);
    const stale = await member.client.request('PATCH', url, { text: 'старое' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    const badData = await member.client.patch(url, { data: { durationSeconds: 'долго' } });
    expect(badData.status).toBe(422);
    expect(badData.body.errors[0].field).toBe('body.data.durationSeconds');

    const adminsComment = await admin.client.post('/api/timeline', {
      kind: 'comment',
      entity: 'contact',
      entityId: client,
      text: 'Комментарий руководителя',
    });
    const before = await databaseChecksum(get());
    expect(
      (await member.client.patch(`/api/timeline/${adminsComment.body.id}`, { text: 'правка' })).status,
    ).toBe(403);
    expect((await member.client.delete(`/api/timeline/${adminsComment.body.id}`)).status).toBe(403);
    const when = await admin.client.patch(`/api/timeline/${adminsComment.body.id}`, {
      occurredAt: '2026-01-01T00:00:00Z',
    });
    expect(when.status).toBe(422);
    expect(when.body.errors[0].field).toBe('body.occurredAt');
    expect(await databaseChecksum(get())).toBe(before);
    // An administrator may correct anyone's entry; the author may delete their own.
    expect((await admin.client.patch(url, { text: 'Клиент просил перезвонить' })).body.text).toBe(
      'Клиент просил перезвонить',
    );
    expect((await member.client.delete(url)).status).toBe(204);
    expect((await admin.client.get(url)).status).toBe(404);

    await vi.waitFor(
      async () => {
        const history = await admin.client.get(`/api/history?entity=timeline&entityId=${call.body.id}`);
        expect(history.body.items.map((e: { type: string }) => e.type)).toContain('timeline.updated');
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it('pins several entries, newest pin first, without changing their version', async () => {
    const admin = await signUp(get());
    const client = await contact(admin.client);
    const write = async (text: string) =>
      (await admin.client.post('/api/timeline', { kind: 'note', entity: 'contact', entityId: client, text }))
        .body.id as string;
    const first = await write('Первая');
    const second = await write('Вторая');
    await write('Третья');
    const pinned = await admin.client.post(`/api/timeline/${second}/pin`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.etag).toBe('"v1"');
    expect(pinned.body.pinnedAt).not.toBeNull();
    await admin.client.post(`/api/timeline/${first}/pin`);
    await admin.client.post(`/api/timeline/${second}/pin`); // already pinned: stays where it was
    const feed = await admin.client.get(`/api/timeline?entity=contact&entityId=${client}`);
    expect(feed.body.pinned.map((e: { id: string }) => e.id)).toEqual([first, second]);
    // Pinned entries stay in the feed too.
    expect(feed.body.items.filter((i: { type: string }) => i.type === 'entry')).toHaveLength(3);
    const unpinned = await admin.client.post(`/api/timeline/${first}/unpin`);
    expect(unpinned.body.pinnedAt).toBeNull();
    expect(
      (await admin.client.get(`/api/timeline?entity=contact&entityId=${client}`)).body.pinned.map(
        (e: { id: string }) => e.id,
      ),
    ).toEqual([second]);
  });

  it('merges entries, tasks and system events into one feed, newest first, paged without gaps or repeats', async () => {
    const admin = await signUp(get());
    const client = await contact(admin.client, 'Ольга');
    const entry = async (kind: string, extra: Record<string, unknown>) =>
      (await admin.client.post('/api/timeline', { kind, entity: 'contact', entityId: client, ...extra })).body
        .id as string;
    const commentA = await entry('comment', { text: 'Первый разговор' });
    const task = (
      await admin.client.post('/api/tasks', {
        text: 'Отправить КП',
        deadline: '2026-12-10',
        entity: 'contact',
        entityId: client,
      })
    ).body.id as string;
    // Logged afterwards, it happened before everything else.
    const pastCall = await entry('call', {
      occurredAt: '2020-01-01T10:00:00Z',
      data: { direction: 'inbound', durationSeconds: 60 },
    });
    await admin.client.patch(`/api/contacts/${client}`, { lastName: 'Смирнова' });
    await admin.client.post(`/api/tasks/${task}/complete`, { result: 'Отправлено' });
    const noteB = await entry('note', { text: 'Ждём ответа' });
    const otherTask = await admin.client.post('/api/tasks', {
      text: 'Не для этой карточки',
      deadline: '2026-12-10',
    });

    const query = `entity=contact&entityId=${client}`;
    await vi.waitFor(
      async () => {
        const events = (await admin.client.get(`/api/timeline?${query}`)).body.items.filter(
          (i: { type: string }) => i.type === 'event',
        );
        expect(events.map((i: { event: { type: string } }) => i.event.type)).toEqual([
          'contact.updated',
          'contact.created',
        ]);
      },
      { timeout: 15_000, interval: 250 },
    );
    const feed = await admin.client.get(`/api/timeline?${query}&limit=200`);
    const items = feed.body.items as { key: string; type: string; at: string; [k: string]: any }[];
    const created = items.find((i) => i.event?.type === 'contact.created');
    const updated = items.find((i) => i.event?.type === 'contact.updated');
    const expected = [
      `entry:${noteB}`,
      `task_completed:${task}`,
      `event:${updated?.event.id}`,
      `task_created:${task}`,
      `entry:${commentA}`,
      `event:${created?.event.id}`,
      `entry:${pastCall}`,
    ];
    expect(items.map((i) => i.key)).toEqual(expected);
    expect(items.map((i) => i.key)).not.toContain(`task_created:${otherTask.body.id}`);
    const completed = items[1];
    expect(completed?.task).toMatchObject({ id: task, status: 'completed', result: 'Отправлено' });
    expect(updated?.event.changes).toMatchObject({ lastName: { from: null, to: 'Смирнова' } });
    for (const [i, item] of items.entries()) {
      if (i > 0) expect(Date.parse(item.at)).toBeLessThanOrEqual(Date.parse(items[i - 1]?.at ?? ''));
    }
    for (const limit of [1, 2, 3, 5]) expect(await allPages(admin.client, query, limit)).toEqual(expected);
    const bad = await admin.client.get(`/api/timeline?${query}&cursor=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('querystring.cursor');
  });

  it('pages through entries written at the very same moment, each once', async () => {
    const admin = await signUp(get());
    const client = await contact(admin.client);
    const { db } = get().database;
    const moment = new Date('2026-11-20T12:00:00.123Z');
    const rows = await db
      .insertInto('timeline_entries')
      .values(
        Array.from({ length: 7 }, (_, i) => ({
          account_id: admin.accountId,
          contact_id: client,
          kind: 'note' as const,
          author_user_id: admin.userId,
          body: `Заметка ${i}`,
          occurred_at: moment,
        })),
      )
      .returning('id')
      .execute();
    const query = `entity=contact&entityId=${client}`;
    const expected = rows
      .map((r) => r.id)
      .sort()
      .reverse()
      .map((id) => `entry:${id}`);
    await vi.waitFor(
      async () =>
        expect(
          (await admin.client.get(`/api/timeline?${query}`)).body.items.map((i: { type: string }) => i.type),
        ).toContain('event'),
      { timeout: 15_000, interval: 250 },
    );
    const pages = await allPages(admin.client, query, 2);
    expect(pages.filter((k) => k.startsWith('entry:'))).toEqual(expected);
    expect(new Set(pages).size).toBe(pages.length);
  });

  it('another account’s entries, records, users and files are absent; nothing is written', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const aMember = await addMember(get(), a.client);
    const aContact = await contact(a.client);
    const bContact = await contact(b.client);
    const bFile = await upload(get(), b.client, 'чужой.png');
    const bEntry = await b.client.post('/api/timeline', {
      kind: 'comment',
      entity: 'contact',
      entityId: bContact,
      text: 'Секрет B',
    });
    const aEntry = await a.client.post('/api/timeline', {
      kind: 'comment',
      entity: 'contact',
      entityId: aContact,
      text: 'A',
    });
    const before = await databaseChecksum(get());
    const url = `/api/timeline/${bEntry.body.id}`;
    expect((await a.client.get(url)).status).toBe(404);
    expect((await a.client.patch(url, { text: 'x' })).status).toBe(404);
    expect((await a.client.post(`${url}/pin`)).status).toBe(404);
    expect((await a.client.post(`${url}/unpin`)).status).toBe(404);
    expect((await a.client.delete(url)).status).toBe(404);
    expect((await a.client.get(`/api/timeline?entity=contact&entityId=${bContact}`)).status).toBe(404);
    expect((await a.client.get(`/api/timeline?entity=deal&entityId=${crypto.randomUUID()}`)).status).toBe(
      404,
    );
    const onB = await a.client.post('/api/timeline', {
      kind: 'comment',
      entity: 'contact',
      entityId: bContact,
      text: 'x',
    });
    expect(onB.status).toBe(422);
    expect(onB.body.errors[0].field).toBe('body.entityId');
    const refs = await a.client.post('/api/timeline', {
      kind: 'comment',
      entity: 'contact',
      entityId: aContact,
      text: 'x',
      mentions: [aMember.userId, b.userId],
      fileIds: [bFile],
    });
    expect(refs.status).toBe(422);
    expect(refs.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.mentions.1',
      'body.fileIds.0',
    ]);
    const edit = await a.client.patch(`/api/timeline/${aEntry.body.id}`, { fileIds: [bFile] });
    expect(edit.status).toBe(422);
    expect(edit.body.errors[0].field).toBe('body.fileIds.0');
    expect(await databaseChecksum(get())).toBe(before);
  });
});
