// Robots and triggers against real databases, with the engine's clock steered by the tests: planning from
// the outbox, runs on the deal card, working hours over a weekend and a public holiday, a date field moved,
// conditions, chains, loop protection, imports that fire nothing, retries then an error, e-mail over a real
// SMTP server, round-robin, rights and another account's records.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Voronka } from '../../app.js';
import { createTestDatabase, databaseKinds, startVoronka, type TestDatabase } from '../../../test/harness.js';
import { addMember, signUp, type Client } from '../../../test/http.js';
import { AUTOMATION_EVENT_TYPES } from './engine.js';

/** The engine's clock: the real time, unless a test sets `at`. */
const clock = {
  at: null as Date | null,
  now() {
    return this.at ? new Date(this.at) : new Date();
  },
  set(iso: string) {
    this.at = new Date(iso);
  },
  advance(minutes: number) {
    this.at = new Date(this.now().getTime() + minutes * 60_000);
  },
};

interface Run {
  id: string;
  ruleName: string;
  status: string;
  depth: number;
  attempt: number;
  plannedAt: string | null;
  error: string | null;
  result: Record<string, unknown> | null;
}

const mails: { to: string; subject: string; text: string }[] = [];

/** A header's MIME encoded-words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) decoded. */
const decodeHeader = (value: string) =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );

