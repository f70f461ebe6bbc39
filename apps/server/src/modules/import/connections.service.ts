// Connections to amoCRM (MIGR-1): the OAuth code exchange, the account check, tokens sealed at rest and
// rotated under a row lock, and clear answers naming the field for every way connecting fails.
import type { AmoConnectBody, ImportConnection } from '@voronka/contracts';
import type { Cipher } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import type { ConnectionRow, ConnectionsRepository } from './connections.repository.js';
import { portalBaseUrl } from './portal-address.js';
import {
  AmoApiError,
  AmoBlockedError,
  AmoOAuthError,
  AmoUnreachableError,
  createAmoClient,
  exchangeAuthorizationCode,
  memoryTokenStore,
  type AmoClient,
  type AmoCredentials,
  type AmoTokens,
  type AmoTokenStore,
} from './sources/amocrm/client.js';

export const AMO_REDIRECT_PATH = '/api/imports/amocrm/oauth/callback';

const present = (row: ConnectionRow): ImportConnection => ({
  id: row.id,
  source: row.source,
  status: row.status,
  portal: row.base_url,
  integrationId: row.client_id,
  remoteAccountId: row.remote_account_id === null ? null : Number(row.remote_account_id),
  accountName: row.remote_account_name,
  connectedAt: row.connected_at.toISOString(),
  connectedBy: row.connected_by ? { id: row.connected_by, name: row.connected_by_name ?? '' } : null,
  lastError: row.last_error,
});

const fieldProblem = (code: string, message: string, fields: string[]) =>
  new AppError(422, code, message, { errors: fields.map((field) => ({ field, reason: message })) });

const FRESH_CODE =
  'Reload the “Keys and access” tab of the integration in amoCRM and copy the new authorization code.';

/** What went wrong while connecting, as a problem naming the field the user should fix. */
function connectProblem(error: unknown, redirectUri: string, host: string): unknown {
  if (error instanceof AmoOAuthError) {
    switch (error.reason) {
      case 'code_expired':
        return fieldProblem(
          'amocrm_code_expired',
          `The authorization code has expired (it is valid for 20 minutes). ${FRESH_CODE}`,
          ['body.authorizationCode'],
        );
      case 'code_used':
        return fieldProblem(
          'amocrm_code_used',
          `This authorization code was already used; amoCRM issues a new one after every attempt. ${FRESH_CODE}`,
          ['body.authorizationCode'],
        );
      case 'code_invalid':
        return fieldProblem(
          'amocrm_code_invalid',
          `amoCRM does not recognise this authorization code. ${FRESH_CODE}`,
          ['body.authorizationCode'],
        );
      case 'redirect_mismatch':
        return fieldProblem(
          'amocrm_redirect_mismatch',
          `The integration’s redirect link in amoCRM must be exactly ${redirectUri}. Fix it there, then copy the new authorization code.`,
          ['body.integrationId'],
        );
      default:
        return fieldProblem(
          'amocrm_client_invalid',
          `amoCRM did not accept the integration ID and secret key: copy both again from the “Keys and access” tab, and the new authorization code with them.`,
          ['body.integrationId', 'body.secretKey'],
        );
    }
  }
  if (error instanceof AmoUnreachableError) {
    if (error.kind === 'blocked_address')
      return fieldProblem(
        'outbound_host_not_allowed',
        `${host} is on a private network address. An administrator can allow it in the outbound hosts setting.`,
        ['body.portal'],
      );
    if (error.kind === 'not_amocrm')
      return fieldProblem(
        'amocrm_not_a_portal',
        `${host} does not answer like an amoCRM portal: check the address.`,
        ['body.portal'],
      );
    return fieldProblem(
      'amocrm_unreachable',
      `${host} could not be reached (${error.message}): check the address.`,
      ['body.portal'],
    );
  }
  if (error instanceof AmoBlockedError)
    return fieldProblem('amocrm_blocked', `amoCRM refused access: ${error.detail}`, ['body.portal']);
  // Anything else amoCRM answers (its own 5xx, an unexpected 4xx) is not the user's input: say what it said.
  if (error instanceof AmoApiError)
    return new AppError(
      502,
      'amocrm_error',
      `amoCRM answered ${error.status} (${error.detail.slice(0, 200)}). Try again in a few minutes; nothing was saved.`,
    );
  return error;
}

