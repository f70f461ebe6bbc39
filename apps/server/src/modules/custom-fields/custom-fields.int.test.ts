import crypto from 'node:crypto';
import { expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';

const option = (label: string, position: number) => ({ id: crypto.randomUUID(), label, position });

describeEachDatabase('custom field definitions', (get) => {
  it('creates fields of several types with their settings, defaults and per-pipeline required stages', async () => {
    const admin = await signUp(get());
    const [sales] = (await admin.client.get('/api/pipelines')).body.items;
    const contract = sales.stages.find((s: { name: string }) => s.name === 'Согласование договора');
    const options = [option('Москва', 0), option('Санкт-Петербург', 1)];
    const city = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'list',
      name: 'Город',
      code: 'city',
      settings: { options, defaultOptionId: options[0]?.id },
      pipelineIds: [sales.id],
      requiredFromStageIds: [contract.id],
    });
    expect(city.status).toBe(201);
    expect(city.headers.etag).toBe('"v1"');
    expect(city.body).toMatchObject({
      type: 'list',
      multiple: false,
      requiredFromStageIds: [contract.id],
      pipelineIds: [sales.id],
    });
    const budget = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'number',
      name: 'Бюджет',
      settings: { precision: 2, min: '0' },
      default: { kind: 'fixed', value: '1000.50' },
    });
    expect(budget.status).toBe(201);
    expect(budget.body.default).toEqual({ kind: 'fixed', value: '1000.5' });
    const birthday = await admin.client.post('/api/custom-fields', {
      entity: 'contact',
      type: 'date',
      name: 'День рождения',
    });
    expect(birthday.body.default).toEqual({ kind: 'none' });

    const deals = await admin.client.get('/api/custom-fields?entity=deal');
    expect(deals.body.items.map((f: { name: string }) => f.name).sort()).toEqual(['Бюджет', 'Город']);
    expect((await admin.client.get('/api/custom-fields')).body.items).toHaveLength(3);
  });

  it('refuses what the registry refuses, naming the field, and writes nothing', async () => {
    const admin = await signUp(get());
    const before = await databaseChecksum(get());
    const badDefault = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'number',
      name: 'Скидка',
      settings: { min: '0', max: '100' },
      default: { kind: 'fixed', value: '150' },
    });
    expect(badDefault.status).toBe(400);
    expect(badDefault.body.errors.map((e: { field: string }) => e.field)).toContain('body.default.value');
    const stagesOnContact = await admin.client.post('/api/custom-fields', {
      entity: 'contact',
      type: 'string',
      name: 'X',
      requiredFromStageIds: [crypto.randomUUID()],
    });
    expect(stagesOnContact.status).toBe(400);
    const unknownType = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'hologram',
      name: 'X',
    });
    expect(unknownType.status).toBe(400);
    const foreignStage = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'X',
      requiredFromStageIds: [crypto.randomUUID()],
    });
    expect(foreignStage.status).toBe(422);
    expect(foreignStage.body.errors[0].field).toBe('body.requiredFromStageIds.0');
    expect(await databaseChecksum(get())).toBe(before);
  });

  it('changes what may change; type and "multiple" are immutable; codes are unique; a stale ETag gets 409', async () => {
    const admin = await signUp(get());
    const field = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'ИНН',
      code: 'inn',
    });
    const renamed = await admin.client.request(
      'PATCH',
      `/api/custom-fields/${field.body.id}`,
      { name: 'ИНН клиента', showInList: true },
      { 'if-match': '"v1"' },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.headers.etag).toBe('"v2"');
    expect(renamed.body).toMatchObject({ name: 'ИНН клиента', showInList: true, type: 'string' });
    const stale = await admin.client.request(
      'PATCH',
      `/api/custom-fields/${field.body.id}`,
      { name: 'Старое' },
      { 'if-match': '"v1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    for (const immutable of [{ type: 'text' }, { multiple: true }, { entity: 'contact' }]) {
      const res = await admin.client.patch(`/api/custom-fields/${field.body.id}`, immutable);
      expect(res.status).toBe(400);
    }
    const other = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'КПП',
    });
    const taken = await admin.client.patch(`/api/custom-fields/${other.body.id}`, { code: 'inn' });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ code: 'duplicate_code', errors: [{ field: 'body.code' }] });
    // The same code on another entity is fine.
    expect(
      (
        await admin.client.post('/api/custom-fields', {
          entity: 'company',
          type: 'string',
          name: 'ИНН',
          code: 'inn',
        })
      ).status,
    ).toBe(201);
    expect((await admin.client.get(`/api/custom-fields/${field.body.id}`)).body.name).toBe('ИНН клиента');
    expect((await admin.client.delete(`/api/custom-fields/${field.body.id}`)).status).toBe(204);
    expect((await admin.client.get(`/api/custom-fields/${field.body.id}`)).status).toBe(404);
  });

  it('members read definitions but cannot change them; another account’s fields are absent', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const field = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'boolean',
      name: 'VIP',
    });
    const foreign = await other.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'boolean',
      name: 'Чужое',
    });
    expect((await member.client.get('/api/custom-fields')).body.items).toHaveLength(1);
    const before = await databaseChecksum(get());
    expect(
      (await member.client.post('/api/custom-fields', { entity: 'deal', type: 'boolean', name: 'X' })).status,
    ).toBe(403);
    expect((await member.client.patch(`/api/custom-fields/${field.body.id}`, { name: 'X' })).status).toBe(
      403,
    );
    expect((await member.client.delete(`/api/custom-fields/${field.body.id}`)).status).toBe(403);
    expect((await admin.client.get(`/api/custom-fields/${foreign.body.id}`)).status).toBe(404);
    expect((await admin.client.patch(`/api/custom-fields/${foreign.body.id}`, { name: 'X' })).status).toBe(
      404,
    );
    expect((await admin.client.delete(`/api/custom-fields/${foreign.body.id}`)).status).toBe(404);
    const [otherSales] = (await other.client.get('/api/pipelines')).body.items;
    const foreignPipeline = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'X',
      pipelineIds: [otherSales.id],
    });
    expect(foreignPipeline.status).toBe(422);
    expect(foreignPipeline.body.errors[0].field).toBe('body.pipelineIds.0');
    expect(await databaseChecksum(get())).toBe(before);
  });
});
