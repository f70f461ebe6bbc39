// Reading an uploaded spreadsheet into a header row and data rows of text cells. XLSX (exceljs) is told from
// CSV by its ZIP signature. A CSV's encoding is UTF-8 (with or without a BOM) when its bytes are valid UTF-8,
// otherwise Windows-1251 (what Russian Excel saves "CSV" as); its delimiter is the one of `;`, `,`, tab and `|`
// that splits the first lines into the most columns, the same number on each line (Russian Excel uses `;`).
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type SpreadsheetFormat = 'csv' | 'xlsx';
export type SpreadsheetEncoding = 'utf-8' | 'windows-1251';

export interface SpreadsheetData {
  format: SpreadsheetFormat;
  encoding: SpreadsheetEncoding | null;
  delimiter: string | null;
  headers: string[];
  rows: string[][];
}

export class UnreadableSpreadsheet extends Error {}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DELIMITERS = [';', ',', '\t', '|'] as const;

export function detectEncoding(bytes: Buffer): SpreadsheetEncoding {
  if (bytes.subarray(0, 3).equals(BOM)) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

export function decodeText(bytes: Buffer, encoding: SpreadsheetEncoding): string {
  if (encoding === 'windows-1251') return iconv.decode(bytes, 'win1251');
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Occurrences of the delimiter outside quoted text, on each of the first lines. */
function countsPerLine(sample: string, delimiter: string): number[] {
  const counts: number[] = [];
  let quoted = false;
  let count = 0;
  for (const char of sample) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count++;
    else if (!quoted && char === '\n') {
      counts.push(count);
      count = 0;
      if (counts.length >= 10) return counts;
    }
  }
  if (count > 0) counts.push(count);
  return counts;
}

export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024).replace(/\r\n?/g, '\n');
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const counts = countsPerLine(sample, delimiter).filter(
      (_, i, all) => i < all.length - 1 || all.length === 1,
    );
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    // Lines agreeing with the header count most; a delimiter that also appears inside values loses.
    const agreeing = counts.filter((c) => c === first).length;
    const score = agreeing * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

const isEmptyRow = (row: string[]) => row.every((cell) => cell.trim() === '');

function split(table: string[][]): { headers: string[]; rows: string[][] } {
  const nonEmpty = table.filter((row) => !isEmptyRow(row));
  const [headers = [], ...rows] = nonEmpty;
  const width = Math.max(headers.length, ...rows.map((r) => r.length));
  const pad = (row: string[]) => Array.from({ length: width }, (_, i) => (row[i] ?? '').trim());
  return { headers: pad(headers), rows: rows.map(pad) };
}

function readCsv(bytes: Buffer): SpreadsheetData {
  const encoding = detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const delimiter = detectDelimiter(text);
  let table: string[][];
  try {
    table = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    throw new UnreadableSpreadsheet(`The CSV file cannot be read: ${(error as Error).message}`);
  }
  return { format: 'csv', encoding, delimiter, ...split(table) };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A cell as text: dates as ISO (a date alone when it has no time), numbers as written, rich text joined. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
    const time = value.getUTCHours() * 3600 + value.getUTCMinutes() * 60 + value.getUTCSeconds();
    return time === 0 ? date : value.toISOString().replace(/\.000Z$/, 'Z');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function readXlsx(bytes: Buffer): Promise<SpreadsheetData> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new UnreadableSpreadsheet(`The XLSX file cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableSpreadsheet('The XLSX file has no worksheet');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    table.push(Array.from(cells as (string | undefined)[], (c) => c ?? ''));
  });
  return { format: 'xlsx', encoding: null, delimiter: null, ...split(table) };
}

export async function readSpreadsheet(bytes: Buffer, fileName: string): Promise<SpreadsheetData> {
  const zip = bytes.subarray(0, 4).equals(ZIP);
  if (zip || /\.xlsx$/i.test(fileName)) {
    if (!zip) throw new UnreadableSpreadsheet('The file is named .xlsx but is not an XLSX workbook');
    return readXlsx(bytes);
  }
  if (bytes.includes(0)) throw new UnreadableSpreadsheet('The file is neither CSV text nor an XLSX workbook');
  return readCsv(bytes);
}
