// Fills a fake amoCRM account like seed 000's (1,078 companies, 1,692 contacts, 4 pipelines, 1,384 deals,
// 25,046 events — notes, calls, mails, files — and 17,386 tasks at scale 1), with custom fields of every
// amoCRM type and a share of bad data: invalid e-mails, links to deleted records, records of deleted users.
// Deterministic: the same seed and scale give the same account, byte for byte.
// Shapes follow shared/reference/amocrm-bitrix24-api-contract.md §6 (numbers in numeric fields as strings,
// dates as Unix seconds, `custom_fields_values: null` when empty, task `result: []` when empty).

export type Entity = Record<string, unknown> & { id: number };
export type EntityType = 'leads' | 'contacts' | 'companies';

export interface AmoCustomField extends Entity {
  name: string;
  type: string;
  entity_type: EntityType | 'catalogs';
  code: string | null;
  enums: { id: number; value: string; sort: number; code?: string | null }[] | null;
}

export interface AmoNote extends Entity {
  entity_id: number;
  note_type: string;
  entity_type: EntityType;
  updated_at: number;
}

export interface AmoEvent extends Record<string, unknown> {
  id: string;
  type: string;
  entity_id: number;
  entity_type: 'lead' | 'contact' | 'company';
  created_at: number;
}

/** A file on the account's drive (amoCRM's files service at `drive_url`), with its bytes. */
export interface AmoDriveFile {
  uuid: string;
  versionUuid: string;
  name: string;
  mime: string;
  content: Buffer;
  created_at: number;
  created_by: number;
}

export interface AmoLink {
  entity_id: number;
  entity_type: EntityType;
  to_entity_id: number;
  to_entity_type: EntityType;
  metadata: Record<string, unknown> | null;
}

export interface AmoAccountData {
  account: Entity & { name: string; subdomain: string };
  users: Entity[];
  /** Ids that records point at but /users no longer lists (users deleted in amoCRM). */
  deletedUserIds: number[];
  pipelines: (Entity & { statuses: Entity[] })[];
  customFields: Record<EntityType | 'catalogs', AmoCustomField[]>;
  catalogs: Entity[];
  leads: Entity[];
  contacts: Entity[];
  companies: Entity[];
  notes: AmoNote[];
  /** The drive's files (attachment notes point at them by file_uuid; a few point at none: deleted). */
  driveFiles: AmoDriveFile[];
  tasks: Entity[];
  events: AmoEvent[];
  links: AmoLink[];
  lossReasons: Entity[];
  /** What the bad data is, for tests to check that the importer reports each case. */
  bad: {
    invalidEmails: { entity: EntityType; id: number; value: string }[];
    danglingLinks: { from: EntityType | 'tasks' | 'notes'; id: number; to: EntityType; toId: number }[];
    /** Attachment notes whose drive file is gone (the drive answers 404). */
    missingFiles: { noteId: number; fileUuid: string }[];
    /** Attachment notes of the old storage (`original_name`/`attachment` only, no drive file). */
    legacyFiles: { noteId: number; name: string }[];
    deletedUserRecords: { entity: EntityType; id: number; userId: number }[];
  };
}

export interface GenerateOptions {
  /** 1 = seed 000's account; 0.01 = a hundredth (each count rounded, at least 1 of each). */
  scale?: number;
  seed?: number;
  subdomain?: string;
  accountId?: number;
}

/** The seed's counts at scale 1. */
export const SEED_000_COUNTS = {
  companies: 1078,
  contacts: 1692,
  pipelines: 4,
  leads: 1384,
  notes: 25046,
  tasks: 17386,
} as const;

