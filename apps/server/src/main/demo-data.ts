// The demo account's contents, filled on its first start: the "Продажи" pipeline with the stages of the
// installers' playbook (seed 001), the playbook's request template (intake: «Заявки на замер» with its
// «Корзина», deal fields, web form and 10-minute SLA) with a few requests waiting in the inbox, a second
// pipeline for dealers, managers, products, custom fields, and a few
// hundred Russian companies, contacts, leads, deals with line items, tasks and comments. Everything goes
// through the public HTTP API (in-process, `inject`), so the demo exercises the same validation, events and
// history as real use — and breaks loudly when a contract changes.
import crypto from 'node:crypto';
import type { Voronka } from '../app.js';
import type { Actor } from '../platform/http/index.js';

interface Reply {
  status: number;
  body: unknown;
}
type Json = Record<string, unknown>;

/** A deterministic generator, so every demo looks the same (mulberry32). */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return { next, int, pick, chance: (p: number) => next() < p };
}

const MALE = {
  first: [
    'Александр',
    'Дмитрий',
    'Сергей',
    'Андрей',
    'Алексей',
    'Иван',
    'Михаил',
    'Николай',
    'Павел',
    'Олег',
  ],
  last: [
    'Иванов',
    'Смирнов',
    'Кузнецов',
    'Попов',
    'Соколов',
    'Лебедев',
    'Козлов',
    'Новиков',
    'Морозов',
    'Волков',
  ],
  middle: ['Александрович', 'Сергеевич', 'Викторович', 'Игоревич', 'Петрович', 'Андреевич'],
};
const FEMALE = {
  first: ['Анна', 'Елена', 'Ольга', 'Наталья', 'Мария', 'Татьяна', 'Ирина', 'Светлана', 'Юлия', 'Екатерина'],
  last: [
    'Иванова',
    'Смирнова',
    'Кузнецова',
    'Попова',
    'Соколова',
    'Лебедева',
    'Козлова',
    'Новикова',
    'Морозова',
  ],
  middle: ['Александровна', 'Сергеевна', 'Викторовна', 'Игоревна', 'Петровна', 'Андреевна'],
};
const COMPANY_WORDS = [
  'Север',
  'Альфа',
  'Строй',
  'Техно',
  'Уют',
  'Мастер',
  'Дом',
  'Сфера',
  'Вектор',
  'Гранит',
];
const COMPANY_TAILS = ['Групп', 'Сервис', 'Проект', 'Маркет', 'Холдинг', 'Инвест', 'Плюс', 'Трейд'];
const FORMS = ['ООО', 'ООО', 'ООО', 'АО', 'ИП'];
const STREETS = ['ул. Ленина', 'пр. Мира', 'ул. Гагарина', 'ул. Садовая', 'Невский пр.', 'ул. Пушкина'];
const CITIES = ['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск', 'Нижний Новгород'];
const POSITIONS = ['Директор', 'Главный инженер', 'Менеджер по закупкам', 'Бухгалтер', 'Прораб', null];
const ROOMS = ['кухня', 'гостиная', 'спальня', 'детская', 'офис', 'коридор', 'санузел'];
const COMMENTS = [
  'Клиент просил перезвонить после обеда, сравнивает с конкурентами.',
  'Отправили **коммерческое предложение** на почту, ждём ответа.',
  'Замерщик подтвердил время, клиент будет дома.',
  'Уточнили объём работ: три комнаты, потолки матовые.',
  'Клиент думает, смущает срок монтажа. Предложить скидку 5 %?',
  'Договор согласован с юристом клиента, ждём подписанный скан.',
  'Повторное обращение — прошлый монтаж в 2024 году, всё понравилось.',
  'Нужна рассрочка, уточнить у бухгалтерии условия.',
];
const TASKS = [
  { type: 'call', text: 'Перезвонить и уточнить дату замера' },
  { type: 'call', text: 'Узнать решение по коммерческому предложению' },
  { type: 'meeting', text: 'Замер на объекте' },
  { type: 'email', text: 'Отправить договор и счёт' },
  { type: 'other', text: 'Подготовить расчёт с учётом скидки' },
] as const;

