import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp } from '../../../test/http.js';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

describeEachDatabase('deals filtered by close date', (get) => {
  it('takes an inclusive range of days (an instant counts as its day in the account’s zone)', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    // Works on the administrator's deals: a director's role (ADR 0018).
    await assignRole(admin.client, member.userId, 'director');
    // Moscow is UTC+3 all year: 22:30 UTC on the 9th is already the 10th there.
    await sql`UPDATE accounts SET timezone = 'Europe/Moscow' WHERE id = ${admin.accountId}`.execute(
      get().database.db,
    );
    const made: Record<string, string> = {};
    for (const [name, closeDate] of [
      ['Март', '2027-03-31'],
      ['Апрель-1', '2027-04-01'],
      ['Апрель-10', '2027-04-10'],
      ['Апрель-30', '2027-04-30'],
      ['Без даты', null],
    ] as const) {
      const res = await admin.client.post('/api/deals', { name, closeDate });
      expect(res.status, res.text).toBe(201);
      made[name] = res.body.id;
    }
    const names = async (query: string) => {
      const res = await member.client.get(`/api/deals?sort=closeDate&${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      return res.body.items.map((d: { name: string }) => d.name);
    };
    expect(await names('closeDateFrom=2027-04-01&closeDateTo=2027-04-30')).toEqual([
      'Апрель-1',
      'Апрель-10',
      'Апрель-30',
    ]);
    expect(await names('closeDateFrom=2027-04-10')).toEqual(['Апрель-10', 'Апрель-30']);
    expect(await names('closeDateTo=2027-04-01')).toEqual(['Март', 'Апрель-1']);
    expect(await names('closeDateFrom=2027-04-11&closeDateTo=2027-04-29')).toEqual([]);
    expect(await names(`closeDateFrom=${encodeURIComponent('2027-04-09T22:30:00Z')}`)).toEqual([
      'Апрель-10',
      'Апрель-30',
    ]);
    expect(await names(`closeDateTo=${encodeURIComponent('2027-04-09T22:30:00+00:00')}`)).toEqual([
      'Март',
      'Апрель-1',
      'Апрель-10',
    ]);
    // The kanban takes the same filter.
    const board = await member.client.get('/api/deals/kanban?closeDateFrom=2027-04-30');
    expect(board.status, board.text).toBe(200);
    const onBoard = board.body.columns.flatMap((c: { items: { name: string }[] }) =>
      c.items.map((d) => d.name),
    );
    expect(onBoard).toEqual(['Апрель-30']);
    expect(fieldsOf(await member.client.get('/api/deals?closeDateFrom=31.03.2027'))).toEqual([
      'querystring.closeDateFrom',
    ]);
    // A saved deal view keeps the range.
    const view = await member.client.post('/api/saved-views', {
      entity: 'deals',
      name: 'Закрываются в апреле',
      filter: { closeDateFrom: '2027-04-01', closeDateTo: '2027-04-30' },
    });
    expect(view.status, view.text).toBe(201);

    // Another account's deals never match.
    const other = await signUp(get());
    await other.client.post('/api/deals', { name: 'Чужая', closeDate: '2027-04-15' });
    expect(await names('closeDateFrom=2027-04-11&closeDateTo=2027-04-29')).toEqual([]);
    expect((await other.client.get('/api/deals?closeDateFrom=2027-04-01')).body.items).toHaveLength(1);
  });
});
