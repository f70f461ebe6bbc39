import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/harness.js';
import { Client } from '../../test/http.js';
import { fillDemoAccount } from './demo-data.js';

const DEMO = { email: 'demo@voronka.local', password: 'voronka-demo' };

describeEachDatabase('the demo account', (get) => {
  it('is filled through the API: the playbook pipeline, a second one, and a few hundred Russian records', async () => {
    const voronka = get();
    await voronka.modules.accounts.service.signUp(
      { accountName: 'Демо', name: 'Демо Администратор', locale: 'ru', ...DEMO },
      { ip: null, userAgent: 'test' },
    );
    await fillDemoAccount(voronka, DEMO);
    const client = new Client(voronka);
    expect((await client.post('/api/auth/sign-in', DEMO)).status).toBe(200);
    const pipelines = (await client.get('/api/pipelines')).body.items as {
      id: string;
      name: string;
      isDefault: boolean;
      stages: { name: string }[];
    }[];
    const sales = pipelines.find((p) => p.isDefault);
    expect(sales?.name).toBe('Продажи');
    expect(sales?.stages.map((s) => s.name)).toEqual([
      'Неразобранное',
      'Первичный контакт',
      'Замер',
      'Думает',
      'Договор',
      'Успешно реализовано',
      'Закрыто и не реализовано',
    ]);
    expect(pipelines).toHaveLength(3);
    const requests = pipelines.find((p) => p.name === 'Заявки на замер');
    expect(requests?.stages.map((s) => s.name)).toEqual([
      'Неразобранное',
      'Первичный контакт',
      'Замер',
      'Думает',
      'Заключение договора',
      'Успешно реализовано',
      'Корзина',
    ]);
    const inbox = (await client.get(`/api/inbox?pipelineId=${requests?.id ?? ''}`)).body as {
      items: { source: string; utm: { source: string | null }; sla: { status: string } }[];
    };
    expect(inbox.items).toHaveLength(3);
    expect(inbox.items[0]).toMatchObject({ source: 'form:Заявка на замер', utm: { source: 'yandex' } });
    expect((await client.get('/api/intake/sla-policies')).body.items).toContainEqual({
      pipelineId: requests?.id,
      minutes: 10,
      workingHours: false,
      reassignToHead: false,
    });
    const count = async (path: string) => {
      let total = 0;
      let cursor: string | null = null;
      do {
        const page = (await client.get(`${path}?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body as {
          items: unknown[];
          nextCursor: string | null;
        };
        total += page.items.length;
        cursor = page.nextCursor ? encodeURIComponent(page.nextCursor) : null;
      } while (cursor);
      return total;
    };
    expect(await count('/api/deals')).toBe(303);
    expect(await count('/api/contacts')).toBe(253);
    expect(await count('/api/companies')).toBe(40);
    expect(await count('/api/leads')).toBe(30);
    expect(await count('/api/tasks')).toBeGreaterThan(100);
    expect((await client.get('/api/users')).body.items).toHaveLength(4);
    const board = (await client.get(`/api/deals/kanban?pipelineId=${sales?.id ?? ''}`)).body as {
      columns: { count: number; items: { noTaskPlanned: boolean }[] }[];
    };
    expect(board.columns.every((c) => c.count > 0)).toBe(true);
  }, 300_000);
});
