// Spreadsheet import and export (MIGR-6): a manager imports a CSV of contacts (UTF-8, ";", Russian headers)
// through the wizard — the columns come pre-mapped from the headers and one is switched off, the preview
// points at the bad phone and e-mail cells and at the existing contact a row duplicates — follows the
// import to its report (the bad row, the skipped duplicate, the report as CSV), sees the new contacts in
// the list, exports a filtered list as CSV, and undoes the import. The mapping step is captured in Russian.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { screenshot, useBrowser, waitForText, waitUntil } from '../support/browser.js';
import { newPerson, signUpViaApi } from '../support/app.js';

const browser = useBrowser();

const suffix = Math.random().toString(36).slice(2, 7);
const ivanov = `Иванов${suffix} Иван`;
const petrova = `Петрова${suffix} Анна`;
const sidorov = `Сидоров${suffix} Пётр`;
const kuznetsova = `Кузнецова${suffix} Мария`;

const csv = [
  'ФИО;Телефон;E-mail;Должность',
  `${ivanov};+7 916 111-22-33;ivanov-${suffix}@example.ru;Директор`,
  `${petrova};не телефон;anna@;Бухгалтер`,
  `${sidorov};8 916 555-66-77;;Менеджер`,
  `${kuznetsova};+7 916 222-33-44;maria-${suffix}@example.ru;Юрист`,
].join('\r\n');

const file = { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };

async function downloaded(download: Download): Promise<string> {
  const path = await download.path();
  return readFile(path, 'utf8');
}

/** The field chosen for a column of the file (a Select). */
const column = (page: Page, label: string) => page.getByRole('combobox', { name: label, exact: true });

