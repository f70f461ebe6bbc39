// /api/settings/outbound-hosts: the account's outbound allow-list. Administrators only.
import { outboundHostsSchema, updateOutboundHostsBodySchema } from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../http/index.js';
import type { AllowedHostsService } from './allowed-hosts.js';

export function registerAllowedHostsRoutes(app: App, service: AllowedHostsService) {
  app.get(
    '/api/settings/outbound-hosts',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['settings'],
        summary:
          'Hosts the server may call on private addresses for this account (e.g. an on-premise portal)',
        response: { 200: outboundHostsSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request)),
  );
  app.put(
    '/api/settings/outbound-hosts',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Replace the outbound allow-list',
        body: updateOutboundHostsBodySchema,
        response: { 200: outboundHostsSchema, ...problemResponses },
      },
    },
    (request) => service.replace(actorOf(request), request.body.hosts),
  );
}
