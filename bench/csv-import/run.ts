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
//   1. Signs up an account through the API and generates a UTF-8 CSV of BENCH_ROWS contacts: last name, first
//      name, a mobile phone written the Russian way ("8 (9xx) xxx-xx-xx") and an e-mail — every row unique.
//   2. Import: uploads the file, maps the columns, duplicate rule "create" (no look-ups), starts the job and
//      polls until it completes. Rows/s = rows / (time from start to completed). Every row goes through the
//      contacts service: phone normalization, validation, the contact, its channels, its search vector, a
//      `contact.created` event (with its history delivery job) and the row's result, in batches of 50.
//   3. Raw COPY: the same rows (with their E.164 phones and lower-case e-mails computed here) COPYed into
//      `contacts` and `contact_channels` of a second account in one transaction — the floor for writing them.
//   Prints both rates and their ratio.
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ApiClient, createScratchDatabase, startVoronka } from '../core/server.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const rows = Number(process.env.BENCH_ROWS ?? 100_000);

const LAST = [
  'Иванов',
  'Петров',
  'Сидоров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
];
const FIRST = ['Иван', 'Пётр', 'Анна', 'Мария', 'Сергей', 'Ольга', 'Дмитрий', 'Елена', 'Алексей', 'Наталья'];

interface Row {
  last: string;
  first: string;
  phone: string;
  e164: string;
  email: string;
}

function generateRows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => {
    const digits = String(9_000_000_000 + i * 7 + 1_000_000).padStart(10, '0');
    const [a, b, c, d] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 8), digits.slice(8, 10)];
    return {
      last: LAST[i % LAST.length] ?? '',
      first: FIRST[Math.floor(i / LAST.length) % FIRST.length] ?? '',
      phone: `8 (${a}) ${b}-${c}-${d}`,
      e164: `+7${digits}`,
      email: `contact${i}@example.ru`,
    };
  });
}

const csvOf = (data: Row[]) =>
  `Фамилия,Имя,Телефон,E-mail\n${data.map((r) => `${r.last},${r.first},${r.phone},${r.email}`).join('\n')}\n`;

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
    mapping: [{ field: 'lastName' }, { field: 'firstName' }, { field: 'phone' }, { field: 'email' }],
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
  const { accountId, userId } = await signUp(url, 'Raw COPY');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = data.map(() => crypto.randomUUID());
    const t0 = performance.now();
    await client.query('BEGIN');
    const tsv = (values: string[]) => `${values.join('\t')}\n`;
    await pipeline(
      Readable.from(data.map((r, i) => tsv([ids[i] ?? '', accountId, r.first, r.last, userId]))),
      client.query(
        copyFrom('COPY contacts (id, account_id, first_name, last_name, responsible_user_id) FROM STDIN'),
      ),
    );
    await pipeline(
      Readable.from(
        data.flatMap((r, i) => [
          tsv([accountId, ids[i] ?? '', 'phone', 'mobile', r.phone, r.e164, '0']),
          tsv([accountId, ids[i] ?? '', 'email', 'work', r.email, r.email, '1']),
        ]),
      ),
      client.query(
        copyFrom(
          'COPY contact_channels (account_id, contact_id, kind, type, value, normalized, position) FROM STDIN',
        ),
      ),
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
      `| raw COPY (contacts+channels) | ${copySeconds.toFixed(1).padStart(7)} | ${Math.round(copyRate).toString().padStart(8)} |`,
    );
    console.log(`\nraw COPY is ${(copyRate / importRate).toFixed(1)}× the import job's rate`);
  } finally {
    await server.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${database.name}`);
    else await database.drop();
  }
}

await main();
