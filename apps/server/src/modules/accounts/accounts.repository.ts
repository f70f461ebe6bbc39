// Accounts, identities, sessions, sign-in failures and API tokens. Installation-level tables (accounts,
// identities, sign_in_failures) are looked up by their own keys; everything else is scoped by account.
import type { Db } from '../../platform/db/index.js';

export function createAccountsRepository() {
  return {
    insertAccount: (db: Db, name: string, locale: string) =>
      db.insertInto('accounts').values({ name, locale }).returningAll().executeTakeFirstOrThrow(),

    findAccount: (db: Db, id: string) =>
      db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst(),

    updateAccount: (
      db: Db,
      id: string,
      values: Partial<{
        name: string;
        locale: string;
        currency: string;
        timezone: string;
        leads_enabled: boolean;
      }>,
    ) =>
      db
        .updateTable('accounts')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    insertIdentity: (db: Db, values: { email: string; passwordHash: string; locale: string }) =>
      db
        .insertInto('identities')
        .values({ email: values.email, password_hash: values.passwordHash, locale: values.locale })
        .returningAll()
        .executeTakeFirstOrThrow(),

    findIdentityByEmail: (db: Db, email: string) =>
      db.selectFrom('identities').selectAll().where('email', '=', email).executeTakeFirst(),

    findIdentity: (db: Db, id: string) =>
      db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst(),

    updateIdentity: (
      db: Db,
      id: string,
      values: Partial<{ locale: string; totp_secret_enc: string | null; totp_enabled_at: Date | null }>,
    ) =>
      db
        .updateTable('identities')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Accepts a TOTP time step once: false when this or a later step was already used. */
    claimTotpStep: async (db: Db, identityId: string, step: number) =>
      Boolean(
        await db
          .updateTable('identities')
          .set({ totp_last_step: String(step) })
          .where('id', '=', identityId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
          .returning('id')
          .executeTakeFirst(),
      ),

    insertUser: (
      db: Db,
      values: {
        accountId: string;
        identityId: string;
        name: string;
        role: 'admin' | 'member';
        departmentId?: string | null;
        /** Invited (by a migration): inactive until the invitation is accepted. */
        invited?: boolean;
      },
    ) =>
      db
        .insertInto('users')
        .values({
          account_id: values.accountId,
          identity_id: values.identityId,
          name: values.name,
          role: values.role,
          department_id: values.departmentId ?? null,
          ...(values.invited ? { active: false, invited_at: new Date() } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** An invited user accepts: active from now on, under the name they gave. */
    activateInvitedUser: (db: Db, accountId: string, userId: string, name: string) =>
      db
        .updateTable('users')
        .set({ active: true, invited_at: null, name, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .where('invited_at', 'is not', null)
        .where('deactivated_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),

    /** A user invited by a migration whose invitation is withdrawn: deactivated (kept for the history). */
    withdrawInvitedUser: (db: Db, accountId: string, userId: string) =>
      db
        .updateTable('users')
        .set({ active: false, invited_at: null, deactivated_at: new Date(), updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .where('invited_at', 'is not', null)
        .executeTakeFirst(),

    /** A password for an identity created without one (for a user invited by a migration). */
    setPasswordIfNone: (db: Db, identityId: string, passwordHash: string) =>
      db
        .updateTable('identities')
        .set({ password_hash: passwordHash, updated_at: new Date() })
        .where('id', '=', identityId)
        .where('password_hash', '=', '')
        .execute(),

    /** The identity, its user in the account and the account, in one query. */
    findProfile: (db: Db, identityId: string, accountId: string) =>
      db
        .selectFrom('users')
        .innerJoin('identities', 'identities.id', 'users.identity_id')
        .innerJoin('accounts', 'accounts.id', 'users.account_id')
        .select([
          'users.id as user_id',
          'users.name',
          'users.role',
          'users.active',
          'identities.id as identity_id',
          'identities.email',
          'identities.locale',
          'identities.totp_enabled_at',
          'accounts.id as account_id',
          'accounts.name as account_name',
        ])
        .where('users.identity_id', '=', identityId)
        .where('users.account_id', '=', accountId)
        .executeTakeFirst(),

    findUser: (db: Db, accountId: string, userId: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst(),

    /** The identity's user in one account, active or not. */
    findMembership: (db: Db, identityId: string, accountId: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where('identity_id', '=', identityId)
        .where('account_id', '=', accountId)
        .executeTakeFirst(),

    /** The accounts where the identity has an active user, oldest first. */
    listMemberships: (db: Db, identityId: string) =>
      db
        .selectFrom('users')
        .innerJoin('accounts', 'accounts.id', 'users.account_id')
        .select(['accounts.id', 'accounts.name', 'users.role', 'users.id as user_id'])
        .where('users.identity_id', '=', identityId)
        .where('users.active', '=', true)
        .orderBy('users.created_at')
        .execute(),

    updateUserName: (db: Db, accountId: string, userId: string, name: string) =>
      db
        .updateTable('users')
        .set({ name, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .execute(),

    insertSession: (
      db: Db,
      values: {
        tokenHash: string;
        identityId: string;
        accountId: string;
        ip: string | null;
        userAgent: string | null;
        expiresAt: Date;
      },
    ) =>
      db
        .insertInto('sessions')
        .values({
          token_hash: values.tokenHash,
          identity_id: values.identityId,
          account_id: values.accountId,
          ip: values.ip,
          user_agent: values.userAgent?.slice(0, 500) ?? null,
          expires_at: values.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** The live session with its user in the session's account (one query: every request does this). */
    findSessionActor: (db: Db, tokenHash: string) =>
      db
        .selectFrom('sessions')
        .innerJoin('users', (join) =>
          join
            .onRef('users.identity_id', '=', 'sessions.identity_id')
            .onRef('users.account_id', '=', 'sessions.account_id'),
        )
        .select([
          'sessions.id as session_id',
          'sessions.identity_id',
          'sessions.account_id',
          'sessions.last_seen_at',
          'sessions.expires_at',
          'users.id as user_id',
          'users.role',
          'users.active',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', new Date())
        .executeTakeFirst(),

    touchSession: (db: Db, id: string, seenAt: Date, expiresAt: Date) =>
      db
        .updateTable('sessions')
        .set({ last_seen_at: seenAt, expires_at: expiresAt, updated_at: seenAt })
        .where('id', '=', id)
        .execute(),

    setSessionAccount: (db: Db, id: string, accountId: string) =>
      db
        .updateTable('sessions')
        .set({ account_id: accountId, updated_at: new Date() })
        .where('id', '=', id)
        .execute(),

    deleteSession: (db: Db, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute(),

    insertSignInFailure: (db: Db, key: string) => db.insertInto('sign_in_failures').values({ key }).execute(),

    listSignInFailures: (db: Db, keys: string[], since: Date) =>
      db
        .selectFrom('sign_in_failures')
        .select(['key', 'created_at'])
        .where('key', 'in', keys)
        .where('created_at', '>', since)
        .execute(),

    clearSignInFailures: (db: Db, key: string) =>
      db.deleteFrom('sign_in_failures').where('key', '=', key).execute(),

    pruneSignInFailures: (db: Db, before: Date) =>
      db.deleteFrom('sign_in_failures').where('created_at', '<', before).execute(),

    insertApiToken: (
      db: Db,
      values: { accountId: string; userId: string; name: string; prefix: string; tokenHash: string },
    ) =>
      db
        .insertInto('api_tokens')
        .values({
          account_id: values.accountId,
          user_id: values.userId,
          name: values.name,
          prefix: values.prefix,
          token_hash: values.tokenHash,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** The unrevoked token with its user (one query: every API call does this). */
    findApiTokenActor: (db: Db, tokenHash: string) =>
      db
        .selectFrom('api_tokens')
        .innerJoin('users', (join) =>
          join
            .onRef('users.id', '=', 'api_tokens.user_id')
            .onRef('users.account_id', '=', 'api_tokens.account_id'),
        )
        .select([
          'api_tokens.id as token_id',
          'api_tokens.account_id',
          'api_tokens.last_used_at',
          'users.id as user_id',
          'users.identity_id',
          'users.role',
          'users.active',
        ])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst(),

    listApiTokens: (db: Db, accountId: string, userId: string) =>
      db
        .selectFrom('api_tokens')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute(),

    findApiToken: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('api_tokens')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    revokeApiToken: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('api_tokens')
        .set({ revoked_at: new Date(), updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst(),

    touchApiToken: (db: Db, id: string) =>
      db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', id).execute(),
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
