import { describe, expect, it } from 'vitest';
import { createSessionCache, type CachedSession } from './session-cache.js';

const session = (expiresAt: number, role: CachedSession['role'] = 'admin'): CachedSession => ({
  session_id: 's1',
  identity_id: 'i1',
  account_id: 'a1',
  last_seen_at: new Date(0),
  expires_at: new Date(expiresAt),
  user_id: 'u1',
  role,
  active: true,
});

describe('session cache', () => {
  it('serves a session from memory until the TTL, then loads it again', async () => {
    let clock = 1_000;
    const cache = createSessionCache(2_000, () => clock);
    let loads = 0;
    const load = () => {
      loads += 1;
      return Promise.resolve(session(1_000_000));
    };
    await cache.get('h', load);
    clock += 1_999;
    await cache.get('h', load);
    expect(loads).toBe(1);
    clock += 2;
    await cache.get('h', load);
    expect(loads).toBe(2);
  });

  it('never serves a session past its own expiry', async () => {
    let clock = 1_000;
    const cache = createSessionCache(60_000, () => clock);
    const expiresAt = 1_500;
    const load = () => Promise.resolve(clock < expiresAt ? session(expiresAt) : undefined);
    expect(await cache.get('h', load)).toBeDefined();
    clock = 1_500;
    expect(await cache.get('h', load)).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it('does not keep a lookup that an invalidation overtook', async () => {
    const cache = createSessionCache(60_000);
    let release: () => void = () => undefined;
    const slow = cache.get(
      'h',
      () =>
        new Promise<CachedSession>((resolve) => {
          release = () => resolve(session(Date.now() + 60_000, 'admin'));
        }),
    );
    cache.clear(); // the role changed while the lookup was in flight
    release();
    expect((await slow)?.role).toBe('admin');
    expect(cache.size()).toBe(0);
    const fresh = await cache.get('h', () => Promise.resolve(session(Date.now() + 60_000, 'member')));
    expect(fresh?.role).toBe('member');
  });

  it('forgets everything on clear, and does not cache a missing session', async () => {
    const cache = createSessionCache(60_000);
    await cache.get('a', () => Promise.resolve(session(Date.now() + 60_000)));
    await cache.get('missing', () => Promise.resolve(undefined));
    expect(cache.size()).toBe(1);
    cache.clear();
    expect(cache.size()).toBe(0);
  });
});
