// The side doors of a hidden deal (ADR 0018): everything kept ON a deal — its timeline and entries, files,
// history, linked tasks, intake requests and inbox, copy links, the SSE stream — behaves as absent for a user
// who may not read the deal (404 or empty, never 403), works for a director and for the owner, and a refused
// write changes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Voronka } from '../../app.js';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, Client, signUp, type Response } from '../../../test/http.js';
import { getBytes, postMultipart } from '../../../test/multipart.js';
import { openStream } from '../../../test/sse.js';

let ipCounter = 0;
/** A visitor of the public form, from an address of its own (the rate limit is per IP). */
const visitor = (voronka: Voronka) => new Client(voronka, `198.51.100.${++ipCounter}`);

/**
 * An account whose administrator owns a deal that came in through a web form (in Unsorted, with its intake
 * request and the message on its timeline), with a comment carrying a file, a task and a pinned entry; a
 * manager (the default role) with an unsorted deal of their own; a director.
 */
async function world(voronka: Voronka) {
  const admin = await signUp(voronka);
  const manager = await addMember(voronka, admin.client);
  const director = await addMember(voronka, admin.client);
  await assignRole(admin.client, director.userId, 'director');
  const pipeline = (await admin.client.get('/api/pipelines')).body.items[0] as {
    id: string;
    stages: { id: string; kind: string }[];
  };
  const formOf = async (responsibleUserId: string) => {
    const form = await admin.client.post('/api/forms', {
      name: `Заявка ${responsibleUserId.slice(0, 4)}`,
      pipelineId: pipeline.id,
      responsibleUserId,
      fields: [
        { key: 'name', label: 'Имя', target: 'name', required: true },
        { key: 'phone', label: 'Телефон', target: 'phone' },
      ],
    });
    expect(form.status).toBe(201);
    return `/api/public/forms/${form.body.publicKey as string}/submissions`;
  };
  const submit = async (url: string, name: string, phone: string) =>
    expect((await visitor(voronka).post(url, { name, phone })).status).toBe(201);
  await submit(await formOf(admin.userId), 'Скрытый клиент', '+7 916 111-22-33');
  await submit(await formOf(manager.userId), 'Клиент менеджера', '+7 916 444-55-66');
  const inbox = (await admin.client.get('/api/inbox')).body.items as { dealId: string }[];
  const dealOf = async (userId: string) => {
    for (const { dealId } of inbox) {
      const deal = await admin.client.get(`/api/deals/${dealId}`);
      if (deal.body.responsibleUserId === userId) return deal.body as { id: string; name: string };
    }
    throw new Error(`no inbox deal of ${userId}`);
  };
  const hidden = await dealOf(admin.userId);
  const own = await dealOf(manager.userId);

  const file = await postMultipart(voronka, admin.client, '/api/files', [
    { name: 'file', filename: 'смета.txt', type: 'text/plain', content: 'Смета: 120 000 ₽' },
  ]);
  expect(file.status).toBe(201);
  const comment = await admin.client.post('/api/timeline', {
    kind: 'comment',
    entity: 'deal',
    entityId: hidden.id,
    text: 'Клиент просит скидку',
    fileIds: [file.body.id],
  });
  expect(comment.status).toBe(201);
  expect((await admin.client.post(`/api/timeline/${comment.body.id as string}/pin`)).status).toBe(200);
  const task = await admin.client.post('/api/tasks', {
    type: 'call',
    text: 'Перезвонить по скидке',
    deadline: '2026-12-20T12:00:00+03:00',
    entity: 'deal',
    entityId: hidden.id,
  });
  expect(task.status).toBe(201);
  return {
    admin,
    manager,
    director,
    pipeline,
    hidden,
    own,
    entryId: comment.body.id as string,
    fileId: file.body.id as string,
    taskId: task.body.id as string,
  };
}

/** Asserts a refused write: the status, and not one row of the database changed. */
async function refused(voronka: Voronka, status: number, write: () => Promise<Response>) {
  const before = await databaseChecksum(voronka);
  const res = await write();
  expect(res.status, res.text).toBe(status);
  expect(await databaseChecksum(voronka)).toBe(before);
  return res;
}