export function createConnectionsService(deps: {
  db: Db;
  repo: ConnectionsRepository;
  events: EventBus;
  cipher: Cipher;
  http: OutboundHttp;
  allowedHostsOf: (accountId: string) => Promise<string[]>;
  publicUrl: string | undefined;
}) {
  const { db, repo, cipher } = deps;
  const redirectUrl = (origin: string) => `${deps.publicUrl ?? origin}${AMO_REDIRECT_PATH}`;

  /** Tokens kept in the row, sealed; a rotation locks the row so a refresh token is spent once. */
  function tokenStore(accountId: string, id: string): AmoTokenStore {
    const unseal = (row: {
      access_token_enc: string;
      refresh_token_enc: string | null;
      access_expires_at: Date;
    }): AmoTokens => ({
      accessToken: cipher.decrypt(row.access_token_enc),
      refreshToken: row.refresh_token_enc ? cipher.decrypt(row.refresh_token_enc) : null,
      expiresAt: row.access_expires_at,
    });
    return {
      async current() {
        const row = await repo.find(db, accountId, id);
        if (!row) throw notFound('Connection');
        return unseal(row);
      },
      rotate: (failed, exchange) =>
        db
          .transaction()
          .execute(async (trx) => {
            const row = await repo.lock(trx, accountId, id);
            if (!row) throw notFound('Connection');
            const stored = unseal(row);
            if (stored.accessToken !== failed) return stored;
            if (!stored.refreshToken) throw new AmoOAuthError('refresh_invalid', 'No refresh token');
            const next = await exchange(stored.refreshToken);
            await repo.saveTokens(trx, accountId, id, {
              access_token_enc: cipher.encrypt(next.accessToken),
              refresh_token_enc: next.refreshToken ? cipher.encrypt(next.refreshToken) : null,
              access_expires_at: next.expiresAt,
            });
            return next;
          })
          .catch(async (error: unknown) => {
            if (error instanceof AmoOAuthError)
              await repo.markReauthorizationRequired(
                db,
                accountId,
                id,
                `amoCRM refused the refresh token: ${error.hint}`,
              );
            throw error;
          }),
    };
  }

  async function credentialsOf(accountId: string, id: string): Promise<AmoCredentials> {
    const row = await repo.find(db, accountId, id);
    if (!row) throw notFound('Connection');
    return {
      baseUrl: row.base_url,
      clientId: row.client_id,
      clientSecret: cipher.decrypt(row.client_secret_enc),
      redirectUri: row.redirect_uri,
    };
  }

  return {
    redirectUrl: (origin: string) => ({ redirectUrl: redirectUrl(origin) }),

    async connect(actor: Actor, body: AmoConnectBody, origin: string) {
      const baseUrl = portalBaseUrl(body.portal);
      if (!baseUrl)
        throw fieldProblem('invalid_portal', 'Enter the amoCRM address, e.g. company.amocrm.ru', [
          'body.portal',
        ]);
      const host = new URL(baseUrl).host;
      const allowedHosts = await deps.allowedHostsOf(actor.accountId);
      const credentials: AmoCredentials = {
        baseUrl,
        clientId: body.integrationId,
        clientSecret: body.secretKey,
        redirectUri: redirectUrl(origin),
      };
      let tokens: AmoTokens;
      let account: { id: number; name: string };
      try {
        tokens = await exchangeAuthorizationCode(
          deps.http,
          credentials,
          body.authorizationCode,
          allowedHosts,
        );
        const store = memoryTokenStore(tokens);
        account = await createAmoClient({
          http: deps.http,
          credentials,
          tokens: store,
          allowedHosts,
        }).account();
        tokens = store.tokens;
      } catch (error) {
        throw connectProblem(error, credentials.redirectUri, host);
      }
      return db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('import_connections')
          .select('id')
          .where('account_id', '=', actor.accountId)
          .where('source', '=', 'amocrm')
          .where('base_url', '=', baseUrl)
          .executeTakeFirst();
        const { id } = await repo.upsert(trx, actor.accountId, 'amocrm', {
          status: 'connected',
          base_url: baseUrl,
          client_id: body.integrationId,
          client_secret_enc: cipher.encrypt(body.secretKey),
          redirect_uri: credentials.redirectUri,
          access_token_enc: cipher.encrypt(tokens.accessToken),
          refresh_token_enc: tokens.refreshToken ? cipher.encrypt(tokens.refreshToken) : null,
          access_expires_at: tokens.expiresAt,
          remote_account_id: account.id,
          remote_account_name: account.name,
          connected_by: actor.userId,
        });
        await deps.events.record(trx, eventContextOf(actor), {
          type: 'import_connection.connected',
          entity: 'import_connection',
          entityId: id,
          payload: {
            source: 'amocrm',
            portal: baseUrl,
            accountName: account.name,
            reconnected: Boolean(existing),
          },
        });
        const row = await repo.find(trx, actor.accountId, id);
        if (!row) throw notFound('Connection');
        return { connection: present(row), created: !existing };
      });
    },

    list: async (actor: Actor) => ({ items: (await repo.list(db, actor.accountId)).map(present) }),

    async get(actor: Actor, id: string) {
      const row = await repo.find(db, actor.accountId, id);
      if (!row) throw notFound('Connection');
      return present(row);
    },

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Connection');
        await repo.delete(trx, actor.accountId, id);
        await deps.events.record(trx, eventContextOf(actor), {
          type: 'import_connection.deleted',
          entity: 'import_connection',
          entityId: id,
          payload: { source: row.source, portal: row.base_url, accountName: row.remote_account_name },
        });
      }),

    tokenStore,

    /** An amoCRM client for a saved connection (the migration job uses it). */
    async clientFor(accountId: string, id: string, signal?: AbortSignal): Promise<AmoClient> {
      const credentials = await credentialsOf(accountId, id);
      return createAmoClient({
        http: deps.http,
        credentials,
        tokens: tokenStore(accountId, id),
        allowedHosts: await deps.allowedHostsOf(accountId),
        ...(signal ? { signal } : {}),
      });
    },
  };
}
export type ConnectionsService = ReturnType<typeof createConnectionsService>;
