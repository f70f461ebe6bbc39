// /api/deals/{id}/copy, /api/deals/{id}/copy-links and /api/deal-copy-presets. The copy is a POST, so it
// takes an Idempotency-Key like every other (platform/http/idempotency.ts): a retried request returns the
// first copy instead of making a second one.
import { z } from 'zod';
import {
  copyDealBodySchema,
  dealCopyLinksSchema,
  dealCopyPresetBodySchema,
  dealCopyPresetListSchema,
  dealCopyPresetSchema,
  dealCopyResultSchema,
  idParamsSchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { DealCopyService } from './deal-copy.service.js';

export function registerDealCopyRoutes(app: App, service: DealCopyService) {
  app.post(
    '/api/deals/:id/copy',
    {
      schema: {
        tags: ['deals'],
        summary:
          'Copy a deal: target pipeline and stage, responsible, what to copy (items, contacts, company, each custom field), title; optionally anonymized or from a preset',
        params: idParamsSchema,
        body: copyDealBodySchema,
        response: { 201: dealCopyResultSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.copy(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/deals/:id/copy-links',
    {
      schema: {
        tags: ['deals'],
        summary: 'The original a deal was copied from and the copies made of it',
        params: idParamsSchema,
        response: { 200: dealCopyLinksSchema, ...problemResponses },
      },
    },
    (request) => service.links(actorOf(request), request.params.id),
  );
  app.get(
    '/api/deal-copy-presets',
    {
      schema: {
        tags: ['deal-copy-presets'],
        summary: "The account's deal copy presets, by name",
        response: { 200: dealCopyPresetListSchema, ...problemResponses },
      },
    },
    (request) => service.listPresets(actorOf(request)),
  );
  app.post(
    '/api/deal-copy-presets',
    {
      schema: {
        tags: ['deal-copy-presets'],
        summary: 'Create a deal copy preset (administrators)',
        body: dealCopyPresetBodySchema,
        response: { 201: dealCopyPresetSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createPreset(actorOf(request), request.body)),
  );
  app.get(
    '/api/deal-copy-presets/:id',
    {
      schema: {
        tags: ['deal-copy-presets'],
        summary: 'One deal copy preset',
        params: idParamsSchema,
        response: { 200: dealCopyPresetSchema, ...problemResponses },
      },
    },
    (request) => service.getPreset(actorOf(request), request.params.id),
  );
  app.put(
    '/api/deal-copy-presets/:id',
    {
      schema: {
        tags: ['deal-copy-presets'],
        summary: 'Replace a deal copy preset (administrators)',
        params: idParamsSchema,
        body: dealCopyPresetBodySchema,
        response: { 200: dealCopyPresetSchema, ...problemResponses },
      },
    },
    (request) => service.updatePreset(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/deal-copy-presets/:id',
    {
      schema: {
        tags: ['deal-copy-presets'],
        summary: 'Delete a deal copy preset (administrators)',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.removePreset(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