describeEachDatabase('access rights: the side doors of a hidden deal', (get) => {
  let base = '';
  beforeAll(async () => {
    base = await get().http.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await get().http.close();
  });

  it('timeline, entries and history: absent for a manager, there for a director and the owner', async () => {
    const voronka = get();
    const w = await world(voronka);
    const feed = (id: string) => `/api/timeline?entity=deal&entityId=${id}`;
    const m = w.manager.client;

    expect((await m.get(feed(w.hidden.id))).status).toBe(404);
    // Exactly what a deal that does not exist gives.
    expect((await m.get(feed(randomUUID()))).status).toBe(404);
    expect((await m.get(`/api/timeline/${w.entryId}`)).status).toBe(404);
    await refused(voronka, 404, () => m.patch(`/api/timeline/${w.entryId}`, { text: 'Переписал' }));
    await refused(voronka, 404, () => m.post(`/api/timeline/${w.entryId}/unpin`));
    await refused(voronka, 404, () => m.post(`/api/timeline/${w.entryId}/pin`));
    await refused(voronka, 404, () => m.delete(`/api/timeline/${w.entryId}`));
    const write = await refused(voronka, 422, () =>
      m.post('/api/timeline', { kind: 'note', entity: 'deal', entityId: w.hidden.id, text: 'Я тут был' }),
    );
    expect(write.body).toMatchObject({ errors: [{ field: 'body.entityId', reason: 'No such deal' }] });

    const history = (entity: string, id: string) => `/api/history?entity=${entity}&entityId=${id}`;
    expect((await m.get(history('deal', w.hidden.id))).body).toEqual({ items: [], nextCursor: null });
    expect((await m.get(history('timeline', w.entryId))).body).toEqual({ items: [], nextCursor: null });

    for (const reader of [w.director.client, w.admin.client]) {
      const seen = await reader.get(feed(w.hidden.id));
      expect(seen.status).toBe(200);
      expect(seen.body.pinned.map((e: { id: string }) => e.id)).toEqual([w.entryId]);
      expect((await reader.get(`/api/timeline/${w.entryId}`)).status).toBe(200);
      expect((await reader.get(history('deal', w.hidden.id))).body.items.length).toBeGreaterThan(0);
      expect((await reader.get(history('timeline', w.entryId))).body.items.length).toBeGreaterThan(0);
    }
    // The manager's own deal: their feed, their notes.
    expect((await m.get(feed(w.own.id))).status).toBe(200);
    const note = await m.post('/api/timeline', {
      kind: 'note',
      entity: 'deal',
      entityId: w.own.id,
      text: 'Моё',
    });
    expect(note.status).toBe(201);
    expect((await m.get(history('deal', w.own.id))).body.items.length).toBeGreaterThan(0);
    // The director edits nothing of the administrator's entry (the author's rule stays), but reads it.
    expect((await w.director.client.patch(`/api/timeline/${w.entryId}`, { text: 'x' })).status).toBe(403);
  });

  it('files of a hidden deal: absent, and never attachable to a deal the manager can read', async () => {
    const voronka = get();
    const w = await world(voronka);
    const m = w.manager.client;
    expect((await m.get(`/api/files/${w.fileId}`)).status).toBe(404);
    expect((await getBytes(voronka, m, `/api/files/${w.fileId}/content`)).status).toBe(404);
    await refused(voronka, 404, () => m.delete(`/api/files/${w.fileId}`));
    const smuggle = await refused(voronka, 422, () =>
      m.post('/api/timeline', {
        kind: 'comment',
        entity: 'deal',
        entityId: w.own.id,
        text: 'Смотрите, что нашёл',
        fileIds: [w.fileId],
      }),
    );
    expect(smuggle.body).toMatchObject({ errors: [{ field: 'body.fileIds.0', reason: 'No such file' }] });

    for (const reader of [w.director.client, w.admin.client]) {
      expect((await reader.get(`/api/files/${w.fileId}`)).status).toBe(200);
      const bytes = await getBytes(voronka, reader, `/api/files/${w.fileId}/content`);
      expect(bytes.status).toBe(200);
      expect(bytes.bytes.toString('utf8')).toBe('Смета: 120 000 ₽');
    }
    // The manager's own upload, on their own deal, stays theirs.
    const mine = await postMultipart(voronka, m, '/api/files', [
      { name: 'file', filename: 'фото.txt', type: 'text/plain', content: 'замер' },
    ]);
    expect((await m.get(`/api/files/${mine.body.id as string}`)).status).toBe(200);
    const attached = await m.post('/api/timeline', {
      kind: 'comment',
      entity: 'deal',
      entityId: w.own.id,
      text: 'Фото замера',
      fileIds: [mine.body.id],
    });
    expect(attached.status).toBe(201);
    expect((await getBytes(voronka, m, `/api/files/${mine.body.id as string}/content`)).status).toBe(200);
    // …and once on the manager's deal, the administrator's file is not the manager's: reassigning the deal
    // to the manager makes its file readable (the file follows its records).
    expect(
      (await w.admin.client.patch(`/api/deals/${w.hidden.id}`, { responsibleUserId: w.manager.userId }))
        .status,
    ).toBe(200);
    expect((await m.get(`/api/files/${w.fileId}`)).status).toBe(200);
  });

  it('tasks linked to a hidden deal: the list filtered by it is empty, linking to it is "no such deal"', async () => {
    const voronka = get();
    const w = await world(voronka);
    const m = w.manager.client;
    const byDeal = (id: string) => `/api/tasks?entity=deal&entityId=${id}`;
    expect((await m.get(byDeal(w.hidden.id))).body).toEqual({ items: [], nextCursor: null });
    expect((await m.get(byDeal(randomUUID()))).body).toEqual({ items: [], nextCursor: null });
    expect(
      (await w.director.client.get(byDeal(w.hidden.id))).body.items.map((t: { id: string }) => t.id),
    ).toEqual([w.taskId]);
    expect((await w.admin.client.get(byDeal(w.hidden.id))).body.items).toHaveLength(1);
    const link = await refused(voronka, 422, () =>
      m.post('/api/tasks', {
        type: 'call',
        text: 'Позвонить чужому клиенту',
        deadline: '2026-12-21',
        entity: 'deal',
        entityId: w.hidden.id,
      }),
    );
    expect(link.body).toMatchObject({ errors: [{ field: 'body.entityId', reason: 'No such deal' }] });
    const mine = await m.post('/api/tasks', {
      type: 'call',
      text: 'Позвонить своему клиенту',
      deadline: '2026-12-21',
      entity: 'deal',
      entityId: w.own.id,
    });
    expect(mine.status).toBe(201);
    await refused(voronka, 422, () =>
      m.request(
        'PATCH',
        `/api/tasks/${mine.body.id as string}`,
        { entity: 'deal', entityId: w.hidden.id },
        {
          'if-match': '"v1"',
        },
      ),
    );
    expect((await m.get(byDeal(w.own.id))).body.items.map((t: { id: string }) => t.id)).toEqual([
      mine.body.id,
    ]);
  });

  it('inbox and intake: a manager sees and handles only their own requests; the SLA report needs the report right', async () => {
    const voronka = get();
    const w = await world(voronka);
    const m = w.manager.client;
    const inboxDeals = async (client: Client) =>
      ((await client.get('/api/inbox')).body.items as { dealId: string }[]).map((i) => i.dealId).sort();
    expect(await inboxDeals(m)).toEqual([w.own.id]);
    expect(await inboxDeals(w.director.client)).toEqual([w.hidden.id, w.own.id].sort());
    expect(await inboxDeals(w.admin.client)).toEqual([w.hidden.id, w.own.id].sort());

    const requests = (id: string) => `/api/intake/deals/${id}/requests`;
    expect((await m.get(requests(w.hidden.id))).status).toBe(404);
    expect((await m.get(requests(w.own.id))).body.items).toHaveLength(1);
    expect((await w.director.client.get(requests(w.hidden.id))).body.items).toHaveLength(1);

    await refused(voronka, 404, () => m.post(`/api/inbox/${w.hidden.id}/accept`, {}));
    await refused(voronka, 404, () => m.post(`/api/inbox/${w.hidden.id}/decline`, { comment: 'Не моё' }));
    const link = await refused(voronka, 422, () =>
      m.post(`/api/inbox/${w.own.id}/link`, { targetDealId: w.hidden.id }),
    );
    expect(link.body).toMatchObject({ errors: [{ field: 'body.targetDealId', reason: 'No such deal' }] });
    // A hidden deal that left Unsorted is still "no such deal", not "not unsorted any more".
    const accepted = await w.director.client.post(`/api/inbox/${w.hidden.id}/accept`, {});
    expect(accepted.status).toBe(200);
    await refused(voronka, 404, () => m.post(`/api/inbox/${w.hidden.id}/accept`, {}));
    expect((await m.post(`/api/inbox/${w.own.id}/accept`, {})).status).toBe(200);

    const report = await m.get('/api/intake/sla-report');
    expect(report.status).toBe(403);
    expect((await w.director.client.get('/api/intake/sla-report')).status).toBe(200);
    expect((await w.admin.client.get('/api/intake/sla-report')).status).toBe(200);
  });

  it('copy links name only the deals the manager may read', async () => {
    const voronka = get();
    const w = await world(voronka);
    // A copy of the manager's deal given to the administrator, and one the manager keeps.
    const theirs = await w.admin.client.post(`/api/deals/${w.own.id}/copy`, {
      responsibleUserId: w.admin.userId,
    });
    expect(theirs.status, theirs.text).toBe(201);
    const mine = await w.manager.client.post(`/api/deals/${w.own.id}/copy`, {});
    expect(mine.status, mine.text).toBe(201);
    const links = (client: Client, id: string) => client.get(`/api/deals/${id}/copy-links`);
    expect(
      (await links(w.manager.client, w.own.id)).body.copies.map((c: { dealId: string }) => c.dealId),
    ).toEqual([mine.body.dealId]);
    expect((await links(w.director.client, w.own.id)).body.copies).toHaveLength(2);
    // The manager's copy of… an original they lost: reassigned away, it is no longer named.
    expect((await links(w.manager.client, mine.body.dealId as string)).body.copiedFrom).toMatchObject({
      dealId: w.own.id,
    });
    expect(
      (await w.admin.client.patch(`/api/deals/${w.own.id}`, { responsibleUserId: w.admin.userId })).status,
    ).toBe(200);
    expect((await links(w.manager.client, mine.body.dealId as string)).body.copiedFrom).toBeNull();
    expect((await links(w.manager.client, w.own.id)).status).toBe(404);
    expect((await links(w.director.client, mine.body.dealId as string)).body.copiedFrom).toMatchObject({
      dealId: w.own.id,
    });
  });

  it('the SSE stream: a manager gets their own deal’s events and none of a hidden deal’s', async () => {
    const voronka = get();
    const w = await world(voronka);
    const cookie = (client: Client) => ({ cookie: client.cookie ?? '' });
    const managerStream = await openStream(`${base}/api/events/stream`, cookie(w.manager.client));
    const directorStream = await openStream(`${base}/api/events/stream`, cookie(w.director.client));
    const about = (stream: typeof managerStream, dealId: string) =>
      stream.messages.filter((m) => m.data.includes(dealId)).map((m) => m.event);
    try {
      // Events of the hidden deal: an update, a comment, a task; then the manager's own deal changes.
      expect(
        (await w.admin.client.patch(`/api/deals/${w.hidden.id}`, { name: 'Секретная сделка' })).status,
      ).toBe(200);
      await w.admin.client.post('/api/timeline', {
        kind: 'note',
        entity: 'deal',
        entityId: w.hidden.id,
        text: 'Тайная заметка',
      });
      await w.admin.client.post('/api/tasks', {
        text: 'Тайная задача',
        deadline: '2026-12-22',
        entity: 'deal',
        entityId: w.hidden.id,
      });
      expect((await w.manager.client.patch(`/api/deals/${w.own.id}`, { name: 'Моя сделка' })).status).toBe(
        200,
      );
      await vi.waitFor(() => expect(about(managerStream, w.own.id)).toContain('deal.updated'), {
        timeout: 5_000,
      });
      await vi.waitFor(() => expect(about(directorStream, w.own.id)).toContain('deal.updated'), {
        timeout: 5_000,
      });
      // The director got the hidden deal's events before the manager's own update (the stream keeps order).
      expect(about(directorStream, w.hidden.id)).toEqual(
        expect.arrayContaining(['deal.updated', 'timeline.created', 'task.created']),
      );
      expect(about(managerStream, w.hidden.id)).toEqual([]);
      expect(managerStream.messages.some((m) => /Секретная|Тайная/.test(m.data))).toBe(false);

      // Reassigned to the manager: the update that does it reaches them; reassigned away, the next does not.
      await w.admin.client.patch(`/api/deals/${w.hidden.id}`, { responsibleUserId: w.manager.userId });
      await vi.waitFor(() => expect(about(managerStream, w.hidden.id)).toEqual(['deal.updated']), {
        timeout: 5_000,
      });
      await w.admin.client.patch(`/api/deals/${w.hidden.id}`, { responsibleUserId: w.admin.userId });
      await w.admin.client.patch(`/api/deals/${w.hidden.id}`, { name: 'Снова секретная' });
      // A deleted deal: its deal.deleted reaches those who could read it (the manager, for their own).
      const gone = await w.manager.client.post('/api/deals', { name: 'На удаление' });
      expect((await w.manager.client.delete(`/api/deals/${gone.body.id as string}`)).status).toBe(204);
      expect((await w.admin.client.delete(`/api/deals/${w.hidden.id}`)).status).toBe(204);
      await vi.waitFor(() => expect(about(managerStream, gone.body.id as string)).toContain('deal.deleted'), {
        timeout: 5_000,
      });
      await vi.waitFor(() => expect(about(directorStream, w.hidden.id)).toContain('deal.deleted'), {
        timeout: 5_000,
      });
      expect(about(managerStream, w.hidden.id)).toEqual(['deal.updated']);

      // Resuming with Last-Event-ID replays through the same filter.
      const replay = await openStream(`${base}/api/events/stream`, {
        ...cookie(w.manager.client),
        'last-event-id': '0',
      });
      await vi.waitFor(() => expect(about(replay, gone.body.id as string)).toContain('deal.deleted'), {
        timeout: 5_000,
      });
      expect(replay.messages.some((m) => /Секретная|Тайная/.test(m.data))).toBe(false);
      await replay.close();

      // A role given while the stream is open applies to the next event.
      await assignRole(w.admin.client, w.manager.userId, 'director');
      const later = await w.admin.client.post('/api/deals', { name: 'После повышения' });
      await vi.waitFor(
        () => expect(about(managerStream, later.body.id as string)).toContain('deal.created'),
        { timeout: 5_000 },
      );
    } finally {
      await managerStream.close();
      await directorStream.close();
    }
  });

  it('another account: its deal and everything on it are absent, even to that account’s director', async () => {
    const voronka = get();
    const w = await world(voronka);
    const other = await signUp(voronka);
    const otherDirector = await addMember(voronka, other.client);
    await assignRole(other.client, otherDirector.userId, 'director');
    for (const client of [other.client, otherDirector.client]) {
      expect((await client.get(`/api/timeline?entity=deal&entityId=${w.hidden.id}`)).status).toBe(404);
      expect((await client.get(`/api/timeline/${w.entryId}`)).status).toBe(404);
      expect((await client.get(`/api/files/${w.fileId}`)).status).toBe(404);
      expect((await client.get(`/api/intake/deals/${w.hidden.id}/requests`)).status).toBe(404);
      expect((await client.get(`/api/tasks?entity=deal&entityId=${w.hidden.id}`)).body.items).toEqual([]);
      expect((await client.get(`/api/history?entity=deal&entityId=${w.hidden.id}`)).body.items).toEqual([]);
      expect((await client.get('/api/inbox')).body.items).toEqual([]);
      await refused(voronka, 404, () => client.post(`/api/inbox/${w.hidden.id}/accept`, {}));
      await refused(voronka, 404, () => client.delete(`/api/timeline/${w.entryId}`));
    }
    const stream = await openStream(`${base}/api/events/stream`, {
      cookie: otherDirector.client.cookie ?? '',
    });
    await w.admin.client.patch(`/api/deals/${w.hidden.id}`, { name: 'Только наша' });
    await other.client.post('/api/deals', { name: 'Своя' });
    await vi.waitFor(() => expect(stream.messages.map((m) => m.event)).toContain('deal.created'), {
      timeout: 5_000,
    });
    expect(stream.messages.some((m) => m.data.includes(w.hidden.id))).toBe(false);
    await stream.close();
  });
});
