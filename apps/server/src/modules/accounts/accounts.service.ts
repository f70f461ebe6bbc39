// Sign-up, sign-in (with the brute-force limit and TOTP), sessions, the account switcher, the caller's
// profile, and API tokens. Each write runs in one transaction and records its domain event.
import type { AccountSettings, AccountSummary, Me, Locale, Role } from '@voronka/contracts';
import type { DB, Db } from '../../platform/db/index.js';
import type { Transaction } from 'kysely';
import { isUniqueViolation } from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import {
  dummyPasswordHash,
  hashPassword,
  newSecret,
  sha256,
  verifyPassword,
  type Cipher,
} from '../../platform/crypto/index.js';
import { AppError, conflict, invalidField, notFound, unauthorized } from '../../platform/errors.js';
import type { AccountsRepository } from './accounts.repository.js';
import { presentAccount, presentApiToken } from './accounts.presenter.js';
import type { SessionCache } from './session-cache.js';
import { decideSignInLimit, SIGN_IN_WINDOW_MS } from './sign-in-limit.js';
import { matchTotp, newTotpSecret, totpUri } from './totp.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const SESSION_PREFIX = 'vks_';
const API_TOKEN_PREFIX = 'vk_';

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

/** Fills a new account with what it starts with (the default pipeline…), inside its creation transaction. */
export type AccountSetUp = (trx: Transaction<DB>, context: EventContext, locale: Locale) => Promise<void>;

export interface AccountsServiceDeps {
  db: Db;
  repo: AccountsRepository;
  events: EventBus;
  cipher: Cipher;
  setUpAccount: AccountSetUp;
  sessions: SessionCache;
}