/** mulberry32: a small, fast, well-mixed 32-bit generator; enough for test data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const FIRST = [
  'Иван',
  'Анна',
  'Сергей',
  'Мария',
  'Алексей',
  'Ольга',
  'Дмитрий',
  'Елена',
  'Павел',
  'Наталья',
  'Михаил',
  'Татьяна',
  'Андрей',
  'Ирина',
  'Николай',
  'Светлана',
];
const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
];
const FEMININE: Record<string, string> = {
  Анна: 'а',
  Мария: 'а',
  Ольга: 'а',
  Елена: 'а',
  Наталья: 'а',
  Татьяна: 'а',
  Ирина: 'а',
  Светлана: 'а',
};
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ы: 'y',
  ь: '',
  ъ: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const latin = (text: string) => Array.from(text.toLowerCase(), (c) => TRANSLIT[c] ?? c).join('');
const COMPANY_KIND = ['ООО', 'АО', 'ИП', 'ПАО'];
const COMPANY_WORD = [
  'Ромашка',
  'Вектор',
  'СтройМаркет',
  'ТехноСфера',
  'Альфа',
  'Гранит',
  'Северный ветер',
  'ОкнаПро',
  'Логистик',
  'Меридиан',
  'Сибирь',
  'Восход',
];
const CITIES = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург', 'Нижний Новгород'];
const POSITIONS = ['Директор', 'Менеджер по закупкам', 'Главный бухгалтер', 'Инженер', 'Руководитель отдела'];
const DEAL_WORDS = [
  'Поставка окон',
  'Монтаж',
  'Годовой контракт',
  'Консультация',
  'Пилотный проект',
  'Расширение лицензии',
];
const INVALID_EMAILS = [
  'ivan@@mail.ru',
  'petrov.mail.ru',
  'анна@почта',
  'sales@',
  '@yandex.ru',
  'info@company,ru',
];
const TASK_TEXTS = [
  'Перезвонить клиенту',
  'Отправить КП',
  'Назначить встречу',
  'Уточнить реквизиты',
  'Выставить счёт',
];
const RESULTS = ['Клиент подтвердил заказ', 'Не дозвонились', 'КП отправлено', 'Встреча перенесена'];

const FILE_NAMES = [
  'Смета.xlsx',
  'Договор №5.pdf',
  'Замер кухни.png',
  'Коммерческое предложение.docx',
  'notes.txt',
];
const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
};
const mimeOf = (name: string) => MIME[/\.(\w+)$/.exec(name)?.[1] ?? ''] ?? 'application/octet-stream';

function uuidOf(rnd: ReturnType<typeof random>): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rnd.next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A small file's bytes (100 B – 4 KB), different for every note. */
function contentOf(rnd: ReturnType<typeof random>, noteId: number): Buffer {
  const bytes = Buffer.alloc(100 + Math.floor(rnd.next() * 4000));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd.next() * 256);
  bytes.write(`note ${noteId}`, 0, 'latin1');
  return bytes;
}

const START = 1_609_448_400; // 2021-01-01 00:00 MSK
const END = 1_793_480_400; // 2026-10-31 MSK

