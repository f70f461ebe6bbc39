import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { createTestDatabase, databaseKinds, startVoronka, type TestDatabase } from '../../../test/harness.js';
import { addMember, signUp } from '../../../test/http.js';
import { getBytes, postMultipart } from '../../../test/multipart.js';
import type { Voronka } from '../../app.js';

// A 1×1 PNG: recognisable bytes whatever the client declares.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const LIMIT = 3 * 1024 * 1024;
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Every file under the storage directory, relative to it (temporary ones included). */
async function stored(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

// Each database gets its own Voronka with a 3 MB limit and its own storage directory, so that what is
// left on disk can be checked exactly.
for (const kind of databaseKinds()) {
  describe(`files [${kind}]`, () => {
    let voronka: Voronka | undefined;
    let database: TestDatabase | undefined;
    let dir = '';
    const get = () => {
      if (!voronka) throw new Error('Voronka did not start');
      return voronka;
    };
    beforeAll(async () => {
      dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'voronka-files-'));
      database = await createTestDatabase(kind);
      voronka = await startVoronka(database.target, {}, { FILE_SIZE_LIMIT: '3MB', FILES_DIR: dir });
    });
    afterAll(async () => {
      await voronka?.close();
      await database?.drop();
      await fsp.rm(dir, { recursive: true, force: true });
    });

    it('keeps a Cyrillic name, sniffs the type, and serves the bytes back with a safe Content-Disposition', async () => {
      const admin = await signUp(get());
      const name = 'Схема кухни «Угловая» №2.png';
      const up = await postMultipart(get(), admin.client, '/api/files', [
        { name: 'file', filename: name, type: 'application/octet-stream', content: PNG },
      ]);
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({
        name,
        mime: 'image/png',
        size: PNG.length,
        sha256: sha256(PNG),
        uploadedBy: admin.userId,
        contentUrl: `/api/files/${up.body.id}/content`,
      });
      expect((await admin.client.get(`/api/files/${up.body.id}`)).body).toEqual(up.body);

      const content = await getBytes(get(), admin.client, up.body.contentUrl);
      expect(content.status).toBe(200);
      expect(content.bytes.equals(PNG)).toBe(true);
      expect(content.headers['content-type']).toBe('image/png');
      expect(content.headers['x-content-type-options']).toBe('nosniff');
      expect(content.headers['content-security-policy']).toBe('sandbox');
      const disposition = String(content.headers['content-disposition']);
      expect(disposition).toMatch(/^inline; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(name);
      const download = await getBytes(get(), admin.client, `${up.body.contentUrl}?download=true`);
      expect(String(download.headers['content-disposition'])).toMatch(/^attachment; /);
      const cached = await getBytes(get(), admin.client, up.body.contentUrl, {
        'if-none-match': `"${sha256(PNG)}"`,
      });
      expect(cached.status).toBe(304);
    });

    it('downloads what a browser could run instead of showing it; takes files beyond the JSON body limit', async () => {
      const admin = await signUp(get());
      const html = await postMultipart(get(), admin.client, '/api/files', [
        { name: 'file', filename: 'отчёт.html', type: 'text/html', content: '<script>alert(1)</script>' },
      ]);
      expect(html.body.mime).toBe('text/html');
      const served = await getBytes(get(), admin.client, html.body.contentUrl);
      expect(served.headers['content-type']).toMatch(/^text\/html/);
      expect(String(served.headers['content-disposition'])).toMatch(/^attachment; /);
      expect(served.headers['content-security-policy']).toBe('sandbox');

      const big = crypto.randomBytes(2 * 1024 * 1024);
      const up = await postMultipart(get(), admin.client, '/api/files', [
        { name: 'title', content: 'ignored field' },
        { name: 'file', filename: 'замер.bin', type: 'application/octet-stream', content: big },
      ]);
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({
        size: big.length,
        sha256: sha256(big),
        mime: 'application/octet-stream',
      });
      expect((await getBytes(get(), admin.client, up.body.contentUrl)).bytes.equals(big)).toBe(true);
    });

    it('refuses a file over the limit, a missing file, two files and a non-multipart body — leaving nothing behind', async () => {
      const admin = await signUp(get());
      const before = await databaseChecksum(get());
      const onDisk = await stored(dir);
      const refused: [string, Awaited<ReturnType<typeof postMultipart>>, number, string][] = [
        [
          'one byte too many (found while streaming)',
          await postMultipart(get(), admin.client, '/api/files', [
            { name: 'file', filename: 'big.bin', content: Buffer.alloc(LIMIT + 1, 7) },
          ]),
          413,
          'body.file',
        ],
        [
          'far too large (refused by its Content-Length)',
          await postMultipart(get(), admin.client, '/api/files', [
            { name: 'file', filename: 'huge.bin', content: Buffer.alloc(LIMIT * 2) },
          ]),
          413,
          'body.file',
        ],
        [
          'no file',
          await postMultipart(get(), admin.client, '/api/files', [{ name: 'comment', content: 'где файл?' }]),
          422,
          'body.file',
        ],
        [
          'two files',
          await postMultipart(get(), admin.client, '/api/files', [
            { name: 'file', filename: 'a.png', content: PNG },
            { name: 'file', filename: 'b.png', content: PNG },
          ]),
          422,
          'body.file',
        ],
        [
          'a file in another part',
          await postMultipart(get(), admin.client, '/api/files', [
            { name: 'document', filename: 'a.png', content: PNG },
          ]),
          422,
          'body.file',
        ],
        ['JSON', await admin.client.post('/api/files', { file: 'x' }), 415, 'body.file'],
      ];
      for (const [label, res, status, field] of refused) {
        expect(res.status, label).toBe(status);
        expect(res.headers['content-type'], label).toContain('application/problem+json');
        expect(res.body.errors[0].field, label).toBe(field);
      }
      expect(await databaseChecksum(get())).toBe(before);
      expect(await stored(dir)).toEqual(onDisk);
    });

    it('another account’s files are absent; the uploader or an admin deletes a file no entry has', async () => {
      const admin = await signUp(get());
      const member = await addMember(get(), admin.client);
      const other = await signUp(get());
      const upload = (client: typeof admin.client, filename: string) =>
        postMultipart(get(), client, '/api/files', [{ name: 'file', filename, content: PNG }]);
      const foreign = (await upload(other.client, 'чужой.png')).body;
      const adminsFile = (await upload(admin.client, 'админ.png')).body;
      const membersFile = (await upload(member.client, 'менеджер.png')).body;
      const before = await databaseChecksum(get());
      expect((await admin.client.get(`/api/files/${foreign.id}`)).status).toBe(404);
      expect((await getBytes(get(), admin.client, `/api/files/${foreign.id}/content`)).status).toBe(404);
      expect((await admin.client.delete(`/api/files/${foreign.id}`)).status).toBe(404);
      expect((await member.client.delete(`/api/files/${adminsFile.id}`)).status).toBe(403);
      expect(await databaseChecksum(get())).toBe(before);

      // Attached to a comment: kept until the entry lets go of it.
      const contact = await admin.client.post('/api/contacts', { firstName: 'Ольга' });
      const entry = await member.client.post('/api/timeline', {
        kind: 'comment',
        entity: 'contact',
        entityId: contact.body.id,
        text: 'Фото замера',
        fileIds: [membersFile.id],
      });
      expect(entry.status).toBe(201);
      const inUse = await member.client.delete(`/api/files/${membersFile.id}`);
      expect(inUse.status).toBe(409);
      expect(inUse.body.code).toBe('file_in_use');
      expect((await member.client.delete(`/api/timeline/${entry.body.id}`)).status).toBe(204);
      expect((await member.client.delete(`/api/files/${membersFile.id}`)).status).toBe(204);
      expect((await admin.client.delete(`/api/files/${adminsFile.id}`)).status).toBe(204);
      expect((await admin.client.get(`/api/files/${membersFile.id}`)).status).toBe(404);
      const left = await stored(dir);
      expect(left.some((f) => f.endsWith(membersFile.id) || f.endsWith(adminsFile.id))).toBe(false);
      expect(left.some((f) => f.endsWith(foreign.id))).toBe(true);
    });
  });
}
