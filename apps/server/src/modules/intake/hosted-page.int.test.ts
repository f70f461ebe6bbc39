import { expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, Client, signUp } from '../../../test/http.js';
import type { Actor } from '../../platform/http/index.js';
import { pageLocale } from './hosted-page.js';

let ipCounter = 0;
const visitor = (voronka: Voronka) => new Client(voronka, `198.51.100.${++ipCounter}`);

async function formOf(admin: Awaited<ReturnType<typeof signUp>>, name = 'Замер') {
  const pipeline = (await admin.client.get('/api/pipelines')).body.items[0] as { id: string };
  const form = await admin.client.post('/api/forms', {
    name,
    pipelineId: pipeline.id,
    fields: [
      { key: 'name', label: 'Имя <b>клиента</b>', target: 'name', required: true },
      { key: 'phone', label: 'Телефон', target: 'phone' },
      { key: 'comment', label: 'Комментарий', target: 'comment' },
    ],
    consent: { required: true, text: 'Согласен на обработку персональных данных' },
    thankYouText: 'Спасибо!',
  });
  expect(form.status).toBe(201);
  return { pipeline, form: form.body as { id: string; publicKey: string } };
}

/** The actor of a signed-up account's administrator, for calling a module directly. */
async function actorOf(client: Client): Promise<Actor> {
  const me = (await client.get('/api/me')).body as {
    user: { id: string; identityId: string };
    account: { id: string };
  };
  return {
    accountId: me.account.id,
    userId: me.user.id,
    identityId: me.user.identityId,
    role: 'admin',
    via: 'session',
    sessionId: null,
    tokenId: null,
  };
}

it('picks the page language from ?lang, then Accept-Language by quality, else Russian', () => {
  expect(pageLocale(undefined, undefined)).toBe('ru');
  expect(pageLocale(undefined, 'en-US,en;q=0.9')).toBe('en');
  expect(pageLocale(undefined, 'de-DE,ru;q=0.8,en;q=0.9')).toBe('en');
  expect(pageLocale(undefined, 'en;q=0.5,ru-RU')).toBe('ru');
  expect(pageLocale(undefined, 'de')).toBe('ru');
  expect(pageLocale('ru', 'en-US')).toBe('ru');
  expect(pageLocale('en', 'ru')).toBe('en');
});

