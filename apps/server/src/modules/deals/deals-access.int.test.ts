// Access rights on deals through the API (ADR 0018, issue 5). For a generated organisation (departments three
// deep, heads, groups, random roles with per-stage overrides, several roles per member), every member's answer
// on every deal must equal the oracle's (test/access-oracle.ts, written apart from the access module):
// - read: the card is 200 or 404;
// - edit / delete: a PATCH / DELETE with a stale If-Match is 404 when the deal is hidden, 403 when it is seen
//   but not allowed, and 409 when allowed — so the probes write nothing (a database checksum proves it);
// and every member's list, kanban counts and sums hold exactly the deals the oracle lets them read.
// Then the rules a single organisation does not reach: per-stage moves, creating for others, "open to all",
// bulk actions and exports.
import { accessEntities, accessLevels, accessOperations, type RolePermissions } from '@voronka/contracts';
import { expect, it } from 'vitest';
import { addDepartmentTree, oracle, random, type Org } from '../../../test/access-oracle.js';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp, type Client } from '../../../test/http.js';

interface Stage {
  id: string;
  kind: string;
  name: string;
}

const stale = { 'if-match': '"v999"' };

/** A role's permissions: `deal` as given, nothing else. */
function dealRole(deal: Partial<Record<(typeof accessOperations)[number], string>>, stages = {}) {
  const none = Object.fromEntries(accessOperations.map((o) => [o, 'none']));
  return {
    entities: Object.fromEntries(
      accessEntities.map((e) => [e, e === 'deal' ? { ...none, ...deal } : { ...none }]),
    ),
    dealStages: stages,
    leadStatuses: {},
    settings: false,
    robots: { lead: 'none', deal: 'none' },
  };
}

