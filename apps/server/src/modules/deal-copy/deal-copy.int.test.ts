// Deal copy (AUTO-3): one test per scenario of seed 002 (§6.1–6.9), the anonymized copy checked for every
// personal value in every API response of the copy, cross-account, rights, validation and idempotency.
import { expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp, type Client } from '../../../test/http.js';
import type { Actor } from '../../platform/http/index.js';

interface Stage {
  id: string;
  name: string;
  kind: 'unsorted' | 'open' | 'won' | 'lost';
}
interface Pipeline {
  id: string;
  name: string;
  isDefault: boolean;
  stages: Stage[];
}
type Admin = Awaited<ReturnType<typeof signUp>>;

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) =>
  (res.body.errors ?? []).map((e) => e.field);

async function defaultPipeline(client: Client): Promise<Pipeline> {
  const res = await client.get('/api/pipelines');
  return (res.body.items as Pipeline[]).find((p) => p.isDefault) as Pipeline;
}

async function pipeline(client: Client, name: string, stages: string[]): Promise<Pipeline> {
  const res = await client.post('/api/pipelines', { name, stages: stages.map((s) => ({ name: s })) });
  expect(res.status).toBe(201);
  return res.body as Pipeline;
}

const stageNamed = (p: Pipeline, name: string) => p.stages.find((s) => s.name === name) as Stage;
const openStages = (p: Pipeline) => p.stages.filter((s) => s.kind === 'open');

