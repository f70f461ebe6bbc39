// The brute-force rule (PLAT-1): at most LIMIT failed sign-ins per WINDOW for one e-mail and for one IP;
// past that, sign-in is refused (even with the right password) until enough failures age out.
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export interface LimitDecision {
  blocked: boolean;
  retryAfterSeconds: number;
}

/** `failures`: times of the failures inside the window, any order. */
export function decideSignInLimit(
  failures: readonly Date[],
  now: Date,
  limit = SIGN_IN_FAILURE_LIMIT,
  windowMs = SIGN_IN_WINDOW_MS,
): LimitDecision {
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - windowMs)
    .sort((a, b) => a - b);
  if (recent.length < limit) return { blocked: false, retryAfterSeconds: 0 };
  // Allowed again once only limit-1 failures remain in the window.
  const freeingFailure = recent[recent.length - limit];
  const retryAt = (freeingFailure ?? now.getTime()) + windowMs;
  return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
}
