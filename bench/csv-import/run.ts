// bench/csv-import — importing a CSV of contacts (MIGR-6) through the import job, beside raw COPY of the same
// rows into the same tables.
//
// HOW TO RUN
//   npm run build -w @voronka/server              (the bench starts the BUILT server)
//   npm run bench:csv-import -w @voronka/bench    (or, in bench/: npm run bench:csv-import)
//
//   BENCH_DATABASE_URL  PostgreSQL to create a scratch database in (default postgres://postgres@127.0.0.1:5432/test);
//                       dropped at the end unless BENCH_KEEP=1.
//   BENCH_ROWS=100000   contacts in the file (default 100,000).
//
// WHAT IT DOES
//   1. Signs up an account through the API with three contact custom fields (text "Город", list "Источник",
//      date "Дата рождения") and generates a UTF-8 CSV of BENCH_ROWS contacts (deterministic): last name, first
//      name and patronymic agreeing in gender, a mobile phone written the Russian way ("8 (9xx) xxx-xx-xx"),
//      an e-mail, a city, a source (a list label) and a birthday (DD.MM.YYYY) — every phone and e-mail unique.
//   2. Import: uploads the file, maps the columns, duplicate rule "create" (no look-ups), starts the job and
//      polls until it completes. Rows/s = rows / (time from start to completed). Every row goes through the
//      contacts service: phone normalization, validation, the contact, its channels, its search vector, a
//      `contact.created` event (with its history delivery job) and the row's result, in batches of 50.
//   3. Raw COPY: the same rows (with their E.164 phones, lower-case e-mails, list option ids and ISO dates
//      computed here) COPYed into `contacts`, `contact_channels` and `custom_field_values` of a second account
//      (with the same fields) in one transaction — the floor for writing them.
//   Prints both rates and their ratio.
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ApiClient, createScratchDatabase, startVoronka } from '../core/server.js';
import { latin } from '../core/generate.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rows = Number(process.env.BENCH_ROWS ?? 100_000);

// Realistic Russian names: surnames in both genders' forms, first names and patronymics that agree with them.
const SURNAMES = [
  'Иванов',
  'Петров',
  'Сидоров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
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
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
];
const MALE = [
  'Александр',
  'Дмитрий',
  'Максим',
  'Сергей',
  'Андрей',
  'Алексей',
  'Артём',
  'Илья',
  'Кирилл',
  'Михаил',
];
const FEMALE = [
  'Анна',
  'Мария',
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Екатерина',
  'Светлана',
  'Юлия',
];
const PATRONYMIC_STEMS = [
  'Александров',
  'Дмитриев',
  'Сергеев',
  'Андреев',
  'Алексеев',
  'Михайлов',
  'Иванов',
  'Петров',
];
const CITIES = [
  'Москва',
  'Санкт-Петербург',
  'Новосибирск',
  'Екатеринбург',
  'Казань',
  'Нижний Новгород',
  'Самара',
  'Краснодар',
];
const SOURCES = ['Сайт', 'Выставка', 'Рекомендация', 'Холодный звонок', 'Реклама'];
const MAIL = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'];

interface Row {
  last: string;
  first: string;
  middle: string;
  phone: string;
  e164: string;
  email: string;
  city: string;
  source: string;
  birthday: string;
}

/** A deterministic pseudo-random sequence (mulberry32), so every run imports the same file. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateRows(n: number): Row[] {
  const next = random(20261203);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const female = next() < 0.5;
    const surname = pick(SURNAMES);
    const last = female ? (surname.endsWith('ий') ? `${surname.slice(0, -2)}ая` : `${surname}а`) : surname;
    const first = pick(female ? FEMALE : MALE);
    const middle = `${pick(PATRONYMIC_STEMS)}${female ? 'на' : 'ич'}`;
    // Every phone unique: the row number spread over the 9xx mobile range.
    const digits = String(9_000_000_000 + ((i * 7_919 + 1_000_003) % 999_999_999)).padStart(10, '0');
    const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)];
    const year = 1960 + Math.floor(next() * 45);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    return {
      last,
      first,
      middle,
      phone: `8 (${a}) ${b}-${c}-${d}`,
      e164: `+7${digits}`,
      email: `${latin(first)}.${latin(last)}${i}@${pick(MAIL)}`,
      city: pick(CITIES),
      source: pick(SOURCES),
      birthday: `${day}.${month}.${year}`,
    };
  });
}

const HEADER = 'Фамилия,Имя,Отчество,Телефон,E-mail,Город,Источник,Дата рождения';
const csvOf = (data: Row[]) =>
  `${HEADER}\n${data
    .map((r) => [r.last, r.first, r.middle, r.phone, r.email, r.city, r.source, r.birthday].join(','))
    .join('\n')}\n`;

/** The account's contact custom fields the file fills: a text, a list and a date. */
interface Fields {
  city: string;
  source: string;
  birthday: string;
  sourceOptions: Map<string, string>;
}

async function createFields(api: ApiClient): Promise<Fields> {
  const city = await api.post<{ id: string }>('/api/custom-fields', {
    entity: 'contact',
    type: 'text',
    name: 'Город',
  });
  const options = SOURCES.map((label, position) => ({ id: crypto.randomUUID(), label, position }));
  const source = await api.post<{ id: string }>('/api/custom-fields', {
    entity: 'contact',
    type: 'list',
    name: 'Источник',
    settings: { options },
  });
  const birthday = await api.post<{ id: string }>('/api/custom-fields', {
    entity: 'contact',
    type: 'date',
    name: 'Дата рождения',
  });
  return {
    city: city.id,
    source: source.id,
    birthday: birthday.id,
    sourceOptions: new Map(options.map((o) => [o.label, o.id])),
  };
}

