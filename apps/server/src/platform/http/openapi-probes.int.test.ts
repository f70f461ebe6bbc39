// Hostile-input and cross-account probes generated from the OpenAPI document, the way an outside checker
// drives them: every documented operation, every documented field. Pass = a 4xx problem+json answer and
// not one row changed; another account's records answer 404 like records that do not exist.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { expect, it, vi } from 'vitest';
import { databaseChecksum } from '../../../test/checksum.js';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, signUp, uniqueEmail, type Client } from '../../../test/http.js';
import { postMultipart } from '../../../test/multipart.js';
import { generateAccount } from '../../../test/fake-amocrm/generator.js';
import { startFakeAmo } from '../../../test/fake-amocrm/server.js';

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  maxLength?: number;
  $ref?: string;
}

interface Operation {
  method: string;
  path: string;
  body: JsonSchema | undefined;
  /** A valid value of the path's parameter when it is one of a list (e.g. /api/card-layouts/{entity}). */
  pathValue: string | undefined;
}

// Streams never end, and signing out would end the prober's own session.
const SKIP = new Set(['GET /api/events/stream', 'POST /api/auth/sign-out']);

function operations(doc: {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, JsonSchema> };
}): Operation[] {
  // A body schema with an id of its own (`.meta({ id })`) is a reference to components.schemas.
  const resolved = (schema: JsonSchema | undefined) =>
    schema?.$ref ? doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (SKIP.has(`${method.toUpperCase()} ${path}`)) continue;
      const parameters: { in: string; schema?: JsonSchema }[] = op.parameters ?? [];
      const enumParam = parameters.find((p) => p.in === 'path' && p.schema?.enum);
      result.push({
        method: method.toUpperCase(),
        path,
        body: resolved(op.requestBody?.content?.['application/json']?.schema),
        pathValue: enumParam?.schema?.enum?.map(String)[0],
      });
    }
  }
  return result;
}

const typesOf = (schema: JsonSchema): string[] =>
  schema.anyOf ? schema.anyOf.flatMap(typesOf) : [schema.type ?? 'string'].flat();

/** A value of the wrong JSON type for the property. */
function wrongType(schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if (!types.includes('number') && !types.includes('integer')) return 12345;
  return { not: 'a number' };
}

/** A valid sample for the property (to get past validation when probing something else). */
function sample(schema: JsonSchema): unknown {
  if (schema.anyOf) return sample(schema.anyOf.find((s) => s.type !== 'null') ?? {});
  if (schema.enum) return schema.enum[0];
  if (schema.format === 'uuid') return crypto.randomUUID();
  if (schema.format === 'email') return uniqueEmail('probe');
  if (schema.pattern === '^\\d{6}$') return '123456';
  if (schema.pattern === '^[A-Z]{3}$') return 'RUB';
  if (schema.type === 'array') return [];
  if (schema.type === 'object') return validBody(schema) ?? {};
  if (schema.type === 'boolean') return true;
  // An object whose properties are all optional (a deal copy preset's options).
  if (schema.type === 'object') return {};
  if (schema.type === 'number' || schema.type === 'integer') return 1;
  return 'Probe value 12345';
}

function validBody(schema: JsonSchema | undefined): Record<string, unknown> | undefined {
  if (!schema?.properties) return undefined;
  const body: Record<string, unknown> = {};
  for (const name of schema.required ?? []) body[name] = sample(schema.properties[name] ?? {});
  return body;
}

/** Every documented property sampled (gets past body rules such as "a reason or a comment"). */
function fullBody(schema: JsonSchema | undefined): Record<string, unknown> | undefined {
  if (!schema?.properties) return undefined;
  return Object.fromEntries(Object.entries(schema.properties).map(([name, p]) => [name, sample(p)]));
}

const fill = (path: string, id: string) => path.replace(/\{[^}]+\}/g, encodeURIComponent(id));

type Answer = Awaited<ReturnType<Client['request']>>;

