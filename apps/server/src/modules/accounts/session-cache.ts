// Session → actor lookups, kept for a moment per process: every request reads its session, and sessions
// rarely change. What keeps a cached session honest:
//  1. a trigger on `sessions` and `users` NOTIFYs `auth_changed` when a change that alters who a session
//     acts as commits (a session deleted or switched to another account; a user's role, active flag or
//     deletion) — every process listening drops its whole cache;
//  2. this process's own sign-out and account switch drop it at once, before their response is sent;
//  3. entries live a TTL (2 s) at most, so a lost notice (a dropped LISTEN connection) is bounded too;
//  4. a lookup that raced an invalidation (read before, finished after) is not cached (generation check).
// Only sessions are cached; API tokens are looked up every time (they are revoked by other paths).
import type { Role } from '@voronka/contracts';

export const AUTH_CHANGED_CHANNEL = 'auth_changed';
const DEFAULT_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

export interface CachedSession {
  session_id: string;
  identity_id: string;
  account_id: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
  role: Role;
  active: boolean;
}

export function createSessionCache(ttlMs = DEFAULT_TTL_MS, now: () => number = Date.now) {
  const entries = new Map<string, { session: CachedSession; until: number }>();
  let generation = 0;

  return {
    /** The session of a token hash, loading it with `load` when it is not cached (or no longer fresh). */
    async get(
      tokenHash: string,
      load: () => Promise<CachedSession | undefined>,
    ): Promise<CachedSession | undefined> {
      const hit = entries.get(tokenHash);
      const at = now();
      if (hit && hit.until > at && hit.session.expires_at.getTime() > at) return hit.session;
      if (hit) entries.delete(tokenHash);
      const before = generation;
      const session = await load();
      if (session && generation === before) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(tokenHash, { session, until: now() + ttlMs });
      }
      return session;
    },
    /** After touching a session: the cached copy carries the new times. */
    touched(tokenHash: string, lastSeenAt: Date, expiresAt: Date) {
      const hit = entries.get(tokenHash);
      if (hit) hit.session = { ...hit.session, last_seen_at: lastSeenAt, expires_at: expiresAt };
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    size: () => entries.size,
  };
}
export type SessionCache = ReturnType<typeof createSessionCache>;