async function signUp(url: string, name: string) {
  const api = new ApiClient(url);
  const me = await api.post<{ account: { id: string }; user: { id: string } }>('/api/auth/sign-up', {
    accountName: name,
    name: 'Bench Admin',
    email: `bench.${crypto.randomBytes(4).toString('hex')}@example.ru`,
    password: 'bench password 1',
  });
  return { api, accountId: me.account.id, userId: me.user.id };
}

async function importThroughJob(url: string, data: Row[]) {
  const { api } = await signUp(url, 'CSV import');
  const fields = await createFields(api);
  const form = new FormData();
  form.append('file', new Blob([csvOf(data)], { type: 'text/csv' }), 'contacts.csv');
  const uploaded = await fetch(`${url}/api/spreadsheet-imports?entity=contacts`, {
    method: 'POST',
    headers: { cookie: api.cookie },
    body: form,
  });
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const draft = (await uploaded.json()) as { id: string };
  await api.request('PUT', `/api/spreadsheet-imports/${draft.id}/mapping`, {
    mapping: [
      { field: 'lastName' },
      { field: 'firstName' },
      { field: 'middleName' },
      { field: 'phone' },
      { field: 'email' },
      { customFieldId: fields.city },
      { customFieldId: fields.source },
      { customFieldId: fields.birthday },
    ],
    duplicateRule: 'create',
    duplicateKeys: [],
  });
  const t0 = performance.now();
  await api.post(`/api/spreadsheet-imports/${draft.id}/start`);
  let last = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const state = await api.get<{
      status: string;
      processedRows: number;
      created: number;
      failed: number;
      error: string | null;
    }>(`/api/spreadsheet-imports/${draft.id}`);
    const line = `  import: ${state.status} ${state.processedRows}/${data.length}`;
    if (line !== last) process.stdout.write(`\r${line}   `);
    last = line;
    if (state.status === 'completed') {
      process.stdout.write('\n');
      if (state.created !== data.length)
        throw new Error(`created ${state.created} of ${data.length} (${state.failed} failed)`);
      return (performance.now() - t0) / 1000;
    }
    if (state.status === 'failed') throw new Error(`import failed: ${state.error ?? ''}`);
  }
}

async function rawCopy(url: string, databaseUrl: string, data: Row[]) {
  const { api, accountId, userId } = await signUp(url, 'Raw COPY');
  const fields = await createFields(api);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = data.map(() => crypto.randomUUID());
    const isoDate = (ddmmyyyy: string) => ddmmyyyy.split('.').reverse().join('-');
    const t0 = performance.now();
    await client.query('BEGIN');
    const tsv = (values: string[]) => `${values.join('\t')}\n`;
    const copy = (statement: string, lines: Iterable<string>) =>
      pipeline(Readable.from(lines), client.query(copyFrom(statement)));
    await copy(
      'COPY contacts (id, account_id, first_name, last_name, middle_name, responsible_user_id, custom_fields) FROM STDIN',
      data.map((r, i) =>
        tsv([
          ids[i] ?? '',
          accountId,
          r.first,
          r.last,
          r.middle,
          userId,
          JSON.stringify({
            [fields.city]: r.city,
            [fields.source]: fields.sourceOptions.get(r.source),
            [fields.birthday]: isoDate(r.birthday),
          }),
        ]),
      ),
    );
    await copy(
      'COPY contact_channels (account_id, contact_id, kind, type, value, normalized, position) FROM STDIN',
      data.flatMap((r, i) => [
        tsv([accountId, ids[i] ?? '', 'phone', 'work', r.phone, r.e164, '0']),
        tsv([accountId, ids[i] ?? '', 'email', 'work', r.email, r.email.toLowerCase(), '1']),
      ]),
    );
    const none = '\\N';
    await copy(
      'COPY custom_field_values (account_id, field_id, record_id, ordinal, value_text, value_date, value_ref) FROM STDIN',
      data.flatMap((r, i) => [
        tsv([accountId, fields.city, ids[i] ?? '', '0', r.city, none, none]),
        tsv([
          accountId,
          fields.source,
          ids[i] ?? '',
          '0',
          none,
          none,
          fields.sourceOptions.get(r.source) ?? '',
        ]),
        tsv([accountId, fields.birthday, ids[i] ?? '', '0', none, isoDate(r.birthday), none]),
      ]),
    );
    await client.query('COMMIT');
    return (performance.now() - t0) / 1000;
  } finally {
    await client.end();
  }
}

async function main() {
  const database = await createScratchDatabase(adminUrl);
  console.log(`bench/csv-import: ${rows.toLocaleString('en')} contacts, scratch database ${database.name}`);
  const server = await startVoronka(database.url);
  try {
    const data = generateRows(rows);
    const importSeconds = await importThroughJob(server.url, data);
    const copySeconds = await rawCopy(server.url, database.url, data);
    const importRate = rows / importSeconds;
    const copyRate = rows / copySeconds;
    console.log('');
    console.log('| path                         | seconds | rows/s   |');
    console.log('|------------------------------|--------:|---------:|');
    console.log(
      `| import job (CSV → services)  | ${importSeconds.toFixed(1).padStart(7)} | ${Math.round(importRate).toString().padStart(8)} |`,
    );
    console.log(
      `| raw COPY (same tables)       | ${copySeconds.toFixed(1).padStart(7)} | ${Math.round(copyRate).toString().padStart(8)} |`,
    );
    console.log(`\nraw COPY is ${(copyRate / importRate).toFixed(1)}× the import job's rate`);
  } finally {
    await server.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${database.name}`);
    else await database.drop();
  }
}

await main();
