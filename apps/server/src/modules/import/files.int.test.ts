// Events with files and the notes re-sync (MIGR-2, MIGR-5), against the fake amoCRM and its files service over
// real HTTP: every drive file of an attachment note is downloaded byte for byte, stored through the files
// module under its original name and date and attached to the migrated event; a file gone from the drive
// (404), one of the old storage and one over the size limit are report lines while their events are migrated;
// an earlier, crashed attempt's bytes are replaced and nothing is stored twice on a re-run; an account sees
// only its own files; a delta re-sync updates an edited note in place and adds new ones (and its deletion
// puts the text back); "Delete migrated data" removes the files, rows and bytes.
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ImportRun } from '@voronka/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voronka } from '../../app.js';
import { generateAccount, type AmoAccountData, type AmoNote } from '../../../test/fake-amocrm/generator.js';
import { startFakeAmo, type FakeAmo } from '../../../test/fake-amocrm/server.js';
import { createTestDatabase, databaseKinds, startVoronka, type TestDatabase } from '../../../test/harness.js';
import { addMember, assignRole, signUp, type Client } from '../../../test/http.js';
import { getBytes } from '../../../test/multipart.js';
import { fileIdOf } from './run-job.js';

const integration = {
  clientId: 'c0ffee00-0000-4000-8000-0000000000f1',
  clientSecret: 'files-secret',
  redirectUri: 'http://voronka.test/api/imports/amocrm/oauth/callback',
};
const BASE = '/api/imports/amocrm';
const LIMIT = 64 * 1024;
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

let fake: FakeAmo;
let data: AmoAccountData;
/** A note on a lead with a Cyrillic-named file; one whose file is over the limit; a plain note to edit. */
let named: AmoNote;
let big: AmoNote;
let plain: AmoNote;

function attachmentNote(id: number, leadId: number, file: AmoAccountData['driveFiles'][number]): AmoNote {
  return {
    id,
    entity_id: leadId,
    entity_type: 'leads',
    created_by: data.users[0]?.id ?? 0,
    updated_by: 0,
    created_at: file.created_at,
    updated_at: file.created_at,
    responsible_user_id: 0,
    group_id: 0,
    note_type: 'attachment',
    params: {
      file_uuid: file.uuid,
      version_uuid: file.versionUuid,
      file_name: file.name,
      original_name: file.name,
      is_drive_attachment: true,
    },
    is_editable: false,
    account_id: data.account.id,
  };
}

beforeAll(async () => {
  data = generateAccount({ scale: 0.01, seed: 31 });
  const lead = data.leads[0]!;
  const file = (uuid: string, name: string, content: Buffer) => ({
    uuid,
    versionUuid: crypto.randomUUID(),
    name,
    mime: 'application/pdf',
    content,
    created_at: 1_700_000_000,
    created_by: 0,
  });
  const namedFile = file(crypto.randomUUID(), 'Договор №7 «Кухня».pdf', crypto.randomBytes(3000));
  const bigFile = file(crypto.randomUUID(), 'Скан паспорта.pdf', crypto.randomBytes(LIMIT + 1));
  data.driveFiles.push(namedFile, bigFile);
  named = attachmentNote(48_000_001, lead.id, namedFile);
  big = attachmentNote(48_000_002, lead.id, bigFile);
  plain = {
    ...attachmentNote(48_000_003, lead.id, namedFile),
    note_type: 'common',
    params: { text: 'Клиент просит перезвонить' },
    is_editable: true,
  };
  data.notes.push(named, big, plain);
  fake = await startFakeAmo({ data, clients: [integration], blockAfterViolations: 1000 });
});
afterAll(async () => {
  await fake.close();
});