for (const kind of databaseKinds()) {
  describe(`automation [${kind}]`, () => {
    let database: TestDatabase;
    let voronka: Voronka;
    let smtp: SMTPServer;
    const received: { id: string }[] = [];
    const receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']) });
        res.writeHead(500).end('down');
      });
    });

    beforeAll(async () => {
      smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, session, callback) {
          let raw = '';
          stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
          stream.on('end', () => {
            const subject = decodeHeader(
              /^Subject: (.*(?:\r?\n[ \t].*)*)$/m.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '',
            );
            const text = raw
              .split(/\r?\n\r?\n/)
              .slice(1)
              .join('\n');
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject, text });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const smtpPort = (smtp.server.address() as AddressInfo).port;
      database = await createTestDatabase(kind);
      voronka = await startVoronka(
        database.target,
        { clock, automation: { retryBaseMs: 60_000, maxAttempts: 3 } },
        { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'Voronka <robot@voronka.test>' },
      );
    });
    afterAll(async () => {
      await voronka.close();
      await database.drop();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    });

    const engine = () => voronka.modules.automation.engine;

    /** Until every event of the account reached the automation subscriber and no run is due. */
    async function settle(accountId: string) {
      for (let round = 0; round < 50; round++) {
        await vi.waitFor(
          async () => {
            const pending = await voronka.database.db
              .selectFrom('domain_events as e')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('e.account_id', '=', accountId)
              .where('e.type', 'in', [...AUTOMATION_EVENT_TYPES])
              .where((eb) =>
                eb.not(
                  eb.exists(
                    eb
                      .selectFrom('event_deliveries as d')
                      .select('d.id')
                      .whereRef('d.event_id', '=', 'e.id')
                      .where('d.subscriber', '=', 'automation'),
                  ),
                ),
              )
              .executeTakeFirstOrThrow();
            expect(Number(pending.n)).toBe(0);
          },
          { timeout: 20_000, interval: 50 },
        );
        const outcomes = await engine().runDue();
        if (outcomes.length === 0) return;
      }
      throw new Error('automation did not settle');
    }

    async function setUp() {
      clock.at = null;
      const admin = await signUp(voronka);
      const pipelines = await admin.client.get('/api/pipelines');
      const pipeline = pipelines.body.items[0] as { id: string; stages: { id: string; kind: string }[] };
      const open = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id) as [
        string,
        string,
        string,
      ];
      return { admin, pipelineId: pipeline.id, open };
    }

    const robot = (client: Client, pipelineId: string, stageId: string, body: Record<string, unknown>) =>
      client.post('/api/automation/rules', { kind: 'robot', pipelineId, stageId, name: 'Робот', ...body });
    const runsOf = async (client: Client, dealId: string) => {
      const res = await client.get(`/api/deals/${dealId}/automation-runs`);
      expect(res.status).toBe(200);
      return res.body.items as Run[];
    };
    const tasksOf = async (client: Client, dealId: string) =>
      (await client.get(`/api/tasks?entity=deal&entityId=${dealId}`)).body.items as {
        text: string;
        responsibleUserId: string;
      }[];
    const commentsOf = async (dealId: string) =>
      voronka.database.db
        .selectFrom('timeline_entries')
        .select(['body', 'kind', 'author_user_id'])
        .where('deal_id', '=', dealId)
        .orderBy('created_at')
        .execute();

    it('a "create task" robot runs when a deal enters its stage; the run is on the deal card', async () => {
      const { admin, pipelineId, open } = await setUp();
      const created = await robot(admin.client, pipelineId, open[1], {
        name: 'Позвонить клиенту',
        action: {
          type: 'create_task',
          text: 'Позвонить: {{deal.title}} ({{deal.amount}}) — {{deal.responsible.name}}',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        kind: 'robot',
        stageId: open[1],
        timing: { kind: 'immediately', workingHours: 'off' },
      });
      const deal = await admin.client.post('/api/deals', {
        name: 'Окна для школы',
        amount: '120000',
        pipelineId,
        stageId: open[0],
      });
      await settle(admin.accountId);
      expect(await runsOf(admin.client, deal.body.id)).toEqual([]);
      expect((await admin.client.patch(`/api/deals/${deal.body.id}`, { stageId: open[1] })).status).toBe(200);
      await settle(admin.accountId);
      const runs = await runsOf(admin.client, deal.body.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        ruleName: 'Позвонить клиенту',
        status: 'done',
        attempt: 1,
        depth: 1,
        error: null,
      });
      const tasks = await tasksOf(admin.client, deal.body.id);
      expect(tasks.map((t) => t.text)).toEqual(['Позвонить: Окна для школы (120000.00) — Анна Админова']);
      expect(runs[0]?.result).toMatchObject({ taskId: expect.any(String) });
      // The task is the robot's: its event says so.
      const event = await voronka.database.db
        .selectFrom('domain_events')
        .select(['source', 'chain_depth'])
        .where('type', '=', 'task.created')
        .where('account_id', '=', admin.accountId)
        .executeTakeFirstOrThrow();
      expect(event).toEqual({ source: 'automation', chain_depth: 1 });
    });

    it('a "copy the deal" robot makes a linked copy, or an anonymized one without the client', async () => {
      const { admin, pipelineId, open } = await setUp();
      const preset = await admin.client.post('/api/deal-copy-presets', {
        name: 'Передача в доставку',
        options: { stageId: open[2], title: { kind: 'template', text: 'Доставка: {name}' } },
      });
      expect(preset.status).toBe(201);
      expect(
        (
          await robot(admin.client, pipelineId, open[1], {
            action: { type: 'copy_deal', options: { presetId: preset.body.id } },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await robot(admin.client, pipelineId, open[1], {
            name: 'Партнёру',
            action: { type: 'copy_deal', options: { stageId: open[2], anonymized: true } },
          })
        ).status,
      ).toBe(201);
      const contact = await admin.client.post('/api/contacts', {
        firstName: 'Ирина',
        phones: [{ value: '+79161234567' }],
      });
      const deal = await admin.client.post('/api/deals', {
        name: 'Кухня Ирины',
        pipelineId,
        stageId: open[0],
        contacts: [{ id: contact.body.id }],
      });
      expect(deal.status).toBe(201);
      expect((await admin.client.patch(`/api/deals/${deal.body.id}`, { stageId: open[1] })).status).toBe(200);
      await settle(admin.accountId);
      const runs = await runsOf(admin.client, deal.body.id);
      expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
      const plain = runs.find((r) => r.ruleName === 'Робот')!;
      expect(runs.find((r) => r.ruleName === 'Партнёру')!.result).toEqual({ anonymized: true });
      const copy = await admin.client.get(`/api/deals/${plain.result!.dealId as string}`);
      expect(copy.body).toMatchObject({ name: 'Доставка: Кухня Ирины', stageId: open[2] });
      expect(copy.body.contacts.map((c: { id: string }) => c.id)).toEqual([contact.body.id]);
      const links = (await admin.client.get(`/api/deals/${deal.body.id}/copy-links`)).body;
      expect(
        links.copies
          .map((c: { anonymized: boolean; dealId: string | null }) => [c.anonymized, c.dealId])
          .sort(),
      ).toEqual([
        [false, plain.result!.dealId],
        [true, null],
      ]);
      // The anonymized copy: the same stage, no contacts; robots of its stage ran one level deeper, none here.
      const copies = (await admin.client.get(`/api/deals?pipelineId=${pipelineId}&stageIds=${open[2]}`)).body
        .items as {
        id: string;
        name: string;
        contacts: unknown[];
      }[];
      const anonymized = copies.find((d) => d.id !== plain.result!.dealId)!;
      expect(anonymized.name).not.toContain('Ирин');
      expect(anonymized.contacts).toEqual([]);
    });

    it('"after 10 minutes in working hours" waits over the weekend, and over a public holiday', async () => {
      const { admin, pipelineId, open } = await setUp();
      await robot(admin.client, pipelineId, open[0], {
        action: { type: 'add_comment', text: 'Напоминание по {{deal.title}}' },
        timing: { kind: 'delay', amount: 10, unit: 'minutes', workingHours: 'account' },
      });
      // Friday 4 December 2026, 17:55 Moscow time: five working minutes left today.
      clock.set('2026-12-04T17:55:00+03:00');
      const deal = await admin.client.post('/api/deals', { name: 'Пятничная', pipelineId, stageId: open[0] });
      await settle(admin.accountId);
      let [run] = await runsOf(admin.client, deal.body.id);
      expect(run).toMatchObject({ status: 'planned', plannedAt: '2026-12-07T06:05:00.000Z' }); // Mon 09:05
      clock.set('2026-12-07T09:04:00+03:00');
      expect(await engine().runDue()).toEqual([]);
      clock.set('2026-12-07T09:05:00+03:00');
      await settle(admin.accountId);
      [run] = await runsOf(admin.client, deal.body.id);
      expect(run?.status).toBe('done');
      expect((await commentsOf(deal.body.id)).map((c) => c.body)).toEqual(['Напоминание по Пятничная']);

      // Thursday 11 June 2026 (shortened to 17:00) at 16:55; Friday 12 June is Russia Day.
      clock.set('2026-06-11T16:55:00+03:00');
      const holiday = await admin.client.post('/api/deals', {
        name: 'Перед праздником',
        pipelineId,
        stageId: open[0],
      });
      await settle(admin.accountId);
      [run] = await runsOf(admin.client, holiday.body.id);
      expect(run).toMatchObject({ status: 'planned', plannedAt: '2026-06-15T06:05:00.000Z' }); // Mon 15 June 09:05
      clock.at = null;
    });

    it('"1 day before the contract date" is planned again when the date moves', async () => {
      const { admin, pipelineId, open } = await setUp();
      const field = await admin.client.post('/api/custom-fields', {
        entity: 'deal',
        type: 'date',
        name: 'Дата договора',
      });
      expect(field.status).toBe(201);
      const cf = `cf:${field.body.id as string}`;
      await robot(admin.client, pipelineId, open[0], {
        action: { type: 'add_comment', text: 'Завтра подписание' },
        timing: {
          kind: 'date_field',
          field: cf,
          direction: 'before',
          amount: 1,
          unit: 'days',
          workingHours: 'off',
        },
      });
      clock.set('2026-12-07T10:00:00+03:00');
      const deal = await admin.client.post('/api/deals', {
        name: 'Договор',
        pipelineId,
        stageId: open[0],
        customFields: { [field.body.id]: '2026-12-20' },
      });
      await settle(admin.accountId);
      let [run] = await runsOf(admin.client, deal.body.id);
      expect(run).toMatchObject({ status: 'planned', plannedAt: '2026-12-18T21:00:00.000Z' }); // 19 Dec 00:00 MSK
      const moved = await admin.client.patch(`/api/deals/${deal.body.id}`, {
        customFields: { [field.body.id]: '2026-12-25' },
      });
      expect(moved.status).toBe(200);
      await settle(admin.accountId);
      const runs = await runsOf(admin.client, deal.body.id);
      expect(runs).toHaveLength(1);
      [run] = runs;
      expect(run).toMatchObject({ status: 'planned', plannedAt: '2026-12-23T21:00:00.000Z' });
      // The old moment passes: nothing runs; the new one comes: it runs once.
      clock.set('2026-12-20T10:00:00+03:00');
      expect(await engine().runDue()).toEqual([]);
      clock.set('2026-12-24T00:00:00+03:00');
      await settle(admin.accountId);
      expect((await runsOf(admin.client, deal.body.id))[0]?.status).toBe('done');
      expect(await commentsOf(deal.body.id)).toHaveLength(1);
      clock.at = null;
    });

    it('conditions with and/or decide when the run is due; unmet ones are skipped and shown', async () => {
      const { admin, pipelineId, open } = await setUp();
      await robot(admin.client, pipelineId, open[0], {
        action: { type: 'create_task', text: 'Крупная сделка' },
        conditions: {
          op: 'or',
          items: [
            { field: 'amount', operator: 'gte', value: 100000 },
            {
              op: 'and',
              items: [
                { field: 'tags', operator: 'contains', value: 'vip' },
                { field: 'name', operator: 'contains', value: 'окна' },
              ],
            },
          ],
        },
      });
      const small = await admin.client.post('/api/deals', {
        name: 'Мелкая',
        amount: '5000',
        pipelineId,
        stageId: open[0],
      });
      const big = await admin.client.post('/api/deals', {
        name: 'Крупная',
        amount: '250000',
        pipelineId,
        stageId: open[0],
      });
      const vip = await admin.client.post('/api/deals', {
        name: 'Окна VIP',
        amount: '10',
        tags: ['VIP'],
        pipelineId,
        stageId: open[0],
      });
      await settle(admin.accountId);
      expect((await runsOf(admin.client, small.body.id))[0]?.status).toBe('skipped');
      expect((await runsOf(admin.client, big.body.id))[0]?.status).toBe('done');
      expect((await runsOf(admin.client, vip.body.id))[0]?.status).toBe('done');
      expect(await tasksOf(admin.client, small.body.id)).toHaveLength(0);
      expect(await tasksOf(admin.client, big.body.id)).toHaveLength(1);
    });

    it('a chain: a robot moves the deal on, the next stage’s robots run (one after the previous), triggers follow', async () => {
      const { admin, pipelineId, open } = await setUp();
      await robot(admin.client, pipelineId, open[0], { action: { type: 'change_stage', stageId: open[1] } });
      await robot(admin.client, pipelineId, open[1], {
        name: 'Первый',
        action: { type: 'set_field', field: 'name', value: '{{deal.title}} (в работе)' },
      });
      await robot(admin.client, pipelineId, open[1], {
        name: 'Второй',
        action: { type: 'create_task', text: 'Проверить {{deal.title}}' },
        timing: { kind: 'after_previous', workingHours: 'off' },
      });
      const trigger = await admin.client.post('/api/automation/rules', {
        kind: 'trigger',
        event: 'task_done',
        pipelineId,
        name: 'Задача выполнена',
        action: { type: 'add_comment', text: 'Задача по сделке выполнена' },
      });
      expect(trigger.status).toBe(201);
      const deal = await admin.client.post('/api/deals', { name: 'Цепочка', pipelineId, stageId: open[0] });
      await settle(admin.accountId);
      const runs = await runsOf(admin.client, deal.body.id);
      expect(runs.map((r) => [r.ruleName, r.status, r.depth]).sort()).toEqual(
        [
          ['Робот', 'done', 1],
          ['Первый', 'done', 2],
          ['Второй', 'done', 2],
        ].sort(),
      );
      const tasks = await tasksOf(admin.client, deal.body.id);
      expect(tasks.map((t) => t.text)).toEqual(['Проверить Цепочка (в работе)']);
      const task = (await admin.client.get(`/api/tasks?entity=deal&entityId=${deal.body.id}`)).body.items[0];
      expect((await admin.client.post(`/api/tasks/${task.id}/complete`, {})).status).toBe(200);
      await settle(admin.accountId);
      expect((await commentsOf(deal.body.id)).map((c) => c.body)).toEqual(['Задача по сделке выполнена']);
    });

    it('loop protection: a trigger that feeds itself stops past depth 5 with a visible error', async () => {
      const { admin, pipelineId } = await setUp();
      const trigger = await admin.client.post('/api/automation/rules', {
        kind: 'trigger',
        event: 'comment_added',
        pipelineId: null,
        name: 'Эхо',
        action: { type: 'add_comment', text: 'Эхо' },
      });
      expect(trigger.status).toBe(201);
      const deal = await admin.client.post('/api/deals', { name: 'Петля', pipelineId });
      await admin.client.post('/api/timeline', {
        kind: 'comment',
        entity: 'deal',
        entityId: deal.body.id,
        text: 'Привет',
      });
      await settle(admin.accountId);
      const runs = await runsOf(admin.client, deal.body.id);
      expect(runs.map((r) => r.depth).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      const stopped = runs.find((r) => r.depth === 6);
      expect(stopped).toMatchObject({ status: 'failed' });
      expect(stopped?.error).toMatch(/Loop protection/);
      expect((await commentsOf(deal.body.id)).filter((c) => c.body === 'Эхо')).toHaveLength(5);
    });

    it('changes made by an import fire neither robots nor triggers', async () => {
      const { admin, pipelineId, open } = await setUp();
      await robot(admin.client, pipelineId, open[0], { action: { type: 'create_task', text: 'Робот' } });
      await admin.client.post('/api/automation/rules', {
        kind: 'trigger',
        event: 'deal_created',
        name: 'Новая сделка',
        action: { type: 'add_comment', text: 'Создана' },
      });
      // As the amoCRM migration and the CSV import write: the deals service with the event source `import`.
      const importer = {
        accountId: admin.accountId,
        userId: admin.userId,
        identityId: '',
        role: 'admin' as const,
        via: 'session' as const,
        sessionId: null,
        tokenId: null,
        source: 'import' as const,
      };
      const imported = await voronka.modules.deals.service.create(importer, {
        name: 'Из amoCRM',
        pipelineId,
        stageId: open[0],
      });
      await voronka.modules.deals.service.update(
        importer,
        imported.id,
        { stageId: open[0], name: 'Из amoCRM (2)' },
        undefined,
      );
      const byHand = await admin.client.post('/api/deals', { name: 'Вручную', pipelineId, stageId: open[0] });
      await settle(admin.accountId);
      expect(await runsOf(admin.client, imported.id)).toEqual([]);
      expect(await tasksOf(admin.client, imported.id)).toHaveLength(0);
      expect((await runsOf(admin.client, byHand.body.id)).map((r) => r.status)).toEqual(['done', 'done']);
    });

    it('a failing action is retried with backoff, then fails with its error on the card', async () => {
      const { admin, pipelineId, open } = await setUp();
      const { port } = receiver.address() as AddressInfo;
      // A loopback address is refused unless allowed (the webhooks' SSRF policy).
      const refused = await robot(admin.client, pipelineId, open[0], {
        action: { type: 'call_webhook', url: `http://127.0.0.1:${port}/hook` },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.action.url']);
      await admin.client.put('/api/settings/outbound-hosts', { hosts: [`127.0.0.1:${port}`] });
      expect(
        (
          await robot(admin.client, pipelineId, open[0], {
            action: { type: 'call_webhook', url: `http://127.0.0.1:${port}/hook` },
          })
        ).status,
      ).toBe(201);
      clock.set('2026-12-08T10:00:00+03:00');
      const before = received.length;
      const deal = await admin.client.post('/api/deals', { name: 'Вебхук', pipelineId, stageId: open[0] });
      await settle(admin.accountId);
      let [run] = await runsOf(admin.client, deal.body.id);
      expect(run).toMatchObject({
        status: 'planned',
        attempt: 1,
        error: 'The webhook answered 500',
        plannedAt: '2026-12-08T07:01:00.000Z',
      });
      clock.advance(1);
      await settle(admin.accountId);
      [run] = await runsOf(admin.client, deal.body.id);
      expect(run).toMatchObject({ status: 'planned', attempt: 2, plannedAt: '2026-12-08T07:03:00.000Z' }); // 2 min later
      clock.advance(2);
      await settle(admin.accountId);
      [run] = await runsOf(admin.client, deal.body.id);
      expect(run).toMatchObject({ status: 'failed', attempt: 3, error: 'The webhook answered 500' });
      const sent = received.slice(before);
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map((r) => r.id))).toEqual(new Set([`automation-run-${run?.id}`]));
      clock.at = null;
    });

    it('e-mail to the client over SMTP, a notice to a user, a custom field set, round-robin responsibles', async () => {
      const { admin, pipelineId, open } = await setUp();
      const member = await addMember(voronka, admin.client);
      const city = await admin.client.post('/api/custom-fields', {
        entity: 'deal',
        type: 'string',
        name: 'Город',
      });
      await robot(admin.client, pipelineId, open[0], {
        action: {
          type: 'send_email',
          subject: 'Ваш заказ: {{deal.title}}',
          body: 'Здравствуйте, {{contact.name}}! Менеджер: {{deal.responsible.name}}.',
        },
      });
      await robot(admin.client, pipelineId, open[0], {
        action: { type: 'set_field', field: `cf:${city.body.id as string}`, value: 'Казань' },
      });
      await robot(admin.client, pipelineId, open[0], {
        action: { type: 'change_responsible', userIds: [member.userId, admin.userId] },
      });
      await robot(admin.client, pipelineId, open[0], {
        action: { type: 'notify_user', userId: null, text: 'Новая сделка {{deal.title}}' },
        timing: { kind: 'after_previous', workingHours: 'off' },
      });
      mails.length = 0;
      const contact = await admin.client.post('/api/contacts', {
        firstName: 'Иван',
        lastName: 'Петров',
        emails: [{ value: 'ivan@example.ru' }],
      });
      const deals: string[] = [];
      for (const name of ['Первая', 'Вторая', 'Третья']) {
        const deal = await admin.client.post('/api/deals', {
          name,
          pipelineId,
          stageId: open[0],
          contacts: [{ id: contact.body.id }],
        });
        deals.push(deal.body.id);
        await settle(admin.accountId);
      }
      const responsibles = [];
      for (const id of deals) {
        const deal = (await admin.client.get(`/api/deals/${id}`)).body;
        responsibles.push(deal.responsibleUserId);
        expect(deal.customFields[city.body.id]).toBe('Казань');
        expect((await runsOf(admin.client, id)).every((r) => r.status === 'done')).toBe(true);
      }
      expect(responsibles).toEqual([member.userId, admin.userId, member.userId]);
      expect(mails.map((m) => [m.to, m.subject])).toEqual([
        ['ivan@example.ru', 'Ваш заказ: Первая'],
        ['ivan@example.ru', 'Ваш заказ: Вторая'],
        ['ivan@example.ru', 'Ваш заказ: Третья'],
      ]);
      const notices = await voronka.database.db
        .selectFrom('domain_events')
        .select(['payload'])
        .where('account_id', '=', admin.accountId)
        .where('type', '=', 'automation.notified')
        .execute();
      expect(notices.map((n) => n.payload.userId)).toEqual([member.userId, admin.userId, member.userId]);
    });

    it('rights: only administrators change robots; members read them and the runs; another account sees 404', async () => {
      const { admin, pipelineId, open } = await setUp();
      const member = await addMember(voronka, admin.client);
      const denied = await robot(member.client, pipelineId, open[0], {
        action: { type: 'add_comment', text: 'x' },
      });
      expect(denied.status).toBe(403);
      const rule = await robot(admin.client, pipelineId, open[0], {
        action: { type: 'add_comment', text: 'Привет от робота' },
      });
      expect(
        (await member.client.patch(`/api/automation/rules/${rule.body.id}`, { name: 'Моё' })).status,
      ).toBe(403);
      expect((await member.client.delete(`/api/automation/rules/${rule.body.id}`)).status).toBe(403);
      expect((await member.client.get('/api/automation/rules')).body.items).toHaveLength(1);
      const deal = await member.client.post('/api/deals', {
        name: 'Сделка участника',
        pipelineId,
        stageId: open[0],
      });
      await settle(admin.accountId);
      expect((await runsOf(member.client, deal.body.id)).map((r) => r.status)).toEqual(['done']);

      const other = await signUp(voronka, { accountName: 'ООО Другая' });
      expect((await other.client.get(`/api/automation/rules/${rule.body.id}`)).status).toBe(404);
      expect(
        (await other.client.patch(`/api/automation/rules/${rule.body.id}`, { name: 'Чужое' })).status,
      ).toBe(404);
      expect((await other.client.delete(`/api/automation/rules/${rule.body.id}`)).status).toBe(404);
      expect((await other.client.get(`/api/deals/${deal.body.id}/automation-runs`)).status).toBe(404);
      expect((await other.client.get('/api/automation/rules')).body.items).toEqual([]);
      // Another account's stage or user in a rule is refused at its field.
      const otherPipeline = (await other.client.get('/api/pipelines')).body.items[0];
      const foreign = await robot(admin.client, pipelineId, otherPipeline.stages[1].id, {
        action: { type: 'change_responsible', userIds: [other.userId] },
      });
      expect(foreign.status).toBe(422);
      expect(foreign.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'body.action.userIds.0',
        'body.stageId',
      ]);
      const bad = await admin.client.post('/api/automation/rules', {
        kind: 'robot',
        pipelineId,
        stageId: open[0],
        name: '',
        action: { type: 'nope' },
      });
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      // Admin deletes: gone with its runs.
      expect((await admin.client.delete(`/api/automation/rules/${rule.body.id}`)).status).toBe(204);
      expect(await runsOf(member.client, deal.body.id)).toEqual([]);
    });
  });
}