/** Opens the list's "Import / Export" menu and picks an item. */
async function menu(page: Page, label: RegExp, item: string) {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function uploadThroughUi(page: Page, labels: { menu: RegExp; import: string; file: string }) {
  await page.goto('/contacts');
  await menu(page, labels.menu, labels.import);
  await page.waitForURL(/\/imports\/file\?entity=contacts$/);
  await page.getByLabel(labels.file).setInputFiles(file);
  await page.waitForURL(/\/imports\/file\/[0-9a-f-]{36}$/);
  await page.getByTestId('mapping-row').first().waitFor();
}

describe('spreadsheet import and export', () => {
  let page: Page;
  let importId = '';

  beforeAll(async () => {
    page = await browser.newPage({ locale: 'en-US' });
    await signUpViaApi(page, newPerson('owner'));
    const existing = await page.request.post('/api/contacts', {
      data: {
        lastName: `Сидоров${suffix}`,
        firstName: 'Пётр',
        phones: [{ value: '+7 916 555 66 77', type: 'work' }],
      },
    });
    expect(existing.status()).toBe(201);
  });

  it('refuses a file it cannot read, with the server’s reason', async () => {
    await page.goto('/imports/file?entity=contacts');
    await page.getByLabel('File to import').setInputFiles({
      name: 'empty.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('ФИО;Телефон\r\n', 'utf8'),
    });
    await waitForText(page.getByRole('alert'), 'Cannot import «empty.csv»: has no rows below the header');
    expect(page.url()).toMatch(/\/imports\/file\?entity=contacts$/);
  });

  it('uploads the CSV from the list and maps its columns', async () => {
    await uploadThroughUi(page, {
      menu: /Import \/ Export/,
      import: 'Import from file…',
      file: 'File to import',
    });
    importId = /\/imports\/file\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    await page.getByText('contacts.csv: 4 rows').waitFor();
    await page.getByText('Read as CSV: UTF-8, delimiter «;».', { exact: false }).waitFor();
    // Pre-mapped from the Russian headers.
    expect(await column(page, 'Field for the column «ФИО»').inputValue()).toBe('Full name');
    expect(await column(page, 'Field for the column «Телефон»').inputValue()).toBe('Phone');
    expect(await column(page, 'Field for the column «E-mail»').inputValue()).toBe('E-mail');
    expect(await column(page, 'Field for the column «Должность»').inputValue()).toBe('Position');
    await expect
      .poll(async () => (await page.getByTestId('mapping-row').first().textContent()) ?? '')
      .toContain(ivanov);

    // The position is not imported.
    await column(page, 'Field for the column «Должность»').click();
    await page.getByRole('option', { name: 'Do not import' }).click();
    expect(await column(page, 'Field for the column «Должность»').inputValue()).toBe('Do not import');
    expect(await page.getByRole('radio', { name: 'Skip the row' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Preview rows' }).click();
    await page.waitForURL(/step=preview/);
  });

  it('previews the rows: the bad cells with their reasons, the duplicate it matches', async () => {
    const table = page.getByRole('table', { name: 'The first rows of the file' });
    await table.getByTestId('preview-row').first().waitFor();
    const headers = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers).toEqual(['Row', 'ФИО', 'Телефон', 'E-mail', 'Problems', 'Matches']);

    const bad = table.locator('[data-testid="preview-row"][data-row="3"]').locator('td');
    await waitForText(bad.nth(2), '"не телефон" is not a phone number');
    expect(await bad.nth(2).getAttribute('data-invalid')).toBe('true');
    await waitForText(bad.nth(3), '"anna@" is not an e-mail address');
    expect(await bad.nth(3).getAttribute('data-invalid')).toBe('true');
    expect(await bad.nth(1).getAttribute('data-invalid')).toBeNull();

    const good = table.locator('[data-testid="preview-row"][data-row="2"]').locator('td');
    expect(await good.nth(2).getAttribute('data-invalid')).toBeNull();
    await waitForText(good.nth(4), 'OK');

    const duplicate = table.locator('[data-testid="preview-row"][data-row="4"]');
    await duplicate.getByRole('link', { name: sidorov }).waitFor();
    await page.getByText('1 row has errors and will not be imported.', { exact: false }).waitFor();
    await page.getByText('1 row matches an existing record and will be skipped.', { exact: false }).waitFor();
    await screenshot(page, 'spreadsheet-import-preview-en.png');
  });

  it('imports, following the progress to the report', async () => {
    await page.getByRole('button', { name: 'Import 4 rows' }).click();
    await waitForText(page.getByTestId('import-status'), 'Import completed', 30_000);
    await waitForText(page.getByTestId('counter-created'), '2');
    await waitForText(page.getByTestId('counter-skipped'), '1');
    await waitForText(page.getByTestId('counter-failed'), '1');
    await waitForText(page.getByTestId('counter-updated'), '0');

    const report = page.getByRole('table', { name: 'Rows not imported' });
    const failed = report.getByTestId('report-row');
    await failed.first().waitFor();
    expect(await failed.count()).toBe(1);
    const cells = (await failed.first().locator('td').allTextContents()).map((c) => c.trim());
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('Failed');
    expect(cells[2]).toContain('Телефон: "не телефон" is not a phone number');

    await screenshot(page, 'spreadsheet-import-report-en.png');
    await page.getByText('Skipped: 1').click();
    await waitForText(report.getByTestId('report-row').first(), 'a duplicate of');
    expect((await report.getByTestId('report-row').first().locator('td').first().textContent())?.trim()).toBe(
      '4',
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download report CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`import-report-${importId}.csv`);
    const text = await downloaded(download);
    expect(text).toContain('row,outcome,recordId,reason');
    expect(text).toMatch(/\n3,failed,,/);
    expect(text).toMatch(/\n4,skipped,[0-9a-f-]{36},/);
  });

  it('shows the new contacts in the list, without the column left out', async () => {
    await page.getByRole('link', { name: 'Open contacts' }).click();
    await page.waitForURL(/\/contacts$/);
    const rows = page.getByTestId('record-row');
    await waitUntil(async () => (await rows.count()) === 3, 'three contacts in the list');
    const names = (await rows.allTextContents()).join('\n');
    for (const name of [ivanov, sidorov, kuznetsova]) expect(names).toContain(name);
    expect(names).not.toContain(petrova);
    const stored = (await (
      await page.request.get('/api/contacts?search=' + encodeURIComponent(ivanov))
    ).json()) as {
      items: { name: string; position: string | null; phones: { e164: string }[] }[];
    };
    expect(stored.items[0]).toMatchObject({
      name: ivanov,
      position: null,
      phones: [{ e164: '+79161112233' }],
    });
  });

  it('exports the filtered list as CSV: the header and only the rows shown', async () => {
    await page.goto(`/contacts?q=${encodeURIComponent(`Кузнецова${suffix}`)}`);
    const rows = page.getByTestId('record-row');
    await waitUntil(async () => (await rows.count()) === 1, 'one contact in the filtered list');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu(page, /Import \/ Export/, 'Export CSV'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await downloaded(download))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]?.split(',').slice(0, 3)).toEqual(['Full name', 'Last name', 'First name']);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(kuznetsova);
    expect(lines[1]).toContain(`maria-${suffix}@example.ru`);
  });

  it('offers the menu on the companies, deals (list) and leads lists; exports deals as XLSX', async () => {
    for (const path of ['/companies', '/leads', '/deals?view=list']) {
      await page.goto(path);
      await page.getByRole('button', { name: /Import \/ Export/ }).waitFor();
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      menu(page, /Import \/ Export/, 'Export XLSX'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.xlsx$/);
    // An XLSX workbook is a ZIP archive.
    expect((await readFile(await download.path())).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.goto('/deals');
    expect(await page.getByRole('button', { name: /Import \/ Export/ }).count()).toBe(0);
  });

  it('undoes the import: the contacts it created are gone, the existing one stays', async () => {
    await page.goto(`/imports/file/${importId}`);
    await page.getByRole('button', { name: 'Undo import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo this import?' });
    await dialog.getByRole('button', { name: 'Undo import' }).click();
    await waitForText(page.getByTestId('import-status'), 'The import is undone', 30_000);

    await page.goto('/contacts');
    const rows = page.getByTestId('record-row');
    await waitUntil(async () => (await rows.count()) === 1, 'only the existing contact left');
    expect(await rows.first().textContent()).toContain(sidorov);
  });

  it('shows the mapping step in Russian', async () => {
    const ru = await browser.newPage({ locale: 'ru-RU' });
    await signUpViaApi(ru, newPerson('ru'), 'ru');
    await uploadThroughUi(ru, {
      menu: /Импорт \/ экспорт/,
      import: 'Импорт из файла…',
      file: 'Файл для импорта',
    });
    await ru.getByText('contacts.csv: 4 строки').waitFor();
    expect(await column(ru, 'Поле для столбца «ФИО»').inputValue()).toBe('ФИО');
    await ru.getByRole('button', { name: 'Проверить строки' }).waitFor();
    await screenshot(ru, 'spreadsheet-import-ru.png');
  });
});
