/** Where to go after signing in: only local paths are accepted, anything else goes to Deals. */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return '/deals';
  if (next.startsWith('/sign-in') || next.startsWith('/sign-up')) return '/deals';
  return next;
}
