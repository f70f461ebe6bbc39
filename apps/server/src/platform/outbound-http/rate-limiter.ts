// Per-key request rate limits shared by every caller in the process. A sliding window: each of the
// `limit` tokens comes back exactly `windowMs` after it was spent, so no window of that length ever holds
// more than `limit` grants (a bucket that refills continuously lets through up to twice its size across a
// window edge, which amoCRM answers with 429 and, repeated, with a blocked IP).

/** What an aborted wait rejects with: the signal's reason when it is an Error. */
export const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error('The request was aborted');

export interface RateLimit {
  /** Grants per window. */
  limit: number;
  windowMs: number;
  /**
   * Added to the window: the time between a grant and the request's bytes reaching the server can differ
   * between requests (connection set-up, a busy event loop); without slack the server could see N + 1.
   */
  marginMs?: number;
}

export interface RateLimiter {
  /** Resolves when the caller may send; callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Nobody gets a grant before `ms` from now (the server said 429). */
  pause(ms: number): void;
  readonly settings: RateLimit;
}

export function createRateLimiter(settings: RateLimit, now: () => number = Date.now): RateLimiter {
  const span = settings.windowMs + (settings.marginMs ?? 0);
  /** Times of the grants still inside the window, oldest first. */
  const granted: number[] = [];
  const waiting: { resolve: () => void; reject: (e: unknown) => void; signal: AbortSignal | undefined }[] =
    [];
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | undefined;

  function drain() {
    timer = undefined;
    const t = now();
    while (granted.length > 0 && (granted[0] ?? 0) + span <= t) granted.shift();
    while (waiting.length > 0 && t >= pausedUntil && granted.length < settings.limit) {
      const next = waiting.shift();
      if (!next) break;
      if (next.signal?.aborted) continue;
      granted.push(t);
      next.resolve();
    }
    if (waiting.length === 0) return;
    const freeAt = granted.length < settings.limit ? t : (granted[0] ?? t) + span;
    const wait = Math.max(freeAt, pausedUntil) - t;
    timer = setTimeout(drain, Math.max(1, wait));
  }

  return {
    settings,
    acquire(signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortReason(signal));
        const entry = { resolve, reject, signal };
        waiting.push(entry);
        signal?.addEventListener(
          'abort',
          () => {
            const index = waiting.indexOf(entry);
            if (index >= 0) waiting.splice(index, 1);
            reject(abortReason(signal));
          },
          { once: true },
        );
        if (!timer) drain();
      });
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (waiting.length > 0) timer = setTimeout(drain, ms);
    },
  };
}

/** One limiter per key for the whole process, so separate clients of the same host share it. */
const limiters = new Map<string, RateLimiter>();

export function rateLimiterFor(key: string, settings: RateLimit): RateLimiter {
  const existing = limiters.get(key);
  if (
    existing &&
    existing.settings.limit === settings.limit &&
    existing.settings.windowMs === settings.windowMs &&
    existing.settings.marginMs === settings.marginMs
  )
    return existing;
  const limiter = createRateLimiter(settings);
  limiters.set(key, limiter);
  return limiter;
}
