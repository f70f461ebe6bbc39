import { expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';

type Status = { id: string; kind: 'open' | 'converted' | 'junk' };

const statusesOf = async (client: Client) => (await client.get('/api/lead-statuses')).body.items as Status[];
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

describeEachDatabase('leads list sorts and bulk actions', (get) => {
  it('sorts by name, amount, last change or a custom field, in keyset pages, empty values last', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const rank = await admin.client.post('/api/custom-fields', {
      entity: 'lead',
      type: 'number',
      name: 'Ранг',
    });
    const make = async (client: Client, name: string, amount: string | null, value: number | null) => {
      const res = await client.post('/api/leads', {
        name,
        amount,
        customFields: value === null ? {} : { [rank.body.id]: value },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const b = await make(admin.client, 'Берёзка', '5000', 2);
    const a = await make(admin.client, 'арбуз', null, 3);
    const v = await make(member.client, 'Вишня', '100', null);
    const g = await make(admin.client, 'Груша', '5000', 1);
    const ids = async (query: string) => {
      const res = await admin.client.get(`/api/leads?${query}`);
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      return res.body.items.map((l: { id: string }) => l.id) as string[];
    };
    expect(await ids('')).toEqual([g, v, a, b]);
    expect(await ids('sort=name')).toEqual([a, b, v, g]);
    expect(await ids('sort=name&order=desc')).toEqual([g, v, b, a]);
    // Equal amounts tie-break by id in the same direction; the lead without an amount comes last.
    const [hi1, hi2] = [b, g].sort().reverse() as [string, string];
    expect(await ids('sort=amount')).toEqual([hi1, hi2, v, a]);
    expect(await ids('sort=amount&order=asc')).toEqual([v, ...[b, g].sort(), a]);
    expect(await ids(`sort=cf:${rank.body.id}`)).toEqual([g, b, a, v]);
    await admin.client.request('PATCH', `/api/leads/${b}`, { comment: 'позвонить' });
    expect((await ids('sort=updatedAt'))[0]).toBe(b);
    // Filters combine with a sort; several responsible users at once.
    expect(await ids(`sort=name&responsibleUserId=${member.userId}`)).toEqual([v]);
    expect(await ids(`sort=name&responsibleUserId=${member.userId},${admin.userId}`)).toEqual([a, b, v, g]);
    expect(
      await ids(`sort=name&responsibleUserId=${member.userId}&responsibleUserId=${admin.userId}`),
    ).toEqual([a, b, v, g]);

    // Pages follow the sort without skipping or repeating, across the empty values.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `sort=amount&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await admin.client.get(`/api/leads?${query}`);
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.items.map((l: { id: string }) => l.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([hi1, hi2, v, a]);

    // A cursor of another order, a bad sort or a field of another entity is refused.
    const byName = await admin.client.get('/api/leads?sort=name&limit=1');
    expect(
      fieldsOf(await admin.client.get(`/api/leads?sort=amount&cursor=${byName.body.nextCursor}`)),
    ).toEqual(['querystring.cursor']);
    expect(fieldsOf(await admin.client.get('/api/leads?sort=stage'))[0]).toMatch(/^querystring\.sort/);
    expect(fieldsOf(await admin.client.get('/api/leads?sort=name&order=up'))).toEqual(['querystring.order']);
    const dealField = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'number',
      name: 'Чужое',
    });
    expect(fieldsOf(await admin.client.get(`/api/leads?sort=cf:${dealField.body.id}`))).toEqual([
      'querystring.sort',
    ]);

    // A saved view of the leads list keeps a sort now.
    const view = await admin.client.post('/api/saved-views', {
      entity: 'leads',
      name: 'Крупные',
      filter: { responsibleUserId: [admin.userId, member.userId] },
      sort: { field: 'amount', order: 'desc' },
      columns: ['name', 'amount'],
    });
    expect(view.status, view.text).toBe(201);
    expect(view.body.sort).toEqual({ field: 'amount', order: 'desc' });
  });

  it('bulk: changes the status or the responsible of many leads in one go, each with its history', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const statuses = await statusesOf(admin.client);
    const [fresh, inWork] = statuses.filter((s) => s.kind === 'open') as [Status, Status];
    const junk = statuses.find((s) => s.kind === 'junk') as Status;
    const converted = statuses.find((s) => s.kind === 'converted') as Status;
    const ids: string[] = [];
    for (const name of ['Первый', 'Второй', 'Третий']) {
      const res = await admin.client.post('/api/leads', { name, statusId: fresh.id });
      ids.push(res.body.id);
    }
    const [l1, l2, l3] = ids as [string, string, string];
    await admin.client.request('PATCH', `/api/leads/${l3}`, { statusId: inWork.id });

    const moved = await member.client.post('/api/leads/bulk', { action: 'status', ids, statusId: inWork.id });
    expect(moved.status, moved.text).toBe(200);
    // The lead already in that status is left alone.
    expect(moved.body).toEqual({ action: 'status', changed: [l1, l2], count: 2 });
    for (const id of ids) {
      const lead = (await admin.client.get(`/api/leads/${id}`)).body;
      expect(lead.statusId).toBe(inWork.id);
    }
    expect((await admin.client.get(`/api/leads/${l1}`)).body.version).toBe(2);

    const assigned = await admin.client.post('/api/leads/bulk', {
      action: 'assign',
      ids: [l1, l3],
      responsibleUserId: member.userId,
    });
    expect(assigned.body).toEqual({ action: 'assign', changed: [l1, l3], count: 2 });
    const mine = await member.client.get(`/api/leads?responsibleUserId=${member.userId}&sort=name`);
    expect(mine.body.items.map((l: { id: string }) => l.id)).toEqual([l1, l3]);
    await vi.waitFor(
      async () => {
        const history = (await admin.client.get(`/api/history?entity=lead&entityId=${l1}`)).body.items;
        const changes = history.map((e: { changes: Record<string, unknown> | null }) => e.changes ?? {});
        expect(changes).toContainEqual({ responsibleUserId: { from: admin.userId, to: member.userId } });
        expect(changes).toContainEqual({ statusId: { from: fresh.id, to: inWork.id } });
      },
      { timeout: 20_000, interval: 250 },
    );

    // Junk, then back to an open status: a junk lead takes no other change meanwhile.
    expect(
      (await admin.client.post('/api/leads/bulk', { action: 'status', ids: [l2], statusId: junk.id })).status,
    ).toBe(200);
    const before = await databaseChecksum(get());
    const refused = await admin.client.post('/api/leads/bulk', {
      action: 'assign',
      ids: [l1, l2],
      responsibleUserId: admin.userId,
    });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused)).toEqual(['body.ids.1']);
    const toConverted = await admin.client.post('/api/leads/bulk', {
      action: 'status',
      ids: [l1],
      statusId: converted.id,
    });
    expect(fieldsOf(toConverted)).toEqual(['body.statusId']);
    const noUser = await admin.client.post('/api/leads/bulk', {
      action: 'assign',
      ids: [l1],
      responsibleUserId: '00000000-0000-4000-8000-000000000000',
    });
    expect(fieldsOf(noUser)).toEqual(['body.responsibleUserId']);
    const twice = await admin.client.post('/api/leads/bulk', { action: 'delete', ids: [l1, l1] });
    expect(twice.status).toBe(400);
    expect(await databaseChecksum(get())).toBe(before);
    const reopened = await admin.client.post('/api/leads/bulk', {
      action: 'status',
      ids: [l2],
      statusId: fresh.id,
    });
    expect(reopened.body.count).toBe(1);
  });

  it('bulk delete: members delete only their own leads, all or nothing; administrators any', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const own = (await member.client.post('/api/leads', { name: 'Свой' })).body.id as string;
    const others = (await admin.client.post('/api/leads', { name: 'Чужой' })).body.id as string;
    const before = await databaseChecksum(get());
    const refused = await member.client.post('/api/leads/bulk', { action: 'delete', ids: [own, others] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'body.ids.1', reason: 'Only the responsible user or an administrator may delete this lead' },
    ]);
    expect(await databaseChecksum(get())).toBe(before);
    expect((await member.client.post('/api/leads/bulk', { action: 'delete', ids: [own] })).body).toEqual({
      action: 'delete',
      changed: [own],
      count: 1,
    });
    expect((await admin.client.get(`/api/leads/${own}`)).status).toBe(404);
    expect((await admin.client.post('/api/leads/bulk', { action: 'delete', ids: [others] })).body.count).toBe(
      1,
    );
    expect((await admin.client.get(`/api/leads/${others}`)).status).toBe(404);
  });

  it('another account’s leads are absent from lists and bulk actions, nothing written', async () => {
    const a = await signUp(get());
    const b = await signUp(get());
    const mine = (await a.client.post('/api/leads', { name: 'A' })).body.id as string;
    const foreign = (await b.client.post('/api/leads', { name: 'B' })).body.id as string;
    const bOpen = (await statusesOf(b.client)).find((s) => s.kind === 'open') as Status;
    expect((await a.client.get(`/api/leads?sort=name&responsibleUserId=${b.userId}`)).body.items).toEqual([]);
    const before = await databaseChecksum(get());
    for (const body of [
      { action: 'delete', ids: [mine, foreign] },
      { action: 'assign', ids: [foreign], responsibleUserId: a.userId },
    ]) {
      const res = await a.client.post('/api/leads/bulk', body);
      expect(res.status).toBe(422);
      expect(res.body.errors).toContainEqual({
        field: `body.ids.${body.ids.length - 1}`,
        reason: 'No such lead',
      });
    }
    // Another account's status or user is no status or user here.
    expect(
      fieldsOf(await a.client.post('/api/leads/bulk', { action: 'status', ids: [mine], statusId: bOpen.id })),
    ).toEqual(['body.statusId']);
    expect(
      fieldsOf(
        await a.client.post('/api/leads/bulk', {
          action: 'assign',
          ids: [mine],
          responsibleUserId: b.userId,
        }),
      ),
    ).toEqual(['body.responsibleUserId']);
    expect(await databaseChecksum(get())).toBe(before);
    expect((await b.client.get(`/api/leads/${foreign}`)).body.name).toBe('B');
  });
});