async function field(client: Client, body: Record<string, unknown>): Promise<string> {
  const res = await client.post('/api/custom-fields', { entity: 'deal', ...body });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const option = (label: string, position: number) => ({ id: crypto.randomUUID(), label, position });

/**
 * A deal rich in personal data: a contact with name, phone and e-mail, a company, personal custom fields
 * (name, phone, e-mail, address, free text), non-personal ones (area, services list), line items, tags,
 * and a comment on its timeline.
 */
async function richDeal(admin: Admin) {
  const { client } = admin;
  const contact = await client.post('/api/contacts', {
    firstName: 'Виктор',
    lastName: 'Персонов',
    phones: [{ value: '+7 916 123-45-67', type: 'mobile' }],
    emails: [{ value: 'viktor.personov@example.ru' }],
    address: 'г. Пермь, ул. Ленина, 1',
  });
  expect(contact.status).toBe(201);
  const company = await client.post('/api/companies', { name: 'Арктик Вест-Сервисес' });
  expect(company.status).toBe(201);
  const services = [option('Монтаж', 0), option('Пусконаладка', 1), option('Обучение', 2)];
  const f = {
    representative: await field(client, { type: 'string', name: 'Представитель' }),
    phone: await field(client, { type: 'phone', name: 'Телефон объекта' }),
    email: await field(client, { type: 'email', name: 'Почта бухгалтерии' }),
    address: await field(client, { type: 'address', name: 'Адрес доставки' }),
    notes: await field(client, { type: 'text', name: 'Пожелания клиента' }),
    area: await field(client, { type: 'number', name: 'Площадь, м²' }),
    services: await field(client, {
      type: 'list',
      name: 'Услуги',
      multiple: true,
      settings: { options: services },
    }),
  };
  const pipe = await defaultPipeline(client);
  const negotiation = openStages(pipe)[1] as Stage;
  const deal = await client.post('/api/deals', {
    name: 'Поставка для Виктора Персонова',
    pipelineId: pipe.id,
    stageId: negotiation.id,
    amount: '171750',
    companyId: company.body.id,
    contacts: [{ id: contact.body.id, isPrimary: true }],
    tags: ['Персонов', 'vip'],
    startDate: '2026-12-01',
    closeDate: '2026-12-20',
    customFields: {
      [f.representative]: 'Виктор Персонов',
      [f.phone]: '+7 916 765-43-21',
      [f.email]: 'buh.personov@example.ru',
      [f.address]: { city: 'Пермь', street: 'ул. Ленина', house: '1', text: 'г. Пермь, ул. Ленина, 1' },
      [f.notes]: 'Звонить Виктору после 18:00',
      [f.area]: '120',
      [f.services]: [services[0]?.id, services[1]?.id],
    },
  });
  expect(deal.status).toBe(201);
  const items = await client.put(`/api/deals/${deal.body.id as string}/items`, {
    items: [
      { name: 'Кондиционер Daikin', quantity: '2', price: '50000' },
      { name: 'Монтажный комплект', quantity: '1', price: '71750' },
    ],
  });
  expect(items.status).toBe(200);
  const comment = await client.post('/api/timeline', {
    kind: 'comment',
    entity: 'deal',
    entityId: deal.body.id,
    text: 'Виктор Персонов просил перезвонить на +7 916 123-45-67',
  });
  expect(comment.status).toBe(201);
  return {
    id: deal.body.id as string,
    pipeline: pipe,
    stage: negotiation,
    contactId: contact.body.id as string,
    companyId: company.body.id as string,
    fields: f,
    services,
    itemIds: (items.body.items as { id: string }[]).map((i) => i.id),
  };
}

const copy = (client: Client, id: string, body: unknown, headers: Record<string, string> = {}) =>
  client.post(`/api/deals/${id}/copy`, body, headers);

async function card(client: Client, id: string) {
  const res = await client.get(`/api/deals/${id}`);
  expect(res.status).toBe(200);
  return res.body as {
    id: string;
    name: string;
    amount: string;
    pipelineId: string;
    stageId: string;
    responsibleUserId: string | null;
    companyId: string | null;
    contacts: { id: string; isPrimary: boolean }[];
    tags: string[];
    sourceId: string | null;
    startDate: string | null;
    closeDate: string | null;
    customFields: Record<string, unknown>;
  };
}

const itemNames = async (client: Client, id: string) =>
  ((await client.get(`/api/deals/${id}/items`)).body.items as { name: string }[]).map((i) => i.name);

describeEachDatabase('deal copy', (get: () => Voronka) => {
  it('6.1 copies a deal inside its pipeline to the chosen stage with items, contacts, company and responsible', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const target = openStages(src.pipeline)[2] as Stage;
    const res = await copy(admin.client, src.id, { stageId: target.id });
    expect(res.status).toBe(201);
    const copied = await card(admin.client, res.body.dealId);
    const original = await card(admin.client, src.id);
    expect(copied).toMatchObject({
      name: original.name,
      pipelineId: src.pipeline.id,
      stageId: target.id,
      responsibleUserId: original.responsibleUserId,
      companyId: src.companyId,
      contacts: [{ id: src.contactId, isPrimary: true }],
      amount: original.amount,
      tags: original.tags,
    });
    expect(copied.customFields).toEqual(original.customFields);
    expect(await itemNames(admin.client, copied.id)).toEqual(['Кондиционер Daikin', 'Монтажный комплект']);
    // The original is untouched and both cards show the link.
    expect(original.stageId).toBe(src.stage.id);
    const links = await admin.client.get(`/api/deals/${copied.id}/copy-links`);
    expect(links.body).toMatchObject({ copiedFrom: { dealId: src.id, name: original.name }, copies: [] });
    const back = await admin.client.get(`/api/deals/${src.id}/copy-links`);
    expect(back.body).toMatchObject({
      copiedFrom: null,
      copies: [{ dealId: copied.id, name: copied.name, anonymized: false }],
    });
    // Both timelines tell it (the history entries of deal.created with copiedFrom and deal.copied).
    const copyFeed = JSON.stringify(
      (await admin.client.get(`/api/timeline?entity=deal&entityId=${copied.id}`)).body,
    );
    expect(copyFeed).toContain(src.id);
    const sourceFeed = JSON.stringify(
      (await admin.client.get(`/api/timeline?entity=deal&entityId=${src.id}`)).body,
    );
    expect(sourceFeed).toContain('deal.copied');
    expect(sourceFeed).toContain(copied.id);
    // Comments stay with the original.
    expect(copyFeed).not.toContain('просил перезвонить');
  });

  it('6.2 copies into another pipeline and stage, leaving the items out; the original stays where it was', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const yandex = await pipeline(admin.client, 'Яндекс', ['Первичный контакт', 'Переговоры']);
    const first = stageNamed(yandex, 'Первичный контакт');
    const res = await copy(admin.client, src.id, { pipelineId: yandex.id, stageId: first.id, items: [] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pipelineId: yandex.id, stageId: first.id });
    const copied = await card(admin.client, res.body.dealId);
    expect(copied).toMatchObject({ companyId: src.companyId, contacts: [{ id: src.contactId }] });
    expect(await itemNames(admin.client, copied.id)).toEqual([]);
    expect(copied.amount).toBe('171750.00');
    expect((await card(admin.client, src.id)).pipelineId).toBe(src.pipeline.id);
    // Without a stage the copy lands on the target pipeline's first open stage.
    const noStage = await copy(admin.client, src.id, { pipelineId: yandex.id });
    expect(noStage.body.stageId).toBe(first.id);
    // A stage of another pipeline is named as the problem.
    const wrong = await copy(admin.client, src.id, { pipelineId: yandex.id, stageId: src.stage.id });
    expect(wrong.status).toBe(422);
    expect(fieldsOf(wrong)).toEqual(['body.stageId']);
    const unknown = await copy(admin.client, src.id, { pipelineId: crypto.randomUUID() });
    expect(unknown.status).toBe(422);
    expect(fieldsOf(unknown)).toEqual(['body.pipelineId']);
  });

  it('6.3 copies with another responsible; the original keeps its own', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const src = await richDeal(admin);
    const res = await copy(admin.client, src.id, { responsibleUserId: member.userId });
    expect(res.status).toBe(201);
    expect((await card(admin.client, res.body.dealId)).responsibleUserId).toBe(member.userId);
    expect((await card(admin.client, src.id)).responsibleUserId).toBe(admin.userId);
    const nobody = await copy(admin.client, src.id, { responsibleUserId: crypto.randomUUID() });
    expect(nobody.status).toBe(422);
    expect(fieldsOf(nobody)).toEqual(['body.responsibleUserId']);
  });

  it('6.4 copies only the data chosen: some items, some fields, no contacts or company', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const res = await copy(admin.client, src.id, {
      items: [src.itemIds[1]],
      contacts: false,
      company: false,
      tags: false,
      dates: false,
      customFields: [src.fields.area, src.fields.services],
    });
    expect(res.status).toBe(201);
    const copied = await card(admin.client, res.body.dealId);
    expect(copied).toMatchObject({
      companyId: null,
      contacts: [],
      tags: [],
      startDate: null,
      closeDate: null,
    });
    expect(Object.keys(copied.customFields).sort()).toEqual([src.fields.area, src.fields.services].sort());
    expect(copied.customFields[src.fields.services]).toEqual([src.services[0]?.id, src.services[1]?.id]);
    expect(await itemNames(admin.client, copied.id)).toEqual(['Монтажный комплект']);
    expect(copied.amount).toBe('71750.00');
    // Unknown items and fields are named.
    const bad = await copy(admin.client, src.id, {
      items: [crypto.randomUUID()],
      customFields: [crypto.randomUUID()],
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(['body.customFields.0']);
    const badItem = await copy(admin.client, src.id, { items: [src.itemIds[0], crypto.randomUUID()] });
    expect(fieldsOf(badItem)).toEqual(['body.items.1']);
    const malformed = await copy(admin.client, src.id, { contacts: 'yes', title: { kind: 'nope' } });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed).sort()).toEqual(['body.contacts', 'body.title.kind']);
  });

  it('6.5 copies automatically from a trigger: copyDeal in the caller’s transaction with a preset, recorded as automation', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const partners = await pipeline(admin.client, 'Партнёры', ['Новая заявка']);
    const preset = await admin.client.post('/api/deal-copy-presets', {
      name: 'Передать партнёру',
      options: { pipelineId: partners.id, stageId: stageNamed(partners, 'Новая заявка').id, contacts: false },
    });
    expect(preset.status).toBe(201);
    const voronka = get();
    const actor: Actor = {
      accountId: admin.accountId,
      userId: admin.userId,
      identityId: admin.userId,
      role: 'admin',
      via: 'session',
      sessionId: null,
      tokenId: null,
    };
    const result = await voronka.database.db
      .transaction()
      .execute((trx) =>
        voronka.modules.dealCopy.service.copyDeal(
          trx,
          actor,
          src.id,
          { presetId: preset.body.id, company: false },
          { accountId: admin.accountId, actorUserId: admin.userId, source: 'automation' },
        ),
      );
    const copied = await card(admin.client, result.dealId);
    expect(copied).toMatchObject({ pipelineId: partners.id, contacts: [], companyId: null });
    const events = await voronka.database.db
      .selectFrom('domain_events')
      .select(['type', 'source', 'entity_id', 'payload'])
      .where('account_id', '=', admin.accountId)
      .where('type', 'in', ['deal.created', 'deal.copied'])
      .where('entity_id', 'in', [src.id, result.dealId])
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.type, e.source, e.entity_id])).toEqual([
      ['deal.created', 'ui', src.id],
      ['deal.created', 'automation', result.dealId],
      ['deal.copied', 'automation', src.id],
    ]);
    expect(events[1]?.payload).toMatchObject({ copiedFrom: src.id });
    expect(events[2]?.payload).toMatchObject({ copyId: result.dealId, presetId: preset.body.id });
    // A failing copy inside a trigger's transaction leaves nothing behind.
    const before = await voronka.database.db
      .selectFrom('deals')
      .select('id')
      .where('account_id', '=', admin.accountId)
      .execute();
    await expect(
      voronka.database.db
        .transaction()
        .execute((trx) =>
          voronka.modules.dealCopy.service.copyDeal(trx, actor, src.id, { presetId: crypto.randomUUID() }),
        ),
    ).rejects.toMatchObject({ status: 422 });
    const after = await voronka.database.db
      .selectFrom('deals')
      .select('id')
      .where('account_id', '=', admin.accountId)
      .execute();
    expect(after.length).toBe(before.length);
  });

  it('6.6 hand-off to delivery: a preset to "Выполнение / В работе" with company, contacts and operational fields, no marketing data', async () => {
    const admin = await signUp(get());
    const executor = await addMember(get(), admin.client);
    const src = await richDeal(admin);
    const delivery = await pipeline(admin.client, 'Выполнение', ['В работе', 'Сдано']);
    const preset = await admin.client.post('/api/deal-copy-presets', {
      name: 'Передача в выполнение',
      options: {
        pipelineId: delivery.id,
        stageId: stageNamed(delivery, 'В работе').id,
        responsibleUserId: executor.userId,
        tags: false,
        source: false,
        customFields: [src.fields.area, src.fields.services, src.fields.address],
      },
    });
    expect(preset.status).toBe(201);
    const res = await copy(admin.client, src.id, { presetId: preset.body.id });
    expect(res.status).toBe(201);
    const copied = await card(admin.client, res.body.dealId);
    expect(copied).toMatchObject({
      pipelineId: delivery.id,
      stageId: stageNamed(delivery, 'В работе').id,
      responsibleUserId: executor.userId,
      companyId: src.companyId,
      contacts: [{ id: src.contactId }],
      tags: [],
      closeDate: '2026-12-20',
    });
    expect(Object.keys(copied.customFields).sort()).toEqual(
      [src.fields.area, src.fields.services, src.fields.address].sort(),
    );
    // The request's own keys override the preset's.
    const mine = await copy(admin.client, src.id, {
      presetId: preset.body.id,
      responsibleUserId: admin.userId,
    });
    expect((await card(admin.client, mine.body.dealId)).responsibleUserId).toBe(admin.userId);
  });

  it('6.7 anonymized copy for a partner: no personal value anywhere in the copy’s card, items, links, timeline, history or search', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const partners = await pipeline(admin.client, 'Партнёры', ['Новая заявка']);
    const res = await copy(admin.client, src.id, {
      pipelineId: partners.id,
      stageId: stageNamed(partners, 'Новая заявка').id,
      anonymized: true,
    });
    expect(res.status).toBe(201);
    const id = res.body.dealId as string;
    expect(res.body).toMatchObject({ anonymized: true, name: `Сделка #${id.slice(0, 8)}` });
    const copied = await card(admin.client, id);
    // Field by field: nothing of the people, the company, the amount or the source; the technical data stays.
    expect(copied).toMatchObject({
      companyId: null,
      contacts: [],
      tags: [],
      sourceId: null,
      amount: '171750.00',
    });
    expect(copied.customFields).toEqual({
      [src.fields.area]: '120',
      [src.fields.services]: [src.services[0]?.id, src.services[1]?.id],
    });
    expect(await itemNames(admin.client, id)).toEqual(['Кондиционер Daikin', 'Монтажный комплект']);
    const responses = [
      (await admin.client.get(`/api/deals/${id}`)).text,
      (await admin.client.get(`/api/deals/${id}/items`)).text,
      (await admin.client.get(`/api/deals/${id}/stages`)).text,
      (await admin.client.get(`/api/deals/${id}/copy-links`)).text,
      (await admin.client.get(`/api/timeline?entity=deal&entityId=${id}`)).text,
      (await admin.client.get(`/api/history?entity=deal&entityId=${id}`)).text,
      (await admin.client.get(`/api/deals?pipelineId=${partners.id}`)).text,
      (await admin.client.get(`/api/deals/kanban?pipelineId=${partners.id}`)).text,
    ];
    const needles = [
      'Виктор',
      'Персонов',
      'personov',
      // The phones in any spelling; a bare '916' could occur inside a generated id.
      '916 123',
      '916 765',
      '123-45-67',
      '765-43-21',
      '79161234567',
      '79167654321',
      'Ленина',
      'Пермь',
      'Арктик',
      '18:00',
      src.id,
      src.contactId,
      src.companyId,
    ];
    for (const text of responses) for (const needle of needles) expect(text).not.toContain(needle);
    expect((await admin.client.get(`/api/deals/${id}/copy-links`)).body).toEqual({
      copiedFrom: null,
      copies: [],
    });
    // Search by the client's name, phone or e-mail finds the original, never the copy.
    for (const q of ['Персонов', '+79161234567', 'viktor.personov@example.ru', 'Арктик']) {
      const found = await admin.client.get(`/api/search?q=${encodeURIComponent(q)}&limit=20`);
      expect(found.status).toBe(200);
      expect(found.text).not.toContain(id);
      if (q === 'Персонов') expect(found.text).toContain(src.id);
    }
    // The original records that an anonymized copy was made, without pointing at it.
    const back = await admin.client.get(`/api/deals/${src.id}/copy-links`);
    expect(back.body.copies).toEqual([
      { dealId: null, name: null, anonymized: true, createdAt: expect.any(String) },
    ]);
    expect((await admin.client.get(`/api/timeline?entity=deal&entityId=${src.id}`)).text).not.toContain(id);
    expect((await admin.client.get(`/api/history?entity=deal&entityId=${src.id}`)).text).not.toContain(id);
    // Nothing in the database joins the two.
    const rows = await get()
      .database.db.selectFrom('deal_copies')
      .selectAll()
      .where('account_id', '=', admin.accountId)
      .execute();
    expect(rows).toMatchObject([{ source_deal_id: src.id, copy_deal_id: null, anonymized: true }]);
  });

  it('6.7 anonymized: a whitelisted personal field is copied; contacts, company or the original’s title are refused', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const res = await copy(admin.client, src.id, {
      anonymized: true,
      customFields: [src.fields.area, src.fields.address],
      title: { kind: 'template', text: 'Монтаж для партнёра {id}' },
    });
    expect(res.status).toBe(201);
    const copied = await card(admin.client, res.body.dealId);
    expect(Object.keys(copied.customFields).sort()).toEqual([src.fields.address, src.fields.area].sort());
    expect(copied.name).toBe(`Монтаж для партнёра ${copied.id.slice(0, 8)}`);
    const refused = await copy(admin.client, src.id, {
      anonymized: true,
      contacts: true,
      company: true,
      title: { kind: 'template', text: 'Копия {name}' },
    });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused)).toEqual(['body.contacts', 'body.company', 'body.title']);
    const same = await copy(admin.client, src.id, { anonymized: true, title: { kind: 'same' } });
    expect(fieldsOf(same)).toEqual(['body.title']);
  });

  it('6.8 post-sale: a won deal copied to "Логистика" with company, main contact, items and the delivery address, to the logistician', async () => {
    const admin = await signUp(get());
    const logistician = await addMember(get(), admin.client);
    const src = await richDeal(admin);
    const won = src.pipeline.stages.find((s) => s.kind === 'won') as Stage;
    expect((await admin.client.patch(`/api/deals/${src.id}`, { stageId: won.id })).status).toBe(200);
    const logistics = await pipeline(admin.client, 'Логистика', ['Первичный контакт', 'Отгрузка']);
    const preset = await admin.client.post('/api/deal-copy-presets', {
      name: 'Логистика после продажи',
      options: {
        pipelineId: logistics.id,
        responsibleUserId: logistician.userId,
        tags: false,
        customFields: [src.fields.address, src.fields.phone],
      },
    });
    const res = await copy(admin.client, src.id, { presetId: preset.body.id });
    expect(res.status).toBe(201);
    const copied = await card(admin.client, res.body.dealId);
    expect(copied).toMatchObject({
      pipelineId: logistics.id,
      stageId: stageNamed(logistics, 'Первичный контакт').id,
      responsibleUserId: logistician.userId,
      companyId: src.companyId,
      contacts: [{ id: src.contactId, isPrimary: true }],
      amount: '171750.00',
    });
    expect(Object.keys(copied.customFields).sort()).toEqual([src.fields.address, src.fields.phone].sort());
    expect(await itemNames(admin.client, copied.id)).toHaveLength(2);
    // A copy of a won deal inside its own pipeline starts open, not won.
    const same = await copy(admin.client, src.id, {});
    const opened = await card(admin.client, same.body.dealId);
    expect(opened.stageId).toBe(openStages(src.pipeline)[0]?.id);
  });

  it('6.9 renewal / upsell: "Повторные продажи / Новый запрос", company, contacts and the package, not the one-off fields', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const repeat = await pipeline(admin.client, 'Повторные продажи', ['Новый запрос', 'КП']);
    const preset = await admin.client.post('/api/deal-copy-presets', {
      name: 'Продление',
      options: {
        pipelineId: repeat.id,
        stageId: stageNamed(repeat, 'Новый запрос').id,
        dates: false,
        amount: false,
        items: [],
        customFields: [src.fields.services],
        title: { kind: 'template', text: 'Продление: {name}' },
      },
    });
    const res = await copy(admin.client, src.id, { presetId: preset.body.id });
    expect(res.status).toBe(201);
    const copied = await card(admin.client, res.body.dealId);
    expect(copied).toMatchObject({
      name: 'Продление: Поставка для Виктора Персонова',
      responsibleUserId: admin.userId,
      companyId: src.companyId,
      contacts: [{ id: src.contactId }],
      amount: '0.00',
      startDate: null,
      closeDate: null,
      customFields: { [src.fields.services]: [src.services[0]?.id, src.services[1]?.id] },
    });
  });

  it('keeps presets per account: everyone reads, administrators change, names are unique', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const created = await admin.client.post('/api/deal-copy-presets', {
      name: 'Передача',
      options: { tags: false },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await member.client.get('/api/deal-copy-presets')).body.items).toMatchObject([
      { id, name: 'Передача' },
    ]);
    expect((await member.client.post('/api/deal-copy-presets', { name: 'Моё', options: {} })).status).toBe(
      403,
    );
    expect((await member.client.put(`/api/deal-copy-presets/${id}`, { name: 'X', options: {} })).status).toBe(
      403,
    );
    expect((await member.client.delete(`/api/deal-copy-presets/${id}`)).status).toBe(403);
    const duplicate = await admin.client.post('/api/deal-copy-presets', { name: 'передача', options: {} });
    expect(duplicate.status).toBe(422);
    expect(fieldsOf(duplicate)).toEqual(['body.name']);
    const badOptions = await admin.client.post('/api/deal-copy-presets', {
      name: 'B',
      options: { items: 'some' },
    });
    expect(badOptions.status).toBe(400);
    expect(fieldsOf(badOptions)[0]).toMatch(/^body\.options\.items/);
    const renamed = await admin.client.put(`/api/deal-copy-presets/${id}`, {
      name: 'Передача в доставку',
      options: { anonymized: true },
    });
    expect(renamed.body).toMatchObject({ name: 'Передача в доставку', options: { anonymized: true } });
    // Another account sees nothing of it, nor can it use it.
    expect((await other.client.get('/api/deal-copy-presets')).body.items).toEqual([]);
    expect((await other.client.get(`/api/deal-copy-presets/${id}`)).status).toBe(404);
    expect((await other.client.put(`/api/deal-copy-presets/${id}`, { name: 'X', options: {} })).status).toBe(
      404,
    );
    const theirs = await other.client.post('/api/deals', { name: 'Их сделка' });
    const usingOurs = await copy(other.client, theirs.body.id, { presetId: id });
    expect(usingOurs.status).toBe(422);
    expect(fieldsOf(usingOurs)).toEqual(['body.presetId']);
    expect((await admin.client.delete(`/api/deal-copy-presets/${id}`)).status).toBe(204);
    expect((await admin.client.get(`/api/deal-copy-presets/${id}`)).status).toBe(404);
  });

  it('another account’s deal is 404 (no read on the source), and its pipeline is refused as the target', async () => {
    const admin = await signUp(get());
    const member = await addMember(get(), admin.client);
    const other = await signUp(get());
    const src = await richDeal(admin);
    expect((await copy(other.client, src.id, {})).status).toBe(404);
    expect((await other.client.get(`/api/deals/${src.id}/copy-links`)).status).toBe(404);
    expect((await copy(admin.client, crypto.randomUUID(), {})).status).toBe(404);
    // No create in the target: a pipeline of another account is not one the user may create deals in.
    const theirs = await defaultPipeline(other.client);
    const refused = await copy(admin.client, src.id, { pipelineId: theirs.id });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused)).toEqual(['body.pipelineId']);
    const theirDeal = await other.client.post('/api/deals', { name: 'Чужая' });
    expect((await copy(admin.client, theirDeal.body.id, {})).status).toBe(404);
    // A manager does not see the administrator's deal, so cannot copy it (404); a director can (ADR 0018).
    expect((await copy(member.client, src.id, { responsibleUserId: member.userId })).status).toBe(404);
    await assignRole(admin.client, member.userId, 'director');
    const byMember = await copy(member.client, src.id, { responsibleUserId: member.userId });
    expect(byMember.status).toBe(201);
    // Nothing was written by the refused attempts.
    const links = await admin.client.get(`/api/deals/${src.id}/copy-links`);
    expect(links.body.copies).toHaveLength(1);
  });

  it('takes an Idempotency-Key: a retry returns the same copy and makes no second one', async () => {
    const admin = await signUp(get());
    const src = await richDeal(admin);
    const headers = { 'idempotency-key': `copy-${src.id}` };
    const first = await copy(admin.client, src.id, { tags: false }, headers);
    expect(first.status).toBe(201);
    const retry = await copy(admin.client, src.id, { tags: false }, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.dealId).toBe(first.body.dealId);
    const links = await admin.client.get(`/api/deals/${src.id}/copy-links`);
    expect(links.body.copies).toHaveLength(1);
    const reused = await copy(admin.client, src.id, { tags: true }, headers);
    expect(reused.status).toBe(422);
  });
});