async function allDeals(client: Client, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: {
      status: number;
      text: string;
      body: { items: { id: string }[]; nextCursor: string | null };
    } = await client.get(
      `/api/deals?limit=500${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, res.text).toBe(200);
    ids.push(...res.body.items.map((d) => d.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

describeEachDatabase('deals: access rights through the API', (get) => {
  it('every member × deal × operation answers as the oracle says (≥ 5,000), and no probe writes', async () => {
    const rnd = random(20261204);
    const admin = await signUp(get());
    const pipeline = (await admin.client.get('/api/pipelines')).body.items[0];
    const stages = pipeline.stages as Stage[];
    const org: Org = {
      departments: [],
      users: [{ id: admin.userId, departmentId: null }],
      groups: [],
      roles: [],
      assignments: [],
    };

    await addDepartmentTree(admin.client, org);
    const members: { client: Client; userId: string }[] = [];
    for (let n = 0; n < 12; n++) {
      const member = await addMember(get(), admin.client);
      const departmentId = n < 2 ? null : rnd.pick(org.departments).id;
      const res = await admin.client.patch(`/api/users/${member.userId}`, { departmentId });
      expect(res.status, res.text).toBe(200);
      members.push(member);
      org.users.push({ id: member.userId, departmentId });
    }
    for (const department of org.departments.slice(0, 3)) {
      const head = rnd.pick(members);
      const res = await admin.client.patch(`/api/departments/${department.id}`, { headUserId: head.userId });
      expect(res.status).toBe(200);
      department.headUserId = head.userId;
    }
    for (const i of [1, 2]) {
      const memberIds = members.filter(() => rnd.next() < 0.3).map((m) => m.userId);
      const res = await admin.client.post('/api/user-groups', { name: `Группа продаж ${i}`, memberIds });
      expect(res.status).toBe(201);
      org.groups.push({ id: res.body.id, memberIds });
    }
    // Random roles: the deal's levels and per-stage overrides are what the probes read.
    for (let r = 0; r < 5; r++) {
      const permissions = dealRole(
        Object.fromEntries(accessOperations.map((o) => [o, rnd.pick(accessLevels)])),
        Object.fromEntries(
          stages
            .filter(() => rnd.next() < 0.4)
            .map((s) => [s.id, { [rnd.pick(['read', 'edit', 'delete'] as const)]: rnd.pick(accessLevels) }]),
        ),
      );
      const res = await admin.client.post('/api/roles', { name: `Роль ${r}`, permissions });
      expect(res.status, res.text).toBe(201);
      org.roles.push({ id: res.body.id, permissions: res.body.permissions as RolePermissions });
    }
    const defaults = (await admin.client.get('/api/roles')).body.items as Org['roles'];
    for (const role of defaults) if (!org.roles.some((r) => r.id === role.id)) org.roles.push(role);
    org.assignments.push(
      ...((await admin.client.get('/api/role-assignments')).body.items as Org['assignments']),
    );
    const subjects = [
      ...members.slice(0, 5).map((m) => ({ subjectKind: 'user', subjectId: m.userId })),
      ...org.departments.slice(1, 4).map((d) => ({ subjectKind: 'department', subjectId: d.id })),
      ...org.departments.slice(0, 2).map((d) => ({ subjectKind: 'department_tree', subjectId: d.id })),
      ...org.groups.map((g) => ({ subjectKind: 'group', subjectId: g.id })),
    ];
    for (const subject of subjects) {
      const assignment = { roleId: rnd.pick(org.roles.slice(0, 5)).id, ...subject };
      const res = await admin.client.post('/api/role-assignments', assignment);
      expect(res.status).toBe(201);
      org.assignments.push(assignment);
    }

    // Deals: responsible anywhere (or nobody), open or not, at every stage, amounts in two currencies.
    const deals: {
      id: string;
      responsible_user_id: string | null;
      is_open: boolean;
      stage_id: string;
      amount: number;
      currency: string;
    }[] = [];
    for (let n = 0; n < 140; n++) {
      const body = {
        name: `Сделка ${n}`,
        responsibleUserId: rnd.next() < 0.08 ? null : rnd.pick(org.users).id,
        stageId: rnd.pick(stages).id,
        isOpen: rnd.next() < 0.3,
        amount: String(1000 + n),
        currency: rnd.next() < 0.2 ? 'USD' : 'RUB',
      };
      const res = await admin.client.post('/api/deals', body);
      expect(res.status, res.text).toBe(201);
      expect(res.body.isOpen).toBe(body.isOpen);
      deals.push({
        id: res.body.id,
        responsible_user_id: body.responsibleUserId,
        is_open: body.isOpen,
        stage_id: body.stageId,
        amount: 1000 + n,
        currency: body.currency,
      });
    }

    const expected = (userId: string, op: 'read' | 'edit' | 'delete', deal: (typeof deals)[number]) =>
      oracle(org, userId, 'deal', op, { ...deal, id: 0 });
    const before = await databaseChecksum(get());
    let combinations = 0;
    const answers = new Set<number>();
    for (const member of members) {
      for (const deal of deals) {
        const read = expected(member.userId, 'read', deal);
        const where = `member ${member.userId} deal ${deal.id}`;
        const card = await member.client.get(`/api/deals/${deal.id}`);
        expect(card.status, `read ${where}`).toBe(read ? 200 : 404);
        for (const op of ['edit', 'delete'] as const) {
          const res =
            op === 'edit'
              ? await member.client.request('PATCH', `/api/deals/${deal.id}`, { name: 'Probe' }, stale)
              : await member.client.request('DELETE', `/api/deals/${deal.id}`, undefined, stale);
          const want = !read ? 404 : expected(member.userId, op, deal) ? 409 : 403;
          expect(res.status, `${op} ${where}: ${res.text.slice(0, 120)}`).toBe(want);
          answers.add(want);
        }
        combinations += 3;
      }
      // The list and the kanban hold exactly the readable deals: each id, each column's count and sums.
      const readable = deals.filter((d) => expected(member.userId, 'read', d));
      expect((await allDeals(member.client)).sort()).toEqual(readable.map((d) => d.id).sort());
      const board = await member.client.get(`/api/deals/kanban?pipelineId=${pipeline.id}&limit=100`);
      expect(board.status).toBe(200);
      for (const column of board.body.columns as {
        stage: { id: string };
        count: number;
        sums: { currency: string; amount: string }[];
        items: { id: string }[];
      }[]) {
        const inStage = readable.filter((d) => d.stage_id === column.stage.id);
        expect(column.count).toBe(inStage.length);
        expect(column.items.map((i) => i.id).sort()).toEqual(inStage.map((d) => d.id).sort());
        const sums = new Map<string, number>();
        for (const d of inStage) sums.set(d.currency, (sums.get(d.currency) ?? 0) + d.amount);
        expect(Object.fromEntries(column.sums.map((s) => [s.currency, Number(s.amount)]))).toEqual(
          Object.fromEntries(sums),
        );
        combinations += inStage.length;
      }
    }
    expect(combinations).toBeGreaterThanOrEqual(5000);
    // The organisation exercises every answer: hidden, seen but refused, allowed.
    expect(answers).toEqual(new Set([404, 403, 409]));
    expect(await databaseChecksum(get())).toBe(before);
  }, 600_000);

  it('per-stage rights: moving into a stage needs edit there; creating needs add for the responsible and the stage', async () => {
    const admin = await signUp(get());
    const manager = await addMember(get(), admin.client);
    const colleague = await addMember(get(), admin.client);
    const pipeline = (await admin.client.get('/api/pipelines')).body.items[0];
    const stages = pipeline.stages as Stage[];
    const open = stages.filter((s) => s.kind === 'open');
    const [first, second] = open;
    const won = stages.find((s) => s.kind === 'won')!;
    // The manager's own deals, everywhere — except Won: neither edit nor add there (only the head closes).
    const role = await admin.client.post('/api/roles', {
      name: 'Без права закрытия',
      permissions: dealRole(
        { read: 'own', add: 'own', edit: 'own', delete: 'own' },
        { [won.id]: { edit: 'none', add: 'none' } },
      ),
    });
    expect(role.status, role.text).toBe(201);
    // Replace the default "everyone → manager" with this role for the manager only.
    const everyone = (await admin.client.get('/api/role-assignments')).body.items[0];
    expect((await admin.client.delete(`/api/role-assignments/${everyone.id}`)).status).toBe(204);
    await admin.client.post('/api/role-assignments', {
      roleId: role.body.id,
      subjectKind: 'user',
      subjectId: manager.userId,
    });

    const mine = await manager.client.post('/api/deals', { name: 'Моя', stageId: first!.id });
    expect(mine.status, mine.text).toBe(201);
    const before = await databaseChecksum(get());
    const intoWon = await manager.client.patch(`/api/deals/${mine.body.id}`, { stageId: won.id });
    expect(intoWon.status).toBe(403);
    const bulkWon = await manager.client.post('/api/deals/bulk', {
      action: 'move',
      ids: [mine.body.id],
      stageId: won.id,
    });
    expect(bulkWon.status).toBe(422);
    expect(bulkWon.body.errors).toEqual([{ field: 'body.ids.0', reason: expect.stringContaining('stage') }]);
    // Creating in Won, or for a colleague (own level), is refused; so is a deal "open to all" for others.
    expect((await manager.client.post('/api/deals', { name: 'X', stageId: won.id })).status).toBe(403);
    expect(
      (await manager.client.post('/api/deals', { name: 'X', responsibleUserId: colleague.userId })).status,
    ).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);
    // Other stages move.
    const moved = await manager.client.patch(`/api/deals/${mine.body.id}`, { stageId: second!.id });
    expect(moved.status, moved.text).toBe(200);
    // The colleague has no role at all now: no deal is visible, none can be created.
    expect((await colleague.client.get(`/api/deals/${mine.body.id}`)).status).toBe(404);
    expect((await colleague.client.post('/api/deals', { name: 'X' })).status).toBe(403);
    expect(await allDeals(colleague.client)).toEqual([]);
  });

  it('"open to all": the open level sees open deals of anyone; reassigning away hides the deal', async () => {
    const admin = await signUp(get());
    const viewer = await addMember(get(), admin.client);
    const role = await admin.client.post('/api/roles', {
      name: 'Открытые',
      permissions: dealRole({ read: 'open', edit: 'own', add: 'own' }),
    });
    await admin.client.post('/api/role-assignments', {
      roleId: role.body.id,
      subjectKind: 'user',
      subjectId: viewer.userId,
    });
    const openDeal = await admin.client.post('/api/deals', { name: 'Для всех', isOpen: true });
    const closedDeal = await admin.client.post('/api/deals', { name: 'Закрытая' });
    expect((await viewer.client.get(`/api/deals/${openDeal.body.id}`)).status).toBe(200);
    expect((await viewer.client.get(`/api/deals/${closedDeal.body.id}`)).status).toBe(404);
    // Seen but not the viewer's: 403 on a change, nothing written.
    const before = await databaseChecksum(get());
    expect((await viewer.client.patch(`/api/deals/${openDeal.body.id}`, { name: 'Моя!' })).status).toBe(403);
    expect(await databaseChecksum(get())).toBe(before);
    // Closing it to all hides it again; search finds nothing either.
    expect((await admin.client.patch(`/api/deals/${openDeal.body.id}`, { isOpen: false })).status).toBe(200);
    expect((await viewer.client.get(`/api/deals/${openDeal.body.id}`)).status).toBe(404);
    const search = await viewer.client.get(`/api/search?q=${encodeURIComponent('Для всех')}`);
    const groups = search.body.groups as { entity: string; items: unknown[] }[];
    expect(groups.find((g) => g.entity === 'deals')?.items ?? []).toEqual([]);
    // A deal handed to the viewer is theirs to change; handed away again, it is gone for them.
    await admin.client.patch(`/api/deals/${closedDeal.body.id}`, { responsibleUserId: viewer.userId });
    const renamed = await viewer.client.patch(`/api/deals/${closedDeal.body.id}`, { name: 'Теперь моя' });
    expect(renamed.status).toBe(200);
    const away = await viewer.client.patch(`/api/deals/${closedDeal.body.id}`, {
      responsibleUserId: admin.userId,
    });
    expect(away.status).toBe(200);
    expect((await viewer.client.get(`/api/deals/${closedDeal.body.id}`)).status).toBe(404);
  });

  it('exports: refused without the right; with it, exactly the deals the right reaches; other accounts never', async () => {
    const admin = await signUp(get());
    const other = await signUp(get());
    await other.client.post('/api/deals', { name: 'Чужая сделка' });
    const manager = await addMember(get(), admin.client);
    const head = await addMember(get(), admin.client);
    const department = await admin.client.post('/api/departments', {
      name: 'Продажи',
      parentId: null,
      headUserId: head.userId,
    });
    for (const user of [manager, head])
      await admin.client.patch(`/api/users/${user.userId}`, { departmentId: department.body.id });
    await assignRole(admin.client, head.userId, 'head');
    await manager.client.post('/api/deals', { name: 'Сделка менеджера' });
    await admin.client.post('/api/deals', { name: 'Сделка директора' });
    // A manager neither exports nor imports (the default role), 403 before any byte.
    expect((await manager.client.get('/api/exports/deals.csv')).status).toBe(403);
    const csv = await head.client.get('/api/exports/deals.csv');
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text).toContain('Сделка менеджера');
    expect(csv.text).not.toContain('Сделка директора');
    expect(csv.text).not.toContain('Чужая сделка');
    const all = await admin.client.get('/api/exports/deals.csv');
    expect(all.text).toContain('Сделка директора');
    expect(all.text).not.toContain('Чужая сделка');
  });
});
