// Cached sessions never outlive what ends or narrows them. The cache's TTL is set to a minute here, so
// only the invalidations themselves can pass these tests: in this process at once, in another process
// through PostgreSQL's `auth_changed` notice.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  describeEachDatabase,
  startVoronka,
  type TestDatabase,
} from '../../../test/harness.js';
import { addMember, Client, signUp } from '../../../test/http.js';
import type { Voronka } from '../../app.js';

const LONG_TTL = { sessionCacheTtlMs: 60_000 };

describeEachDatabase(
  'cached sessions',
  (get) => {
    it('a demoted administrator loses administrator rights on the next request', async () => {
      const admin = await signUp(get());
      const other = await addMember(get(), admin.client, 'admin');
      expect((await other.client.get('/api/invitations')).status).toBe(200);
      expect((await admin.client.patch(`/api/users/${other.userId}`, { role: 'member' })).status).toBe(200);
      expect((await other.client.get('/api/invitations')).status).toBe(403);
      // The rights check of another account's user is untouched.
      expect((await admin.client.get('/api/invitations')).status).toBe(200);
    });

    it('a deactivated user is signed out on the next request, and back once activated', async () => {
      const admin = await signUp(get());
      const member = await addMember(get(), admin.client);
      expect((await member.client.get('/api/me')).status).toBe(200);
      expect((await admin.client.post(`/api/users/${member.userId}/deactivate`)).status).toBe(200);
      expect((await member.client.get('/api/me')).status).toBe(401);
      expect((await admin.client.post(`/api/users/${member.userId}/activate`)).status).toBe(200);
      expect((await member.client.get('/api/me')).status).toBe(200);
    });

    it('signing out ends that session only; another account’s session is untouched', async () => {
      const a = await signUp(get());
      const b = await signUp(get());
      const second = new Client(get());
      expect((await second.post('/api/auth/sign-in', { email: a.email, password: a.password })).status).toBe(
        200,
      );
      const oldCookie = a.client.cookie;
      expect((await a.client.get('/api/me')).status).toBe(200);
      expect((await a.client.post('/api/auth/sign-out')).status).toBe(204);
      const stale = new Client(get());
      stale.cookie = oldCookie;
      expect((await stale.get('/api/me')).status).toBe(401);
      expect((await second.get('/api/me')).status).toBe(200);
      expect((await b.client.get('/api/me')).status).toBe(200);
    });
  },
  LONG_TTL,
);

// Two API processes on one PostgreSQL database: a change made through one reaches the other's cache.
describe.runIf(databaseKinds().includes('postgres'))('cached sessions across processes [postgres]', () => {
  let database: TestDatabase;
  let one: Voronka;
  let two: Voronka;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    one = await startVoronka(database.target, LONG_TTL);
    two = await startVoronka(database.target, LONG_TTL);
  });
  afterAll(async () => {
    await two.close();
    await one.close();
    await database.drop();
  });

  it('deactivating a user through one process signs it out of the other', async () => {
    const admin = await signUp(one);
    const member = await addMember(one, admin.client);
    const onTwo = new Client(two);
    onTwo.cookie = member.client.cookie;
    expect((await onTwo.get('/api/me')).status).toBe(200); // now cached by the second process
    expect((await admin.client.post(`/api/users/${member.userId}/deactivate`)).status).toBe(200);
    await vi.waitFor(async () => expect((await onTwo.get('/api/me')).status).toBe(401), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('a sign-out through one process ends the session in the other', async () => {
    const admin = await signUp(one);
    const onTwo = new Client(two);
    onTwo.cookie = admin.client.cookie;
    expect((await onTwo.get('/api/me')).status).toBe(200);
    expect((await admin.client.post('/api/auth/sign-out')).status).toBe(204);
    await vi.waitFor(async () => expect((await onTwo.get('/api/me')).status).toBe(401), {
      timeout: 10_000,
      interval: 50,
    });
  });
});
