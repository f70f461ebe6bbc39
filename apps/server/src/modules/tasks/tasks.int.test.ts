import { expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((t) => t.id);

async function contact(client: Client, firstName = 'Клиент') {
  const res = await client.post('/api/contacts', { firstName });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describeEachDatabase('tasks', (get) => {
  it('creates a task for a record: the creator is responsible by default; a day is due by its end in the account’s zone', async () => {
    const admin = await signUp(get());
    const client = await contact(admin.client);
    const timed = await admin.client.post('/api/tasks', {
      type: 'meeting',
      text: 'Замер в квартире клиента',
      deadline: '2026-12-05T15:00:00+03:00',
      entity: 'contact',
      entityId: client,
    });
    expect(timed.status).toBe(201);
    expect(timed.headers.etag).toBe('"v1"');
    expect(timed.body).toMatchObject({
      type: 'meeting',
      text: 'Замер в квартире клиента',
      deadline: '2026-12-05T12:00:00.000Z',
      allDay: false,
      deadlineDate: null,
      status: 'open',
      responsibleUserId: admin.userId,
      createdBy: admin.userId,
      entity: 'contact',
      entityId: client,
      result: null,
    });
    // The account is on Moscow time by default: the day ends at 20:59:59 UTC.
    const allDay = await admin.client.post('/api/tasks', { text: 'Перезвонить', deadline: '2026-12-05' });
    expect(allDay.body).toMatchObject({
      type: 'call',
      deadline: '2026-12-05T20:59:59.000Z',
      allDay: true,
      deadlineDate: '2026-12-05',
      entity: null,
      entityId: null,
    });
    expect((await admin.client.patch('/api/account', { timezone: 'Asia/Vladivostok' })).status).toBe(200);
    const east = await admin.client.post('/api/tasks', { text: 'Выставить счёт', deadline: '2026-12-05' });
    expect(east.body).toMatchObject({ deadline: '2026-12-05T13:59:59.000Z', deadlineDate: '2026-12-05' });
    expect((await admin.client.get(`/api/tasks/${allDay.body.id}`)).body.deadlineDate).toBe('2026-12-05');
  });

  it('lists by responsible, record, state and deadline range, earliest first, in keyset pages', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const client = await contact(admin.client);
    const make = async (text: string, hours: number, extra: Record<string, unknown> = {}) =>
      (await admin.client.post('/api/tasks', { text, deadline: inHours(hours), ...extra })).body.id as string;
    const overdue = await make('просрочена', -5);
    const today = await make('сегодня', 2, { responsibleUserId: member.userId });
    const tomorrow = await make('завтра', 26, { entity: 'contact', entityId: client });
    const later = await make('потом', 100, { entity: 'contact', entityId: client });
    const done = await make('сделана', -2);
    expect((await admin.client.post(`/api/tasks/${done}/complete`, { result: 'Готово' })).status).toBe(200);

    expect(ids(await admin.client.get('/api/tasks'))).toEqual([overdue, done, today, tomorrow, later]);
    expect(ids(await admin.client.get(`/api/tasks?responsibleUserId=${member.userId}`))).toEqual([today]);
    expect(ids(await admin.client.get(`/api/tasks?entity=contact&entityId=${client}`))).toEqual([
      tomorrow,
      later,
    ]);
    expect(ids(await admin.client.get('/api/tasks?state=open'))).toEqual([overdue, today, tomorrow, later]);
    expect(ids(await admin.client.get('/api/tasks?state=completed'))).toEqual([done]);
    const overdueOnly = await admin.client.get('/api/tasks?state=overdue');
    expect(ids(overdueOnly)).toEqual([overdue]);
    expect(overdueOnly.body.items[0].overdue).toBe(true);
    // What deals and leads show as "the next task" (and "no task planned" when absent).
    const tomorrowsDeadline = (await admin.client.get(`/api/tasks/${tomorrow}`)).body.deadline;
    const open = await get().modules.tasks.service.openOf(admin.accountId, 'contact', [
      client,
      crypto.randomUUID(),
    ]);
    expect([...open.entries()]).toEqual([[client, { open: 2, nextDeadline: tomorrowsDeadline }]]);
    const range = `deadlineFrom=${encodeURIComponent(inHours(0))}&deadlineTo=${encodeURIComponent(inHours(48))}`;
    expect(ids(await admin.client.get(`/api/tasks?${range}`))).toEqual([today, tomorrow]);

    const first = await admin.client.get('/api/tasks?limit=2');
    expect(ids(first)).toEqual([overdue, done]);
    const second = await admin.client.get(`/api/tasks?limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second)).toEqual([today, tomorrow]);
    const third = await admin.client.get(`/api/tasks?limit=2&cursor=${second.body.nextCursor}`);
    expect(ids(third)).toEqual([later]);
    expect(third.body.nextCursor).toBeNull();
    const bad = await admin.client.get('/api/tasks?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('querystring.cursor');
    const half = await admin.client.get(`/api/tasks?entity=contact`);
    expect(half.status).toBe(400);
    expect(half.body.errors[0].field).toBe('querystring.entityId');
  });

  it('completes with a result and reopens; changes need the current version; the history has them', async () => {
    const admin = await signUp(get());
    const task = await admin.client.post('/api/tasks', { text: 'Отправить КП', deadline: inHours(-1) });
    expect(task.body.overdue).toBe(true);
    const url = `/api/tasks/${task.body.id}`;
    const done = await admin.client.post(`${url}/complete`, { result: 'КП отправлено на почту' });
    expect(done.status).toBe(200);
    expect(done.headers.etag).toBe('"v2"');
    expect(done.body).toMatchObject({
      status: 'completed',
      overdue: false,
      result: 'КП отправлено на почту',
      completedBy: admin.userId,
    });
    expect(Date.parse(done.body.completedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await admin.client.post(`${url}/complete`, { result: 'ещё раз' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('task_completed');

    const stale = await admin.client.request('PATCH', url, { text: 'Старое' }, { 'if-match': '"v1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const edited = await admin.client.request(
      'PATCH',
      url,
      { text: 'Отправить КП и счёт', result: 'Отправлено КП и счёт' },
      { 'if-match': '"v2"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      text: 'Отправить КП и счёт',
      result: 'Отправлено КП и счёт',
      version: 3,
    });

    const reopened = await admin.client.post(`${url}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', result: null, completedAt: null, overdue: true });
    expect((await admin.client.post(`${url}/reopen`)).status).toBe(409);
    const noResult = await admin.client.patch(url, { result: 'нельзя' });
    expect(noResult.status).toBe(422);
    expect(noResult.body.errors[0].field).toBe('body.result');
    // Completing without a body is fine too.
    expect((await admin.client.post(`${url}/complete`)).body.result).toBeNull();

    await vi.waitFor(
      async () => {
        const history = await admin.client.get(`/api/history?entity=task&entityId=${task.body.id}`);
        expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
          'task.completed',
          'task.reopened',
          'task.updated',
          'task.completed',
          'task.created',
        ]);
        expect(history.body.items[2].changes).toEqual({
          text: { from: 'Отправить КП', to: 'Отправить КП и счёт' },
          result: { from: 'КП отправлено на почту', to: 'Отправлено КП и счёт' },
        });
      },
      { timeout: 15_000, interval: 250 },
    );
  });

  it('refuses bad input naming the field', async () => {
    const admin = await signUp(get());
    const before = await databaseChecksum(get());
    const cases: [Record<string, unknown>, number, string][] = [
      [{ text: 'x', deadline: 'завтра' }, 400, 'body.deadline'],
      [{ text: '', deadline: '2026-12-05' }, 400, 'body.text'],
      [{ text: 'x', deadline: '2026-12-05', type: 'visit' }, 400, 'body.type'],
      [{ text: 'x', deadline: '2026-12-05', entity: 'deal' }, 400, 'body.entityId'],
      [
        { text: 'x', deadline: '2026-12-05', entity: 'deal', entityId: crypto.randomUUID() },
        422,
        'body.entityId',
      ],
      [
        { text: 'x', deadline: '2026-12-05', responsibleUserId: crypto.randomUUID() },
        422,
        'body.responsibleUserId',
      ],
    ];
    for (const [body, status, field] of cases) {
      const res = await admin.client.post('/api/tasks', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.errors[0].field).toBe(field);
    }
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('another account’s tasks, records and users are absent; nothing is written', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const bContact = await contact(b.client);
    const bTask = await b.client.post('/api/tasks', {
      text: 'Задача B',
      deadline: inHours(5),
      entity: 'contact',
      entityId: bContact,
    });
    const aTask = await a.client.post('/api/tasks', { text: 'Задача A', deadline: inHours(5) });
    const before = await databaseChecksum(get());
    const url = `/api/tasks/${bTask.body.id}`;
    expect((await a.client.get(url)).status).toBe(404);
    expect((await a.client.patch(url, { text: 'чужая' })).status).toBe(404);
    expect((await a.client.post(`${url}/complete`, { result: 'x' })).status).toBe(404);
    expect((await a.client.post(`${url}/reopen`)).status).toBe(404);
    expect((await a.client.delete(url)).status).toBe(404);
    expect(ids(await a.client.get('/api/tasks'))).toEqual([aTask.body.id]);
    expect((await a.client.get(`/api/tasks?entity=contact&entityId=${bContact}`)).body.items).toEqual([]);
    const link = await a.client.post('/api/tasks', {
      text: 'x',
      deadline: inHours(1),
      entity: 'contact',
      entityId: bContact,
    });
    expect(link.status).toBe(422);
    expect(link.body.errors[0].field).toBe('body.entityId');
    const relink = await a.client.patch(`/api/tasks/${aTask.body.id}`, {
      entity: 'contact',
      entityId: bContact,
    });
    expect(relink.status).toBe(422);
    expect(relink.body.errors[0].field).toBe('body.entityId');
    const foreignUser = await a.client.patch(`/api/tasks/${aTask.body.id}`, { responsibleUserId: b.userId });
    expect(foreignUser.status).toBe(422);
    expect(foreignUser.body.errors[0].field).toBe('body.responsibleUserId');
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('rights: members edit and complete any task; only its creator, responsible or an admin deletes it', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const colleague = await addMember(get(), admin.client);
    const adminsTask = await admin.client.post('/api/tasks', { text: 'Задача админа', deadline: inHours(3) });
    const assigned = await admin.client.post('/api/tasks', {
      text: 'Поручение',
      deadline: inHours(3),
      responsibleUserId: member.userId,
    });
    const before = await databaseChecksum(get());
    const denied = await member.client.delete(`/api/tasks/${adminsTask.body.id}`);
    expect(denied.status).toBe(403);
    expect((await colleague.client.delete(`/api/tasks/${assigned.body.id}`)).status).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);

    const edited = await member.client.patch(`/api/tasks/${adminsTask.body.id}`, {
      text: 'Уточнено менеджером',
    });
    expect(edited.status).toBe(200);
    expect((await member.client.post(`/api/tasks/${adminsTask.body.id}/complete`)).status).toBe(200);
    expect((await member.client.delete(`/api/tasks/${assigned.body.id}`)).status).toBe(204);
    expect((await admin.client.delete(`/api/tasks/${adminsTask.body.id}`)).status).toBe(204);
    expect((await admin.client.get(`/api/tasks/${adminsTask.body.id}`)).status).toBe(404);

    // A deactivated user is given no new work.
    expect((await admin.client.post(`/api/users/${colleague.userId}/deactivate`)).status).toBe(200);
    const toDeactivated = await admin.client.post('/api/tasks', {
      text: 'x',
      deadline: inHours(1),
      responsibleUserId: colleague.userId,
    });
    expect(toDeactivated.status).toBe(422);
    expect(toDeactivated.body.errors[0].field).toBe('body.responsibleUserId');
  });
});