function expectProblem(label: string, res: Answer) {
  expect(res.status, `${label} → ${res.status} ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.headers['content-type'], label).toContain('application/problem+json');
}

describeEachDatabase('probes generated from the OpenAPI document', (get) => {
  it('bad input on every operation: 4xx problem+json, nothing written, never 500', async () => {
    const admin = await signUp(get());
    const doc = (await admin.client.get('/api/openapi.json')).body;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(25);
    let probes = 0;
    for (const op of ops) {
      const bodies: { label: string; payload: string | undefined }[] = [
        { label: 'malformed JSON', payload: '{"oops": ' },
      ];
      if (op.body) {
        bodies.push({ label: 'an array', payload: '[]' }, { label: 'a string', payload: '"text"' });
        for (const [name, schema] of Object.entries(op.body.properties ?? {})) {
          const base = validBody(op.body) ?? {};
          bodies.push({
            label: `${name} of a wrong type`,
            payload: JSON.stringify({ ...base, [name]: wrongType(schema) }),
          });
          if (typesOf(schema).includes('string') && !schema.enum) {
            const long = { ...base, [name]: 'я'.repeat(100_001) };
            bodies.push({ label: `${name} 100,001 characters long`, payload: JSON.stringify(long) });
          }
        }
        for (const name of op.body.required ?? []) {
          const body = Object.fromEntries(
            Object.entries(validBody(op.body) ?? {}).filter(([key]) => key !== name),
          );
          bodies.push({ label: `without ${name}`, payload: JSON.stringify(body) });
        }
      }
      const attempts: { path: string; label: string; payload: string | undefined }[] = [];
      if (op.path.includes('{')) {
        // Ids that are malformed, too long, badly percent-encoded, or well-formed but of nothing.
        for (const path of [
          fill(op.path, 'not-a-valid-id'),
          fill(op.path, 'x'.repeat(300)),
          op.path.replace(/\{[^}]+\}/g, '%E0%A4%A'),
        ]) {
          attempts.push(
            { path, label: 'a bad id', payload: undefined },
            ...bodies.map((b) => ({ path, ...b })),
          );
        }
        const absent = fill(op.path, crypto.randomUUID());
        const valid = validBody(op.body);
        attempts.push({
          path: absent,
          label: 'an absent id',
          payload: valid ? JSON.stringify(valid) : undefined,
        });
        attempts.push(...bodies.map((b) => ({ path: absent, ...b })));
        // A path naming something that exists, so the body itself is what gets refused.
        if (op.pathValue !== undefined && op.method !== 'GET') {
          const existing = fill(op.path, op.pathValue);
          attempts.push(...bodies.map((b) => ({ path: existing, ...b })));
        }
      } else if (op.method !== 'GET') {
        attempts.push(...bodies.map((b) => ({ path: op.path, ...b })));
      }
      // One fingerprint per operation: every attempt on it must leave the database as it was.
      const before = await databaseChecksum(get());
      for (const { path, label, payload } of attempts) {
        const headers: Record<string, string> =
          payload === undefined ? {} : { 'content-type': 'application/json' };
        const res = await admin.client.request(
          op.method as 'POST',
          path,
          op.method === 'GET' ? undefined : payload,
          headers,
        );
        probes++;
        expectProblem(`${op.method} ${path.slice(0, 80)} with ${label}`, res);
      }
      expect(await databaseChecksum(get()), `bad input to ${op.method} ${op.path} changed the database`).toBe(
        before,
      );
    }
    expect(probes).toBeGreaterThan(150);
  }, 120_000);

  it('another account’s records behave as absent on every operation that takes an id (404, nothing written)', async () => {
    const a = await signUp(get(), { accountName: 'A' });
    const b = await signUp(get(), { accountName: 'B' });
    const bMember = await addMember(get(), b.client);
    const bDept = await b.client.post('/api/departments', { name: 'Отдел B' });
    const bInvite = await b.client.post('/api/invitations', { email: uniqueEmail(), role: 'member' });
    const bToken = await b.client.post('/api/tokens', { name: 'B' });
    const bPipeline = (await b.client.get('/api/pipelines')).body.items[0];
    // An amoCRM connection of B needs a portal to connect to: the fake amoCRM, allowed by B's administrator.
    const amo = {
      clientId: 'probe-client',
      clientSecret: 'probe-secret',
      redirectUri: 'http://voronka.test/api/imports/amocrm/oauth/callback',
    };
    const fakeAmo = await startFakeAmo({ data: generateAccount({ scale: 0.01 }), clients: [amo] });
    await b.client.put('/api/settings/outbound-hosts', { hosts: [fakeAmo.host] });
    const bConnection = await b.client.post('/api/imports/amocrm/connections', {
      portal: fakeAmo.url,
      integrationId: amo.clientId,
      secretKey: amo.clientSecret,
      authorizationCode: fakeAmo.issueAuthorizationCode(),
    });
    await fakeAmo.close();
    const bRecords: Record<string, string> = {
      imports: bConnection.body.id,
      pipelines: bPipeline.id,
      stages: bPipeline.stages[1].id,
      'reference-list-items': (await b.client.get('/api/reference-lists/sources')).body.items[0].id,
      contacts: (await b.client.post('/api/contacts', { firstName: 'B' })).body.id,
      companies: (await b.client.post('/api/companies', { name: 'B' })).body.id,
      merges: (
        await b.client.post('/api/contacts/merge', {
          targetId: (await b.client.post('/api/contacts', { firstName: 'B1' })).body.id,
          sourceIds: [(await b.client.post('/api/contacts', { firstName: 'B2' })).body.id],
        })
      ).body.merge.id,
      products: (await b.client.post('/api/products', { name: 'B', price: '1' })).body.id,
      deals: (await b.client.post('/api/deals', { name: 'B' })).body.id,
      'custom-fields': (
        await b.client.post('/api/custom-fields', { entity: 'deal', type: 'string', name: 'B' })
      ).body.id,
      users: bMember.userId,
      departments: bDept.body.id,
      invitations: bInvite.body.id,
      tokens: bToken.body.id,
      tasks: (await b.client.post('/api/tasks', { text: 'B', deadline: '2026-12-05' })).body.id,
      timeline: (
        await b.client.post('/api/timeline', {
          kind: 'note',
          entity: 'contact',
          entityId: (await b.client.post('/api/contacts', { firstName: 'B3' })).body.id,
          text: 'B',
        })
      ).body.id,
      files: (
        await postMultipart(get(), b.client, '/api/files', [
          { name: 'file', filename: 'b.txt', content: 'B' },
        ])
      ).body.id,
      leads: (await b.client.post('/api/leads', { firstName: 'B' })).body.id,
      'lead-statuses': (await b.client.get('/api/lead-statuses')).body.items[0].id,
      'saved-views': (await b.client.post('/api/saved-views', { entity: 'deals', name: 'B', shared: true }))
        .body.id,
      forms: (
        await b.client.post('/api/forms', {
          name: 'B',
          pipelineId: bPipeline.id,
          fields: [{ key: 'phone', label: 'Телефон', target: 'phone' }],
        })
      ).body.id,
      'spreadsheet-imports': (
        await postMultipart(get(), b.client, '/api/spreadsheet-imports?entity=contacts', [
          { name: 'file', filename: 'b.csv', content: 'Имя\nB\n' },
        ])
      ).body.id,
      roles: (await b.client.get('/api/roles')).body.items[0].id,
      'role-assignments': (await b.client.get('/api/role-assignments')).body.items[0].id,
      'user-groups': (await b.client.post('/api/user-groups', { name: 'B', memberIds: [] })).body.id,
      'deal-copy-presets': (await b.client.post('/api/deal-copy-presets', { name: 'B', options: {} })).body
        .id,
      // B's administrator allowed the (now closed) fake portal's host; a webhook may point there.
      webhooks: (
        await b.client.post('/api/webhooks', { url: `${fakeAmo.url}/hook`, eventTypes: ['task.created'] })
      ).body.id,
      automation:
        // A trigger nothing here fires (a robot on a stage would run for B's deal in the background).
        (
          await b.client.post('/api/automation/rules', {
            kind: 'trigger',
            event: 'task_done',
            name: 'B',
            action: { type: 'add_comment', text: 'B' },
          })
        ).body.id,
    };
    // Background subscribers (robots) record their deliveries of the events above; let them finish, so
    // the checksums below see only what the probes write.
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{ n: string }>`
          SELECT count(*)::text AS n FROM domain_events e
          WHERE e.type IN ('deal.created', 'deal.updated', 'task.completed', 'timeline.created')
            AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = e.id AND d.subscriber = 'automation')
        `.execute(get().database.db);
        expect(rows[0]?.n).toBe('0');
      },
      { timeout: 30_000, interval: 100 },
    );
    const doc = (await a.client.get('/api/openapi.json')).body;
    const withId = operations(doc).filter((op) => op.path.includes('{id}'));
    expect(withId.length).toBeGreaterThanOrEqual(8);
    for (const op of withId) {
      const collection = /^\/api\/([^/]+)\//.exec(op.path)?.[1] ?? '';
      const id = bRecords[collection];
      expect(id, `no record of account B for ${op.path}: add one to this test`).toBeDefined();
      const before = await databaseChecksum(get());
      const body = validBody(op.body);
      const res = await a.client.request(op.method as 'GET', fill(op.path, id ?? ''), body);
      expect(res.status, `${op.method} ${op.path} on account B's record`).toBe(404);
      expect(await databaseChecksum(get())).toBe(before);
    }
  }, 60_000);
});

