import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp, type Client } from '../../../test/http.js';
import { getBytes, postMultipart } from '../../../test/multipart.js';

const upload = (v: Voronka, client: Client, entity: string, filename: string, content: Buffer | string) =>
  postMultipart(v, client, `/api/spreadsheet-imports?entity=${entity}`, [
    { name: 'file', filename, content },
  ]);

async function waitFor(client: Client, id: string, statuses: string[]) {
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/spreadsheet-imports/${id}`);
    if (statuses.includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import ${id} never reached ${statuses.join('/')}`);
}

async function runImport(
  v: Voronka,
  client: Client,
  entity: string,
  filename: string,
  content: Buffer | string,
  mapping?: object,
) {
  const draft = await upload(v, client, entity, filename, content);
  expect(draft.status, draft.text).toBe(201);
  if (mapping) {
    const mapped = await client.put(`/api/spreadsheet-imports/${draft.body.id}/mapping`, mapping);
    expect(mapped.status, mapped.text).toBe(200);
  }
  expect((await client.post(`/api/spreadsheet-imports/${draft.body.id}/start`)).status).toBe(202);
  return { draft: draft.body, done: await waitFor(client, draft.body.id, ['completed', 'failed']) };
}

const report = async (client: Client, id: string) =>
  (await client.get(`/api/spreadsheet-imports/${id}/report?limit=500`)).body.items as {
    row: number;
    outcome: string;
    recordId: string | null;
    reason: string | null;
  }[];

const allContacts = async (client: Client) =>
  (await client.get('/api/contacts?limit=500&sort=name')).body.items as Record<string, any>[];

const stable = (r: Record<string, any>) => {
  const { version: _v, updatedAt: _u, ...rest } = r;
  return rest;
};