describeEachDatabase('intake: hosted page, inbox filters, the playbook template', (get) => {
  it('serves the hosted page without sign-in, in Russian or English, escaped, with the honeypot', async () => {
    const voronka = get();
    const admin = await signUp(voronka);
    const { form } = await formOf(admin);
    const client = visitor(voronka);
    const ru = await client.request('GET', `/f/${form.publicKey}`);
    expect(ru.status).toBe(200);
    expect(ru.headers['content-type']).toMatch(/^text\/html/);
    const html = ru.text;
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Имя &lt;b&gt;клиента&lt;/b&gt;');
    expect(html).not.toContain('<b>клиента</b>');
    expect(html).toContain('name="website_url"');
    expect(html).toContain('Согласен на обработку персональных данных');
    expect(html).toContain('>Отправить</button>');
    const en = await client.request('GET', `/f/${form.publicKey}?lang=en`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('>Send</button>');
    const byHeader = await client.request('GET', `/f/${form.publicKey}`, undefined, {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(byHeader.text).toContain('>Send</button>');

    const missing = await client.request('GET', '/f/no-such-key', undefined, { accept: 'text/html' });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Форма не найдена');
    // An API client (no HTML in Accept) gets problem+json.
    const missingApi = await client.request('GET', '/f/no-such-key');
    expect(missingApi.status).toBe(404);
    expect(missingApi.headers['content-type']).toContain('application/problem+json');
    // Switched off: the page is gone too (another account's admin cannot switch it off: 404).
    const other = await signUp(voronka);
    expect((await other.client.patch(`/api/forms/${form.id}`, { active: false })).status).toBe(404);
    expect((await admin.client.patch(`/api/forms/${form.id}`, { active: false })).status).toBe(200);
    expect(
      (await client.request('GET', `/f/${form.publicKey}`, undefined, { accept: 'text/html' })).status,
    ).toBe(404);

    const doc = (await client.get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(doc.paths['/f/{key}']).toBeDefined();
  });

  it('filters the inbox by source; another account sees none of it', async () => {
    const voronka = get();
    const admin = await signUp(voronka);
    const first = await formOf(admin, 'Замер');
    const second = await formOf(admin, 'Расчёт');
    const submit = (key: string, phone: string) =>
      visitor(voronka).post(`/api/public/forms/${key}/submissions`, { name: 'Анна', phone, consent: true });
    expect((await submit(first.form.publicKey, '+7 916 111-22-33')).status).toBe(201);
    expect((await submit(second.form.publicKey, '+7 916 444-55-66')).status).toBe(201);
    const bySource = async (client: Client, source: string) =>
      (await client.get(`/api/inbox?source=${encodeURIComponent(source)}`)).body as {
        items: { source: string }[];
      };
    expect((await bySource(admin.client, 'form:Расчёт')).items.map((i) => i.source)).toEqual(['form:Расчёт']);
    expect((await bySource(admin.client, 'form:Замер')).items).toHaveLength(1);
    expect((await admin.client.get('/api/inbox')).body.items).toHaveLength(2);
    const other = await signUp(voronka);
    expect((await bySource(other.client, 'form:Расчёт')).items).toEqual([]);
    // A member whose role reaches every deal reads the inbox too; an empty source is refused on its field.
    const member = await addMember(voronka, admin.client);
    await assignRole(admin.client, member.userId, 'director');
    expect((await bySource(member.client, 'form:Замер')).items).toHaveLength(1);
    const bad = await admin.client.get('/api/inbox?source=');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('querystring.source');
  });

  it('installs seed 001’s playbook: pipeline with «Корзина», deal fields, a working form, a 10-minute SLA', async () => {
    const voronka = get();
    const admin = await signUp(voronka);
    const actor = await actorOf(admin.client);
    // A deal field the account already has under a code of the playbook is reused, not duplicated.
    const ownField = await admin.client.post('/api/custom-fields', {
      entity: 'deal',
      type: 'string',
      name: 'Откуда узнали',
      code: 'heard_from',
    });
    expect(ownField.status).toBe(201);
    const installed = await voronka.modules.intake.installPlaybook(actor);
    expect(installed.pipeline.stages.map((s) => [s.name, s.kind])).toEqual([
      ['Неразобранное', 'unsorted'],
      ['Первичный контакт', 'open'],
      ['Замер', 'open'],
      ['Думает', 'open'],
      ['Заключение договора', 'open'],
      ['Успешно реализовано', 'won'],
      ['Корзина', 'lost'],
    ]);
    expect(installed.stageIds['Думает']).toBe(installed.pipeline.stages[3]?.id);
    // Not ready → «Думает» with a follow-up task: the stage's robot.
    const rules = await admin.client.get(`/api/automation/rules?pipelineId=${installed.pipeline.id}`);
    expect(rules.body.items).toEqual([
      expect.objectContaining({
        kind: 'robot',
        stageId: installed.stageIds['Думает'],
        action: expect.objectContaining({ type: 'create_task', taskType: 'call' }),
        timing: expect.objectContaining({ kind: 'immediately' }),
      }),
    ]);
    expect(installed.sla).toMatchObject({ pipelineId: installed.pipeline.id, minutes: 10 });
    expect(installed.form.consent.required).toBe(true);

    // A submission lands in the pipeline's Unsorted stage with the address on the deal's field.
    const sent = await visitor(voronka).post(`/api/public/forms/${installed.form.publicKey}/submissions`, {
      name: 'Ирина',
      phone: '+7 916 204-18-55',
      address: 'Москва, ул. Садовая, д. 14',
      consent: true,
    });
    expect(sent.status).toBe(201);
    const inbox = (await admin.client.get(`/api/inbox?pipelineId=${installed.pipeline.id}`)).body as {
      items: { dealId: string; stageId: string; receivedAt: string; sla: { dueAt: string } }[];
    };
    expect(inbox.items).toHaveLength(1);
    const request = inbox.items[0]!;
    expect(request.stageId).toBe(installed.stageIds['Неразобранное']);
    expect(Date.parse(request.sla.dueAt) - Date.parse(request.receivedAt)).toBe(10 * 60_000);
    const deal = (await admin.client.get(`/api/deals/${request.dealId}`)).body as {
      customFields: Record<string, unknown>;
    };
    expect(deal.customFields[installed.fields.measure_address.id]).toBe('Москва, ул. Садовая, д. 14');
    // Declining sends it to «Корзина».
    const declined = await admin.client.post(`/api/inbox/${request.dealId}/decline`, { comment: 'Спам' });
    expect(declined.body.stageId).toBe(installed.stageIds['Корзина']);

    expect(installed.fields.heard_from.id).toBe(ownField.body.id);
    const dealFields = (await admin.client.get('/api/custom-fields?entity=deal')).body.items as {
      code: string | null;
      pipelineIds: string[] | null;
    }[];
    expect(dealFields.filter((f) => f.code === 'heard_from')).toHaveLength(1);
    expect(dealFields.find((f) => f.code === 'measure_address')?.pipelineIds).toEqual([
      installed.pipeline.id,
    ]);
    // Installed again: refused before anything is made (its form's name is taken).
    const before = (await admin.client.get('/api/pipelines')).body.items.length as number;
    await expect(voronka.modules.intake.installPlaybook(actor)).rejects.toMatchObject({ status: 409 });
    expect((await admin.client.get('/api/pipelines')).body.items).toHaveLength(before);
    // Only an administrator installs it: a member is refused before anything is made.
    const member = await addMember(voronka, admin.client);
    const memberActor = { ...(await actorOf(member.client)), role: 'member' as const };
    const pipelines = (await admin.client.get('/api/pipelines')).body.items.length as number;
    await expect(voronka.modules.intake.installPlaybook(memberActor)).rejects.toMatchObject({ status: 403 });
    expect((await admin.client.get('/api/pipelines')).body.items).toHaveLength(pipelines);
  });

  it('accepts with a chosen contact and an existing company; another account’s are refused on their fields', async () => {
    const voronka = get();
    const admin = await signUp(voronka);
    const { pipeline } = await formOf(admin);
    const key = (await admin.client.get('/api/forms')).body.items[0].publicKey as string;
    expect(
      (
        await visitor(voronka).post(`/api/public/forms/${key}/submissions`, {
          name: 'Ольга',
          phone: '+7 916 777-00-11',
          consent: true,
        })
      ).status,
    ).toBe(201);
    const request = (await admin.client.get('/api/inbox')).body.items[0] as {
      dealId: string;
      contact: { id: string };
    };
    const known = await admin.client.post('/api/contacts', { firstName: 'Ольга', lastName: 'Петрова' });
    const company = await admin.client.post('/api/companies', { name: 'ООО «Север»' });
    const other = await signUp(voronka);
    const foreignContact = await other.client.post('/api/contacts', { firstName: 'Чужой' });
    const foreignCompany = await other.client.post('/api/companies', { name: 'Чужая' });

    const refused = await admin.client.post(`/api/inbox/${request.dealId}/accept`, {
      contactId: foreignContact.body.id,
      companyId: foreignCompany.body.id,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { field: 'body.contactId', reason: 'No such contact' },
      { field: 'body.companyId', reason: 'No such company' },
    ]);
    expect((await admin.client.get('/api/inbox')).body.items).toHaveLength(1);
    // Another account cannot act on the request at all.
    expect((await other.client.post(`/api/inbox/${request.dealId}/accept`, {})).status).toBe(404);

    const accepted = await admin.client.post(`/api/inbox/${request.dealId}/accept`, {
      contactId: known.body.id,
      companyId: company.body.id,
    });
    expect(accepted.status).toBe(200);
    const stages = (await admin.client.get(`/api/pipelines/${pipeline.id}`)).body.stages as {
      id: string;
      kind: string;
    }[];
    expect(accepted.body.stageId).toBe(stages.find((s) => s.kind === 'open')?.id);
    expect(accepted.body.companyId).toBe(company.body.id);
    expect(
      (accepted.body.contacts as { id: string; isPrimary: boolean }[]).map((c) => [c.id, c.isPrimary]),
    ).toEqual([
      [known.body.id, true],
      [request.contact.id, false],
    ]);
  });
});
