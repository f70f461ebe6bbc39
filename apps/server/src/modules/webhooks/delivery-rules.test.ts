import { describe, expect, it } from 'vitest';
import { isBlockedAddress, retryAfterMs } from '../../platform/outbound-http/index.js';
import {
  backoffDelayMs,
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  nextAttemptAt,
  outcomeOf,
  responseExcerpt,
  RETRY_WINDOW_MS,
} from './delivery-rules.js';

const created = new Date('2026-12-07T09:00:00Z');
const at = (ms: number) => new Date(created.getTime() + ms);

describe('retry schedule', () => {
  it('doubles from 5 s with jitter in [half, whole], capped at 6 h', () => {
    expect(backoffDelayMs(1, () => 1)).toBe(BASE_DELAY_MS);
    expect(backoffDelayMs(1, () => 0)).toBe(BASE_DELAY_MS / 2);
    expect(backoffDelayMs(2, () => 1)).toBe(2 * BASE_DELAY_MS);
    expect(backoffDelayMs(5, () => 1)).toBe(16 * BASE_DELAY_MS);
    expect(backoffDelayMs(30, () => 1)).toBe(MAX_DELAY_MS);
    expect(backoffDelayMs(30, () => 0)).toBe(MAX_DELAY_MS / 2);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelayMs(3);
      expect(d).toBeGreaterThanOrEqual(2 * BASE_DELAY_MS);
      expect(d).toBeLessThanOrEqual(4 * BASE_DELAY_MS);
    }
  });

  it('keeps retrying for 72 hours after creation, then gives up', () => {
    let now = created;
    let attempt = 1;
    const times: number[] = [];
    for (;;) {
      const next = nextAttemptAt({ attempt, createdAt: created, now, random: () => 1 });
      if (!next) break;
      times.push(next.getTime() - created.getTime());
      now = next;
      attempt++;
    }
    expect(times.at(-1)).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    // the next step (6 h) would have crossed the window: the last attempt is within 6 h of its end
    expect(RETRY_WINDOW_MS - (times.at(-1) ?? 0)).toBeLessThan(MAX_DELAY_MS);
    expect(times.slice(0, 4)).toEqual([5_000, 15_000, 35_000, 75_000]);
    expect(attempt).toBeGreaterThan(15);
    expect(attempt).toBeLessThan(30);
    expect(nextAttemptAt({ attempt: 1, createdAt: created, now: at(RETRY_WINDOW_MS - 1000) })).toBeNull();
  });

  it('never retries before a Retry-After, within a day at most', () => {
    const now = at(60_000);
    expect(
      nextAttemptAt({ attempt: 1, createdAt: created, now, retryAfterMs: 120_000, random: () => 1 }),
    ).toEqual(at(180_000));
    // a shorter Retry-After than the backoff keeps the backoff
    expect(
      nextAttemptAt({ attempt: 4, createdAt: created, now, retryAfterMs: 1000, random: () => 1 }),
    ).toEqual(at(60_000 + 40_000));
    expect(
      nextAttemptAt({ attempt: 1, createdAt: created, now, retryAfterMs: 30 * 86_400_000, random: () => 1 }),
    ).toEqual(at(60_000 + 86_400_000));
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-07T09:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Mon, 07 Dec 2026 09:02:30 GMT', now)).toBe(150_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(['30', '60'], now)).toBe(30_000);
  });
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-5', now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
  });
});

describe('attempt outcomes', () => {
  const now = new Date('2026-12-07T09:00:00Z');
  it('2xx delivers, 410 is gone', () => {
    expect(outcomeOf({ status: 200 }, now)).toEqual({ kind: 'delivered' });
    expect(outcomeOf({ status: 204 }, now)).toEqual({ kind: 'delivered' });
    expect(outcomeOf({ status: 410 }, now)).toEqual({ kind: 'gone' });
  });
  it('honours Retry-After on 429 and 503 only', () => {
    expect(outcomeOf({ status: 429, headers: { 'retry-after': '30' } }, now)).toMatchObject({
      kind: 'retry',
      retryAfterMs: 30_000,
    });
    expect(
      outcomeOf({ status: 503, headers: { 'retry-after': 'Mon, 07 Dec 2026 09:01:00 GMT' } }, now),
    ).toMatchObject({
      kind: 'retry',
      retryAfterMs: 60_000,
    });
    expect(outcomeOf({ status: 500, headers: { 'retry-after': '30' } }, now)).toMatchObject({
      kind: 'retry',
      retryAfterMs: undefined,
      error: 'The receiver answered 500',
    });
  });
  it('a redirect is a failure, not followed', () => {
    const outcome = outcomeOf({ status: 302, headers: { location: 'http://169.254.169.254/' } }, now);
    expect(outcome).toMatchObject({ kind: 'retry' });
    expect(outcome.kind === 'retry' && outcome.error).toMatch(/302.*169\.254\.169\.254.*not followed/);
  });
  it('no answer retries with the reason', () => {
    expect(outcomeOf({ status: null, error: 'timeout' }, now)).toEqual({
      kind: 'retry',
      retryAfterMs: undefined,
      error: 'timeout',
    });
  });
  it('keeps about 2 KB of the answer', () => {
    expect(responseExcerpt('ok')).toBe('ok');
    expect(responseExcerpt('x'.repeat(5000))).toHaveLength(2049);
    expect(responseExcerpt('a\0b')).toBe('ab');
  });
});

describe('SSRF address classification of webhook targets', () => {
  const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, '');
  it.each([
    'http://127.1',
    'http://2130706433',
    'http://0x7f.0.0.1',
    'http://0177.0.0.1',
    'http://[::ffff:127.0.0.1]',
    'http://[::1]',
    'http://169.254.169.254/latest/meta-data',
    'http://10.1.2.3',
    'http://192.168.0.10:8080',
    'http://172.16.5.5',
    'http://100.64.0.1',
    'http://0.0.0.0',
    'http://[fe80::1]',
    'http://[fd00::1]',
    'http://[64:ff9b::a9fe:a9fe]',
  ])('%s is refused', (url) => {
    expect(isBlockedAddress(hostOf(url))).toBe(true);
  });
  it.each(['http://93.184.215.14', 'https://[2606:4700::1111]', 'http://8.8.8.8:8080'])(
    '%s is allowed',
    (url) => {
      expect(isBlockedAddress(hostOf(url))).toBe(false);
    },
  );
});
