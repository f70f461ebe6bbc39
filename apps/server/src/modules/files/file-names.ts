// Pure rules for uploaded files: a safe display name, the type we store and serve, and the
// Content-Disposition header (RFC 6266 with an RFC 8187 UTF-8 `filename*`, so Cyrillic names survive).

/** Control characters and the bidirectional overrides that make "exe.pdf" look like "fdp.exe". */
const UNSAFE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const segmenter = new Intl.Segmenter();

/** At most `count` characters as people see them (an emoji or a letter with its accent is one). */
export function firstCharacters(text: string, count: number): string {
  let result = '';
  let taken = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (taken++ === count) break;
    result += segment;
  }
  return result;
}

/** The name as uploaded, without any directory part or unsafe characters, at most 255 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const name = firstCharacters(base.replace(UNSAFE, '').trim(), 255).trim();
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const GENERIC = new Set(['application/octet-stream', 'binary/octet-stream', 'application/unknown']);
/** Formats that are containers of others: the declared type says more (a .docx is a ZIP, a .doc a CFB). */
const CONTAINERS = new Set(['application/zip', 'application/x-cfb']);

const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  json: 'application/json',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  html: 'text/html',
  htm: 'text/html',
  rtf: 'application/rtf',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/**
 * The stored type: what the bytes are when they can be recognised (`sniffed`), else what the client
 * declared, else what the extension says, else application/octet-stream. A declared type is only taken
 * over a recognised container format (ZIP, CFB), whose specific kind it names.
 */
export function chooseMime(sniffed: string | undefined, declared: string | undefined, name: string): string {
  const stated = declared?.split(';')[0]?.trim().toLowerCase() ?? '';
  const specific = MIME.test(stated) && !GENERIC.has(stated) ? stated : undefined;
  if (sniffed && !(CONTAINERS.has(sniffed) && specific)) return sniffed;
  if (specific) return specific;
  const extension = /\.([a-z0-9]{1,10})$/i.exec(name)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) ?? 'application/octet-stream';
}

/** Types a browser shows without running anything in our origin; everything else is downloaded. */
const SHOWN_INLINE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'application/pdf',
  'text/plain',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'video/mp4',
  'video/webm',
]);

export const showsInline = (mime: string) => SHOWN_INLINE.has(mime);

/** `attachment; filename="ASCII fallback"; filename*=UTF-8''percent-encoded` (RFC 6266, RFC 8187). */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // encodeURIComponent leaves ' ( ) * unescaped; RFC 8187's attr-char does not allow them.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
