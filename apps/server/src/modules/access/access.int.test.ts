// Access rights against real databases: the oracle test (a generated organisation; the policy's decision, the
// SQL visibility filter and an independent oracle must agree for every user × entity × operation × record), and
// the roles / assignments / groups API with its rights and cross-account checks.
import {
  accessEntities,
  accessLevels,
  accessOperations,
  type AccessLevel,
  type RolePermissions,
} from '@voronka/contracts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';
import type { Voronka } from '../../app.js';
import { decide, visibility, visibilitySql } from './index.js';
import { addDepartmentTree, oracle, random, type Org, type ProbeRow } from '../../../test/access-oracle.js';

describeEachDatabase('access rights', (get: () => Voronka) => {
  const db = () => get().database.db;

  async function createUser(accountId: string, departmentId: string | null, n: number) {
    const identity = await db()
      .insertInto('identities')
      .values({ email: `oracle.${accountId}.${n}@example.ru`, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (
      await db()
        .insertInto('users')
        .values({
          account_id: accountId,
          identity_id: identity.id,
          name: `User ${n}`,
          role: 'member',
          department_id: departmentId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  it('the decision, the SQL filter and an independent oracle agree for a generated organisation', async () => {
    const rnd = random(20261203);
    const { client: admin, accountId } = await signUp(get());
    const stages = (
      await db().selectFrom('stages').select('id').where('account_id', '=', accountId).execute()
    ).map((s) => s.id);
    const org: Org = { departments: [], users: [], groups: [], roles: [], assignments: [] };

    await addDepartmentTree(admin, org);
    for (let n = 0; n < 14; n++) {
      const departmentId = n < 2 ? null : rnd.pick(org.departments).id;
      org.users.push({ id: await createUser(accountId, departmentId, n), departmentId });
    }
    // Heads: a user heading a department other than the own one sees it as "department" too.
    for (const department of org.departments.slice(0, 3)) {
      const head = rnd.pick(org.users);
      expect((await admin.patch(`/api/departments/${department.id}`, { headUserId: head.id })).status).toBe(
        200,
      );
      department.headUserId = head.id;
    }
    for (const i of [1, 2]) {
      const memberIds = org.users.filter(() => rnd.next() < 0.3).map((u) => u.id);
      const res = await admin.post('/api/user-groups', { name: `Группа продаж ${i}`, memberIds });
      expect(res.status).toBe(201);
      org.groups.push({ id: res.body.id, memberIds });
    }
    // Random roles, each with a few per-stage overrides on deals.
    for (let r = 0; r < 5; r++) {
      const permissions = {
        entities: Object.fromEntries(
          accessEntities.map((e) => [
            e,
            Object.fromEntries(accessOperations.map((o) => [o, rnd.pick(accessLevels)])),
          ]),
        ),
        dealStages: Object.fromEntries(
          stages
            .filter(() => rnd.next() < 0.4)
            .map((s) => [s, { [rnd.pick(accessOperations)]: rnd.pick(accessLevels) }]),
        ),
        leadStatuses: {},
        settings: false,
        robots: { lead: 'none', deal: 'read' },
      } as RolePermissions;
      const res = await admin.post('/api/roles', { name: `Роль ${r}`, permissions });
      expect(res.status).toBe(201);
      org.roles.push({ id: res.body.id, permissions: res.body.permissions });
    }
    // The account's default assignment (everyone → manager) stays; add one of every kind of subject.
    const defaults = (await admin.get('/api/roles')).body.items as {
      id: string;
      permissions: RolePermissions;
    }[];
    for (const role of defaults) if (!org.roles.some((r) => r.id === role.id)) org.roles.push(role);
    org.assignments.push(...((await admin.get('/api/role-assignments')).body.items as Org['assignments']));
    const subjects = [
      ...org.users.slice(0, 6).map((u) => ({ subjectKind: 'user', subjectId: u.id })),
      ...org.departments.slice(1, 4).map((d) => ({ subjectKind: 'department', subjectId: d.id })),
      ...org.departments.slice(0, 2).map((d) => ({ subjectKind: 'department_tree', subjectId: d.id })),
      ...org.groups.map((g) => ({ subjectKind: 'group', subjectId: g.id })),
    ];
    for (const subject of subjects) {
      const assignment = { roleId: rnd.pick(org.roles.slice(0, 5)).id, ...subject };
      const res = await admin.post('/api/role-assignments', assignment);
      expect(res.status).toBe(201);
      org.assignments.push(assignment);
    }

    // Records: responsible anywhere in the organisation (or nobody), open or not, at any stage (or none).
    await sql`CREATE TABLE access_probe (id integer PRIMARY KEY, responsible_user_id uuid, is_open boolean NOT NULL, stage_id uuid)`.execute(
      db(),
    );
    const rows: ProbeRow[] = Array.from({ length: 60 }, (_, id) => ({
      id,
      responsible_user_id: rnd.next() < 0.1 ? null : rnd.pick(org.users).id,
      is_open: rnd.next() < 0.3,
      stage_id: rnd.next() < 0.1 ? null : rnd.pick(stages),
    }));
    for (const row of rows)
      await sql`INSERT INTO access_probe VALUES (${row.id}, ${row.responsible_user_id}, ${row.is_open}, ${row.stage_id})`.execute(
        db(),
      );

    let combinations = 0;
    const granted = new Set<AccessLevel | boolean>();
    for (const user of org.users) {
      const { rights, scope } = await get().modules.access.service.access({
        accountId,
        userId: user.id,
        role: 'member',
      } as Parameters<Voronka['modules']['access']['service']['access']>[0]);
      for (const entity of ['deal', 'contact', 'task', 'product'] as const) {
        for (const op of accessOperations) {
          const filter = visibilitySql(visibility(rights, entity, op), scope, {
            responsible: sql.ref('responsible_user_id'),
            ...(entity === 'task' ? {} : { isOpen: sql.ref('is_open') }),
            ...(entity === 'deal' ? { stage: sql.ref('stage_id') } : {}),
          });
          const visible = new Set(
            (await sql<{ id: number }>`SELECT id FROM access_probe WHERE ${filter}`.execute(db())).rows.map(
              (r) => r.id,
            ),
          );
          for (const row of rows) {
            const record = {
              ...row,
              is_open: entity === 'task' ? false : row.is_open,
              stage_id: entity === 'deal' ? row.stage_id : null,
            };
            const expected = oracle(org, user.id, entity, op, record);
            const decided = decide(rights, scope, entity, op, {
              responsibleUserId: record.responsible_user_id,
              isOpen: record.is_open,
              stageId: record.stage_id,
            });
            const where = `${user.id} ${entity}.${op} record ${row.id}`;
            expect(decided, where).toBe(expected);
            expect(visible.has(row.id), where).toBe(expected);
            granted.add(expected);
            combinations++;
          }
        }
      }
    }
    expect(combinations).toBeGreaterThanOrEqual(5000);
    // The generated organisation exercises both answers, not one.
    expect(granted).toEqual(new Set([true, false]));
    await sql`DROP TABLE access_probe`.execute(db());
  });

  describe('roles, assignments and groups API', () => {
    const role = (name: string, permissions?: Partial<RolePermissions>) => ({
      name,
      permissions: {
        entities: Object.fromEntries(
          accessEntities.map((e) => [e, Object.fromEntries(accessOperations.map((o) => [o, 'own']))]),
        ),
        dealStages: {},
        leadStatuses: {},
        settings: false,
        robots: { lead: 'none', deal: 'none' },
        ...permissions,
      },
    });

    it('a new account has the four default roles and everyone is a manager', async () => {
      const { client: admin } = await signUp(get());
      const roles = (await admin.get('/api/roles')).body.items as {
        id: string;
        code: string;
        name: string;
      }[];
      expect(roles.map((r) => r.code)).toEqual(['manager', 'head', 'director', 'administrator']);
      const assignments = (await admin.get('/api/role-assignments')).body.items;
      expect(assignments).toEqual([
        expect.objectContaining({ roleId: roles[0]!.id, subjectKind: 'everyone', subjectId: null }),
      ]);
      const { client: member } = await addMember(get(), admin);
      const me = (await member.get('/api/access/me')).body;
      expect(me.administrator).toBe(false);
      expect(me.permissions.entities.deal.read).toBe('own');
      expect(me.permissions.settings).toBe(false);
      expect((await admin.get('/api/access/me')).body.administrator).toBe(true);
    });

    it('only administrators and "may change settings" roles change rights', async () => {
      const { client: admin } = await signUp(get());
      const { client: member, userId } = await addMember(get(), admin);
      const refused = await member.post('/api/roles', role('Самозванец', { settings: true }));
      expect(refused.status).toBe(403);
      for (const url of ['/api/roles', '/api/role-assignments', '/api/user-groups'])
        expect((await member.get(url)).status, url).toBe(403);
      expect((await admin.get('/api/roles')).body.items.map((r: { name: string }) => r.name)).not.toContain(
        'Самозванец',
      );
      const settings = await admin.post('/api/roles', role('Настройщик', { settings: true }));
      expect(settings.status).toBe(201);
      expect(
        (
          await admin.post('/api/role-assignments', {
            roleId: settings.body.id,
            subjectKind: 'user',
            subjectId: userId,
          })
        ).status,
      ).toBe(201);
      expect((await member.post('/api/roles', role('Ещё роль'))).status).toBe(201);
    });

    it('bad input names the field; nothing is saved', async () => {
      const { client: admin } = await signUp(get());
      const before = (await admin.get('/api/roles')).body.items.length;
      const unknownStage = await admin.post(
        '/api/roles',
        role('Стадии', { dealStages: { '00000000-0000-4000-8000-000000000001': { read: 'all' } } }),
      );
      expect(unknownStage.status).toBe(422);
      expect(JSON.stringify(unknownStage.body)).toContain(
        'body.permissions.dealStages.00000000-0000-4000-8000-000000000001',
      );
      const badLevel = await admin.post('/api/roles', {
        ...role('Уровень'),
        permissions: { ...role('x').permissions, settings: 'yes' },
      });
      expect(badLevel.status).toBe(400);
      expect((await admin.post('/api/roles', role('Менеджер'))).status).toBe(422);
      const everyoneWithId = await admin.post('/api/role-assignments', {
        roleId: (await admin.get('/api/roles')).body.items[0].id,
        subjectKind: 'everyone',
        subjectId: '00000000-0000-4000-8000-000000000001',
      });
      expect(everyoneWithId.status).toBe(422);
      expect((await admin.get('/api/roles')).body.items.length).toBe(before);
    });

    it('If-Match guards a role against lost edits', async () => {
      const { client: admin } = await signUp(get());
      const created = await admin.post('/api/roles', role('Версии'));
      expect(created.headers.etag).toBe('"v1"');
      const first = await admin.request('PUT', `/api/roles/${created.body.id}`, role('Версии 2'), {
        'if-match': '"v1"',
      });
      expect(first.status).toBe(200);
      const stale = await admin.request('PUT', `/api/roles/${created.body.id}`, role('Версии 3'), {
        'if-match': '"v1"',
      });
      expect(stale.status).toBe(409);
      expect(
        (await admin.get('/api/roles')).body.items.find((r: { id: string }) => r.id === created.body.id).name,
      ).toBe('Версии 2');
    });

    it("another account's roles, assignments and groups are absent (404), and unchanged", async () => {
      const a = await signUp(get());
      const b = await signUp(get());
      const theirRole = await a.client.post('/api/roles', role('Чужая'));
      const theirGroup = await a.client.post('/api/user-groups', { name: 'Чужие', memberIds: [a.userId] });
      const theirAssignment = await a.client.post('/api/role-assignments', {
        roleId: theirRole.body.id,
        subjectKind: 'user',
        subjectId: a.userId,
      });
      const attempts: [Client, 'PUT' | 'DELETE', string, unknown][] = [
        [b.client, 'PUT', `/api/roles/${theirRole.body.id}`, role('Моя')],
        [b.client, 'DELETE', `/api/roles/${theirRole.body.id}`, undefined],
        [b.client, 'PUT', `/api/user-groups/${theirGroup.body.id}`, { name: 'Мои', memberIds: [] }],
        [b.client, 'DELETE', `/api/user-groups/${theirGroup.body.id}`, undefined],
        [b.client, 'DELETE', `/api/role-assignments/${theirAssignment.body.id}`, undefined],
      ];
      for (const [client, method, url, body] of attempts)
        expect((await client.request(method, url, body)).status, url).toBe(404);
      // Assigning one's own role to the other account's user, or their role to oneself, names the field.
      const mine = (await b.client.get('/api/roles')).body.items[0].id;
      const toTheirUser = await b.client.post('/api/role-assignments', {
        roleId: mine,
        subjectKind: 'user',
        subjectId: a.userId,
      });
      expect(toTheirUser.status).toBe(422);
      const theirRoleToMe = await b.client.post('/api/role-assignments', {
        roleId: theirRole.body.id,
        subjectKind: 'user',
        subjectId: b.userId,
      });
      expect(theirRoleToMe.status).toBe(422);
      expect((await a.client.get('/api/roles')).body.items.map((r: { name: string }) => r.name)).toContain(
        'Чужая',
      );
      expect((await a.client.get('/api/user-groups')).body.items).toEqual([
        { id: theirGroup.body.id, name: 'Чужие', memberIds: [a.userId] },
      ]);
      expect(
        (await a.client.get('/api/role-assignments')).body.items.map((x: { id: string }) => x.id),
      ).toContain(theirAssignment.body.id);
    });
  });
});
