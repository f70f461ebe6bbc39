// HTTP routes of the accounts module: /api/auth/*, /api/me*, /api/accounts, /api/tokens.
import { z } from 'zod';
import {
  accountSettingsSchema,
  accountSummarySchema,
  apiTokenSchema,
  createAccountBodySchema,
  createApiTokenBodySchema,
  createdApiTokenSchema,
  idParamsSchema,
  meSchema,
  signInBodySchema,
  signUpBodySchema,
  switchAccountBodySchema,
  totpCodeBodySchema,
  totpSetupSchema,
  updateAccountBodySchema,
  updateMeBodySchema,
} from '@voronka/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import { SESSION_TTL_MS, type AccountsService, type ClientMeta } from './accounts.service.js';

export const SESSION_COOKIE = 'voronka_session';

const meta = (request: FastifyRequest): ClientMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

/** The session cookie: httpOnly, SameSite=Lax (cross-site POSTs carry no cookie), Secure behind https. */
export const sessionCookieSetter = (secure: boolean) => (reply: FastifyReply, token: string) => {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
};

export function registerAccountsRoutes(
  app: App,
  deps: { service: AccountsService; setSessionCookie: (reply: FastifyReply, token: string) => void },
) {
  const { service, setSessionCookie } = deps;

  app.post(
    '/api/auth/sign-up',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Create an account and its administrator, and sign in',
        body: signUpBodySchema,
        response: { 201: meSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { token, me } = await service.signUp(request.body, meta(request));
      setSessionCookie(reply, token);
      return reply.code(201).send(me);
    },
  );

  app.post(
    '/api/auth/sign-in',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password (and the TOTP code when two-factor sign-in is on)',
        description:
          'Answers 401 with `code: totp_required` when the password is right and a code is needed. ' +
          'After 10 failures in 15 minutes for one e-mail or one IP: 429 with Retry-After.',
        body: signInBodySchema,
        response: { 200: meSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { token, me } = await service.signIn(request.body, meta(request));
      setSessionCookie(reply, token);
      return me;
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.signOut(actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in user, the current account and the accounts to switch to',
        response: { 200: meSchema, ...problemResponses },
      },
    },
    (request) => service.me(actorOf(request)),
  );

  app.patch(
    '/api/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Change your name or interface language',
        body: updateMeBodySchema,
        response: { 200: meSchema, ...problemResponses },
      },
    },
    (request) => service.updateMe(actorOf(request), request.body),
  );

  app.post(
    '/api/me/account',
    {
      schema: {
        tags: ['me'],
        summary: 'Switch this session to another of your accounts',
        body: switchAccountBodySchema,
        response: { 200: meSchema, ...problemResponses },
      },
    },
    (request) => service.switchAccount(actorOf(request), request.body.accountId),
  );

  app.post(
    '/api/accounts',
    {
      schema: {
        tags: ['me'],
        summary: 'Create another account with you as its administrator',
        body: createAccountBodySchema,
        response: { 201: accountSummarySchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createAccount(actorOf(request), request.body.name)),
  );

  app.get(
    '/api/account',
    {
      schema: {
        tags: ['me'],
        summary: 'The current account’s name and regional settings',
        response: { 200: accountSettingsSchema, ...problemResponses },
      },
    },
    (request) => service.getAccount(actorOf(request)),
  );

  app.patch(
    '/api/account',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['me'],
        summary:
          'Rename the account or change its language, currency, time zone and leads mode (administrators)',
        body: updateAccountBodySchema,
        response: { 200: accountSettingsSchema, ...problemResponses },
      },
    },
    (request) => service.updateAccount(actorOf(request), request.body),
  );

  app.post(
    '/api/me/totp/setup',
    {
      schema: {
        tags: ['me'],
        summary: 'Start turning on two-factor sign-in: a new TOTP secret',
        response: { 200: totpSetupSchema, ...problemResponses },
      },
    },
    (request) => service.setupTotp(actorOf(request)),
  );

  app.post(
    '/api/me/totp/enable',
    {
      schema: {
        tags: ['me'],
        summary: 'Confirm the TOTP secret with a code and turn two-factor sign-in on',
        body: totpCodeBodySchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.enableTotp(actorOf(request), request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/me/totp/disable',
    {
      schema: {
        tags: ['me'],
        summary: 'Turn two-factor sign-in off (needs a current code)',
        body: totpCodeBodySchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.disableTotp(actorOf(request), request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens in this account',
        response: { 200: z.object({ items: z.array(apiTokenSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.listApiTokens(actorOf(request)) }),
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token (the secret is in this answer only)',
        body: createApiTokenBodySchema,
        response: { 201: createdApiTokenSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createApiToken(actorOf(request), request.body.name)),
  );

  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.revokeApiToken(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