export function generateAccount(options: GenerateOptions = {}): AmoAccountData {
  const scale = options.scale ?? 1;
  const rnd = random(options.seed ?? 0x000);
  const subdomain = options.subdomain ?? 'voronka-demo';
  const accountId = options.accountId ?? 29_978_305;
  const count = (n: number) => Math.max(1, Math.round(n * scale));
  const ts = (from = START, to = END) => rnd.int(from, to);
  let nextId = 1;
  const id = (base: number) => base + nextId++;

  // Users: active ones, an inactive one, and two that were deleted (records still point at them).
  const users: Entity[] = [];
  const userCount = Math.max(3, Math.min(14, count(12)));
  for (let i = 0; i < userCount; i++) {
    const first = FIRST[i % FIRST.length] ?? 'Иван';
    const last = `${LAST[i % LAST.length] ?? 'Иванов'}${FEMININE[first] ?? ''}`;
    users.push({
      id: 5_000_000 + i + 1,
      name: `${first} ${last}`,
      email: `${latin(first)}.${latin(last)}@voronka-demo.ru`,
      lang: 'ru',
      rights: {
        leads: { view: 'A', edit: 'A', add: 'A', delete: i === 0 ? 'A' : 'M', export: i === 0 ? 'A' : 'D' },
        contacts: { view: 'A', edit: 'A', add: 'A', delete: 'M', export: 'D' },
        companies: { view: 'A', edit: 'A', add: 'A', delete: 'M', export: 'D' },
        tasks: { edit: 'A', delete: 'A' },
        mail_access: i === 0,
        catalog_access: true,
        status_rights: [],
        is_admin: i === 0,
        is_free: false,
        is_active: i !== userCount - 1,
        group_id: null,
        role_id: null,
      },
    });
  }
  const deletedUserIds = [5_000_901, 5_000_902];
  const activeUserIds = users.map((u) => u.id);
  const someUser = () => (rnd.chance(0.02) ? rnd.pick(deletedUserIds) : rnd.pick(activeUserIds));

  // Pipelines: unsorted (type 1), regular stages, won 142 and lost 143 in every pipeline.
  const stageNames = [
    ['Первичный контакт', 'Переговоры', 'Принимают решение', 'Согласование договора'],
    ['Новая заявка', 'Замер', 'Смета', 'Монтаж'],
    ['Квалификация', 'Демо', 'Пилот'],
    ['Запрос', 'Счёт выставлен', 'Оплата'],
  ];
  const pipelineNames = ['Воронка', 'Монтаж окон', 'Корпоративные продажи', 'Повторные продажи'];
  const pipelines: (Entity & { statuses: Entity[] })[] = [];
  // The account's structure does not shrink with scale: always the seed's 4 pipelines.
  const pipelineCount = SEED_000_COUNTS.pipelines;
  for (let p = 0; p < pipelineCount; p++) {
    const pid = 3_177_727 + p * 1000;
    const statuses: Entity[] = [
      {
        id: 32_392_156 + p * 100,
        name: 'Неразобранное',
        sort: 10,
        is_editable: false,
        color: '#c1c1c1',
        type: 1,
      },
      ...(stageNames[p] ?? []).map((name, i) => ({
        id: 32_392_160 + p * 100 + i,
        name,
        sort: 20 + i * 10,
        is_editable: true,
        color: '#99ccff',
        type: 0,
      })),
      { id: 142, name: 'Успешно реализовано', sort: 10000, is_editable: false, color: '#CCFF66', type: 0 },
      {
        id: 143,
        name: 'Закрыто и не реализовано',
        sort: 11000,
        is_editable: false,
        color: '#D5D8DB',
        type: 0,
      },
    ].map((s) => ({ ...s, pipeline_id: pid, account_id: accountId }));
    pipelines.push({
      id: pid,
      name: pipelineNames[p] ?? `Воронка ${p + 1}`,
      sort: p + 1,
      is_main: p === 0,
      is_unsorted_on: true,
      is_archive: false,
      account_id: accountId,
      statuses,
    });
  }

  // Custom fields: the predefined contact/company ones and one of every other amoCRM type.
  let fieldId = 100_000;
  let enumId = 200_000;
  const enums = (values: string[], codes?: string[]) =>
    values.map((value, i) => ({
      id: ++enumId,
      value,
      sort: (i + 1) * 10,
      ...(codes ? { code: codes[i] ?? null } : {}),
    }));
  const field = (
    entity: EntityType | 'catalogs',
    name: string,
    type: string,
    extra: Partial<AmoCustomField> = {},
  ): AmoCustomField => ({
    id: ++fieldId,
    name,
    type,
    code: null,
    sort: fieldId % 1000,
    entity_type: entity,
    is_predefined: false,
    is_deletable: true,
    is_api_only: false,
    is_computed: false,
    settings: null,
    remind: type === 'birthday' ? 'day' : null,
    currency: type === 'monetary' ? 'RUB' : null,
    group_id: null,
    enums: null,
    required_statuses: [],
    hidden_statuses: [],
    chained_lists: null,
    tracking_callback: null,
    search_in: null,
    account_id: accountId,
    ...extra,
  });
  const phone = (entity: EntityType) =>
    field(entity, 'Телефон', 'multitext', {
      code: 'PHONE',
      is_predefined: true,
      is_deletable: false,
      enums: enums(
        ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'],
        ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'],
      ),
    });
  const email = (entity: EntityType) =>
    field(entity, 'Email', 'multitext', {
      code: 'EMAIL',
      is_predefined: true,
      is_deletable: false,
      enums: enums(['WORK', 'PRIV', 'OTHER'], ['WORK', 'PRIV', 'OTHER']),
    });
  const everyType = (entity: EntityType) => [
    field(entity, 'Комментарий', 'textarea'),
    field(entity, 'Бюджет проекта', 'numeric'),
    field(entity, 'Сумма договора', 'monetary'),
    field(entity, 'VIP', 'checkbox'),
    field(entity, 'Источник', 'select', { enums: enums(['Сайт', 'Звонок', 'Выставка', 'Рекомендация']) }),
    field(entity, 'Интересы', 'multiselect', { enums: enums(['Окна', 'Двери', 'Фасады', 'Сервис']) }),
    field(entity, 'Тип клиента', 'radiobutton', { enums: enums(['Новый', 'Постоянный']) }),
    field(entity, 'Дата договора', 'date'),
    field(entity, 'Время звонка', 'date_time'),
    field(entity, 'День рождения', 'birthday'),
    field(entity, 'Страница', 'url'),
    field(entity, 'Адрес доставки', 'streetaddress'),
    field(entity, 'Адрес (умный)', 'smart_address', {
      enums: enums(
        ['address_line_1', 'address_line_2', 'city', 'state', 'zip', 'country'],
        ['address_line_1', 'address_line_2', 'city', 'state', 'zip', 'country'],
      ),
    }),
    field(entity, 'Юр. лицо', 'legal_entity'),
    field(entity, 'Юридическое название', 'org_legal_name'),
    field(entity, 'utm_source', 'tracking_data', { code: 'UTM_SOURCE' }),
    field(entity, 'Связанный элемент', 'linked_entity'),
    field(entity, 'Товар из списка', 'chained_list', {
      chained_lists: [{ catalog_id: 4521, title: 'Товары' }],
    }),
    field(entity, 'Договор (файл)', 'file'),
    field(entity, 'Плательщик', 'payer'),
    field(entity, 'Поставщик', 'supplier'),
    field(entity, 'Текст', 'text'),
  ];
  const customFields: AmoAccountData['customFields'] = {
    contacts: [
      phone('contacts'),
      email('contacts'),
      field('contacts', 'Должность', 'text', { code: 'POSITION', is_predefined: true, is_deletable: false }),
      ...everyType('contacts'),
    ],
    companies: [
      phone('companies'),
      email('companies'),
      field('companies', 'Web', 'url', { code: 'WEB', is_predefined: true, is_deletable: false }),
      field('companies', 'Адрес', 'textarea', { code: 'ADDRESS', is_predefined: true, is_deletable: false }),
      ...everyType('companies'),
    ],
    leads: everyType('leads'),
    catalogs: [
      field('catalogs', 'Артикул', 'text', { code: 'SKU' }),
      field('catalogs', 'Цена', 'price', { code: 'PRICE' }),
      field('catalogs', 'Категория', 'category', { enums: enums(['Окна', 'Двери']) }),
      field('catalogs', 'Позиции', 'items'),
    ],
  };
  const catalogs: Entity[] = [
    {
      id: 4521,
      name: 'Товары',
      type: 'products',
      sort: 10,
      can_add_elements: true,
      can_link_multiple: true,
      account_id: accountId,
    },
  ];

  /** A value of a custom field, as amoCRM reads it back. */
  /** The drive's files: of `file` custom fields, then of attachment notes. */
  const driveFiles: AmoDriveFile[] = [];
  const valueOf = (f: AmoCustomField): Record<string, unknown>[] | null => {
    const pickEnum = () => rnd.pick(f.enums ?? [{ id: 0, value: '', sort: 0 }]);
    switch (f.type) {
      case 'text':
      case 'textarea':
      case 'org_legal_name':
        return [{ value: `${f.name}: ${rnd.pick(COMPANY_WORD)} ${rnd.int(1, 999)}` }];
      case 'numeric':
        return [{ value: String(rnd.int(0, 5_000_000)) }];
      case 'monetary':
        return [{ value: `${rnd.int(1000, 900_000)}.${rnd.int(10, 99)}` }];
      case 'checkbox':
        return [{ value: rnd.chance(0.5) }];
      case 'select':
      case 'radiobutton': {
        const e = pickEnum();
        return [{ value: e.value, enum_id: e.id, enum_code: null }];
      }
      case 'multiselect':
        return (f.enums ?? [])
          .filter(() => rnd.chance(0.5))
          .map((e) => ({ value: e.value, enum_id: e.id, enum_code: null }));
      case 'date':
      case 'birthday':
        // amoCRM keeps dates at midnight of the account's time zone.
        return [{ value: Math.floor(ts() / 86400) * 86400 - 3 * 3600 }];
      case 'date_time':
        return [{ value: ts() }];
      case 'url':
        return [
          { value: `https://${latin(rnd.pick(COMPANY_WORD)).replace(/\s/g, '')}.ru/${rnd.int(1, 99)}` },
        ];
      case 'streetaddress':
        return [{ value: `${rnd.pick(CITIES)}, ул. Ленина, д. ${rnd.int(1, 120)}` }];
      case 'smart_address':
        return [
          {
            value: `ул. Мира, д. ${rnd.int(1, 90)}`,
            enum_id: f.enums?.[0]?.id ?? 1,
            enum_code: 'address_line_1',
          },
          { value: rnd.pick(CITIES), enum_id: f.enums?.[2]?.id ?? 3, enum_code: 'city' },
          { value: String(rnd.int(101000, 199999)), enum_id: f.enums?.[4]?.id ?? 5, enum_code: 'zip' },
          { value: 'Россия', enum_id: f.enums?.[5]?.id ?? 6, enum_code: 'country' },
        ];
      case 'legal_entity':
        return [
          {
            value: {
              name: `${rnd.pick(COMPANY_KIND)} «${rnd.pick(COMPANY_WORD)}»`,
              entity_type: 2,
              vat_id: String(rnd.int(1_000_000_000, 9_999_999_999)),
              kpp: String(rnd.int(100_000_000, 999_999_999)),
              tax_registration_reason_code: null,
              address: `${rnd.pick(CITIES)}, пр. Мира, ${rnd.int(1, 50)}`,
              real_address: null,
              bank_code: '044525225',
              bank_account_number: `40702810${rnd.int(100_000_000, 999_999_999)}000`,
              director: `${rnd.pick(LAST)} ${rnd.pick(FIRST)}`,
              external_uid: null,
            },
          },
        ];
      case 'tracking_data':
        return [{ value: rnd.pick(['yandex', 'google', 'vk', 'direct']) }];
      case 'linked_entity':
        return [
          {
            value: {
              name: 'Окно ПВХ',
              entity_id: rnd.int(1, 500),
              entity_type: 'catalog_elements',
              catalog_id: 4521,
            },
          },
        ];
      case 'chained_list':
        return [{ catalog_id: 4521, catalog_element_id: rnd.int(1, 500) }];
      case 'file': {
        // The same draws as before (every other record stays as it was); 8 in 10 files are on the drive.
        const fileNo = rnd.int(1e8, 9e8);
        const versionNo = rnd.int(1e8, 9e8);
        const name = `Договор-${rnd.int(1, 999)}.pdf`;
        rnd.int(10_000, 2_000_000);
        const own = random(fileNo);
        const file: AmoDriveFile = {
          uuid: `${fileNo.toString(16).padStart(8, '0')}-0000-4000-8000-${uuidOf(own).slice(-12)}`,
          versionUuid: `${versionNo.toString(16).padStart(8, '0')}-0000-4000-8000-${uuidOf(own).slice(-12)}`,
          name,
          mime: 'application/pdf',
          content: contentOf(own, fileNo),
          created_at: START,
          created_by: 0,
        };
        if (own.next() < 0.8) driveFiles.push(file);
        return [
          {
            value: {
              file_uuid: file.uuid,
              version_uuid: file.versionUuid,
              file_name: file.name,
              file_size: file.content.length,
            },
          },
        ];
      }
      case 'payer':
      case 'supplier':
        return [{ value: { name: `${rnd.pick(COMPANY_KIND)} «${rnd.pick(COMPANY_WORD)}»`, entity_type: 2 } }];
      default:
        return null;
    }
  };
  const bad: AmoAccountData['bad'] = {
    invalidEmails: [],
    danglingLinks: [],
    deletedUserRecords: [],
    missingFiles: [],
    legacyFiles: [],
  };

  /** About half the non-predefined fields filled; `null` when none are (as amoCRM sends). */
  const fieldValues = (entity: EntityType, predefined: Record<string, unknown>[][] = []) => {
    const values: Record<string, unknown>[] = [];
    for (const f of customFields[entity]) {
      if (f.is_predefined || !rnd.chance(0.45)) continue;
      const v = valueOf(f);
      if (v && v.length > 0)
        values.push({
          field_id: f.id,
          field_name: f.name,
          field_code: f.code,
          field_type: f.type,
          values: v,
        });
    }
    for (const p of predefined) values.push(...p);
    return values.length > 0 ? values : null;
  };
  const channels = (entity: EntityType, recordId: number, who: string) => {
    const fields = customFields[entity];
    const phoneField = fields.find((f) => f.code === 'PHONE');
    const emailField = fields.find((f) => f.code === 'EMAIL');
    const result: Record<string, unknown>[][] = [];
    if (phoneField && rnd.chance(0.85)) {
      const mob = phoneField.enums?.find((e) => e.value === 'MOB');
      result.push([
        {
          field_id: phoneField.id,
          field_name: phoneField.name,
          field_code: 'PHONE',
          field_type: 'multitext',
          values: [
            {
              value: `+7 9${rnd.int(10, 99)} ${rnd.int(100, 999)}-${rnd.int(10, 99)}-${rnd.int(10, 99)}`,
              enum_id: mob?.id,
              enum_code: 'MOB',
            },
          ],
        },
      ]);
    }
    if (emailField && rnd.chance(0.8)) {
      const work = emailField.enums?.find((e) => e.value === 'WORK');
      let value = `${latin(who).replace(/[^a-z]+/g, '.')}${rnd.int(1, 99)}@${rnd.pick(['mail.ru', 'yandex.ru', 'gmail.com'])}`;
      if (rnd.chance(0.03)) {
        value = rnd.pick(INVALID_EMAILS);
        bad.invalidEmails.push({ entity, id: recordId, value });
      }
      result.push([
        {
          field_id: emailField.id,
          field_name: emailField.name,
          field_code: 'EMAIL',
          field_type: 'multitext',
          values: [{ value, enum_id: work?.id, enum_code: 'WORK' }],
        },
      ]);
    }
    return result;
  };
  const owned = (entity: EntityType, recordId: number) => {
    const created = ts();
    const updated = Math.min(END, created + rnd.int(0, 86400 * 200));
    const responsible = someUser();
    if (deletedUserIds.includes(responsible))
      bad.deletedUserRecords.push({ entity, id: recordId, userId: responsible });
    return {
      responsible_user_id: responsible,
      group_id: 0,
      created_by: rnd.chance(0.05) ? 0 : rnd.pick(activeUserIds),
      updated_by: rnd.pick(activeUserIds),
      created_at: created,
      updated_at: updated,
      closest_task_at: null,
      is_deleted: false,
      account_id: accountId,
    };
  };

  const companies: Entity[] = [];
  for (let i = 0; i < count(SEED_000_COUNTS.companies); i++) {
    const cid = id(10_000_000);
    const name = `${rnd.pick(COMPANY_KIND)} «${rnd.pick(COMPANY_WORD)}${i > 11 ? ` ${i}` : ''}»`;
    companies.push({
      id: cid,
      name,
      ...owned('companies', cid),
      custom_fields_values: fieldValues('companies', channels('companies', cid, rnd.pick(COMPANY_WORD))),
      _embedded: { tags: rnd.chance(0.2) ? [{ id: 100_667, name: 'партнёр', color: null }] : [] },
    });
  }
  const companyIds = companies.map((c) => c.id);
  const links: AmoLink[] = [];

  const contacts: Entity[] = [];
  for (let i = 0; i < count(SEED_000_COUNTS.contacts); i++) {
    const cid = id(11_000_000);
    const first = rnd.pick(FIRST);
    const last = `${rnd.pick(LAST)}${FEMININE[first] ?? ''}`;
    const position = customFields.contacts.find((f) => f.code === 'POSITION');
    const predefined = channels('contacts', cid, `${first} ${last}`);
    if (position && rnd.chance(0.5))
      predefined.push([
        {
          field_id: position.id,
          field_name: position.name,
          field_code: 'POSITION',
          field_type: 'text',
          values: [{ value: rnd.pick(POSITIONS) }],
        },
      ]);
    let companyId: number | null = rnd.chance(0.7) ? rnd.pick(companyIds) : null;
    if (companyId !== null && rnd.chance(0.015)) {
      companyId = 19_900_000 + i; // a company deleted in amoCRM: the link dangles
      bad.danglingLinks.push({ from: 'contacts', id: cid, to: 'companies', toId: companyId });
    }
    contacts.push({
      id: cid,
      name: `${first} ${last}`,
      first_name: first,
      last_name: last,
      ...owned('contacts', cid),
      is_unsorted: false,
      custom_fields_values: fieldValues('contacts', predefined),
      _embedded: { tags: [], companies: companyId === null ? [] : [{ id: companyId }] },
    });
    if (companyId !== null)
      links.push(
        {
          entity_id: cid,
          entity_type: 'contacts',
          to_entity_id: companyId,
          to_entity_type: 'companies',
          metadata: null,
        },
        {
          entity_id: companyId,
          entity_type: 'companies',
          to_entity_id: cid,
          to_entity_type: 'contacts',
          metadata: null,
        },
      );
  }
  const contactIds = contacts.map((c) => c.id);

  const leads: Entity[] = [];
  const events: AmoEvent[] = [];
  let eventSeq = 0;
  const eventId = () =>
    `01${(++eventSeq).toString(36).padStart(6, '0')}${rnd.int(1e9, 9e9).toString(36)}`.slice(0, 26);
  for (let i = 0; i < count(SEED_000_COUNTS.leads); i++) {
    const lid = id(20_000_000);
    const pipeline = rnd.pick(pipelines);
    const roll = rnd.next();
    const status =
      roll < 0.05
        ? pipeline.statuses[0] // unsorted
        : roll < 0.3
          ? pipeline.statuses.find((s) => s.id === 142)
          : roll < 0.45
            ? pipeline.statuses.find((s) => s.id === 143)
            : rnd.pick(pipeline.statuses.slice(1, -2));
    const base = owned('leads', lid);
    const closed = status?.id === 142 || status?.id === 143;
    const contactsOf: { id: number; is_main: boolean }[] = [];
    if (rnd.chance(0.8)) {
      const n = rnd.int(1, 2);
      for (let k = 0; k < n; k++) {
        let cid = rnd.pick(contactIds);
        if (rnd.chance(0.01)) {
          cid = 18_900_000 + i * 2 + k; // a deleted contact
          bad.danglingLinks.push({ from: 'leads', id: lid, to: 'contacts', toId: cid });
        }
        if (!contactsOf.some((c) => c.id === cid))
          contactsOf.push({ id: cid, is_main: contactsOf.length === 0 });
      }
    }
    const companyId = rnd.chance(0.5) ? rnd.pick(companyIds) : null;
    leads.push({
      id: lid,
      name: `${rnd.pick(DEAL_WORDS)} №${i + 1}`,
      price: rnd.chance(0.9) ? rnd.int(5, 2000) * 1000 : 0,
      ...base,
      status_id: status?.id ?? 142,
      pipeline_id: pipeline.id,
      loss_reason_id: status?.id === 143 && rnd.chance(0.5) ? 4_203_748 : null,
      closed_at: closed ? Math.min(END, base.updated_at) : null,
      custom_fields_values: fieldValues('leads'),
      score: null,
      labor_cost: null,
      is_price_computed: false,
      _embedded: {
        tags: rnd.chance(0.1) ? [{ id: 100_668, name: 'импорт', color: 'EBEBEB' }] : [],
        companies: companyId === null ? [] : [{ id: companyId }],
        contacts: contactsOf,
      },
    });
    for (const c of contactsOf)
      links.push({
        entity_id: lid,
        entity_type: 'leads',
        to_entity_id: c.id,
        to_entity_type: 'contacts',
        metadata: { main_contact: c.is_main },
      });
    if (companyId !== null)
      links.push({
        entity_id: lid,
        entity_type: 'leads',
        to_entity_id: companyId,
        to_entity_type: 'companies',
        metadata: null,
      });
    events.push({
      id: eventId(),
      type: 'lead_added',
      entity_id: lid,
      entity_type: 'lead',
      created_by: base.created_by,
      created_at: base.created_at,
      value_after: [],
      value_before: [],
      account_id: accountId,
    });
    if (status && status.id !== pipeline.statuses[0]?.id)
      events.push({
        id: eventId(),
        type: 'lead_status_changed',
        entity_id: lid,
        entity_type: 'lead',
        created_by: base.updated_by,
        created_at: base.updated_at,
        value_after: [{ lead_status: { id: status.id, pipeline_id: pipeline.id } }],
        value_before: [{ lead_status: { id: pipeline.statuses[1]?.id ?? 0, pipeline_id: pipeline.id } }],
        account_id: accountId,
      });
  }
  const leadIds = leads.map((l) => l.id);

  // Notes ("events" in seed 000's counts): comments, calls with recordings, mails, files, SMS, service.
  const notes: AmoNote[] = [];
  const owners: [EntityType, number[]][] = [
    ['leads', leadIds],
    ['contacts', contactIds],
    ['companies', companyIds],
  ];
  for (let i = 0; i < count(SEED_000_COUNTS.notes); i++) {
    const nid = id(40_000_000);
    const [entityType, ids] = rnd.chance(0.55) ? owners[0]! : rnd.chance(0.7) ? owners[1]! : owners[2]!;
    let entityId = rnd.pick(ids);
    if (rnd.chance(0.005)) {
      entityId = 17_000_000 + i;
      bad.danglingLinks.push({ from: 'notes', id: nid, to: entityType, toId: entityId });
    }
    const created = ts();
    const kind = rnd.next();
    let note_type: string;
    let params: Record<string, unknown>;
    if (kind < 0.45) {
      note_type = 'common';
      params = { text: `Обсудили условия: ${rnd.pick(DEAL_WORDS).toLowerCase()}, ${rnd.int(1, 30)} позиций` };
    } else if (kind < 0.7) {
      note_type = rnd.chance(0.5) ? 'call_in' : 'call_out';
      const uniq = `${nid}-call`;
      params = {
        uniq,
        duration: rnd.int(0, 900),
        source: 'onlinepbx',
        link: rnd.chance(0.7) ? `https://records.example-pbx.ru/${uniq}` : null,
        phone: `+79${rnd.int(100_000_000, 999_999_999)}`,
        call_result: rnd.pick(['Договорились', 'Перезвонить', '']),
        call_status: rnd.int(1, 7),
        call_responsible: rnd.pick(activeUserIds),
      };
    } else if (kind < 0.82) {
      note_type = 'amomail_message';
      params = {
        thread_id: rnd.int(1e6, 9e6),
        message_id: rnd.int(1e6, 9e6),
        private: false,
        income: rnd.chance(0.5),
        from: { email: 'client@mail.ru', name: 'Клиент' },
        to: { email: 'sales@voronka-demo.ru', name: 'Отдел продаж' },
        subject: `Re: ${rnd.pick(DEAL_WORDS)}`,
        content_summary: 'Добрый день! Направляем уточнённые размеры…',
        attach_cnt: rnd.int(0, 2),
        delivery: null,
      };
    } else if (kind < 0.92) {
      note_type = 'attachment';
      params = {
        original_name: `Смета-${rnd.int(1, 999)}.xlsx`,
        attachment: `gijy_Смета-${rnd.int(1, 999)}.xlsx`,
      };
      // Most attachments live on the drive (with real bytes); some are of the old storage, and a few point
      // at a drive file deleted since. Decided by a generator of the note's own, so the main sequence (and
      // every other record) stays as it was.
      const own = random(nid);
      const share = own.next();
      const name = FILE_NAMES[Math.floor(own.next() * FILE_NAMES.length)] ?? 'file.bin';
      if (share < 0.8) {
        const file: AmoDriveFile = {
          uuid: uuidOf(own),
          versionUuid: uuidOf(own),
          name: `${name.replace(/\.\w+$/, '')}-${nid}${/\.\w+$/.exec(name)?.[0] ?? ''}`,
          mime: mimeOf(name),
          content: contentOf(own, nid),
          created_at: created,
          created_by: 0,
        };
        params = {
          file_uuid: file.uuid,
          version_uuid: file.versionUuid,
          file_name: file.name,
          original_name: file.name,
          is_drive_attachment: true,
        };
        if (share < 0.74) driveFiles.push(file);
        else bad.missingFiles.push({ noteId: nid, fileUuid: file.uuid });
      } else bad.legacyFiles.push({ noteId: nid, name: String(params.original_name) });
    } else if (kind < 0.97) {
      note_type = rnd.chance(0.5) ? 'sms_in' : 'sms_out';
      params = { text: 'Ваш заказ готов к отгрузке', phone: `+79${rnd.int(100_000_000, 999_999_999)}` };
    } else {
      note_type = 'service_message';
      params = { service: 'Robot', text: 'Сделка перемещена роботом' };
    }
    const author = rnd.chance(0.03) ? 0 : someUser();
    notes.push({
      id: nid,
      entity_id: entityId,
      entity_type: entityType,
      created_by: author,
      updated_by: author,
      created_at: created,
      updated_at: created + rnd.int(0, 3600),
      responsible_user_id: author,
      group_id: 0,
      note_type,
      params,
      is_editable: note_type === 'common',
      account_id: accountId,
    });
  }

  const tasks: Entity[] = [];
  for (let i = 0; i < count(SEED_000_COUNTS.tasks); i++) {
    const tid = id(50_000_000);
    const created = ts();
    const completed = rnd.chance(0.7);
    const target = rnd.next();
    let entity: { entity_id: number | null; entity_type: EntityType | null } =
      target < 0.6
        ? { entity_id: rnd.pick(leadIds), entity_type: 'leads' }
        : target < 0.85
          ? { entity_id: rnd.pick(contactIds), entity_type: 'contacts' }
          : target < 0.95
            ? { entity_id: rnd.pick(companyIds), entity_type: 'companies' }
            : { entity_id: null, entity_type: null };
    if (entity.entity_type && rnd.chance(0.005)) {
      entity = { entity_id: 16_000_000 + i, entity_type: entity.entity_type };
      bad.danglingLinks.push({
        from: 'tasks',
        id: tid,
        to: entity.entity_type as EntityType,
        toId: entity.entity_id as number,
      });
    }
    tasks.push({
      id: tid,
      created_by: rnd.pick(activeUserIds),
      updated_by: rnd.pick(activeUserIds),
      created_at: created,
      updated_at: created + rnd.int(0, 86400 * 10),
      responsible_user_id: someUser(),
      group_id: 0,
      ...entity,
      duration: rnd.chance(0.2) ? 3600 : 0,
      is_completed: completed,
      task_type_id: rnd.pick([1, 1, 2, 3]),
      text: rnd.pick(TASK_TEXTS),
      result: completed && rnd.chance(0.6) ? { text: rnd.pick(RESULTS) } : [],
      complete_till: created + rnd.int(3600, 86400 * 14),
      account_id: accountId,
    });
  }

  return {
    account: {
      id: accountId,
      name: 'ООО «Воронка Демо»',
      subdomain,
      created_at: START - 86400 * 30,
      created_by: 0,
      updated_at: END,
      updated_by: 0,
      current_user_id: users[0]?.id ?? 0,
      country: 'RU',
      currency: 'RUB',
      currency_symbol: '₽',
      customers_mode: 'disabled',
      is_unsorted_on: true,
      mobile_feature_version: 0,
      is_loss_reason_enabled: true,
      is_helpbot_enabled: false,
      is_technical_account: false,
      contact_name_display_order: 1,
    },
    users,
    deletedUserIds,
    pipelines,
    customFields,
    catalogs,
    leads,
    contacts,
    companies,
    notes,
    driveFiles,
    tasks,
    events,
    links,
    lossReasons: [
      { id: 4_203_748, name: 'Пропала потребность', sort: 100000, created_at: START, updated_at: START },
    ],
    bad,
  };
}