async function waitFor(client: Client, id: string, statuses: string[], timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get<ImportRun>(`${BASE}/runs/${id}`);
    expect(res.status, res.text).toBe(200);
    if (statuses.includes(res.body.status)) return res.body;
    if (Date.now() > until) throw new Error(`run ${id} is ${res.body.status}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every file under the storage directory, relative to it. */
async function stored(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

for (const kind of databaseKinds()) {
  describe(`amoCRM events with files [${kind}]`, () => {
    let voronka: Voronka | undefined;
    let database: TestDatabase | undefined;
    let dir = '';
    let admin: Awaited<ReturnType<typeof signUp>>;
    let connectionId = '';
    let firstRunId = '';
    const get = () => {
      if (!voronka) throw new Error('Voronka did not start');
      return voronka;
    };
    const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(get().database.db)).rows;
    const mapped = async (accountId: string, entity: string, sourceId: string) =>
      (
        await rows<{ target_id: string }>(
          sql`SELECT target_id FROM import_external_ids WHERE account_id = ${accountId}
              AND source_entity = ${entity} AND source_id = ${sourceId}`,
        )
      )[0]?.target_id;
    const count = async (table: string, accountId: string) =>
      Number(
        (
          await rows<{ n: string }>(
            sql`SELECT count(*) AS n FROM ${sql.table(table)} WHERE account_id = ${accountId}`,
          )
        )[0]?.n,
      );

    async function connect(client: Client) {
      await client.put('/api/settings/outbound-hosts', { hosts: [fake.host, fake.driveHost] });
      const res = await client.post(`${BASE}/connections`, {
        portal: fake.url,
        integrationId: integration.clientId,
        secretKey: integration.clientSecret,
        authorizationCode: fake.issueAuthorizationCode(),
      });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    }

    async function run(client: Client, body: unknown, beforeStart?: (id: string) => Promise<void>) {
      const created = await client.post<ImportRun>(`${BASE}/runs`, body);
      expect(created.status, created.text).toBe(201);
      await waitFor(client, created.body.id, ['ready']);
      await beforeStart?.(created.body.id);
      expect((await client.post(`${BASE}/runs/${created.body.id}/start`)).status).toBe(200);
      return waitFor(client, created.body.id, ['completed']);
    }

    beforeAll(async () => {
      dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'voronka-import-files-'));
      database = await createTestDatabase(kind);
      voronka = await startVoronka(database.target, {}, { FILE_SIZE_LIMIT: String(LIMIT), FILES_DIR: dir });
    });
    afterAll(async () => {
      await voronka?.close();
      await database?.drop();
      await fsp.rm(dir, { recursive: true, force: true });
    });

    it('brings every drive file byte for byte onto its event, under its name and date; reports the rest', async () => {
      admin = await signUp(get());
      connectionId = await connect(admin.client);
      const logFrom = fake.log.length;
      const done = await run(
        admin.client,
        { connectionId, selection: { entities: ['events'], withFiles: true } },
        // A worker that died after placing a file's bytes, before its page committed, left them behind:
        // the page written again replaces them (the same file id), never adding a second file.
        async (runId) => {
          const [{ portal } = { portal: '' }] = await rows<{ portal: string }>(
            sql`SELECT portal FROM import_runs WHERE id = ${runId}`,
          );
          const id = fileIdOf(admin.accountId, portal, `leads:${named.id}`);
          const crashed = path.join(dir, admin.accountId, id.slice(0, 2), id);
          await fsp.mkdir(path.dirname(crashed), { recursive: true });
          await fsp.writeFile(crashed, 'half a file');
        },
      );
      firstRunId = done.id;
      expect(done.counters.migrated + done.counters.failed).toBe(done.counters.total);

      const dangling = new Set(data.bad.danglingLinks.filter((l) => l.from === 'notes').map((l) => l.id));
      const byUuid = new Map(data.driveFiles.map((f) => [f.uuid, f]));
      const onDrive = data.notes.filter((n) => {
        const uuid = (n.params as { file_uuid?: string }).file_uuid;
        return uuid && byUuid.has(uuid) && n.id !== big.id && !dangling.has(n.id);
      });
      expect(onDrive.length).toBeGreaterThan(5);
      for (const note of onDrive) {
        const file = byUuid.get((note.params as { file_uuid: string }).file_uuid)!;
        const fileId = await mapped(admin.accountId, 'file', `${note.entity_type}:${note.id}`);
        const entryId = await mapped(admin.accountId, 'note', `${note.entity_type}:${note.id}`);
        expect(fileId, `file of note ${note.id}`).toBeDefined();
        const [row] = await rows<{
          name: string;
          sha256: string;
          size: string;
          created_at: Date;
          key: string;
        }>(
          sql`SELECT name, sha256, size, created_at, storage_key AS key FROM files
              WHERE account_id = ${admin.accountId} AND id = ${fileId!}`,
        );
        expect(row).toMatchObject({ name: file.name, sha256: sha256(file.content) });
        expect(Number(row?.size)).toBe(file.content.length);
        expect(row?.created_at.getTime()).toBe(Number(note.created_at) * 1000);
        // The bytes on disk are the drive's (an earlier attempt's were replaced).
        expect(sha256(await fsp.readFile(path.join(dir, row!.key)))).toBe(sha256(file.content));
        const links = await rows<{ entry_id: string }>(
          sql`SELECT entry_id FROM timeline_entry_files WHERE account_id = ${admin.accountId} AND file_id = ${fileId!}`,
        );
        expect(links).toEqual([{ entry_id: entryId }]);
      }
      // Files of `file` custom fields: each on a note of its record, under its name; gone ones reported.
      const ENTITY = { leads: 'deal', contacts: 'contact', companies: 'company' } as const;
      let fieldFiles = 0;
      let goneFieldFiles = 0;
      for (const entity of ['leads', 'contacts', 'companies'] as const)
        for (const record of data[entity]) {
          const recordId = await mapped(admin.accountId, ENTITY[entity], String(record.id));
          if (!recordId) continue;
          const values = (record.custom_fields_values ?? []) as {
            field_id: number;
            field_type: string;
            values: { value: { file_uuid: string; file_name: string } }[];
          }[];
          for (const v of values.filter((x) => x.field_type === 'file'))
            for (const { value } of v.values) {
              const key = `${entity}:${record.id}:field:${v.field_id}:${value.file_uuid}`;
              const file = byUuid.get(value.file_uuid);
              if (!file) {
                goneFieldFiles++;
                expect(await mapped(admin.accountId, 'file', key)).toBeUndefined();
                continue;
              }
              fieldFiles++;
              const fileId = await mapped(admin.accountId, 'file', key);
              const [row] = await rows<{ name: string; sha256: string }>(
                sql`SELECT name, sha256 FROM files WHERE account_id = ${admin.accountId} AND id = ${fileId!}`,
              );
              expect(row).toEqual({ name: file.name, sha256: sha256(file.content) });
              const entryId = (await mapped(admin.accountId, 'field_file', key))!;
              const fieldEntry = (await admin.client.get(`/api/timeline/${entryId}`)).body;
              expect(fieldEntry).toMatchObject({
                entity: ENTITY[entity],
                entityId: recordId,
                text: `Файл из поля «Договор (файл)»: ${file.name}`,
                files: [expect.objectContaining({ id: fileId, name: file.name })],
              });
            }
        }
      expect(fieldFiles).toBeGreaterThan(3);
      expect(goneFieldFiles).toBeGreaterThan(0);
      expect(await count('files', admin.accountId)).toBe(onDrive.length + fieldFiles);

      // The card shows the file on the event, and it downloads as it was, with its original name.
      const namedEntryId = (await mapped(admin.accountId, 'note', `leads:${named.id}`))!;
      const entry = await admin.client.get(`/api/timeline/${namedEntryId}`);
      expect(entry.status, entry.text).toBe(200);
      expect(entry.body).toMatchObject({
        text: 'Файл: Договор №7 «Кухня».pdf',
        occurredAt: new Date(Number(named.created_at) * 1000).toISOString(),
        files: [expect.objectContaining({ name: 'Договор №7 «Кухня».pdf', size: 3000 })],
      });
      const namedFile = data.driveFiles.find((f) => f.name === 'Договор №7 «Кухня».pdf')!;
      const content = await getBytes(get(), admin.client, entry.body.files[0].contentUrl);
      expect(content.status).toBe(200);
      expect(sha256(content.bytes)).toBe(sha256(namedFile.content));
      expect(
        decodeURIComponent(
          /filename\*=UTF-8''(.+)$/.exec(String(content.headers['content-disposition']))?.[1] ?? '',
        ),
      ).toBe('Договор №7 «Кухня».pdf');
      // A manager whose role does not reach the deal does not get its file (ADR 0018); as a director, they
      // download it; another account's users do not see it at all.
      const member = await addMember(get(), admin.client);
      expect((await getBytes(get(), member.client, entry.body.files[0].contentUrl)).status).toBe(404);
      await assignRole(admin.client, member.userId, 'director');
      expect((await getBytes(get(), member.client, entry.body.files[0].contentUrl)).status).toBe(200);
      const other = await signUp(get());
      expect((await other.client.get(`/api/files/${entry.body.files[0].id}`)).status).toBe(404);
      expect((await getBytes(get(), other.client, entry.body.files[0].contentUrl)).status).toBe(404);
      expect((await other.client.get(`/api/timeline/${namedEntryId}`)).status).toBe(404);
      // Only administrators run migrations.
      expect(
        (await member.client.post(`${BASE}/runs`, { connectionId, selection: { entities: ['events'] } }))
          .status,
      ).toBe(403);

      // The events of files not brought are migrated; each file is a line of the report, in ru and en.
      const failures = (await admin.client.get(`${BASE}/runs/${done.id}/failures?limit=500`)).body.items as {
        sourceId: string;
        code: string;
        params: Record<string, string>;
        reason: string;
        name: string | null;
      }[];
      const missing = data.bad.missingFiles.filter((f) => !dangling.has(f.noteId));
      const legacy = data.bad.legacyFiles.filter((f) => !dangling.has(f.noteId));
      expect(missing.length + legacy.length).toBeGreaterThan(0);
      for (const m of missing) {
        expect(failures).toContainEqual(
          expect.objectContaining({
            sourceId: String(m.noteId),
            code: 'file_not_downloaded',
            params: expect.objectContaining({ detail: 'HTTP 404' }),
          }),
        );
        const note = data.notes.find((n) => n.id === m.noteId)!;
        expect(await mapped(admin.accountId, 'note', `${note.entity_type}:${note.id}`)).toBeDefined();
      }
      for (const l of legacy)
        expect(failures).toContainEqual(
          expect.objectContaining({
            sourceId: String(l.noteId),
            code: 'file_legacy',
            params: { name: l.name },
          }),
        );
      expect(failures).toContainEqual(
        expect.objectContaining({
          sourceId: String(big.id),
          code: 'file_too_large',
          name: 'Скан паспорта.pdf',
          reason: `Файл «Скан паспорта.pdf» больше допустимого размера (${LIMIT} байт); событие перенесено без файла`,
        }),
      );
      expect(await mapped(admin.accountId, 'note', `leads:${big.id}`)).toBeDefined();
      expect(
        failures.filter((f) => f.code === 'file_not_downloaded' && f.name?.startsWith('Договор-')).length,
      ).toBe(goneFieldFiles);
      const english = (await admin.client.get(`${BASE}/runs/${done.id}/failures?limit=500&locale=en`)).body
        .items as { sourceId: string; reason: string }[];
      expect(english.find((f) => f.sourceId === String(big.id))?.reason).toBe(
        `The file “Скан паспорта.pdf” is larger than the limit of ${LIMIT} bytes; the event is migrated without it`,
      );

      // The downloads went to the files service amoCRM named (the limit they share with the API is checked
      // where timing is not skewed by the server under test: client.int.test.ts and crash.int.test.ts).
      const requests = fake.log.slice(logFrom);
      expect(requests.some((r) => r.path.startsWith('/v1.0/files/'))).toBe(true);
      expect(requests.some((r) => r.path.startsWith('/download/'))).toBe(true);

      // Nothing on disk but the files' own bytes (no temporary copies left).
      const keys = await rows<{ key: string }>(
        sql`SELECT storage_key AS key FROM files WHERE account_id = ${admin.accountId} ORDER BY storage_key`,
      );
      expect(await stored(dir)).toEqual(keys.map((k) => k.key).sort());
    }, 180_000);

    it('with "Files" off, attachment notes and files stay behind and nothing is downloaded', async () => {
      const other = await signUp(get());
      const connection = await connect(other.client);
      const from = fake.log.length;
      const done = await run(other.client, {
        connectionId: connection,
        selection: { entities: ['events'], withFiles: false },
      });
      expect(done.selection.withFiles).toBe(false);
      expect(await count('files', other.accountId)).toBe(0);
      expect(await mapped(other.accountId, 'note', `leads:${named.id}`)).toBeUndefined();
      expect(await mapped(other.accountId, 'note', `leads:${plain.id}`)).toBeDefined();
      expect(
        fake.log.slice(from).filter((r) => !r.path.startsWith('/api/') && !r.path.startsWith('/oauth2/')),
      ).toEqual([]);
      const codes = (await other.client.get(`${BASE}/runs/${done.id}/failures?limit=500`)).body.items.map(
        (f: { code: string }) => f.code,
      );
      expect(codes.filter((c: string) => c.startsWith('file_'))).toEqual([]);
    }, 180_000);

    it('a re-run brings no file twice', async () => {
      const files = await count('files', admin.accountId);
      const again = await run(admin.client, { connectionId, selection: { entities: ['events'] } });
      expect(again.counters).toMatchObject({ added: 0, updated: 0 });
      expect(await count('files', admin.accountId)).toBe(files);
      expect((await stored(dir)).length).toBe(files);
    }, 180_000);

    it('a delta re-sync updates an edited note in place and adds a new one; deleting it puts the text back', async () => {
      const entryId = (await mapped(admin.accountId, 'note', `leads:${plain.id}`))!;
      // (The fake is shared by the databases' suites: the text is whatever the source has now.)
      const text = (plain.params as { text: string }).text;
      const before = (await admin.client.get(`/api/timeline/${entryId}`)).body;
      expect(before.text).toBe(text);
      const entries = await count('timeline_entries', admin.accountId);
      fake.change('notes', plain.id, { params: { text: `${text}, после 15:00` } });
      const now = Math.floor(Date.now() / 1000);
      const added: AmoNote = {
        ...plain,
        id: 48_000_010 + data.notes.length,
        created_at: now,
        updated_at: now,
        params: { text: 'Новая заметка' },
      };
      data.notes.push(added);
      const sync = await admin.client.post(`${BASE}/runs/${firstRunId}/sync`);
      expect(sync.status, sync.text).toBe(201);
      const ready = await waitFor(admin.client, sync.body.id, ['ready']);
      expect(ready.check?.counts.events).toBe(2);
      await admin.client.post(`${BASE}/runs/${sync.body.id}/start`);
      const done = await waitFor(admin.client, sync.body.id, ['completed']);
      expect(done.counters).toMatchObject({ added: 1, updated: 1, failed: 0 });
      const after = (await admin.client.get(`/api/timeline/${entryId}`)).body;
      expect(after).toMatchObject({
        id: entryId,
        text: `${text}, после 15:00`,
        occurredAt: before.occurredAt,
        authorUserId: before.authorUserId,
      });
      expect(await count('timeline_entries', admin.accountId)).toBe(entries + 1);
      const newEntry = (await mapped(admin.accountId, 'note', `leads:${added.id}`))!;
      expect((await admin.client.get(`/api/timeline/${newEntry}`)).body.text).toBe('Новая заметка');
      const notes = fake.requestsTo('/api/v4/leads/notes').at(-1);
      expect(decodeURIComponent(notes?.query ?? '')).toContain('filter[updated_at][from]');

      expect((await admin.client.post(`${BASE}/runs/${sync.body.id}/rollback`)).status).toBe(200);
      await waitFor(admin.client, sync.body.id, ['rolled_back']);
      expect((await admin.client.get(`/api/timeline/${entryId}`)).body.text).toBe(text);
      expect((await admin.client.get(`/api/timeline/${newEntry}`)).status).toBe(404);
      expect(await count('timeline_entries', admin.accountId)).toBe(entries);
    }, 180_000);

    it('Delete migrated data removes the files it brought, rows and bytes', async () => {
      expect(await count('files', admin.accountId)).toBeGreaterThan(0);
      expect((await admin.client.post(`${BASE}/runs/${firstRunId}/rollback`)).status).toBe(200);
      await waitFor(admin.client, firstRunId, ['rolled_back']);
      expect(await count('files', admin.accountId)).toBe(0);
      expect(await count('timeline_entries', admin.accountId)).toBe(0);
      expect(await stored(path.join(dir, admin.accountId))).toEqual([]);
    }, 180_000);
  });
}
