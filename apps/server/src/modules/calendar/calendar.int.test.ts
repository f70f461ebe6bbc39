import { expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';
import type { Voronka } from '../../app.js';

const weekdays = (
  from: number,
  to: number,
  start = '09:00',
  end = '18:00',
  lunch: { start: string; end: string } | null = null,
) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    weekday: from + i,
    intervals: [{ start, end }],
    lunch,
  }));

const eventsOf = (voronka: Voronka, accountId: string) =>
  voronka.database.db
    .selectFrom('domain_events')
    .select(['type', 'entity', 'entity_id', 'actor_user_id', 'payload'])
    .where('account_id', '=', accountId)
    .where('type', '=', 'working_hours.updated')
    .orderBy('seq')
    .execute();

const next = (query: Record<string, string | number>) =>
  `/api/working-hours/next?${new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString()}`;

describeEachDatabase('working hours and the production calendar', (get) => {
  it('serves the production calendar of a year with its totals', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const res = await member.client.get('/api/calendar/production?year=2026');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      year: 2026,
      calendarDays: 365,
      workingDays: 247,
      daysOff: 118,
      normHours: { week40: 1972, week36: 1774.4, week24: 1181.6 },
      workingWeekends: [],
      shortenedDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
    });
    expect(res.body.holidays).toContainEqual({
      date: '2026-01-09',
      name: 'Выходной день (перенесён с 3 января)',
      statutory: false,
      weekend: false,
    });
    expect(res.body.months[0]).toEqual({
      month: 1,
      workingDays: 15,
      daysOff: 16,
      normHours: { week40: 120, week36: 108, week24: 72 },
    });
    const y2025 = await member.client.get('/api/calendar/production?year=2025');
    expect(y2025.body.workingWeekends).toEqual(['2025-11-01']);
    expect(y2025.body.shortenedDays).toContain('2025-11-01');

    const outside = await member.client.get('/api/calendar/production?year=2028');
    expect(outside.status).toBe(422);
    expect(outside.headers['content-type']).toContain('application/problem+json');
    expect(outside.body.code).toBe('outside_production_calendar');
    expect(outside.body.errors[0].field).toBe('querystring.year');
    const garbage = await member.client.get('/api/calendar/production?year=next');
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].field).toBe('querystring.year');
  });

  it('the account works Monday–Friday 09:00–18:00 until an administrator sets its schedule', async () => {
    const admin = await signUp(get());
    const hours = await admin.client.get('/api/working-hours');
    expect(hours.status).toBe(200);
    expect(hours.body).toEqual({
      userId: null,
      source: 'default',
      timezone: 'Europe/Moscow',
      useProductionCalendar: true,
      days: weekdays(1, 5, '09:00', '18:00', { start: '13:00', end: '14:00' }),
      updatedAt: null,
    });

    // The product's examples, in the default hours (Moscow, production calendar).
    const afterHolidays = await admin.client.get(
      next({ from: '2026-01-02T17:00:00+03:00', add: 1, unit: 'working_days' }),
    );
    expect(afterHolidays.status).toBe(200);
    expect(afterHolidays.body).toEqual({
      from: '2026-01-02T14:00:00.000Z',
      add: 1,
      unit: 'working_days',
      at: '2026-01-12T14:00:00.000Z',
      local: '2026-01-12T17:00:00.000+03:00',
      timezone: 'Europe/Moscow',
      userId: null,
      source: 'default',
    });
    const twoHours = await admin.client.get(
      next({ from: '2026-03-10T17:30:00+03:00', add: 120, unit: 'minutes' }),
    );
    expect(twoHours.body.local).toBe('2026-03-11T10:30:00.000+03:00');
    const shortened = await admin.client.get(
      next({ from: '2026-04-30T16:00:00+03:00', add: 60, unit: 'minutes' }),
    );
    expect(shortened.body.local).toBe('2026-04-30T17:00:00.000+03:00');
    // Without `from`: now. (From 2028 on this fails until that year's calendar is added — on purpose.)
    const now = await admin.client.get(next({ add: 0, unit: 'minutes' }));
    expect(now.status).toBe(200);
    expect(Math.abs(Date.parse(now.body.from) - Date.now())).toBeLessThan(60_000);
  });

  it('an administrator sets the account’s schedule: saved in normal form, one event old → new', async () => {
    const admin = await signUp(get());
    const days = [
      { weekday: 6, intervals: [{ start: '10:00', end: '14:00' }] },
      {
        weekday: 1,
        intervals: [
          { start: '14:00', end: '19:00' },
          { start: '10:00', end: '13:00' },
        ],
      },
    ];
    const put = await admin.client.put('/api/working-hours', { useProductionCalendar: false, days });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      source: 'account',
      useProductionCalendar: false,
      days: [
        {
          weekday: 1,
          intervals: [
            { start: '10:00', end: '13:00' },
            { start: '14:00', end: '19:00' },
          ],
          lunch: null,
        },
        { weekday: 6, intervals: [{ start: '10:00', end: '14:00' }], lunch: null },
      ],
    });
    expect(put.body.updatedAt).toBeTruthy();
    expect((await admin.client.get('/api/working-hours')).body).toEqual(put.body);

    // The same schedule again changes nothing and records nothing.
    expect(
      (await admin.client.put('/api/working-hours', { useProductionCalendar: false, days })).status,
    ).toBe(200);
    const recorded = await eventsOf(get(), admin.accountId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      entity: 'working_hours',
      entity_id: admin.accountId,
      actor_user_id: admin.userId,
      payload: {
        scope: 'account',
        userId: null,
        changes: {
          source: { from: 'default', to: 'account' },
          useProductionCalendar: { from: true, to: false },
          days: { to: put.body.days },
        },
      },
    });

    // No production calendar now: 2026-01-05 (a Monday of the New Year holidays) is worked, 10:00–13:00.
    const res = await admin.client.get(next({ from: '2026-01-03T12:00:00+03:00', add: 0, unit: 'minutes' }));
    expect(res.body.local).toBe('2026-01-03T12:00:00.000+03:00'); // Saturday 10:00–14:00
    const monday = await admin.client.get(
      next({ from: '2026-01-03T14:30:00+03:00', add: 90, unit: 'minutes' }),
    );
    expect(monday.body.local).toBe('2026-01-05T11:30:00.000+03:00');

    // The time zone is the account setting.
    await admin.client.patch('/api/account', { timezone: 'Asia/Yekaterinburg' });
    expect((await admin.client.get('/api/working-hours')).body.timezone).toBe('Asia/Yekaterinburg');
  });

  it('refuses bad schedules and bad questions, naming the field, writing nothing', async () => {
    const admin = await signUp(get());
    const before = await databaseChecksum(get());
    const put = (body: unknown) => admin.client.put('/api/working-hours', body);
    const cases: [Promise<{ status: number; body: any; headers: any }>, number, string][] = [
      [
        put({
          days: [
            {
              weekday: 1,
              intervals: [
                { start: '09:00', end: '13:00' },
                { start: '12:00', end: '18:00' },
              ],
            },
          ],
        }),
        422,
        'body.days.0.intervals.1',
      ],
      [
        put({ days: [{ weekday: 2, intervals: [{ start: '18:00', end: '09:00' }] }] }),
        422,
        'body.days.0.intervals.0.end',
      ],
      [
        put({
          days: [
            { weekday: 1, intervals: [{ start: '09:00', end: '18:00' }] },
            { weekday: 1, intervals: [{ start: '19:00', end: '20:00' }] },
          ],
        }),
        422,
        'body.days.1.weekday',
      ],
      [
        put({
          days: [
            {
              weekday: 3,
              intervals: [{ start: '09:00', end: '18:00' }],
              lunch: { start: '08:00', end: '09:30' },
            },
          ],
        }),
        422,
        'body.days.0.lunch',
      ],
      [put({ days: weekdays(8, 8) }), 400, 'body.days.0.weekday'],
      [put({ days: [...weekdays(1, 7), ...weekdays(1, 1)] }), 400, 'body.days'],
      [
        put({ days: [{ weekday: 1, intervals: [{ start: '9:00', end: '18:00' }] }] }),
        400,
        'body.days.0.intervals.0.start',
      ],
      [
        put({ days: [{ weekday: 1, intervals: [{ start: '09:00', end: '24:30' }] }] }),
        400,
        'body.days.0.intervals.0.end',
      ],
      [put({ days: [] }), 400, 'body.days'],
      [
        admin.client.put(`/api/users/${admin.userId}/working-hours`, {
          source: 'user',
          timezone: 'Europe/Atlantis',
          days: weekdays(1, 5),
        }),
        400,
        'body.timezone',
      ],
      [admin.client.put(`/api/users/${admin.userId}/working-hours`, { source: 'user' }), 400, 'body.days'],
      [
        admin.client.put(`/api/users/${admin.userId}/working-hours`, {
          source: 'account',
          days: weekdays(1, 5),
        }),
        400,
        'body.days',
      ],
      [
        admin.client.put(`/api/users/${admin.userId}/working-hours`, {
          source: 'user',
          days: [
            {
              weekday: 5,
              intervals: [
                { start: '10:00', end: '12:00' },
                { start: '11:00', end: '13:00' },
              ],
            },
          ],
        }),
        422,
        'body.days.0.intervals.1',
      ],
      [admin.client.get(next({ add: 1, unit: 'hours' })), 400, 'querystring.unit'],
      [admin.client.get(next({ add: -1, unit: 'minutes' })), 400, 'querystring.add'],
      [admin.client.get(next({ from: 'yesterday', add: 1, unit: 'minutes' })), 400, 'querystring.from'],
      [
        admin.client.get(next({ from: '2028-03-01T10:00:00Z', add: 1, unit: 'minutes' })),
        422,
        'querystring.from',
      ],
      [
        admin.client.get(next({ from: '2027-12-01T10:00:00Z', add: 30, unit: 'working_days' })),
        422,
        'querystring.add',
      ],
    ];
    for (const [pending, status, field] of cases) {
      const res = await pending;
      expect(res.status, field).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        field,
      ).toContain(field);
    }
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('a user may have their own hours in their own time zone, or follow the account’s', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const url = `/api/users/${member.userId}/working-hours`;
    const inherited = await member.client.get(url);
    expect(inherited.body).toMatchObject({
      userId: member.userId,
      source: 'default',
      timezone: 'Europe/Moscow',
    });

    const own = await admin.client.put(url, {
      source: 'user',
      timezone: 'Asia/Novosibirsk',
      days: weekdays(1, 5, '09:00', '18:00'),
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      userId: member.userId,
      source: 'user',
      timezone: 'Asia/Novosibirsk',
      useProductionCalendar: true,
    });
    expect((await member.client.get(url)).body).toEqual(own.body);

    // 10:00 UTC is 13:00 in Moscow and 17:00 in Novosibirsk: two hours later differ.
    const from = '2026-03-10T10:00:00Z';
    const forAccount = await member.client.get(next({ from, add: 120, unit: 'minutes' }));
    expect(forAccount.body.at).toBe('2026-03-10T13:00:00.000Z'); // 14:00–16:00 Moscow, after lunch
    const forMember = await member.client.get(
      next({ from, add: 120, unit: 'minutes', userId: member.userId }),
    );
    expect(forMember.body).toMatchObject({
      at: '2026-03-11T03:00:00.000Z',
      local: '2026-03-11T10:00:00.000+07:00',
      timezone: 'Asia/Novosibirsk',
      userId: member.userId,
      source: 'user',
    });

    // The user changes their own hours (the time zone defaults to the account's), then follows it again.
    const mine = await member.client.put(url, {
      source: 'user',
      useProductionCalendar: false,
      days: weekdays(2, 4),
    });
    expect(mine.body).toMatchObject({
      source: 'user',
      timezone: 'Europe/Moscow',
      useProductionCalendar: false,
    });
    const back = await member.client.put(url, { source: 'account' });
    expect(back.body).toMatchObject({ userId: member.userId, source: 'default', updatedAt: null });
    expect(
      await get()
        .database.db.selectFrom('user_working_hours')
        .selectAll()
        .where('user_id', '=', member.userId)
        .execute(),
    ).toEqual([]);

    const recorded = await eventsOf(get(), admin.accountId);
    expect(
      recorded.map((e) => [e.entity_id, e.actor_user_id, Object.keys(e.payload.changes as object).sort()]),
    ).toEqual([
      [member.userId, admin.userId, ['days', 'source', 'timezone']],
      [member.userId, member.userId, ['days', 'timezone', 'useProductionCalendar']],
      [member.userId, member.userId, ['days', 'source', 'useProductionCalendar']],
    ]);
    expect(recorded[0]?.payload).toMatchObject({
      scope: 'user',
      userId: member.userId,
      changes: {
        source: { from: 'default', to: 'user' },
        timezone: { from: 'Europe/Moscow', to: 'Asia/Novosibirsk' },
      },
    });
  });

  it('rights: a member cannot change the account’s schedule or see or change another user’s hours (403, nothing written)', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const colleague = await addMember(get(), admin.client);
    await admin.client.put(`/api/users/${colleague.userId}/working-hours`, {
      source: 'user',
      days: weekdays(1, 3),
    });
    const before = await databaseChecksum(get());
    const attempts = [
      await member.client.put('/api/working-hours', { days: weekdays(1, 7) }),
      await member.client.put(`/api/users/${admin.userId}/working-hours`, {
        source: 'user',
        days: weekdays(1, 7),
      }),
      await member.client.put(`/api/users/${colleague.userId}/working-hours`, { source: 'account' }),
      await member.client.get(`/api/users/${colleague.userId}/working-hours`),
      await member.client.get(next({ add: 60, unit: 'minutes', userId: colleague.userId })),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await databaseChecksum(get())).toBe(before);
    expect((await admin.client.get(`/api/users/${colleague.userId}/working-hours`)).body.source).toBe('user');
    // What a member may do: read the account's hours, and see and set their own.
    expect((await member.client.get('/api/working-hours')).status).toBe(200);
    expect((await member.client.get(`/api/users/${member.userId}/working-hours`)).status).toBe(200);
    expect(
      (
        await member.client.put(`/api/users/${member.userId}/working-hours`, {
          source: 'user',
          days: weekdays(1, 4),
        })
      ).status,
    ).toBe(200);
  });

  it('cross-account: another account’s users’ hours are absent (404, nothing changed), each account has its own schedule', async () => {
    const a = await signUp(get(), { accountName: 'A' });
    const b = await signUp(get(), { accountName: 'B' });
    const bMember = await addMember(get(), b.client);
    await b.client.put(`/api/users/${bMember.userId}/working-hours`, {
      source: 'user',
      days: weekdays(1, 2),
    });
    const before = await databaseChecksum(get());
    const attempts = [
      await a.client.get(`/api/users/${bMember.userId}/working-hours`),
      await a.client.put(`/api/users/${bMember.userId}/working-hours`, { source: 'account' }),
      await a.client.put(`/api/users/${bMember.userId}/working-hours`, {
        source: 'user',
        days: weekdays(1, 7),
      }),
      await a.client.put(`/api/users/${b.userId}/working-hours`, { source: 'user', days: weekdays(1, 7) }),
      await a.client.get(next({ add: 60, unit: 'minutes', userId: bMember.userId })),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await databaseChecksum(get())).toBe(before);

    await a.client.put('/api/working-hours', { days: weekdays(1, 7, '00:00', '24:00') });
    expect((await b.client.get('/api/working-hours')).body.source).toBe('default');
    expect((await b.client.get(`/api/users/${bMember.userId}/working-hours`)).body.days).toHaveLength(2);
  });
});
