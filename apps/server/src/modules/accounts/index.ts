// accounts — owns accounts (tenants), identities (sign-in by e-mail), sessions, the sign-in limit,
// TOTP two-factor sign-in, API tokens and invitations by link (a new link for an open one; a migration's
// invitations create the user at once in the invited state, activated on acceptance — ADR 0012). Emits
// account.created, user.created (sign-up, invitation accepted, invited by a migration), user.updated (own
// name, an invited user accepted), user.deactivated (a migration's invitation withdrawn), api_token.created|
// revoked, invitation.created|renewed|revoked|accepted. Consumes user.deactivated (revokes that user's API
// tokens).
// Session lookups are cached for a moment per process (session-cache.ts): `start()` listens for the
// database's `auth_changed` notices that invalidate them.
import type { FastifyRequest } from 'fastify';
import type { Cipher } from '../../platform/crypto/index.js';
import type { Database, Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App, Authenticate } from '../../platform/http/index.js';
import { createAccountsRepository } from './accounts.repository.js';
import { registerAccountsRoutes, SESSION_COOKIE, sessionCookieSetter } from './accounts.routes.js';
import { createAccountsService, type AccountSetUp } from './accounts.service.js';
import { createInvitationsRepository } from './invitations.repository.js';
import { registerInvitationsRoutes } from './invitations.routes.js';
import { createInvitationsService } from './invitations.service.js';
import { AUTH_CHANGED_CHANNEL, createSessionCache } from './session-cache.js';

export { SESSION_COOKIE };
export { revokeTokensOfDeactivatedUser } from './accounts.subscribers.js';
export { currentTotp } from './totp.js';
export type { AccountsService, AccountSetUp } from './accounts.service.js';

export function createAccountsModule(deps: {
  db: Db;
  events: EventBus;
  cipher: Cipher;
  cookieSecure: boolean;
  publicUrl: string | undefined;
  setUpAccount: AccountSetUp;
  listen: Database['listen'];
  sessionCacheTtlMs?: number;
}) {
  const accountsRepo = createAccountsRepository();
  const sessions = createSessionCache(deps.sessionCacheTtlMs);
  const service = createAccountsService({
    db: deps.db,
    repo: accountsRepo,
    events: deps.events,
    cipher: deps.cipher,
    setUpAccount: deps.setUpAccount,
    sessions,
  });
  const invitations = createInvitationsService({
    db: deps.db,
    repo: createInvitationsRepository(),
    accountsRepo,
    accounts: service,
    events: deps.events,
    publicUrl: deps.publicUrl,
  });
  const setSessionCookie = sessionCookieSetter(deps.cookieSecure);
  const authenticate: Authenticate = (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    return service.authenticate({ sessionToken: request.cookies[SESSION_COOKIE], bearer });
  };
  return {
    service,
    /** Invitations on behalf of a migration (inviting the source CRM's users, and taking that back). */
    importInvitations: {
      invite: (...args: Parameters<typeof invitations.inviteForImport>) =>
        invitations.inviteForImport(...args),
      withdraw: (...args: Parameters<typeof invitations.withdrawImported>) =>
        invitations.withdrawImported(...args),
    },
    authenticate,
    /** Drops every cached session of this process (a role or an active flag changed). */
    forgetSessions: () => sessions.clear(),
    /** Listens for invalidations of cached sessions; call before serving requests. */
    start: () => deps.listen(AUTH_CHANGED_CHANNEL, () => sessions.clear()),
    registerRoutes: (app: App) => {
      registerAccountsRoutes(app, { service, setSessionCookie });
      registerInvitationsRoutes(app, { service: invitations, setSessionCookie });
    },
  };
}
