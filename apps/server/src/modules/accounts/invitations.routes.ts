// /api/invitations: administrators invite by link; the link's holder previews and accepts it.
import { z } from 'zod';
import {
  acceptInvitationBodySchema,
  createdInvitationSchema,
  createInvitationBodySchema,
  idParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenParamsSchema,
  meSchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { InvitationsService } from './invitations.service.js';
import type { FastifyReply } from 'fastify';

export function registerInvitationsRoutes(
  app: App,
  deps: { service: InvitationsService; setSessionCookie: (reply: FastifyReply, token: string) => void },
) {
  const { service } = deps;
  app.get(
    '/api/invitations',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Invitations of the account (administrators)',
        response: { 200: z.object({ items: z.array(invitationSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.list(actorOf(request)) }),
  );

  app.post(
    '/api/invitations',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Invite a person by e-mail; the answer holds the link (its secret is shown once)',
        body: createInvitationBodySchema,
        response: { 201: createdInvitationSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await service.create(actorOf(request), request.body, `${request.protocol}://${request.host}`)),
  );

  app.delete(
    '/api/invitations/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'Withdraw an invitation',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.revoke(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/invitations/:id/link',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['users'],
        summary: 'A new link for an open invitation (the old one stops working; its secret is shown once)',
        params: idParamsSchema,
        response: { 200: createdInvitationSchema, ...problemResponses },
      },
    },
    (request) =>
      service.renewLink(actorOf(request), request.params.id, `${request.protocol}://${request.host}`),
  );

  app.get(
    '/api/invitations/by-token/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['users'],
        summary: 'What an invitation link is for (account, e-mail, whether the e-mail already has a sign-in)',
        params: invitationTokenParamsSchema,
        response: { 200: invitationPreviewSchema, ...problemResponses },
      },
    },
    (request) => service.preview(request.params.token),
  );

  app.post(
    '/api/invitations/by-token/:token/accept',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['users'],
        summary: 'Accept an invitation: join the account and sign in',
        params: invitationTokenParamsSchema,
        body: acceptInvitationBodySchema,
        response: { 200: meSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { token, me } = await service.accept(request.params.token, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      deps.setSessionCookie(reply, token);
      return me;
    },
  );
}
