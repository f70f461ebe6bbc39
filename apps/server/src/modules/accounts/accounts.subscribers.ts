// Reactions of the accounts module to other modules' events.
import type { Subscriber } from '../../platform/events/index.js';

/** A deactivated user's API tokens stop for good: activating the user again does not bring them back. */
export const revokeTokensOfDeactivatedUser: Subscriber = {
  name: 'revoke-api-tokens',
  types: ['user.deactivated'],
  async handle(event, trx) {
    if (!event.entityId) return;
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(), updated_at: new Date() })
      .where('account_id', '=', event.accountId)
      .where('user_id', '=', event.entityId)
      .where('revoked_at', 'is', null)
      .execute();
  },
};
