import { beforeAll, expect, it } from 'vitest';
import { sql, type Transaction } from 'kysely';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, Client, signUp, uniqueEmail } from '../../../test/http.js';
import type { DB } from '../../platform/db/index.js';
import type { StageRecords } from './index.js';

// Stand-in records that live in stages (what deals and leads will be), kept in a scratch table.
const testRecords: StageRecords = {
  name: 'test records',
  async countInPipeline(trx: Transaction<DB>, accountId, pipelineId) {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM test_stage_records WHERE account_id = ${accountId} AND pipeline_id = ${pipelineId}`.execute(
      trx,
    );
    return rows[0]?.n ?? 0;
  },
  async countInStage(trx, accountId, stageId) {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM test_stage_records WHERE account_id = ${accountId} AND stage_id = ${stageId}`.execute(
      trx,
    );
    return rows[0]?.n ?? 0;
  },
  async moveStage(trx, accountId, from, to) {
    await sql`UPDATE test_stage_records SET stage_id = ${to} WHERE account_id = ${accountId} AND stage_id = ${from}`.execute(
      trx,
    );
  },
};

const kinds = (pipeline: { stages: { kind: string }[] }) => pipeline.stages.map((s) => s.kind);
const names = (pipeline: { stages: { name: string }[] }) => pipeline.stages.map((s) => s.name);

