// TanStack Query keys, one root per server collection so realtime events can invalidate by root.
export const queryKeys = {
  me: ['me'] as const,
  account: ['account'] as const,
  users: ['users'] as const,
  invitations: ['invitations'] as const,
  invitationPreview: (token: string) => ['invitation-preview', token] as const,
  departments: ['departments'] as const,
  tokens: ['tokens'] as const,
};

export type QueryRoot = 'me' | 'account' | 'users' | 'invitations' | 'departments' | 'tokens';

/**
 * Which cached collections a domain event may have changed, from its entity (`user`,
 * `department`, …) — the part of the event type before the first dot.
 */
export function queriesForEvent(type: string, entity?: string): QueryRoot[] {
  const root = entity ?? type.split('.')[0] ?? '';
  switch (root) {
    case 'user':
    case 'membership':
      return ['users', 'me'];
    case 'department':
      // Deleting a department detaches its users.
      return ['departments', 'users'];
    case 'invitation':
      // An accepted invitation adds a user.
      return ['invitations', 'users'];
    case 'api_token':
      return ['tokens'];
    case 'account':
      // Its settings, and its name in the account switcher.
      return ['account', 'me'];
    case 'identity':
      return ['me'];
    default:
      return [];
  }
}