export function createAccountsService({
  db,
  repo,
  events,
  cipher,
  setUpAccount,
  sessions,
}: AccountsServiceDeps) {
  async function buildMe(identityId: string, accountId: string): Promise<Me> {
    const profile = await repo.findProfile(db, identityId, accountId);
    if (!profile?.active) throw unauthorized();
    const accounts: AccountSummary[] = (await repo.listMemberships(db, identityId)).map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
    }));
    return {
      user: {
        id: profile.user_id,
        identityId: profile.identity_id,
        name: profile.name,
        email: profile.email,
        locale: profile.locale as Locale,
        totpEnabled: profile.totp_enabled_at !== null,
      },
      account: { id: profile.account_id, name: profile.account_name, role: profile.role },
      accounts,
    };
  }

  async function openSession(identityId: string, accountId: string, meta: ClientMeta) {
    const token = newSecret(SESSION_PREFIX);
    await repo.insertSession(db, {
      tokenHash: sha256(token),
      identityId,
      accountId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });
    return token;
  }

  /** A right code, not used before (each code works once). */
  async function useTotp(
    identity: { id: string; email: string; totp_secret_enc: string | null },
    code: string,
  ) {
    if (!identity.totp_secret_enc) return false;
    const step = matchTotp(cipher.decrypt(identity.totp_secret_enc), identity.email, code);
    return step !== null && (await repo.claimTotpStep(db, identity.id, step));
  }

  async function recordFailure(keys: string[]) {
    for (const key of keys) await repo.insertSignInFailure(db, key);
  }

  return {
    buildMe,
    openSession,

    async signUp(
      input: { accountName: string; name: string; email: string; password: string; locale: Locale },
      meta: ClientMeta,
    ) {
      const passwordHash = await hashPassword(input.password);
      let created: { identityId: string; accountId: string };
      try {
        created = await db.transaction().execute(async (trx) => {
          const identity = await repo.insertIdentity(trx, {
            email: input.email,
            passwordHash,
            locale: input.locale,
          });
          const account = await repo.insertAccount(trx, input.accountName, input.locale);
          const user = await repo.insertUser(trx, {
            accountId: account.id,
            identityId: identity.id,
            name: input.name,
            role: 'admin',
          });
          const context: EventContext = { accountId: account.id, actorUserId: user.id, source: 'ui' };
          await events.record(trx, context, {
            type: 'account.created',
            entity: 'account',
            entityId: account.id,
            payload: { name: account.name },
          });
          await events.record(trx, context, {
            type: 'user.created',
            entity: 'user',
            entityId: user.id,
            payload: { name: user.name, role: user.role },
          });
          await setUpAccount(trx, context, input.locale);
          return { identityId: identity.id, accountId: account.id };
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw invalidField(
            'body.email',
            'An account with this e-mail already exists; sign in instead',
            'email_taken',
          );
        }
        throw error;
      }
      const token = await openSession(created.identityId, created.accountId, meta);
      return { token, me: await buildMe(created.identityId, created.accountId) };
    },

    async signIn(input: { email: string; password: string; totp?: string | undefined }, meta: ClientMeta) {
      const keys = [`email:${input.email}`, ...(meta.ip ? [`ip:${meta.ip}`] : [])];
      const now = new Date();
      const failures = await repo.listSignInFailures(db, keys, new Date(now.getTime() - SIGN_IN_WINDOW_MS));
      for (const key of keys) {
        const decision = decideSignInLimit(
          failures.filter((f) => f.key === key).map((f) => f.created_at),
          now,
        );
        if (decision.blocked) {
          throw new AppError(429, 'too_many_attempts', 'Too many failed sign-in attempts; try again later', {
            retryAfterSeconds: decision.retryAfterSeconds,
          });
        }
      }
      const identity = await repo.findIdentityByEmail(db, input.email);
      const passwordOk = identity
        ? await verifyPassword(identity.password_hash, input.password)
        : (await verifyPassword(await dummyPasswordHash(), input.password), false);
      if (!identity || !passwordOk) {
        await recordFailure(keys);
        throw unauthorized('invalid_credentials', 'Wrong e-mail or password');
      }
      if (identity.totp_enabled_at && identity.totp_secret_enc) {
        if (!input.totp)
          throw unauthorized('totp_required', 'Enter the 6-digit code from your authenticator app');
        if (!(await useTotp(identity, input.totp))) {
          await recordFailure(keys);
          throw unauthorized('totp_invalid', 'The code is wrong, expired or already used');
        }
      }
      const memberships = await repo.listMemberships(db, identity.id);
      const first = memberships[0];
      if (!first)
        throw new AppError(403, 'no_active_account', 'Your access to every account has been deactivated');
      await repo.clearSignInFailures(db, `email:${input.email}`);
      await repo.pruneSignInFailures(db, new Date(now.getTime() - SIGN_IN_WINDOW_MS));
      const token = await openSession(identity.id, first.id, meta);
      return { token, me: await buildMe(identity.id, first.id) };
    },

    async signOut(actor: Actor) {
      if (actor.sessionId) await repo.deleteSession(db, actor.sessionId);
      sessions.clear();
    },

    /** Resolves a session cookie or an API token to the acting user; null when neither is valid. */
    async authenticate(credentials: {
      sessionToken?: string | undefined;
      bearer?: string | undefined;
    }): Promise<Actor | null> {
      if (credentials.bearer?.startsWith(API_TOKEN_PREFIX)) {
        const token = await repo.findApiTokenActor(db, sha256(credentials.bearer));
        if (!token?.active) return null;
        if (!token.last_used_at || Date.now() - token.last_used_at.getTime() > 60_000) {
          await repo.touchApiToken(db, token.token_id);
        }
        return {
          accountId: token.account_id,
          userId: token.user_id,
          identityId: token.identity_id,
          role: token.role,
          via: 'token',
          sessionId: null,
          tokenId: token.token_id,
        };
      }
      const sessionToken =
        credentials.sessionToken ??
        (credentials.bearer?.startsWith(SESSION_PREFIX) ? credentials.bearer : undefined);
      if (!sessionToken) return null;
      const tokenHash = sha256(sessionToken);
      const session = await sessions.get(tokenHash, () => repo.findSessionActor(db, tokenHash));
      if (!session?.active) return null;
      if (Date.now() - session.last_seen_at.getTime() > 60 * 60 * 1000) {
        const seenAt = new Date();
        const expiresAt = new Date(seenAt.getTime() + SESSION_TTL_MS);
        await repo.touchSession(db, session.session_id, seenAt, expiresAt);
        sessions.touched(tokenHash, seenAt, expiresAt);
      }
      return {
        accountId: session.account_id,
        userId: session.user_id,
        identityId: session.identity_id,
        role: session.role,
        via: 'session',
        sessionId: session.session_id,
        tokenId: null,
      };
    },

    me: (actor: Actor) => buildMe(actor.identityId, actor.accountId),

    async switchAccount(actor: Actor, accountId: string) {
      if (!actor.sessionId) {
        throw new AppError(400, 'token_bound_to_account', 'An API token works in its own account only');
      }
      const membership = await repo.findMembership(db, actor.identityId, accountId);
      if (!membership?.active) throw notFound('Account');
      await repo.setSessionAccount(db, actor.sessionId, accountId);
      sessions.clear();
      return buildMe(actor.identityId, accountId);
    },

    async createAccount(actor: Actor, name: string): Promise<AccountSummary> {
      const identity = await repo.findIdentity(db, actor.identityId);
      const current = await repo.findMembership(db, actor.identityId, actor.accountId);
      if (!identity || !current) throw unauthorized();
      return db.transaction().execute(async (trx) => {
        const account = await repo.insertAccount(trx, name, identity.locale);
        const user = await repo.insertUser(trx, {
          accountId: account.id,
          identityId: identity.id,
          name: current.name,
          role: 'admin',
        });
        const context: EventContext = {
          accountId: account.id,
          actorUserId: user.id,
          source: eventContextOf(actor).source,
        };
        await events.record(trx, context, {
          type: 'account.created',
          entity: 'account',
          entityId: account.id,
          payload: { name },
        });
        await events.record(trx, context, {
          type: 'user.created',
          entity: 'user',
          entityId: user.id,
          payload: { name: user.name, role: user.role },
        });
        await setUpAccount(trx, context, identity.locale as Locale);
        return { id: account.id, name: account.name, role: 'admin' as Role };
      });
    },

    async updateMe(actor: Actor, input: { name?: string | undefined; locale?: Locale | undefined }) {
      await db.transaction().execute(async (trx) => {
        if (input.locale) await repo.updateIdentity(trx, actor.identityId, { locale: input.locale });
        if (input.name) {
          await repo.updateUserName(trx, actor.accountId, actor.userId, input.name);
          await events.record(trx, eventContextOf(actor), {
            type: 'user.updated',
            entity: 'user',
            entityId: actor.userId,
            payload: { changes: { name: input.name } },
          });
        }
      });
      return buildMe(actor.identityId, actor.accountId);
    },

    async getAccount(actor: Actor): Promise<AccountSettings> {
      const account = await repo.findAccount(db, actor.accountId);
      if (!account) throw notFound('Account');
      return presentAccount(account);
    },

    updateAccount: (
      actor: Actor,
      input: {
        name?: string | undefined;
        locale?: Locale | undefined;
        currency?: string | undefined;
        timezone?: string | undefined;
        leadsEnabled?: boolean | undefined;
      },
    ) =>
      db.transaction().execute(async (trx) => {
        const before = await repo.findAccount(trx, actor.accountId);
        if (!before) throw notFound('Account');
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const key of ['name', 'locale', 'currency', 'timezone'] as const) {
          const value = input[key];
          if (value !== undefined && value !== before[key]) changes[key] = { from: before[key], to: value };
        }
        if (input.leadsEnabled !== undefined && input.leadsEnabled !== before.leads_enabled)
          changes.leadsEnabled = { from: before.leads_enabled, to: input.leadsEnabled };
        if (Object.keys(changes).length === 0) return presentAccount(before);
        const after = await repo.updateAccount(trx, actor.accountId, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.locale !== undefined ? { locale: input.locale } : {}),
          ...(input.currency !== undefined ? { currency: input.currency } : {}),
          ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
          ...(input.leadsEnabled !== undefined ? { leads_enabled: input.leadsEnabled } : {}),
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'account.updated',
          entity: 'account',
          entityId: actor.accountId,
          payload: { changes },
        });
        return presentAccount(after);
      }),

    async setupTotp(actor: Actor) {
      const identity = await repo.findIdentity(db, actor.identityId);
      if (!identity) throw unauthorized();
      if (identity.totp_enabled_at)
        throw conflict('totp_already_enabled', 'Two-factor sign-in is already on');
      const secret = newTotpSecret();
      await repo.updateIdentity(db, identity.id, {
        totp_secret_enc: cipher.encrypt(secret),
        totp_enabled_at: null,
      });
      return { secret, otpauthUri: totpUri(secret, identity.email) };
    },

    async enableTotp(actor: Actor, code: string) {
      const identity = await repo.findIdentity(db, actor.identityId);
      if (!identity?.totp_secret_enc) throw conflict('totp_not_set_up', 'Start the two-factor set-up first');
      if (identity.totp_enabled_at)
        throw conflict('totp_already_enabled', 'Two-factor sign-in is already on');
      if (!(await useTotp(identity, code))) {
        throw invalidField('body.code', 'The code is wrong, expired or already used', 'totp_invalid');
      }
      await repo.updateIdentity(db, identity.id, { totp_enabled_at: new Date() });
    },

    async disableTotp(actor: Actor, code: string) {
      const identity = await repo.findIdentity(db, actor.identityId);
      if (!identity?.totp_enabled_at || !identity.totp_secret_enc) {
        throw conflict('totp_not_enabled', 'Two-factor sign-in is off');
      }
      if (!(await useTotp(identity, code))) {
        throw invalidField('body.code', 'The code is wrong, expired or already used', 'totp_invalid');
      }
      await repo.updateIdentity(db, identity.id, { totp_enabled_at: null, totp_secret_enc: null });
    },

    async createApiToken(actor: Actor, name: string) {
      const token = newSecret(API_TOKEN_PREFIX);
      const row = await db.transaction().execute(async (trx) => {
        const created = await repo.insertApiToken(trx, {
          accountId: actor.accountId,
          userId: actor.userId,
          name,
          prefix: token.slice(0, 10),
          tokenHash: sha256(token),
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'api_token.created',
          entity: 'api_token',
          entityId: created.id,
          payload: { name },
        });
        return created;
      });
      return { ...presentApiToken(row), token };
    },

    async listApiTokens(actor: Actor) {
      return (await repo.listApiTokens(db, actor.accountId, actor.userId)).map(presentApiToken);
    },

    async revokeApiToken(actor: Actor, id: string) {
      await db.transaction().execute(async (trx) => {
        const token = await repo.findApiToken(trx, actor.accountId, id);
        // Members revoke their own tokens; an administrator may revoke any token of the account.
        if (!token || (token.user_id !== actor.userId && actor.role !== 'admin')) throw notFound('API token');
        if (token.revoked_at) return;
        await repo.revokeApiToken(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'api_token.revoked',
          entity: 'api_token',
          entityId: id,
          payload: { name: token.name },
        });
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
