import { expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, Client, signUp } from '../../../test/http.js';

/** The module's clock, steered by the tests: Monday 7 December 2026, 10:00 Moscow time. */
const clock = {
  at: new Date('2026-12-07T07:00:00Z'),
  now() {
    return new Date(this.at);
  },
  advance(minutes: number) {
    this.at = new Date(this.at.getTime() + minutes * 60_000);
  },
};

let ipCounter = 0;
/** A visitor of the public form, from an address of its own (the rate limit is per IP). */
const visitor = (voronka: Voronka) => new Client(voronka, `192.0.2.${++ipCounter}`);

async function setUp(voronka: Voronka) {
  const admin = await signUp(voronka);
  const pipelines = await admin.client.get('/api/pipelines');
  const pipeline = pipelines.body.items[0] as {
    id: string;
    stages: { id: string; kind: string; name: string }[];
  };
  const form = await admin.client.post('/api/forms', {
    name: 'Замер',
    pipelineId: pipeline.id,
    fields: [
      { key: 'name', label: 'Имя', target: 'name', required: true },
      { key: 'phone', label: 'Телефон', target: 'phone' },
      { key: 'email', label: 'E-mail', target: 'email' },
      { key: 'company', label: 'Компания', target: 'company' },
      { key: 'comment', label: 'Комментарий', target: 'comment' },
    ],
    consent: { required: true, text: 'Согласен на обработку персональных данных' },
    thankYouText: 'Спасибо! Мы перезвоним через 10 минут.',
  });
  expect(form.status).toBe(201);
  const key = form.body.publicKey as string;
  const stage = (kind: string) => pipeline.stages.find((s) => s.kind === kind)!;
  return { admin, pipeline, form: form.body, key, stage, url: `/api/public/forms/${key}/submissions` };
}