const SALES_STAGES = {
  unsorted: 'Неразобранное',
  open: ['Первичный контакт', 'Замер', 'Думает', 'Договор'],
  won: 'Успешно реализовано',
  lost: 'Закрыто и не реализовано',
};
const DEALER_STAGES = ['Новая заявка', 'Переговоры', 'Счёт выставлен', 'Отгрузка'];

const PRODUCTS = [
  { name: 'Натяжной потолок матовый', sku: 'NP-MAT', unit: 'м²', price: '650.00' },
  { name: 'Натяжной потолок глянцевый', sku: 'NP-GL', unit: 'м²', price: '750.00' },
  { name: 'Натяжной потолок «Звёздное небо»', sku: 'NP-STAR', unit: 'м²', price: '3200.00' },
  { name: 'Светильник точечный GX53', sku: 'SV-GX53', unit: 'шт', price: '450.00' },
  { name: 'Карниз скрытый ПК-5', sku: 'KR-PK5', unit: 'м', price: '1900.00' },
  { name: 'Окно ПВХ двухстворчатое 1300×1400', sku: 'OK-1314', unit: 'шт', price: '18500.00' },
  { name: 'Монтаж', sku: 'MNT', unit: 'м²', price: '250.00' },
  { name: 'Демонтаж старого покрытия', sku: 'DMNT', unit: 'м²', price: '150.00' },
];

