import { describe, expect, it } from 'vitest';
import { chooseMime, cleanFileName, contentDisposition } from './file-names.js';

describe('cleanFileName', () => {
  it('keeps Cyrillic names and drops directories, control characters and direction overrides', () => {
    expect(cleanFileName('Договор №5 (итог).pdf')).toBe('Договор №5 (итог).pdf');
    expect(cleanFileName('C:\\Users\\anna\\Счёт.xlsx')).toBe('Счёт.xlsx');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('a\r\nb.txt')).toBe('ab.txt');
  });

  it('names a nameless file "file" and cuts long names at 255 characters', () => {
    expect(cleanFileName(undefined)).toBe('file');
    expect(cleanFileName('  ')).toBe('file');
    expect(cleanFileName('..')).toBe('file');
    expect(cleanFileName('я'.repeat(300))).toBe('я'.repeat(255));
    expect(cleanFileName(`${'x'.repeat(254)}👨‍👩‍👧.pdf`)).toBe(`${'x'.repeat(254)}👨‍👩‍👧`);
  });
});

describe('chooseMime', () => {
  it('believes the bytes over the declared type', () => {
    expect(chooseMime('image/png', 'text/html', 'x.html')).toBe('image/png');
  });
  it('takes the declared type for containers it names more precisely, and for unrecognised bytes', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(chooseMime('application/zip', docx, 'a.docx')).toBe(docx);
    expect(chooseMime('application/zip', 'application/octet-stream', 'a.zip')).toBe('application/zip');
    expect(chooseMime(undefined, 'Text/CSV; charset=utf-8', 'a.csv')).toBe('text/csv');
  });
  it('falls back to the extension, then to octet-stream; refuses malformed declared types', () => {
    expect(chooseMime(undefined, 'application/octet-stream', 'Прайс.CSV')).toBe('text/csv');
    expect(chooseMime(undefined, 'not a type', 'README')).toBe('application/octet-stream');
    expect(chooseMime(undefined, undefined, 'a.bin')).toBe('application/octet-stream');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name in filename*', () => {
    const header = contentDisposition('attachment', 'Договор "№5" (итог).pdf');
    expect(header).toBe(
      'attachment; filename="_______ __5_ (____).pdf"; ' +
        "filename*=UTF-8''%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%20%22%E2%84%965%22%20%28%D0%B8%D1%82%D0%BE%D0%B3%29.pdf",
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe('Договор "№5" (итог).pdf');
  });
  it('never lets a name break out of the header', () => {
    const header = contentDisposition('inline', 'a";\r\nx-evil: 1\\.txt');
    expect(header).not.toMatch(/[\r\n]/);
    expect(/filename="([^"]*)"/.exec(header)?.[1]).toBe('a_;__x-evil: 1_.txt');
  });
});
