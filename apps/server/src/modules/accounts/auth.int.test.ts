import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { addMember, Client, signUp, uniqueEmail } from '../../../test/http.js';
import { currentTotp } from './totp.js';
import { listRoutes } from '../../platform/http/index.js';

describeEachDatabase('sign-up, sign-in, sessions and two-factor sign-in', (get) => {
  it('signs up: creates the account and its administrator and opens a session', async () => {
    const client = new Client(get());
    const email = uniqueEmail();
    const res = await client.post('/api/auth/sign-up', {
      accountName: 'ООО Ромашка',
      name: 'Анна',
      email: email.toUpperCase(),
      password: 'long enough password',
      locale: 'en',
    });
    expect(res.status).toBe(201);
    expect(res.headers['set-cookie']).toMatch(
      /voronka_session=vks_[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/,
    );
    expect(res.body.user).toMatchObject({ email, name: 'Анна', locale: 'en', totpEnabled: false });
    expect(res.body.account).toMatchObject({ name: 'ООО Ромашка', role: 'admin' });
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(res.body.account.id);
    const stored = await get()
      .database.db.selectFrom('identities')
      .select('password_hash')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second sign-up with the same e-mail, naming the field, and writes nothing', async () => {
    const { email } = await signUp(get());
    const accountsBefore = await get().database.db.selectFrom('accounts').select('id').execute();
    const res = await new Client(get()).post('/api/auth/sign-up', {
      accountName: 'Другая',
      name: 'X',
      email,
      password: 'another password',
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'email_taken', errors: [{ field: 'body.email' }] });
    const accountsAfter = await get().database.db.selectFrom('accounts').select('id').execute();
    expect(accountsAfter.length).toBe(accountsBefore.length);
  });

  it('signs in and out; a signed-out session no longer works', async () => {
    const { email, password } = await signUp(get());
    const client = new Client(get());
    expect((await client.get('/api/me')).status).toBe(401);
    const res = await client.post('/api/auth/sign-in', { email, password });
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(email);
    const cookie = client.cookie;
    expect((await client.post('/api/auth/sign-out')).status).toBe(204);
    const replay = new Client(get());
    replay.cookie = cookie;
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('answers the same for an unknown e-mail and a wrong password', async () => {
    const { email } = await signUp(get());
    const wrong = await new Client(get(), '10.9.0.1').post('/api/auth/sign-in', {
      email,
      password: 'nope-nope',
    });
    const unknown = await new Client(get(), '10.9.0.2').post('/api/auth/sign-in', {
      email: uniqueEmail(),
      password: 'nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
  });

  it('locks an e-mail after 10 failures in 15 minutes — even the right password gets 429 with Retry-After', async () => {
    const { email, password } = await signUp(get());
    for (let i = 0; i < 10; i++) {
      // Different IPs: the per-e-mail limit must hold on its own.
      const res = await new Client(get(), `10.1.0.${i + 1}`).post('/api/auth/sign-in', {
        email,
        password: 'wrong password',
      });
      expect(res.status).toBe(401);
    }
    const blocked = await new Client(get(), '10.1.1.1').post('/api/auth/sign-in', { email, password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });

  it('locks an IP after 10 failures across different e-mails', async () => {
    const { email, password } = await signUp(get());
    const attacker = '10.2.0.99';
    for (let i = 0; i < 10; i++) {
      const res = await new Client(get(), attacker).post('/api/auth/sign-in', {
        email: uniqueEmail('x'),
        password: 'guess',
      });
      expect(res.status).toBe(401);
    }
    expect((await new Client(get(), attacker).post('/api/auth/sign-in', { email, password })).status).toBe(
      429,
    );
    // The same account from another IP is fine.
    expect(
      (await new Client(get(), '10.2.0.100').post('/api/auth/sign-in', { email, password })).status,
    ).toBe(200);
  });

  it('two-factor sign-in: set up, confirm, then a code is required at sign-in, each code once', async () => {
    const { client, email, password } = await signUp(get());
    const setup = await client.post('/api/me/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Voronka:/);
    const secret = setup.body.secret as string;
    // Codes come from 30-second steps; start well inside one so "this step" stays the same throughout.
    const intoStep = Date.now() % 30_000;
    if (intoStep > 20_000) await new Promise((resolve) => setTimeout(resolve, 30_100 - intoStep));
    const code = (offset = 0) => currentTotp(secret, email, offset);
    const wrong = (right: string) => (right === '000000' ? '111111' : '000000');
    const wrongConfirm = await client.post('/api/me/totp/enable', { code: wrong(code()) });
    expect(wrongConfirm.status).toBe(422);
    expect(wrongConfirm.body.errors[0].field).toBe('body.code');
    expect((await client.post('/api/me/totp/enable', { code: code(-1) })).status).toBe(204);
    expect((await client.get('/api/me')).body.user.totpEnabled).toBe(true);
    const stored = await get()
      .database.db.selectFrom('identities')
      .select('totp_secret_enc')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret_enc).not.toContain(secret);

    const browser = new Client(get(), '10.3.0.1');
    const needCode = await browser.post('/api/auth/sign-in', { email, password });
    expect(needCode.status).toBe(401);
    expect(needCode.body.code).toBe('totp_required');
    expect(browser.cookie).toBeUndefined();
    expect(
      (await browser.post('/api/auth/sign-in', { email, password, totp: wrong(code()) })).body.code,
    ).toBe('totp_invalid');
    // The code used to switch 2FA on cannot be used again.
    expect((await browser.post('/api/auth/sign-in', { email, password, totp: code(-1) })).body.code).toBe(
      'totp_invalid',
    );
    const ok = await browser.post('/api/auth/sign-in', { email, password, totp: code() });
    expect(ok.status).toBe(200);
    expect(browser.cookie).toBeDefined();
    expect((await browser.post('/api/me/totp/disable', { code: code() })).status).toBe(422);
    expect((await browser.post('/api/me/totp/disable', { code: code(1) })).status).toBe(204);
    expect((await new Client(get(), '10.3.0.2').post('/api/auth/sign-in', { email, password })).status).toBe(
      200,
    );
  });

  it('switches between the accounts of one person and refuses an account that is not theirs', async () => {
    const { client } = await signUp(get());
    const other = await signUp(get(), { accountName: 'Чужая' });
    const created = await client.post('/api/accounts', { name: 'Второй филиал' });
    expect(created.status).toBe(201);
    const switched = await client.post('/api/me/account', { accountId: created.body.id });
    expect(switched.status).toBe(200);
    expect(switched.body.account.name).toBe('Второй филиал');
    expect(switched.body.accounts).toHaveLength(2);
    expect((await client.get('/api/me')).body.account.id).toBe(created.body.id);
    const foreign = await client.post('/api/me/account', { accountId: other.accountId });
    expect(foreign.status).toBe(404);
    expect((await client.get('/api/me')).body.account.id).toBe(created.body.id);
  });
});

describeEachDatabase('account settings', (get) => {
  it('administrators rename the account and set language, currency and time zone; members only read', async () => {
    const admin = await signUp(get());
    const defaults = await admin.client.get('/api/account');
    expect(defaults.body).toMatchObject({
      id: admin.accountId,
      locale: 'ru',
      currency: 'RUB',
      timezone: 'Europe/Moscow',
    });
    const bad = await admin.client.patch('/api/account', { currency: 'rubles', timezone: 'Moscow' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.currency',
      'body.timezone',
    ]);
    const changed = await admin.client.patch('/api/account', {
      name: 'ООО Новое имя',
      currency: 'KZT',
      timezone: 'Asia/Almaty',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'ООО Новое имя', currency: 'KZT', timezone: 'Asia/Almaty' });
    expect((await admin.client.get('/api/me')).body.account.name).toBe('ООО Новое имя');

    const member = await addMember(get(), admin.client);
    expect((await member.client.get('/api/account')).body.currency).toBe('KZT');
    const refused = await member.client.patch('/api/account', { name: 'Захват' });
    expect(refused.status).toBe(403);
    expect((await admin.client.get('/api/account')).body.name).toBe('ООО Новое имя');
    const other = await signUp(get());
    expect((await other.client.get('/api/account')).body.name).toBe('ООО Ромашка');
  });
});

describeEachDatabase('bad input gets problem+json 4xx, never 500', (get) => {
  const post = (body: string, type = 'application/json') =>
    new Client(get()).post('/api/auth/sign-up', body, { 'content-type': type });

  it('malformed JSON', async () => {
    const res = await post('{"email": ');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('missing fields are all named', async () => {
    const res = await post('{}');
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.accountName', 'body.email', 'body.name', 'body.password']);
  });

  it('over-long strings and wrong types', async () => {
    const res = await post(
      JSON.stringify({ accountName: 'x'.repeat(10_000), name: 42, email: 'not-an-email', password: ['a'] }),
    );
    expect(res.status).toBe(400);
    const fields = new Set((res.body.errors as { field: string }[]).map((e) => e.field));
    expect([...fields].sort()).toEqual(['body.accountName', 'body.email', 'body.name', 'body.password']);
    for (const e of res.body.errors) expect(e.reason).toBeTruthy();
  });

  it('a body that is not JSON, an unknown route, a bad id, an oversized body', async () => {
    expect((await post('email=a', 'application/x-www-form-urlencoded')).status).toBe(415);
    const { client } = await signUp(get());
    const unknown = await client.get('/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const badId = await client.get('/api/users/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('params.id');
    const huge = await post(JSON.stringify({ accountName: 'a'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
  });

  it('an empty body with a JSON content type is no body: fine where none is needed, named where one is', async () => {
    const { client } = await signUp(get());
    const signOut = await client.request('POST', '/api/auth/sign-out', '', {
      'content-type': 'application/json',
    });
    expect(signOut.status).toBe(204);
    const res = await post('');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body');
  });

  it('unauthenticated calls get 401 problem+json', async () => {
    const res = await new Client(get()).get('/api/users');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

describe('OpenAPI document', () => {
  describeEachDatabase('serves every route', (get) => {
    it('lists the routes with their schemas and a reference page', async () => {
      const client = new Client(get());
      const doc = await client.get('/api/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toBe('3.1.0');
      const paths = Object.keys(doc.body.paths);
      // Every API route the server registered is documented, with its method.
      const apiRoutes = listRoutes(get().http).filter(
        (r) => !r.hidden && (r.url.startsWith('/api/') || r.url === '/health'),
      );
      expect(apiRoutes.length).toBeGreaterThan(20);
      for (const route of apiRoutes) {
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        expect(doc.body.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
      }
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/auth/sign-up',
          '/api/auth/sign-in',
          '/api/me',
          '/api/users/{id}',
          '/api/departments/{id}',
          '/api/invitations/by-token/{token}/accept',
          '/api/tokens/{id}',
          '/api/events/stream',
          '/health',
        ]),
      );
      const signUpBody =
        doc.body.paths['/api/auth/sign-up'].post.requestBody.content['application/json'].schema;
      expect(signUpBody.required).toEqual(
        expect.arrayContaining(['accountName', 'name', 'email', 'password']),
      );
      // Public routes ask for no credentials; the rest inherit session-or-bearer.
      expect(doc.body.paths['/api/auth/sign-in'].post.security).toEqual([]);
      expect(doc.body.paths['/api/users'].get.security).toBeUndefined();
      expect(doc.body.security).toEqual([{ session: [] }, { bearer: [] }]);
      const page = await client.get('/api/docs/');
      expect(page.status).toBe(200);
      expect(page.text).toContain('swagger');
    });
  });
});