describeEachDatabase(
  'spreadsheet import and export',
  (get) => {
    it('imports a UTF-8 CSV of contacts: guessed mapping, phones and e-mails normalized, a report, undo', async () => {
      const admin = await signUp(get());
      const csv =
        '\uFEFFФИО,Телефон,E-mail,Должность\n' +
        'Иванов Иван Иванович,8 (916) 123-45-67,Ivan@Example.ru,Директор\n' +
        'Петрова Анна,+7 916 765 43 21,anna@example.ru,\n' +
        'Сидоров Пётр,не телефон,petr@example.ru,Менеджер\n';
      const draft = await upload(get(), admin.client, 'contacts', 'contacts.csv', csv);
      expect(draft.status, draft.text).toBe(201);
      expect(draft.body).toMatchObject({
        format: 'csv',
        encoding: 'utf-8',
        delimiter: ',',
        totalRows: 3,
        status: 'draft',
        mappingSource: 'guessed',
        mapping: [{ field: 'fullName' }, { field: 'phone' }, { field: 'email' }, { field: 'position' }],
      });
      expect(draft.body.columns[0]).toMatchObject({
        header: 'ФИО',
        samples: ['Иванов Иван Иванович', 'Петрова Анна', 'Сидоров Пётр'],
      });

      const preview = await admin.client.get(`/api/spreadsheet-imports/${draft.body.id}/preview`);
      expect(preview.status).toBe(200);
      expect(preview.body.rows[0]).toMatchObject({
        row: 2,
        values: { lastName: 'Иванов', firstName: 'Иван', middleName: 'Иванович', position: 'Директор' },
        errors: [],
      });
      expect(preview.body.rows[2].errors).toEqual([
        { column: 1, field: 'phones', reason: '"не телефон" is not a phone number' },
      ]);
      // The raw cells, one per column (an empty last cell too), for the preview table.
      expect(preview.body.rows[1].cells).toEqual(['Петрова Анна', '+7 916 765 43 21', 'anna@example.ru', '']);
      expect(await allContacts(admin.client)).toEqual([]);

      expect((await admin.client.post(`/api/spreadsheet-imports/${draft.body.id}/start`)).status).toBe(202);
      const done = await waitFor(admin.client, draft.body.id, ['completed', 'failed']);
      expect(done).toMatchObject({
        status: 'completed',
        processedRows: 3,
        created: 2,
        failed: 1,
        skipped: 0,
      });
      const contacts = await allContacts(admin.client);
      expect(contacts.map((c) => c.name)).toEqual(['Иванов Иван Иванович', 'Петрова Анна']);
      expect(contacts[0]?.phones).toEqual([
        { value: '8 (916) 123-45-67', type: 'work', e164: '+79161234567' },
      ]);
      expect(contacts[0]?.emails).toEqual([{ value: 'Ivan@Example.ru', type: 'work' }]);
      const rows = await report(admin.client, draft.body.id);
      expect(rows.map((r) => [r.row, r.outcome])).toEqual([
        [2, 'created'],
        [3, 'created'],
        [4, 'failed'],
      ]);
      expect(rows[2]?.reason).toContain('Телефон: "не телефон" is not a phone number');
      const csvReport = await getBytes(
        get(),
        admin.client,
        `/api/spreadsheet-imports/${draft.body.id}/report.csv`,
      );
      expect(csvReport.status).toBe(200);
      expect(csvReport.bytes.toString('utf8')).toContain('4,failed,,');

      // The records' events say they came from an import.
      const events = await get()
        .database.db.selectFrom('domain_events')
        .select(['type', 'source'])
        .where('account_id', '=', admin.accountId)
        .where('entity', '=', 'contact')
        .execute();
      expect(events).toEqual([
        { type: 'contact.created', source: 'import' },
        { type: 'contact.created', source: 'import' },
      ]);

      expect((await admin.client.post(`/api/spreadsheet-imports/${draft.body.id}/undo`)).status).toBe(202);
      expect((await waitFor(admin.client, draft.body.id, ['undone'])).undoneAt).not.toBeNull();
      expect(await allContacts(admin.client)).toEqual([]);
      expect((await admin.client.post(`/api/spreadsheet-imports/${draft.body.id}/undo`)).status).toBe(409);
    });

    it('reads a Windows-1251 CSV with ";" and an XLSX workbook; saves the mapping for the same headers', async () => {
      const admin = await signUp(get());
      const text =
        'Название;ИНН;Телефон;Отрасль\r\nООО «Ромашка»;7707083893;+7 495 123-45-67;Торговля\r\nАО Лютик;;;\r\n';
      const bytes = iconv.encode(text, 'win1251');
      const first = await upload(get(), admin.client, 'companies', 'companies.csv', bytes);
      expect(first.body).toMatchObject({ encoding: 'windows-1251', delimiter: ';', totalRows: 2 });
      expect(first.body.columns.map((c: { header: string }) => c.header)).toEqual([
        'Название',
        'ИНН',
        'Телефон',
        'Отрасль',
      ]);
      expect(first.body.mapping).toEqual([{ field: 'name' }, { field: 'inn' }, { field: 'phone' }, null]);
      const mapping = {
        mapping: [{ field: 'name' }, { field: 'inn' }, null, { field: 'comment' }],
        duplicateRule: 'skip',
        duplicateKeys: ['name'],
      };
      expect(
        (await admin.client.put(`/api/spreadsheet-imports/${first.body.id}/mapping`, mapping)).status,
      ).toBe(200);
      await admin.client.post(`/api/spreadsheet-imports/${first.body.id}/start`);
      expect(await waitFor(admin.client, first.body.id, ['completed'])).toMatchObject({
        created: 2,
        failed: 0,
      });
      const companies = (await admin.client.get('/api/companies?sort=name')).body.items;
      expect(
        companies.map((c: { name: string; inn: string | null; comment: string | null }) => [
          c.name,
          c.inn,
          c.comment,
        ]),
      ).toEqual([
        ['АО Лютик', null, null],
        ['ООО «Ромашка»', '7707083893', 'Торговля'],
      ]);

      // The same headers again: pre-mapped with the saved mapping; the duplicates by name are skipped.
      const second = await upload(get(), admin.client, 'companies', 'again.csv', bytes);
      expect(second.body).toMatchObject({
        mappingSource: 'saved',
        mapping: mapping.mapping,
        duplicateRule: 'skip',
        duplicateKeys: ['name'],
      });
      await admin.client.post(`/api/spreadsheet-imports/${second.body.id}/start`);
      expect(await waitFor(admin.client, second.body.id, ['completed'])).toMatchObject({
        created: 0,
        skipped: 2,
      });

      // XLSX: dates and numbers in cells, a deal per row.
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Сделки');
      sheet.addRow(['Название', 'Сумма', 'Дата закрытия', 'Теги']);
      sheet.addRow(['Поставка окон', 150000.5, new Date(Date.UTC(2026, 11, 31)), 'окна, опт']);
      sheet.addRow(['Монтаж', '12 000,00', '15.01.2027', '']);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      const deals = await runImport(get(), admin.client, 'deals', 'deals.xlsx', xlsx);
      expect(deals.draft).toMatchObject({ format: 'xlsx', encoding: null, totalRows: 2 });
      expect(deals.done).toMatchObject({ created: 2, failed: 0 });
      const list = (await admin.client.get('/api/deals?sort=name&order=asc')).body.items;
      expect(list.map((d: Record<string, unknown>) => [d.name, d.amount, d.closeDate, d.tags])).toEqual([
        ['Монтаж', '12000.00', '2027-01-15', []],
        ['Поставка окон', '150000.50', '2026-12-31', ['окна', 'опт']],
      ]);
    });

    it('handles duplicates by skip / update / create; undo restores updated records exactly', async () => {
      const admin = await signUp(get());
      const field = await admin.client.post('/api/custom-fields', {
        entity: 'contact',
        type: 'number',
        name: 'Скидка',
      });
      const existing = await admin.client.post('/api/contacts', {
        firstName: 'Иван',
        lastName: 'Иванов',
        position: 'Инженер',
        phones: [{ value: '+7 916 123-45-67', type: 'mobile' }],
        customFields: { [field.body.id]: '5' },
      });
      const before = stable((await admin.client.get(`/api/contacts/${existing.body.id}`)).body);
      const csv =
        'Фамилия,Имя,Телефон,Должность,Скидка,E-mail\nИванов,Иван,89161234567,Директор,10,ivan@example.ru\n';
      const mapping = (rule: string) => ({
        mapping: [
          { field: 'lastName' },
          { field: 'firstName' },
          { field: 'phone' },
          { field: 'position' },
          { customFieldId: field.body.id },
          { field: 'email' },
        ],
        duplicateRule: rule,
        duplicateKeys: ['phone'],
      });

      const skipped = await runImport(get(), admin.client, 'contacts', 'a.csv', csv, mapping('skip'));
      expect(skipped.done).toMatchObject({ created: 0, skipped: 1 });
      expect((await report(admin.client, skipped.draft.id))[0]).toMatchObject({
        outcome: 'skipped',
        recordId: existing.body.id,
      });

      const preview = await admin.client.get(`/api/spreadsheet-imports/${skipped.draft.id}/preview`);
      expect(preview.body.rows[0].duplicateOf).toBe(existing.body.id);

      const updated = await runImport(get(), admin.client, 'contacts', 'b.csv', csv, mapping('update'));
      expect(updated.done).toMatchObject({ created: 0, updated: 1 });
      const changed = (await admin.client.get(`/api/contacts/${existing.body.id}`)).body;
      expect(changed).toMatchObject({
        position: 'Директор',
        customFields: { [field.body.id]: '10' },
        phones: [{ value: '+7 916 123-45-67', type: 'mobile', e164: '+79161234567' }],
        emails: [{ value: 'ivan@example.ru', type: 'work' }],
      });
      expect(await allContacts(admin.client)).toHaveLength(1);

      const created = await runImport(get(), admin.client, 'contacts', 'c.csv', csv, mapping('create'));
      expect(created.done).toMatchObject({ created: 1 });
      expect(await allContacts(admin.client)).toHaveLength(2);

      await admin.client.post(`/api/spreadsheet-imports/${created.draft.id}/undo`);
      await waitFor(admin.client, created.draft.id, ['undone']);
      await admin.client.post(`/api/spreadsheet-imports/${updated.draft.id}/undo`);
      await waitFor(admin.client, updated.draft.id, ['undone']);
      const contacts = await allContacts(admin.client);
      expect(contacts).toHaveLength(1);
      expect(stable(contacts[0] ?? {})).toEqual(before);
    });

    it('reports validation errors per cell: custom-field types, users, required names; refuses a bad mapping', async () => {
      const admin = await signUp(get());
      const date = await admin.client.post('/api/custom-fields', {
        entity: 'contact',
        type: 'date',
        name: 'День рождения',
      });
      const list = await admin.client.post('/api/custom-fields', {
        entity: 'contact',
        type: 'list',
        name: 'Сегмент',
        settings: { options: [{ id: crypto.randomUUID(), label: 'VIP', position: 0 }] },
      });
      expect(list.status, list.text).toBe(201);
      const csv =
        'Имя,День рождения,Сегмент,Ответственный\n' +
        'Анна,31.12.1990,vip,Анна Админова\n' +
        'Борис,31.02.1990,Обычный,Никто\n' +
        ',1990-01-01,,\n';
      const draft = await upload(get(), admin.client, 'contacts', 'v.csv', csv);
      expect(draft.body.mapping).toEqual([
        { field: 'firstName' },
        { customFieldId: date.body.id },
        { customFieldId: list.body.id },
        { field: 'responsible' },
      ]);
      const bad = await admin.client.put(`/api/spreadsheet-imports/${draft.body.id}/mapping`, {
        mapping: [{ field: 'firstName' }, { field: 'firstName' }, { field: 'stage' }],
        duplicateRule: 'skip',
        duplicateKeys: [],
      });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'body.mapping',
        'body.mapping.1',
        'body.mapping.2.field',
      ]);
      const preview = (await admin.client.get(`/api/spreadsheet-imports/${draft.body.id}/preview`)).body.rows;
      expect(preview[0]).toMatchObject({
        errors: [],
        values: {
          firstName: 'Анна',
          responsibleUserId: admin.userId,
          customFields: { [date.body.id]: '1990-12-31', [list.body.id]: list.body.settings.options[0].id },
        },
      });
      expect(preview[1].errors.map((e: { column: number }) => e.column)).toEqual([1, 2, 3]);
      expect(preview[2].errors).toEqual([
        { column: null, field: 'firstName', reason: 'a contact needs a first or last name' },
      ]);
      await admin.client.post(`/api/spreadsheet-imports/${draft.body.id}/start`);
      expect(await waitFor(admin.client, draft.body.id, ['completed'])).toMatchObject({
        created: 1,
        failed: 2,
      });
      const rows = await report(admin.client, draft.body.id);
      expect(rows[1]?.reason).toMatch(
        /День рождения: .*Сегмент: is not an option of "Сегмент".*Ответственный: "Никто" is no user/,
      );
    });

    it('a redelivered or concurrent job writes each row once (the checkpoint commits with the batch)', async () => {
      const admin = await signUp(get());
      const lines = Array.from({ length: 9 }, (_, i) => `Контакт${i},+7 916 000-00-${String(10 + i)}`);
      const draft = await upload(
        get(),
        admin.client,
        'contacts',
        'r.csv',
        `Имя,Телефон\n${lines.join('\n')}\n`,
      );
      await admin.client.put(`/api/spreadsheet-imports/${draft.body.id}/mapping`, {
        mapping: [{ field: 'firstName' }, { field: 'phone' }],
        duplicateRule: 'create',
        duplicateKeys: [],
      });
      await admin.client.post(`/api/spreadsheet-imports/${draft.body.id}/start`);
      // A second worker on the same import while the job runs (a job redelivered after a missed heartbeat).
      const imports = get().modules.spreadsheets.imports;
      while (await imports.runBatch(admin.accountId, draft.body.id));
      const done = await waitFor(admin.client, draft.body.id, ['completed']);
      expect(done).toMatchObject({ processedRows: 9, created: 9 });
      // The job delivered again after it finished changes nothing.
      await get().jobs.send('spreadsheet-import', { accountId: admin.accountId, importId: draft.body.id });
      await new Promise((r) => setTimeout(r, 1500));
      expect(await allContacts(admin.client)).toHaveLength(9);
      expect((await report(admin.client, draft.body.id)).map((r) => r.row)).toEqual([
        2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
    });

    it('exports the filtered list as CSV and XLSX with headers in the user’s language; another account sees nothing', async () => {
      const admin = await signUp(get());
      const other = await signUp(get(), { accountName: 'B' });
      const field = await admin.client.post('/api/custom-fields', {
        entity: 'contact',
        type: 'boolean',
        name: 'Подписан',
      });
      await admin.client.post('/api/contacts', {
        firstName: 'Анна',
        lastName: 'Петрова',
        phones: [{ value: '+7 916 111-22-33' }],
        customFields: { [field.body.id]: true },
      });
      await admin.client.post('/api/contacts', { firstName: 'Борис', lastName: 'Смирнов' });
      await other.client.post('/api/contacts', { firstName: 'Чужой', lastName: 'Контакт' });

      const csv = await getBytes(get(), admin.client, '/api/exports/contacts.csv?search=Петрова&lang=ru');
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const text = csv.bytes.toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const [header, ...rows] = text.slice(1).trim().split('\r\n');
      expect(header?.split(';').slice(0, 3)).toEqual(['ФИО', 'Фамилия', 'Имя']);
      expect(header).toContain('Подписан');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('Петрова Анна');
      expect(rows[0]).toContain('+7 916 111-22-33');
      expect(rows[0]).toContain('Да');

      const xlsx = await getBytes(get(), admin.client, '/api/exports/contacts.xlsx?sort=name', {
        'accept-language': 'en-US,en',
      });
      expect(xlsx.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const values = book.worksheets[0]
        ?.getSheetValues()
        .filter(Boolean)
        .map((r) => (r as unknown[]).slice(1, 2));
      expect(values).toEqual([['Full name'], ['Петрова Анна'], ['Смирнов Борис']]);

      const theirs = await getBytes(get(), other.client, '/api/exports/contacts.csv');
      expect(theirs.bytes.toString('utf8')).not.toContain('Петрова');
      expect((await other.client.get('/api/exports/deals.csv?sort=nope')).status).toBe(400);
      // The export round-trips: its headers are recognised by the import.
      const again = await upload(get(), admin.client, 'contacts', 'export.csv', csv.bytes);
      expect(again.body.mapping.slice(0, 3)).toEqual([
        { field: 'fullName' },
        { field: 'lastName' },
        { field: 'firstName' },
      ]);
    });

    it('an import is its uploader’s and the administrators’: another member and another account get 404', async () => {
      const admin = await signUp(get());
      const member = await addMember(get(), admin.client);
      // Importing is a right of the role (ADR 0018): a director has it, a manager (the default) has not.
      await assignRole(admin.client, member.userId, 'director');
      const other = await signUp(get(), { accountName: 'B' });
      const draft = await upload(
        get(),
        member.client,
        'leads',
        'l.csv',
        'Имя,Телефон\nЛид,+7 916 222-33-44\n',
      );
      expect(draft.status).toBe(201);
      const url = `/api/spreadsheet-imports/${draft.body.id}`;
      expect((await admin.client.get(url)).status).toBe(200);
      const second = await addMember(get(), admin.client);
      for (const client of [second.client, other.client]) {
        expect((await client.get(url)).status).toBe(404);
        expect((await client.get(`${url}/preview`)).status).toBe(404);
        expect((await client.post(`${url}/start`)).status).toBe(404);
        expect((await client.post(`${url}/undo`)).status).toBe(404);
        expect((await client.get(`${url}/report`)).status).toBe(404);
      }
      expect((await second.client.get('/api/spreadsheet-imports')).body.items).toEqual([]);
      const refused = await upload(get(), second.client, 'leads', 'l.csv', 'Имя\nЛид\n');
      expect(refused.status).toBe(403);
      expect((await admin.client.get('/api/spreadsheet-imports')).body.items).toHaveLength(1);
      await member.client.post(`${url}/start`);
      expect(await waitFor(member.client, draft.body.id, ['completed'])).toMatchObject({ created: 1 });
      const leads = (await member.client.get('/api/leads')).body.items;
      expect(leads.map((l: { firstName: string }) => l.firstName)).toEqual(['Лид']);
      // Undo deletes the lead the member's import created.
      await member.client.post(`${url}/undo`);
      await waitFor(member.client, draft.body.id, ['undone']);
      expect((await member.client.get('/api/leads')).body.items).toEqual([]);
    });

    it('creates a batch together, yet finds a duplicate inside the batch and reports a refused row alone', async () => {
      const admin = await signUp(get());
      const code = await admin.client.post('/api/custom-fields', {
        entity: 'contact',
        type: 'text',
        name: 'Код клиента',
        required: true,
      });
      expect(code.status, code.text).toBe(201);
      // Batches of two: rows 2–3 (the second a duplicate of the first), rows 4–5 (the first refused by the
      // contacts service: its required field is empty), row 6.
      const csv =
        'Имя,E-mail,Код клиента\n' +
        'Анна,anna@example.ru,A1\n' +
        'Анна Вторая,ANNA@example.ru,A2\n' +
        'Борис,boris@example.ru,\n' +
        'Вера,vera@example.ru,B1\n' +
        'Галина,galina@example.ru,C1\n';
      const { done } = await runImport(get(), admin.client, 'contacts', 'batch.csv', csv, {
        mapping: [{ field: 'firstName' }, { field: 'email' }, { customFieldId: code.body.id }],
        duplicateRule: 'skip',
        duplicateKeys: ['email'],
      });
      expect(done).toMatchObject({ status: 'completed', created: 3, skipped: 1, failed: 1 });
      const rows = await report(admin.client, done.id);
      expect(rows.map((r) => [r.row, r.outcome])).toEqual([
        [2, 'created'],
        [3, 'skipped'],
        [4, 'failed'],
        [5, 'created'],
        [6, 'created'],
      ]);
      expect(rows[1]?.recordId).toBe(rows[0]?.recordId);
      expect(rows[2]?.reason).toContain('required');
      const contacts = await allContacts(admin.client);
      expect(contacts.map((c) => c.firstName).sort()).toEqual(['Анна', 'Вера', 'Галина']);
      expect(contacts.find((c) => c.firstName === 'Вера')?.customFields).toEqual({ [code.body.id]: 'B1' });
    });

    it('refuses files it cannot read, naming the part', async () => {
      const admin = await signUp(get());
      const empty = await upload(get(), admin.client, 'contacts', 'e.csv', 'Имя\n');
      expect(empty.status).toBe(422);
      expect(empty.body.errors).toEqual([{ field: 'body.file', reason: 'has no rows below the header' }]);
      const fake = await upload(get(), admin.client, 'contacts', 'x.xlsx', 'not a workbook');
      expect(fake.status).toBe(422);
      const entity = await upload(get(), admin.client, 'tasks', 'e.csv', 'a\nb\n');
      expect(entity.status).toBe(400);
    });
  },
  { spreadsheetBatchSize: 2 },
);