describeEachDatabase(
  'pipelines and stages',
  (get) => {
    beforeAll(async () => {
      await sql`CREATE TABLE test_stage_records (account_id uuid, pipeline_id uuid, stage_id uuid)`.execute(
        get().database.db,
      );
    });

    it('a new account starts with its default pipeline, in its language', async () => {
      const admin = await signUp(get());
      const list = await admin.client.get('/api/pipelines');
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      const [sales] = list.body.items;
      expect(sales).toMatchObject({ name: 'Продажи', isDefault: true, version: 1 });
      expect(names(sales)).toEqual([
        'Неразобранное',
        'Первичный контакт',
        'Переговоры',
        'Принимают решение',
        'Согласование договора',
        'Успешно реализовано',
        'Закрыто и не реализовано',
      ]);
      expect(kinds(sales)).toEqual(['unsorted', 'open', 'open', 'open', 'open', 'won', 'lost']);
      expect(sales.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);

      const english = new Client(get());
      await english.post('/api/auth/sign-up', {
        accountName: 'Acme',
        name: 'Ann',
        email: uniqueEmail(),
        password: 'long password',
        locale: 'en',
      });
      const en = (await english.get('/api/pipelines')).body.items[0];
      expect(en.name).toBe('Sales');
      expect(names(en)[0]).toBe('Incoming');
    });

    it('creates pipelines with the system stages around the open ones, named like the default pipeline’s', async () => {
      const admin = await signUp(get());
      const [sales] = (await admin.client.get('/api/pipelines')).body.items;
      await admin.client.patch(`/api/stages/${sales.stages[0].id}`, { name: 'Входящие заявки' });
      const created = await admin.client.post('/api/pipelines', {
        name: 'Повторные продажи',
        stages: [{ name: 'Звонок', color: '#FFAA00' }, { name: 'Счёт' }],
      });
      expect(created.status).toBe(201);
      expect(created.body.isDefault).toBe(false);
      expect(names(created.body)).toEqual([
        'Входящие заявки',
        'Звонок',
        'Счёт',
        'Успешно реализовано',
        'Закрыто и не реализовано',
      ]);
      expect(created.body.stages[1].color).toBe('#ffaa00');
      const list = (await admin.client.get('/api/pipelines')).body.items;
      expect(list.map((p: { name: string }) => p.name)).toEqual(['Продажи', 'Повторные продажи']);
    });

    it('the default pipeline is renamed but not deleted; another can become the default', async () => {
      const admin = await signUp(get());
      const [sales] = (await admin.client.get('/api/pipelines')).body.items;
      const renamed = await admin.client.request(
        'PATCH',
        `/api/pipelines/${sales.id}`,
        { name: 'Розница' },
        { 'if-match': '"v1"' },
      );
      expect(renamed.headers.etag).toBe('"v2"');
      expect(renamed.body).toMatchObject({ name: 'Розница', version: 2 });
      const refused = await admin.client.delete(`/api/pipelines/${sales.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('default_pipeline');
      const other = await admin.client.post('/api/pipelines', { name: 'Опт' });
      const made = await admin.client.patch(`/api/pipelines/${other.body.id}`, { isDefault: true });
      expect(made.body.isDefault).toBe(true);
      expect((await admin.client.get(`/api/pipelines/${sales.id}`)).body.isDefault).toBe(false);
      expect((await admin.client.delete(`/api/pipelines/${sales.id}`)).status).toBe(204);
      expect((await admin.client.get(`/api/pipelines/${sales.id}`)).status).toBe(404);
    });

    it('a stale version gets 409 and overwrites nothing', async () => {
      const admin = await signUp(get());
      const [sales] = (await admin.client.get('/api/pipelines')).body.items;
      const ifMatch = { 'if-match': `"v${sales.version}"` };
      await admin.client.request('PATCH', `/api/pipelines/${sales.id}`, { name: 'Первая правка' }, ifMatch);
      const before = await databaseChecksum(get());
      const stale = await admin.client.request(
        'PATCH',
        `/api/pipelines/${sales.id}`,
        { name: 'Вторая правка' },
        ifMatch,
      );
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('stale_version');
      expect(await databaseChecksum(get())).toBe(before);
      expect((await admin.client.get(`/api/pipelines/${sales.id}`)).body.name).toBe('Первая правка');
    });

    it('adds, moves, reorders and deletes open stages; system stages keep their places', async () => {
      const admin = await signUp(get());
      const [sales] = (await admin.client.get('/api/pipelines')).body.items;
      const [unsorted, first, second, third, fourth, won] = sales.stages;
      const added = await admin.client.post(`/api/pipelines/${sales.id}/stages`, {
        name: 'Замер',
        color: '#00AA00',
        position: 2,
      });
      expect(added.status).toBe(201);
      let pipeline = (await admin.client.get(`/api/pipelines/${sales.id}`)).body;
      expect(names(pipeline).slice(1, 4)).toEqual(['Первичный контакт', 'Замер', 'Переговоры']);
      expect(pipeline.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

      const moved = await admin.client.patch(`/api/stages/${fourth.id}`, { position: 1 });
      expect(moved.body.position).toBe(1);
      const reordered = await admin.client.put(`/api/pipelines/${sales.id}/stages/order`, {
        stageIds: [first.id, second.id, added.body.id, third.id, fourth.id],
      });
      expect(reordered.status).toBe(200);
      expect(names(reordered.body)).toEqual([
        'Неразобранное',
        'Первичный контакт',
        'Переговоры',
        'Замер',
        'Принимают решение',
        'Согласование договора',
        'Успешно реализовано',
        'Закрыто и не реализовано',
      ]);
      for (const bad of [
        [first.id],
        [first.id, first.id, second.id, added.body.id, third.id],
        [won.id, first.id, second.id, added.body.id, third.id],
      ]) {
        const res = await admin.client.put(`/api/pipelines/${sales.id}/stages/order`, { stageIds: bad });
        expect(res.status).toBe(422);
        expect(res.body.errors[0].field).toBe('body.stageIds');
      }
      const systemMove = await admin.client.patch(`/api/stages/${won.id}`, { position: 1 });
      expect(systemMove.status).toBe(422);
      expect(systemMove.body.errors[0].field).toBe('body.position');
      expect((await admin.client.patch(`/api/stages/${unsorted.id}`, { color: '#123ABC' })).body.color).toBe(
        '#123abc',
      );
      expect((await admin.client.delete(`/api/stages/${unsorted.id}`)).body.code).toBe('system_stage');
      expect((await admin.client.delete(`/api/stages/${added.body.id}`)).status).toBe(204);
      pipeline = (await admin.client.get(`/api/pipelines/${sales.id}`)).body;
      expect(pipeline.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(kinds(pipeline)).toEqual(['unsorted', 'open', 'open', 'open', 'open', 'won', 'lost']);
    });

    it('a stage or pipeline with records is not deleted without a place for them; records move with moveTo', async () => {
      const admin = await signUp(get());
      const [sales] = (await admin.client.get('/api/pipelines')).body.items;
      const other = (
        await admin.client.post('/api/pipelines', { name: 'Другая', stages: [{ name: 'Этап' }] })
      ).body;
      const stage = sales.stages[2];
      const { db } = get().database;
      await sql`INSERT INTO test_stage_records VALUES (${admin.accountId}, ${sales.id}, ${stage.id}), (${admin.accountId}, ${other.id}, ${other.stages[1].id})`.execute(
        db,
      );

      const needsTarget = await admin.client.delete(`/api/stages/${stage.id}`);
      expect(needsTarget.status).toBe(422);
      expect(needsTarget.body).toMatchObject({
        code: 'stage_not_empty',
        errors: [{ field: 'querystring.moveTo' }],
      });
      expect(needsTarget.body.detail).toContain('1 test records');
      const otherPipeline = await admin.client.delete(`/api/stages/${stage.id}?moveTo=${other.stages[1].id}`);
      expect(otherPipeline.status).toBe(422);
      expect((await admin.client.delete(`/api/stages/${stage.id}?moveTo=${sales.stages[3].id}`)).status).toBe(
        204,
      );
      const { rows } = await sql<{
        stage_id: string;
      }>`SELECT stage_id FROM test_stage_records WHERE pipeline_id = ${sales.id}`.execute(db);
      expect(rows.map((r) => r.stage_id)).toEqual([sales.stages[3].id]);

      const notEmpty = await admin.client.delete(`/api/pipelines/${other.id}`);
      expect(notEmpty.status).toBe(409);
      expect(notEmpty.body.code).toBe('pipeline_not_empty');
    });

    it('members read pipelines but cannot change them (403, nothing written)', async () => {
      const admin = await signUp(get());
      const member = await addMember(get(), admin.client);
      const [sales] = (await member.client.get('/api/pipelines')).body.items;
      const before = await databaseChecksum(get());
      for (const res of [
        await member.client.post('/api/pipelines', { name: 'Моя' }),
        await member.client.patch(`/api/pipelines/${sales.id}`, { name: 'X' }),
        await member.client.delete(`/api/pipelines/${sales.id}`),
        await member.client.post(`/api/pipelines/${sales.id}/stages`, { name: 'X' }),
        await member.client.patch(`/api/stages/${sales.stages[1].id}`, { name: 'X' }),
        await member.client.delete(`/api/stages/${sales.stages[1].id}`),
        await member.client.put(`/api/pipelines/${sales.id}/stages/order`, { stageIds: [] }),
      ]) {
        expect(res.status).toBe(403);
      }
      expect(await databaseChecksum(get())).toBe(before);
    });

    it('another account’s pipelines and stages are absent, and cannot be a move target', async () => {
      const a = await signUp(get(), { accountName: 'A' });
      const b = await signUp(get(), { accountName: 'B' });
      const [aSales] = (await a.client.get('/api/pipelines')).body.items;
      const [bSales] = (await b.client.get('/api/pipelines')).body.items;
      const before = await databaseChecksum(get());
      expect((await a.client.get(`/api/pipelines/${bSales.id}`)).status).toBe(404);
      expect((await a.client.patch(`/api/pipelines/${bSales.id}`, { name: 'X' })).status).toBe(404);
      expect((await a.client.post(`/api/pipelines/${bSales.id}/stages`, { name: 'X' })).status).toBe(404);
      expect((await a.client.patch(`/api/stages/${bSales.stages[1].id}`, { name: 'X' })).status).toBe(404);
      expect((await a.client.delete(`/api/stages/${bSales.stages[1].id}`)).status).toBe(404);
      const foreignTarget = await a.client.delete(
        `/api/stages/${aSales.stages[1].id}?moveTo=${bSales.stages[2].id}`,
      );
      expect(foreignTarget.status).toBe(422);
      expect(await databaseChecksum(get())).toBe(before);
      expect((await a.client.get('/api/pipelines')).body.items.map((p: { id: string }) => p.id)).toEqual([
        aSales.id,
      ]);
    });
  },
  { stageRecords: [testRecords] },
);
