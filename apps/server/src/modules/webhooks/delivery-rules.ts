// What an attempt's answer means and when the next attempt is due (pure, unit-tested).
//  - 2xx: delivered. 410 Gone: the receiver wants no more — the subscription is turned off.
//  - anything else (another status, a redirect — never followed —, no answer): retried with exponential
//    backoff and jitter, honouring Retry-After on 429 and 503, until 72 hours after the delivery was created.
import { retryAfterMs } from '../../platform/outbound-http/index.js';

export const RETRY_WINDOW_MS = 72 * 60 * 60 * 1000;
/** The first retry waits about this long; each next one twice as long, up to MAX_DELAY_MS. */
export const BASE_DELAY_MS = 5_000;
export const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
/** A Retry-After further away than this is read as this (a receiver cannot park a delivery for weeks). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The wait after failed attempt `attempt` (1-based): base · 2^(attempt-1), capped, with "equal jitter" —
 * uniformly in [half, whole] of it — so deliveries failing together spread out but still back off.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'gone' }
  | { kind: 'retry'; retryAfterMs: number | undefined; error: string };

export interface AttemptResult {
  /** Null when no answer came (DNS, refused address, connection, timeout). */
  status: number | null;
  headers?: Record<string, string | string[] | undefined>;
  error?: string;
}

export function outcomeOf(result: AttemptResult, now: Date): AttemptOutcome {
  const { status } = result;
  if (status === null) return { kind: 'retry', retryAfterMs: undefined, error: result.error ?? 'No answer' };
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  const retryAfter =
    status === 429 || status === 503
      ? retryAfterMs(result.headers?.['retry-after'], now.getTime())
      : undefined;
  if (status >= 300 && status < 400) {
    const location = result.headers?.location;
    return {
      kind: 'retry',
      retryAfterMs: undefined,
      error: `The receiver answered ${status} (a redirect${location ? ` to ${String(location)}` : ''}); redirects are not followed`,
    };
  }
  return { kind: 'retry', retryAfterMs: retryAfter, error: `The receiver answered ${status}` };
}

/**
 * When to try again after failed attempt `attempt` of a delivery created at `createdAt`, or null when the
 * next attempt would fall outside the 72-hour window (the delivery has failed). A Retry-After is a floor:
 * the next attempt is never earlier than the receiver asked.
 */
export function nextAttemptAt(input: {
  attempt: number;
  createdAt: Date;
  now: Date;
  retryAfterMs?: number | undefined;
  random?: () => number;
}): Date | null {
  const backoff = backoffDelayMs(input.attempt, input.random);
  const asked = input.retryAfterMs === undefined ? 0 : Math.min(input.retryAfterMs, MAX_RETRY_AFTER_MS);
  const at = input.now.getTime() + Math.max(backoff, asked);
  return at > input.createdAt.getTime() + RETRY_WINDOW_MS ? null : new Date(at);
}

/** The start of a response body kept in the delivery log (about 2 KB; NULs dropped, PostgreSQL text refuses them). */
export function responseExcerpt(body: string, limit = 2048): string {
  const clean = body.replace(/\0/g, '');
  return clean.length > limit ? `${clean.slice(0, limit)}…` : clean;
}
