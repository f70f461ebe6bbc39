import { describe, expect, it } from 'vitest';
import { decideSignInLimit, SIGN_IN_WINDOW_MS } from './sign-in-limit.js';

const now = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('decideSignInLimit', () => {
  it('allows nine failures in the window', () => {
    const failures = Array.from({ length: 9 }, (_, i) => minutesAgo(i));
    expect(decideSignInLimit(failures, now)).toEqual({ blocked: false, retryAfterSeconds: 0 });
  });

  it('blocks at ten failures until the oldest leaves the window', () => {
    const failures = Array.from({ length: 10 }, (_, i) => minutesAgo(i)); // oldest 9 minutes ago
    const decision = decideSignInLimit(failures, now);
    expect(decision.blocked).toBe(true);
    expect(decision.retryAfterSeconds).toBe(6 * 60);
  });

  it('ignores failures older than the window', () => {
    const failures = [...Array.from({ length: 9 }, () => minutesAgo(1)), minutesAgo(16)];
    expect(decideSignInLimit(failures, now).blocked).toBe(false);
  });

  it('with more failures than the limit waits for enough of them to expire', () => {
    const failures = Array.from({ length: 12 }, (_, i) => minutesAgo(i)); // 0..11 minutes ago
    // 9 may remain: the three oldest (11, 10, 9 minutes) must leave; the 9-minute one leaves in 6 minutes.
    expect(decideSignInLimit(failures, now).retryAfterSeconds).toBe(6 * 60);
    expect(SIGN_IN_WINDOW_MS).toBe(900_000);
  });
});