class DemoApi {
  private cookie = '';
  constructor(readonly voronka: Voronka) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: Json) {
    const res = await this.voronka.http.inject({
      method,
      url,
      headers: { cookie: this.cookie, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first) this.cookie = first.split(';')[0] ?? '';
    const reply: Reply = {
      status: res.statusCode,
      body: res.body ? (JSON.parse(res.body) as unknown) : null,
    };
    if (reply.status >= 400) {
      throw new Error(`demo data: ${method} ${url} → ${String(reply.status)} ${res.body.slice(0, 500)}`);
    }
    return reply.body as Json;
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body: Json) => this.request('POST', url, body);
  patch = (url: string, body: Json) => this.request('PATCH', url, body);
  put = (url: string, body: Json) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

interface Stage {
  id: string;
  name: string;
  kind: 'unsorted' | 'open' | 'won' | 'lost';
}
interface Pipeline {
  id: string;
  isDefault: boolean;
  stages: Stage[];
}

const idOf = (record: Json) => record.id as string;
const itemsOf = (page: Json) => page.items as Json[];

/** Makes the default pipeline the playbook's "Продажи" and adds the dealers' pipeline. */
async function setUpPipelines(api: DemoApi) {
  const pipelines = itemsOf(await api.get('/api/pipelines')) as unknown as Pipeline[];
  const sales = pipelines.find((p) => p.isDefault);
  if (!sales) throw new Error('demo data: no default pipeline');
  await api.patch(`/api/pipelines/${sales.id}`, { name: 'Продажи' });
  const system = { unsorted: SALES_STAGES.unsorted, won: SALES_STAGES.won, lost: SALES_STAGES.lost } as const;
  for (const stage of sales.stages) {
    if (stage.kind !== 'open') await api.patch(`/api/stages/${stage.id}`, { name: system[stage.kind] });
  }
  const open = sales.stages.filter((s) => s.kind === 'open');
  for (const [index, name] of SALES_STAGES.open.entries()) {
    const existing = open[index];
    if (existing) await api.patch(`/api/stages/${existing.id}`, { name });
    else await api.post(`/api/pipelines/${sales.id}/stages`, { name });
  }
  for (const extra of open.slice(SALES_STAGES.open.length)) await api.delete(`/api/stages/${extra.id}`);
  const dealers = (await api.post('/api/pipelines', {
    name: 'Дилеры и опт',
    stages: DEALER_STAGES.map((name, i) => ({
      name,
      color: ['#99ccff', '#ffcc66', '#ff9966', '#66cc99'][i],
    })),
  })) as unknown as Pipeline;
  const reload = async (id: string) => (await api.get(`/api/pipelines/${id}`)) as unknown as Pipeline;
  return { sales: await reload(sales.id), dealers: await reload(dealers.id) };
}

async function inviteManagers(api: DemoApi, password: string) {
  const managers = [
    { name: 'Ольга Смирнова', email: 'olga@voronka.local' },
    { name: 'Дмитрий Кузнецов', email: 'dmitry@voronka.local' },
    { name: 'Марина Волкова', email: 'marina@voronka.local' },
  ];
  const ids: string[] = [];
  for (const manager of managers) {
    const invitation = await api.post('/api/invitations', { email: manager.email, role: 'member' });
    const accepted = await new DemoApi(api.voronka).post(
      `/api/invitations/by-token/${invitation.token as string}/accept`,
      { name: manager.name, password },
    );
    ids.push((accepted.user as Json).id as string);
  }
  return ids;
}

/** Fills a freshly created demo account; the api is signed in as its administrator. */
export async function fillDemoAccount(voronka: Voronka, credentials: { email: string; password: string }) {
  const api = new DemoApi(voronka);
  await api.post('/api/auth/sign-in', credentials);
  const me = await api.get('/api/me');
  const adminId = (me.user as Json).id as string;
  const admin: Actor = {
    accountId: (me.account as Json).id as string,
    userId: adminId,
    identityId: (me.user as Json).identityId as string,
    role: 'admin',
    via: 'session',
    sessionId: null,
    tokenId: null,
  };
  const rnd = random(20261201);

  const { sales, dealers } = await setUpPipelines(api);
  const managers = [adminId, ...(await inviteManagers(api, credentials.password))];
  const sources = itemsOf(await api.get('/api/reference-lists/sources'));
  const lossReasons = itemsOf(await api.get('/api/reference-lists/loss_reasons'));
  const stageOf = (p: Pipeline, kind: Stage['kind']) => p.stages.filter((s) => s.kind === kind);
  const salesOpen = stageOf(sales, 'open');
  const measuring = salesOpen[1];

  const products = [];
  for (const product of PRODUCTS) {
    products.push(await api.post('/api/products', { ...product, currency: 'RUB', vatRate: '20' }));
  }
  const productField = await api.post('/api/custom-fields', {
    entity: 'deal',
    type: 'list',
    name: 'Продукт',
    code: 'product',
    settings: {
      options: ['Натяжные потолки', 'Окна ПВХ', 'Жалюзи', 'Освещение'].map((label, position) => ({
        id: crypto.randomUUID(),
        label,
        position,
      })),
    },
  });
  const addressField = await api.post('/api/custom-fields', {
    entity: 'deal',
    type: 'string',
    name: 'Адрес объекта',
    code: 'site_address',
    pipelineIds: [sales.id],
    requiredFromStageIds: measuring ? [measuring.id] : [],
  });
  const measureField = await api.post('/api/custom-fields', {
    entity: 'deal',
    type: 'datetime',
    name: 'Дата и время замера',
    code: 'measure_at',
    pipelineIds: [sales.id],
  });
  const areaField = await api.post('/api/custom-fields', {
    entity: 'deal',
    type: 'number',
    name: 'Площадь, м²',
    code: 'area',
    settings: { precision: 1, min: '0' },
  });
  const productOptions = (productField.settings as { options: { id: string }[] }).options.map((o) => o.id);

  const address = () => `${rnd.pick(CITIES)}, ${rnd.pick(STREETS)}, д. ${String(rnd.int(1, 120))}`;
  const phone = () =>
    `+7 9${String(rnd.int(10, 99))} ${String(rnd.int(100, 999))}-${String(rnd.int(10, 99))}-${String(rnd.int(10, 99))}`;

  const companies: string[] = [];
  for (let i = 0; i < 40; i++) {
    const name = `${rnd.pick(FORMS)} «${rnd.pick(COMPANY_WORDS)}${rnd.pick(COMPANY_TAILS).toLowerCase()}»`;
    const company = await api.post('/api/companies', {
      name,
      address: address(),
      responsibleUserId: rnd.pick(managers),
      phones: [{ value: phone(), type: 'work' }],
      emails: [{ value: `office${String(i + 1)}@example.ru`, type: 'work' }],
    });
    companies.push(idOf(company));
  }

  const contacts: { id: string; name: string }[] = [];
  for (let i = 0; i < 250; i++) {
    const names = rnd.chance(0.5) ? MALE : FEMALE;
    const firstName = rnd.pick(names.first);
    const lastName = rnd.pick(names.last);
    const contact = await api.post('/api/contacts', {
      firstName,
      lastName,
      middleName: rnd.chance(0.6) ? rnd.pick(names.middle) : null,
      position: rnd.pick(POSITIONS),
      responsibleUserId: rnd.pick(managers),
      phones: [{ value: phone(), type: 'mobile' }],
      emails: rnd.chance(0.6) ? [{ value: `client${String(i + 1)}@example.ru`, type: 'personal' }] : [],
      messengers: rnd.chance(0.4) ? [{ service: 'telegram', value: `@client_${String(i + 1)}` }] : [],
      companyIds: rnd.chance(0.35) ? [rnd.pick(companies)] : [],
    });
    contacts.push({ id: idOf(contact), name: `${lastName} ${firstName}` });
  }

  for (let i = 0; i < 30; i++) {
    const names = rnd.chance(0.5) ? MALE : FEMALE;
    await api.post('/api/leads', {
      firstName: rnd.pick(names.first),
      lastName: rnd.pick(names.last),
      comment: `Заявка с сайта: ${rnd.pick(ROOMS)}, ${String(rnd.int(10, 60))} м²`,
      sourceId: sources.length > 0 ? idOf(rnd.pick(sources)) : null,
      responsibleUserId: rnd.pick(managers),
      phones: [{ value: phone(), type: 'mobile' }],
    });
  }

  const day = 24 * 60 * 60 * 1000;
  // A realistic funnel: most deals early, a share won, some lost.
  const funnel: { pipeline: Pipeline; stage: Stage; weight: number }[] = [
    ...stageOf(sales, 'unsorted').map((stage) => ({ pipeline: sales, stage, weight: 3 })),
    ...salesOpen.map((stage, i) => ({ pipeline: sales, stage, weight: 8 - i })),
    ...stageOf(sales, 'won').map((stage) => ({ pipeline: sales, stage, weight: 4 })),
    ...stageOf(sales, 'lost').map((stage) => ({ pipeline: sales, stage, weight: 3 })),
    ...dealers.stages.map((stage) => ({ pipeline: dealers, stage, weight: stage.kind === 'open' ? 2 : 1 })),
  ];
  const total = funnel.reduce((sum, f) => sum + f.weight, 0);
  const place = () => {
    let at = rnd.next() * total;
    for (const f of funnel) {
      at -= f.weight;
      if (at < 0) return f;
    }
    return funnel[0] ?? { pipeline: sales, stage: sales.stages[0] as Stage, weight: 1 };
  };

  for (let i = 0; i < 300; i++) {
    const { pipeline, stage } = place();
    const contact = rnd.pick(contacts);
    const area = rnd.int(8, 90);
    const room = rnd.pick(ROOMS);
    const inSales = pipeline.id === sales.id;
    const deal = await api.post('/api/deals', {
      name: inSales ? `${contact.name}: ${room}, ${String(area)} м²` : `Оптовая поставка №${String(i + 1)}`,
      pipelineId: pipeline.id,
      stageId: stage.id,
      responsibleUserId: rnd.pick(managers),
      contacts: [{ id: contact.id, isPrimary: true }],
      companyId: !inSales || rnd.chance(0.2) ? rnd.pick(companies) : null,
      sourceId: sources.length > 0 ? idOf(rnd.pick(sources)) : null,
      tags: rnd.chance(0.3) ? [rnd.pick(['срочно', 'рассрочка', 'повторный', 'VIP'])] : [],
      closeDate: new Date(Date.now() + rnd.int(-10, 40) * day).toISOString().slice(0, 10),
      ...(stage.kind === 'lost' && lossReasons.length > 0
        ? { lossReasonId: idOf(rnd.pick(lossReasons)) }
        : {}),
      customFields: {
        [idOf(productField)]: rnd.pick(productOptions),
        [idOf(areaField)]: String(area),
        ...(inSales ? { [idOf(addressField)]: address() } : {}),
        ...(inSales && rnd.chance(0.5)
          ? { [idOf(measureField)]: new Date(Date.now() + rnd.int(-5, 10) * day).toISOString() }
          : {}),
      },
    });
    const dealId = idOf(deal);
    if (rnd.chance(0.6)) {
      const ceiling = rnd.pick(products.slice(0, 3));
      await api.put(`/api/deals/${dealId}/items`, {
        items: [
          { productId: idOf(ceiling), quantity: String(area) },
          { productId: idOf(products[6] ?? ceiling), quantity: String(area) },
          ...(rnd.chance(0.5)
            ? [
                {
                  productId: idOf(products[3] ?? ceiling),
                  quantity: String(rnd.int(4, 16)),
                  discountPercent: '10',
                },
              ]
            : []),
        ],
      });
    }
    if (stage.kind === 'open' || stage.kind === 'unsorted') {
      if (rnd.chance(0.75)) {
        const task = rnd.pick(TASKS);
        await api.post('/api/tasks', {
          type: task.type,
          text: task.text,
          deadline: new Date(Date.now() + rnd.int(-3, 7) * day + rnd.int(1, 8) * 3_600_000).toISOString(),
          responsibleUserId: rnd.pick(managers),
          entity: 'deal',
          entityId: dealId,
        });
      }
    }
    for (let c = rnd.int(0, 2); c > 0; c--) {
      await api.post('/api/timeline', {
        kind: 'comment',
        entity: 'deal',
        entityId: dealId,
        text: rnd.pick(COMMENTS),
      });
    }
    if (rnd.chance(0.3)) {
      await api.post('/api/timeline', {
        kind: 'call',
        entity: 'deal',
        entityId: dealId,
        text: '',
        data: {
          direction: rnd.pick(['inbound', 'outbound']),
          durationSeconds: rnd.int(0, 600),
          phone: phone(),
          result: rnd.pick(['договорились о замере', 'не дозвонился', 'просил перезвонить']),
        },
      });
    }
  }

  // Seed 001's playbook, and three requests from its form waiting in the inbox.
  const playbook = await voronka.modules.intake.installPlaybook(admin);
  const visitor = new DemoApi(voronka);
  for (const [name, phoneNumber, address, scope] of [
    ['Ирина', '+7 916 204-18-55', 'Москва, ул. Садовая, д. 14, кв. 7', 'Натяжной потолок в гостиной, 20 м²'],
    ['Павел', '+7 921 330-41-02', 'Санкт-Петербург, пр. Мира, д. 3', 'Окна ПВХ, две штуки'],
    ['Светлана', '+7 903 775-90-16', '', 'Сколько стоит замер?'],
  ] as const) {
    await visitor.post(`/api/public/forms/${playbook.form.publicKey}/submissions`, {
      name,
      phone: phoneNumber,
      ...(address ? { address } : {}),
      scope,
      consent: true,
      utm_source: 'yandex',
      utm_medium: 'cpc',
    });
  }
}
