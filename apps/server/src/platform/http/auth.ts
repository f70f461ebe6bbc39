// Who is calling: every /api route requires a signed-in actor unless its config says `auth: 'public'`;
// `auth: 'admin'` also requires the account's administrator role. The lookup itself (session cookie or
// API token) is supplied by the accounts module.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventSource, Role } from '@voronka/contracts';
import { forbidden, unauthorized } from '../errors.js';
import type { EventContext } from '../events/index.js';

export interface Actor {
  accountId: string;
  userId: string;
  identityId: string;
  role: Role;
  via: 'session' | 'token';
  sessionId: string | null;
  tokenId: string | null;
  /** Set by background work acting for a user (a spreadsheet import: `import`); otherwise from `via`. */
  source?: EventSource;
  /** Set by an automation run acting on a record: the depth its events carry (loop protection, ADR 0017). */
  chainDepth?: number;
}

export type AuthLevel = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
}

export type Authenticate = (request: FastifyRequest) => Promise<Actor | null>;

function levelOf(request: FastifyRequest): AuthLevel {
  const configured = request.routeOptions.config.auth;
  if (configured) return configured;
  const url = request.routeOptions.url;
  // Unmatched routes fall through to the 404 handler; docs and non-API (the web app) are public.
  if (!url || !url.startsWith('/api/') || url.startsWith('/api/docs') || url === '/api/openapi.json')
    return 'public';
  return 'user';
}

export function installAuth(app: FastifyInstance, authenticate: Authenticate) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const level = levelOf(request);
    request.actor = await authenticate(request);
    if (level === 'public') return;
    if (!request.actor) throw unauthorized();
    if (level === 'admin' && request.actor.role !== 'admin')
      throw forbidden('Only an administrator of the account may do this');
  });
}

/** The authenticated actor of a route that is not public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

/** Who did it and through what, for the events a request's changes record. */
export const eventContextOf = (actor: Actor): EventContext => ({
  accountId: actor.accountId,
  actorUserId: actor.userId,
  source: actor.source ?? (actor.via === 'token' ? 'api' : 'ui'),
  ...(actor.chainDepth ? { chainDepth: actor.chainDepth } : {}),
});
