import type { Db } from '../../platform/db/index.js';

export function createInvitationsRepository() {
  return {
    insert: (
      db: Db,
      values: {
        accountId: string;
        email: string;
        role: 'admin' | 'member';
        departmentId: string | null;
        tokenHash: string;
        invitedBy: string;
        expiresAt: Date;
        /** The invited user waiting for it (a migration's invitation). */
        userId?: string;
      },
    ) =>
      db
        .insertInto('invitations')
        .values({
          account_id: values.accountId,
          email: values.email,
          role: values.role,
          department_id: values.departmentId,
          token_hash: values.tokenHash,
          invited_by_user_id: values.invitedBy,
          expires_at: values.expiresAt,
          user_id: values.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    list: (db: Db, accountId: string) =>
      db
        .selectFrom('invitations')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .execute(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('invitations')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    findByTokenHash: (db: Db, tokenHash: string) =>
      db
        .selectFrom('invitations')
        .innerJoin('accounts', 'accounts.id', 'invitations.account_id')
        .selectAll('invitations')
        .select('accounts.name as account_name')
        .where('invitations.token_hash', '=', tokenHash)
        .executeTakeFirst(),

    revoke: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('invitations')
        .set({ revoked_at: new Date(), updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    /** A new secret (and 7 more days) for an open invitation; the old link stops working. */
    renew: (db: Db, accountId: string, id: string, tokenHash: string, expiresAt: Date) =>
      db
        .updateTable('invitations')
        .set({ token_hash: tokenHash, expires_at: expiresAt, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),

    /** The open invitation an invited user is waiting for (a migration's), locked. */
    openOfUser: (db: Db, accountId: string, userId: string) =>
      db
        .selectFrom('invitations')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .forUpdate()
        .executeTakeFirst(),

    /** Marks accepted only if still open: a second accept of the same link loses the race. */
    markAccepted: (db: Db, accountId: string, id: string, userId: string) =>
      db
        .updateTable('invitations')
        .set({ accepted_at: new Date(), accepted_user_id: userId, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
  };
}
export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