const rows = async (voronka: Voronka, table: 'deals' | 'contacts' | 'intake_requests' | 'timeline_entries') =>
  Number(
    (
      await voronka.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const counts = async (voronka: Voronka) => ({
  deals: await rows(voronka, 'deals'),
  contacts: await rows(voronka, 'contacts'),
  requests: await rows(voronka, 'intake_requests'),
  timeline: await rows(voronka, 'timeline_entries'),
});

/** The timeline entries of a record's feed. */
const entries = (res: {
  body: { items: { type: string; entry?: { kind: string; text: string; authorUserId: string | null } }[] };
}) => res.body.items.flatMap((i) => (i.type === 'entry' && i.entry ? [i.entry] : []));

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > ms) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachDatabase(
  'intake',
  (get) => {
    it('forms: CRUD by administrators, members read only, public definition, key rotation', async () => {
      const { admin, form, key, pipeline } = await setUp(get());
      expect(form).toMatchObject({
        name: 'Замер',
        pipelineId: pipeline.id,
        responsibleUserId: admin.userId,
        active: true,
        consent: { required: true },
        submissionCount: 0,
        version: 1,
      });
      const member = await addMember(get(), admin.client);
      expect((await member.client.get('/api/forms')).body.items).toHaveLength(1);
      const refused = await member.client.post('/api/forms', { ...form, name: 'Другая' });
      expect(refused.status).toBe(403);
      expect((await member.client.patch(`/api/forms/${form.id}`, { name: 'X' })).status).toBe(403);
      expect((await admin.client.get(`/api/forms/${form.id}`)).body.name).toBe('Замер');

      const bad = await admin.client.post('/api/forms', {
        name: 'Без контакта',
        pipelineId: pipeline.id,
        fields: [{ key: 'name', label: 'Имя', target: 'name' }],
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.errors)).toContain('body.fields');
      const badPipeline = await admin.client.post('/api/forms', {
        name: 'Чужая воронка',
        pipelineId: '00000000-0000-4000-8000-000000000000',
        fields: [{ key: 'phone', label: 'Телефон', target: 'phone' }],
      });
      expect(badPipeline.status).toBe(422);
      expect(badPipeline.body.errors).toEqual([{ field: 'body.pipelineId', reason: 'No such pipeline' }]);

      const visitorClient = visitor(get());
      const definition = await visitorClient.get(`/api/public/forms/${key}`);
      expect(definition.status).toBe(200);
      expect(definition.body).toMatchObject({
        name: 'Замер',
        consent: { required: true, text: 'Согласен на обработку персональных данных' },
        thankYouText: 'Спасибо! Мы перезвоним через 10 минут.',
        honeypotField: 'website_url',
      });
      expect(definition.body.fields.map((f: { key: string }) => f.key)).toEqual([
        'name',
        'phone',
        'email',
        'company',
        'comment',
      ]);
      expect(JSON.stringify(definition.body)).not.toContain(pipeline.id);

      const rotated = await admin.client.post(`/api/forms/${form.id}/rotate-key`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.publicKey).not.toBe(key);
      expect((await visitorClient.get(`/api/public/forms/${key}`)).status).toBe(404);
      expect((await visitorClient.get(`/api/public/forms/${rotated.body.publicKey}`)).status).toBe(200);

      const off = await admin.client.request(
        'PATCH',
        `/api/forms/${form.id}`,
        { active: false },
        { 'if-match': `"v${rotated.body.version}"` },
      );
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await visitorClient.get(`/api/public/forms/${rotated.body.publicKey}`)).status).toBe(404);
      expect(
        (await visitorClient.post(`/api/public/forms/${rotated.body.publicKey}/submissions`, { name: 'A' }))
          .status,
      ).toBe(404);

      // Another account sees none of it.
      const other = await signUp(get());
      expect((await other.client.get(`/api/forms/${form.id}`)).status).toBe(404);
      expect((await other.client.request('DELETE', `/api/forms/${form.id}`)).status).toBe(404);
      expect((await other.client.get('/api/forms')).body.items).toEqual([]);
      expect((await admin.client.get(`/api/forms/${form.id}`)).body.active).toBe(false);

      expect((await member.client.request('DELETE', `/api/forms/${form.id}`)).status).toBe(403);
      expect((await admin.client.request('DELETE', `/api/forms/${form.id}`)).status).toBe(204);
      expect((await admin.client.get('/api/forms')).body.items).toEqual([]);
    });

    it('a submission becomes a deal in Unsorted with its contact, UTM and the message on the timeline', async () => {
      const voronka = get();
      const { admin, key, url, stage, form } = await setUp(voronka);
      const before = await counts(voronka);
      const res = await visitor(voronka).post(url, {
        name: 'Сергей',
        phone: '8 (916) 123-45-67',
        email: 'Sergey@Example.ru',
        company: 'ООО Окна',
        comment: 'Нужен замер на балкон',
        consent: true,
        utm_source: 'yandex',
        utm_medium: 'cpc',
        utm_campaign: 'balkon',
        page_url: 'https://okna.example/balkon',
        referrer: 'https://ya.ru/',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ ok: true, thankYouText: 'Спасибо! Мы перезвоним через 10 минут.' });
      const after = await counts(voronka);
      expect(after.deals - before.deals).toBe(1);
      expect(after.contacts - before.contacts).toBe(1);
      expect(after.requests - before.requests).toBe(1);

      const inbox = await admin.client.get('/api/inbox');
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toHaveLength(1);
      const item = inbox.body.items[0];
      expect(item).toMatchObject({
        stageId: stage('unsorted').id,
        source: 'form:Замер',
        formId: form.id,
        kind: 'new',
        utm: { source: 'yandex', medium: 'cpc', campaign: 'balkon', content: null, term: null },
        pageUrl: 'https://okna.example/balkon',
        referrer: 'https://ya.ru/',
        message: 'Нужен замер на балкон',
        responsibleUserId: admin.userId,
        contact: { name: 'Сергей', phone: '8 (916) 123-45-67', email: 'sergey@example.ru' },
        duplicates: { contactIds: [], dealIds: [] },
        receivedAt: clock.now().toISOString(),
        sla: {
          dueAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
          respondedAt: null,
          status: 'pending',
        },
      });
      const deal = await admin.client.get(`/api/deals/${item.dealId}`);
      expect(deal.body.contacts).toEqual([{ id: item.contact.id, name: 'Сергей', isPrimary: true }]);
      const timeline = await admin.client.get(`/api/timeline?entity=deal&entityId=${item.dealId}`);
      expect(timeline.status).toBe(200);
      const note = entries(timeline).find((e) => e.kind === 'note')!;
      expect(note.text).toContain('Нужен замер на балкон');
      expect(note.text).toContain('utm_source=yandex');
      expect(note.authorUserId).toBeNull();
      expect((await admin.client.get(`/api/forms/${form.id}`)).body.submissionCount).toBe(1);

      // The form's urlencoded flavour, as an HTML form posts it.
      clock.advance(1);
      const urlencoded = await visitor(voronka).request(
        'POST',
        url,
        'name=%D0%90%D0%BD%D0%BD%D0%B0&email=anna%40example.ru&consent=on&utm_source=vk',
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      expect(urlencoded.status).toBe(201);
      const second = (await admin.client.get('/api/inbox')).body.items[1];
      expect(second).toMatchObject({
        contact: { name: 'Анна', email: 'anna@example.ru' },
        utm: { source: 'vk' },
      });

      // The same submission retried with its Idempotency-Key is stored once.
      const retry = { name: 'Ольга', phone: '+7 903 000-00-01', consent: 'yes' };
      const first = await visitor(voronka).post(url, retry, { 'idempotency-key': 'submit-1' });
      const replay = await visitor(voronka).post(url, retry, { 'idempotency-key': 'submit-1' });
      expect(first.status).toBe(201);
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect((await admin.client.get('/api/inbox')).body.items).toHaveLength(3);
      expect(key).toBeTruthy();
    });

    it('refusals store nothing: bad fields, missing consent, wrong key, oversized, honeypot, rate limit', async () => {
      const voronka = get();
      const { admin, url, form } = await setUp(voronka);
      const before = await counts(voronka);
      const client = visitor(voronka);

      const noConsent = await client.post(url, { name: 'Иван', phone: '+79161234567' });
      expect(noConsent.status).toBe(422);
      expect(noConsent.body.errors).toEqual([
        { field: 'body.consent', reason: 'the consent box must be ticked' },
      ]);

      const badPhone = await client.post(url, { name: 'Иван', phone: '12', consent: true, extra: 'x' });
      expect(badPhone.status).toBe(422);
      expect(badPhone.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'body.phone', reason: 'is not a phone number' },
          { field: 'body.extra', reason: 'is not a field of this form' },
        ]),
      );
      const noName = await client.post(url, { phone: '+79161234567', consent: true });
      expect(noName.status).toBe(422);
      expect(noName.body.errors).toEqual([{ field: 'body.name', reason: 'is required' }]);

      expect((await client.post('/api/public/forms/no-such-key/submissions', { name: 'A' })).status).toBe(
        404,
      );

      const huge = await client.post(url, { name: 'Иван', comment: 'x'.repeat(40_000), consent: true });
      expect(huge.status).toBe(413);
      expect(huge.headers['content-type']).toContain('application/problem+json');

      const spam = await client.post(url, {
        name: 'Bot',
        phone: '+79161234567',
        consent: true,
        website_url: 'http://spam.example',
      });
      expect(spam.status).toBe(201);
      expect(spam.body.ok).toBe(true);
      expect((await admin.client.get(`/api/forms/${form.id}`)).body).toMatchObject({
        spamCount: 1,
        submissionCount: 0,
      });
      expect(await counts(voronka)).toEqual(before);

      // 20 per minute per IP (the test configuration's default): the rest get 429 with Retry-After.
      const flood = visitor(voronka);
      const answers = [];
      for (let i = 0; i < 22; i++) answers.push(await flood.post(url, { name: 'Флуд', consent: true }));
      expect(answers.slice(0, 20).every((a) => a.status === 422)).toBe(true);
      expect(answers[20]!.status).toBe(429);
      expect(Number(answers[20]!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(answers[20]!.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(answers[20]!.body.code).toBe('rate_limited');
      // Another address is not affected.
      expect((await visitor(voronka).post(url, { name: 'Иван', consent: true })).status).toBe(422);
      expect(await counts(voronka)).toEqual(before);
    });

    it('accept moves to the first open stage and links the company; decline to Lost; cross-account 404', async () => {
      const voronka = get();
      const { admin, url, stage } = await setUp(voronka);
      await visitor(voronka).post(url, {
        name: 'Пётр',
        phone: '+7 916 111-22-33',
        company: 'ООО Балкон',
        consent: 1,
      });
      clock.advance(1);
      await visitor(voronka).post(url, { name: 'Спамер', email: 'ads@example.ru', consent: 1 });
      const [first, second] = (await admin.client.get('/api/inbox')).body.items;

      const other = await signUp(voronka);
      expect((await other.client.post(`/api/inbox/${first.dealId}/accept`, {})).status).toBe(404);
      expect((await other.client.post(`/api/inbox/${first.dealId}/decline`, { comment: 'x' })).status).toBe(
        404,
      );
      expect((await other.client.get(`/api/intake/deals/${first.dealId}/requests`)).status).toBe(404);
      expect((await admin.client.get(`/api/deals/${first.dealId}`)).body.stageId).toBe(stage('unsorted').id);

      const member = await addMember(voronka, admin.client);
      // Handles the account's requests: a head of the whole company (ADR 0018).
      await assignRole(admin.client, member.userId, 'director');
      const accepted = await member.client.post(`/api/inbox/${first.dealId}/accept`, {});
      expect(accepted.status).toBe(200);
      expect(accepted.body.stageId).toBe(stage('open').id);
      expect(accepted.body.companyName).toBe('ООО Балкон');
      const requests = await admin.client.get(`/api/intake/deals/${first.dealId}/requests`);
      expect(requests.body.items[0].sla).toMatchObject({
        status: 'met',
        respondedAt: clock.now().toISOString(),
      });
      expect((await member.client.post(`/api/inbox/${first.dealId}/accept`, {})).status).toBe(409);

      const noReason = await member.client.post(`/api/inbox/${second.dealId}/decline`, {});
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(noReason.body.errors)).toContain('body.comment');
      const declined = await member.client.post(`/api/inbox/${second.dealId}/decline`, {
        comment: 'Реклама',
      });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ stageId: stage('lost').id, lossComment: 'Реклама' });
      expect((await admin.client.get('/api/inbox')).body.items).toEqual([]);
    });

    it('link moves the message to an existing deal and closes the Unsorted one', async () => {
      const voronka = get();
      const { admin, url, stage } = await setUp(voronka);
      const target = await admin.client.post('/api/deals', { name: 'Остекление дачи' });
      expect(target.status).toBe(201);
      await visitor(voronka).post(url, {
        name: 'Мария',
        email: 'maria@example.ru',
        comment: 'Это по даче',
        consent: 1,
      });
      const [item] = (await admin.client.get('/api/inbox')).body.items;

      const self = await admin.client.post(`/api/inbox/${item.dealId}/link`, { targetDealId: item.dealId });
      expect(self.status).toBe(422);
      const linked = await admin.client.post(`/api/inbox/${item.dealId}/link`, {
        targetDealId: target.body.id,
      });
      expect(linked.status).toBe(200);
      expect(linked.body.id).toBe(target.body.id);
      expect(linked.body.contacts.map((c: { name: string }) => c.name)).toEqual(['Мария']);
      const timeline = await admin.client.get(`/api/timeline?entity=deal&entityId=${target.body.id}`);
      expect(entries(timeline).some((e) => e.text.includes('Это по даче'))).toBe(true);
      const old = await admin.client.get(`/api/deals/${item.dealId}`);
      expect(old.body.stageId).toBe(stage('lost').id);
      const requests = await admin.client.get(`/api/intake/deals/${target.body.id}/requests`);
      expect(requests.body.items).toHaveLength(1);
      expect((await admin.client.get('/api/inbox')).body.items).toEqual([]);
    });

    it('concurrent first requests of one client make one contact and one deal; the rest join it', async () => {
      const voronka = get();
      const { admin, url } = await setUp(voronka);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          visitor(voronka).post(url, {
            consent: true,
            name: 'Вера',
            phone: '+7 916 555-77-01',
            comment: `#${i}`,
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      const contacts = await admin.client.get('/api/contacts?q=Вера');
      expect(contacts.body.items).toHaveLength(1);
      const inbox = (await admin.client.get('/api/inbox')).body.items as { dealId: string }[];
      expect(inbox).toHaveLength(1);
      const requests = await admin.client.get(`/api/intake/deals/${inbox[0]!.dealId}/requests`);
      expect(requests.body.items.map((r: { kind: string }) => r.kind).sort()).toEqual([
        'joined',
        'joined',
        'joined',
        'joined',
        'joined',
        'new',
      ]);
    });

    it('duplicates and repeat requests: join the active deal, repeat after closing, exceptions, switch off', async () => {
      const voronka = get();
      const { admin, url, stage } = await setUp(voronka);
      const post = (body: Record<string, unknown>) => visitor(voronka).post(url, { consent: true, ...body });
      await post({ name: 'Олег', phone: '+7 916 555-00-01', comment: 'Первый' });
      const [firstItem] = (await admin.client.get('/api/inbox')).body.items;
      clock.advance(1);

      // The same client again while the deal is active: the message joins it, no new deal.
      const dealsBefore = await rows(voronka, 'deals');
      await post({ name: 'Олег', phone: '89165550001', comment: 'Второй' });
      expect(await rows(voronka, 'deals')).toBe(dealsBefore);
      const ofDeal = await admin.client.get(`/api/intake/deals/${firstItem.dealId}/requests`);
      expect(ofDeal.body.items.map((r: { kind: string }) => r.kind)).toEqual(['new', 'joined']);
      expect(ofDeal.body.items[1].duplicates.contactIds).toEqual([firstItem.contact.id]);
      expect((await admin.client.get('/api/inbox')).body.items).toHaveLength(1);

      // Closed: a new deal marked repeat, linked to the client.
      await admin.client.post(`/api/inbox/${firstItem.dealId}/decline`, { comment: 'Не сейчас' });
      await post({ name: 'Олег', phone: '+79165550001', comment: 'Третий' });
      const [repeat] = (await admin.client.get('/api/inbox?kind=repeat')).body.items;
      expect(repeat).toMatchObject({ kind: 'repeat', contact: { id: firstItem.contact.id } });
      expect(repeat.duplicates.contactIds).toEqual([firstItem.contact.id]);
      expect((await admin.client.get(`/api/deals/${repeat.dealId}`)).body.tags).toEqual(['repeat']);
      // The deals list filters repeat deals by their tag.
      const repeatDeals = await admin.client.get('/api/deals?tags=repeat');
      expect(repeatDeals.body.items.map((d: { id: string }) => d.id)).toEqual([repeat.dealId]);
      expect((await admin.client.get('/api/inbox?kind=new')).body.items).toEqual([]);

      // Detection off: a new deal even though an active one exists, flagged as its duplicate.
      const member = await addMember(voronka, admin.client);
      expect(
        (await member.client.put('/api/intake/settings', { repeatDetection: false, repeatExceptions: [] }))
          .status,
      ).toBe(403);
      const off = await admin.client.put('/api/intake/settings', {
        repeatDetection: false,
        repeatExceptions: [],
      });
      expect(off.status).toBe(200);
      await post({ name: 'Олег', phone: '+79165550001', comment: 'Четвёртый' });
      const fresh = (await admin.client.get('/api/inbox?kind=new')).body.items;
      expect(fresh).toHaveLength(1);
      expect(fresh[0].duplicates).toEqual({ contactIds: [firstItem.contact.id], dealIds: [repeat.dealId] });

      // On again, with the client's phone on the exception list: a new deal, not joined.
      const on = await admin.client.put('/api/intake/settings', {
        repeatDetection: true,
        repeatExceptions: ['8 (916) 555-00-01'],
      });
      expect(on.body).toEqual({ repeatDetection: true, repeatExceptions: ['+79165550001'] });
      await post({ name: 'Олег', phone: '+79165550001', comment: 'Пятый' });
      expect((await admin.client.get('/api/inbox?kind=new')).body.items).toHaveLength(2);
      expect(stage('unsorted')).toBeTruthy();
    });

    it('SLA: the first reply stops the timer; a missed one escalates to the head and reassigns; report', async () => {
      const voronka = get();
      const { admin, url, pipeline } = await setUp(voronka);
      const head = await addMember(voronka, admin.client);
      const department = await admin.client.post('/api/departments', {
        name: 'Продажи',
        headUserId: head.userId,
      });
      expect(department.status).toBe(201);
      expect(
        (await admin.client.patch(`/api/users/${admin.userId}`, { departmentId: department.body.id })).status,
      ).toBe(200);
      const member = await addMember(voronka, admin.client);
      expect(
        (
          await member.client.put(`/api/intake/sla-policies/${pipeline.id}`, {
            minutes: 15,
            workingHours: false,
            reassignToHead: true,
          })
        ).status,
      ).toBe(403);
      const policy = await admin.client.put(`/api/intake/sla-policies/${pipeline.id}`, {
        minutes: 15,
        workingHours: false,
        reassignToHead: true,
      });
      expect(policy.status).toBe(200);
      expect((await admin.client.get('/api/intake/sla-policies')).body.items).toEqual([
        { pipelineId: pipeline.id, minutes: 15, workingHours: false, reassignToHead: true },
      ]);

      await visitor(voronka).post(url, { name: 'Ответим', phone: '+7 916 700-00-01', consent: 1 });
      clock.advance(1);
      await visitor(voronka).post(url, { name: 'Забудем', phone: '+7 916 700-00-02', consent: 1 });
      const [answered, forgotten] = (await admin.client.get('/api/inbox')).body.items;
      expect(answered.sla.dueAt).toBe(new Date(clock.now().getTime() + 14 * 60_000).toISOString());

      clock.advance(4); // five minutes after the first request
      const comment = await admin.client.post('/api/timeline', {
        kind: 'comment',
        entity: 'deal',
        entityId: answered.dealId,
        text: 'Перезвонил, договорились о замере',
      });
      expect(comment.status).toBe(201);
      const replied = await until(
        () => admin.client.get(`/api/intake/deals/${answered.dealId}/requests`),
        (r) => r.body.items[0].sla.respondedAt !== null,
      );
      expect(replied.body.items[0].sla).toMatchObject({
        status: 'met',
        respondedAt: clock.now().toISOString(),
      });

      const { service } = voronka.modules.intake;
      clock.advance(10); // 15 minutes after the second request: not due yet (due is not overdue)
      expect(await service.checkDue()).not.toContain(forgotten.id);
      clock.advance(2);
      const escalated = await service.checkDue();
      expect(escalated).toContain(forgotten.id);
      expect(escalated).not.toContain(answered.id);
      expect(await service.checkDue()).toEqual([]);

      const missed = (await admin.client.get(`/api/intake/deals/${forgotten.dealId}/requests`)).body.items[0];
      expect(missed.sla).toMatchObject({ status: 'missed', escalatedAt: clock.now().toISOString() });
      const deal = await admin.client.get(`/api/deals/${forgotten.dealId}`);
      expect(deal.body.responsibleUserId).toBe(head.userId);
      const event = await voronka.database.db
        .selectFrom('domain_events')
        .selectAll()
        .where('type', '=', 'intake_request.sla_missed')
        .where('account_id', '=', admin.accountId)
        .executeTakeFirstOrThrow();
      expect(event.payload).toMatchObject({
        dealId: forgotten.dealId,
        responsibleUserId: admin.userId,
        headUserId: head.userId,
        reassignedTo: head.userId,
      });
      expect((event.payload.notifyUserIds as string[]).sort()).toEqual([admin.userId, head.userId].sort());
      const timeline = await admin.client.get(`/api/timeline?entity=deal&entityId=${forgotten.dealId}`);
      expect(entries(timeline).some((e) => e.text.startsWith('Response time missed'))).toBe(true);

      const report = await admin.client.get('/api/intake/sla-report');
      expect(report.status).toBe(200);
      expect(report.body.bySource).toEqual([
        {
          source: 'form:Замер',
          total: 2,
          answeredInTime: 1,
          shareInTime: 0.5,
          medianResponseSeconds: 300,
        },
      ]);
      const byManager = new Map(report.body.byManager.map((m: { userId: string }) => [m.userId, m]));
      expect(byManager.get(admin.userId)).toMatchObject({ total: 1, answeredInTime: 1, shareInTime: 1 });
      expect(byManager.get(head.userId)).toMatchObject({ total: 1, answeredInTime: 0, shareInTime: 0 });
    });

    it('SLA in working hours: a request on Friday evening is due on Monday morning', async () => {
      const voronka = get();
      const { admin, url, pipeline } = await setUp(voronka);
      await admin.client.put(`/api/intake/sla-policies/${pipeline.id}`, {
        minutes: 10,
        workingHours: true,
        reassignToHead: false,
      });
      const saved = clock.at;
      clock.at = new Date('2026-12-11T17:55:00+03:00'); // Friday, five minutes before 18:00
      try {
        await visitor(voronka).post(url, { name: 'Вечер', phone: '+7 916 800-00-01', consent: 1 });
        const [item] = (await admin.client.get('/api/inbox')).body.items;
        expect(item.sla.dueAt).toBe(new Date('2026-12-14T09:05:00+03:00').toISOString());
        clock.at = new Date('2026-12-13T12:00:00+03:00'); // Sunday
        expect(await voronka.modules.intake.service.checkDue()).not.toContain(item.id);
      } finally {
        clock.at = saved;
      }
    });

    it('inbox: oldest first across pipelines, in cursor pages; events reach the stream', async () => {
      const voronka = get();
      const { admin, url } = await setUp(voronka);
      for (let i = 0; i < 5; i++) {
        await visitor(voronka).post(url, { name: `Клиент ${i}`, email: `client${i}@example.ru`, consent: 1 });
        clock.advance(1);
      }
      const first = await admin.client.get('/api/inbox?limit=2');
      expect(first.body.items.map((r: { contact: { name: string } }) => r.contact.name)).toEqual([
        'Клиент 0',
        'Клиент 1',
      ]);
      const second = await admin.client.get(`/api/inbox?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((r: { contact: { name: string } }) => r.contact.name)).toEqual([
        'Клиент 2',
        'Клиент 3',
      ]);
      const third = await admin.client.get(`/api/inbox?limit=2&cursor=${second.body.nextCursor}`);
      expect(third.body.items).toHaveLength(1);
      expect(third.body.nextCursor).toBeNull();
      expect((await admin.client.get('/api/inbox?cursor=bad')).status).toBe(400);

      const events = await voronka.events.listAfter(admin.accountId, '0', 1000);
      expect(events.filter((e) => e.type === 'intake_request.received')).toHaveLength(5);
    });
  },
  { clock },
);