describeEachDatabase('probes generated from the OpenAPI document: records hidden by rights', (get) => {
  it('a record the caller’s role does not reach behaves as absent on every operation that takes its id (404, nothing written)', async () => {
    const a = await signUp(get());
    // A member is a manager (own records only, ADR 0018): the administrator's deal is hidden from them.
    const manager = await addMember(get(), a.client);
    const pipeline = (await a.client.get('/api/pipelines')).body.items[0];
    const unsorted = pipeline.stages.find((s: { kind: string }) => s.kind === 'unsorted');
    const hidden = {
      deals: (await a.client.post('/api/deals', { name: 'Скрытая' })).body.id as string,
      // An incoming request (in Unsorted) for the inbox's operations.
      inbox: (await a.client.post('/api/deals', { name: 'Заявка', stageId: unsorted.id })).body.id as string,
    };
    const own = await manager.client.post('/api/deals', { name: 'Своя' });
    expect(own.status).toBe(201);
    const doc = (await a.client.get('/api/openapi.json')).body;
    const probed = operations(doc).filter(
      (op) => /^\/api\/deals\/\{id\}/.test(op.path) || op.path.includes('{dealId}'),
    );
    expect(probed.length).toBeGreaterThanOrEqual(8);
    for (const op of probed) {
      const id = op.path.startsWith('/api/inbox/') ? hidden.inbox : hidden.deals;
      const before = await databaseChecksum(get());
      const call = (body: Record<string, unknown> | undefined) =>
        manager.client.request(op.method as 'GET', fill(op.path, id), body);
      // The required fields, or — where a body rule asks for one of several optional ones — every field.
      let res = await call(validBody(op.body));
      if (res.status === 400) res = await call(fullBody(op.body));
      expect(res.status, `${op.method} ${op.path} on a hidden deal: ${res.text.slice(0, 200)}`).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(await databaseChecksum(get()), `${op.method} ${op.path} wrote`).toBe(before);
    }
    // The same operations reach the manager's own deal (not a blanket 404).
    expect((await manager.client.get(`/api/deals/${own.body.id}`)).status).toBe(200);
    expect((await manager.client.get(`/api/deals/${own.body.id}/stages`)).status).toBe(200);
  }, 60_000);
});
