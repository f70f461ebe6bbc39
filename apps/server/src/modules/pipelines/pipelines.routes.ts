// /api/pipelines and /api/stages: the account's pipelines and their stages (administrators change them).
import { z } from 'zod';
import {
  createPipelineBodySchema,
  createStageBodySchema,
  deleteStageQuerySchema,
  idParamsSchema,
  pipelineSchema,
  reorderStagesBodySchema,
  stageSchema,
  updatePipelineBodySchema,
  updateStageBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { PipelinesService } from './pipelines.service.js';

export function registerPipelinesRoutes(app: App, service: PipelinesService) {
  app.get(
    '/api/pipelines',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'Pipelines with their stages, in order',
        response: { 200: z.object({ items: z.array(pipelineSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await service.list(actorOf(request)) }),
  );
  app.post(
    '/api/pipelines',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Create a pipeline (Unsorted, Won and Lost are added to the open stages given)',
        body: createPipelineBodySchema,
        response: { 201: pipelineSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(actorOf(request), request.body)),
  );
  app.get(
    '/api/pipelines/:id',
    {
      schema: {
        tags: ['pipelines'],
        summary: 'One pipeline with its stages',
        params: idParamsSchema,
        response: { 200: pipelineSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/pipelines/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Rename, reorder or make default (If-Match refuses a stale write)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updatePipelineBodySchema,
        response: { 200: pipelineSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/pipelines/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Delete a pipeline that is not the default and holds no records',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/pipelines/:id/stages',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Add an open stage',
        params: idParamsSchema,
        body: createStageBodySchema,
        response: { 201: stageSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.addStage(actorOf(request), request.params.id, request.body)),
  );
  app.put(
    '/api/pipelines/:id/stages/order',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Put the open stages in a new order',
        params: idParamsSchema,
        body: reorderStagesBodySchema,
        response: { 200: pipelineSchema, ...problemResponses },
      },
    },
    (request) => service.reorderStages(actorOf(request), request.params.id, request.body.stageIds),
  );
  app.patch(
    '/api/stages/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Rename, recolour or move a stage',
        params: idParamsSchema,
        body: updateStageBodySchema,
        response: { 200: stageSchema, ...problemResponses },
      },
    },
    (request) => service.updateStage(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/stages/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['pipelines'],
        summary: 'Delete an open stage, moving its records to `moveTo`',
        params: idParamsSchema,
        querystring: deleteStageQuerySchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.removeStage(actorOf(request), request.params.id, request.query.moveTo);
      return reply.code(204).send(null);
    },
  );
}
