// /api/automation/rules: robots and triggers — read and changed by the role's robots right; another
// account's rule is 404. /api/deals/{id}/automation-runs: the runs of a deal, for whoever reads the deal.
import { z } from 'zod';
import {
  automationRuleListSchema,
  automationRuleQuerySchema,
  automationRuleSchema,
  automationRunListSchema,
  createAutomationRuleBodySchema,
  idParamsSchema,
  updateAutomationRuleBodySchema,
} from '@voronka/contracts';
import { actorOf, problemResponses, type App } from '../../platform/http/index.js';
import type { AutomationService } from './automation.service.js';

const tags = ['automation'];

export function registerAutomationRoutes(app: App, service: AutomationService) {
  app.get(
    '/api/automation/rules',
    {
      schema: {
        tags,
        summary: 'The account’s robots and triggers (robots in stage order)',
        querystring: automationRuleQuerySchema,
        response: { 200: automationRuleListSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/automation/rules',
    {
      schema: {
        tags,
        summary: 'Add a robot (to a stage) or a trigger',
        body: createAutomationRuleBodySchema,
        response: { 201: automationRuleSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
  );
  app.get(
    '/api/automation/rules/:id',
    {
      schema: {
        tags,
        summary: 'One robot or trigger',
        params: idParamsSchema,
        response: { 200: automationRuleSchema, ...problemResponses },
      },
    },
    (request) => service.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/api/automation/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a robot or trigger (planned runs keep their plan; new ones follow the change)',
        params: idParamsSchema,
        body: updateAutomationRuleBodySchema,
        response: { 200: automationRuleSchema, ...problemResponses },
      },
    },
    (request) => service.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/automation/rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a robot or trigger with its runs',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/deals/:id/automation-runs',
    {
      schema: {
        tags,
        summary:
          'The robot and trigger runs of a deal, newest first: planned, done, skipped, failed with the error',
        params: idParamsSchema,
        response: { 200: automationRunListSchema, ...problemResponses },
      },
    },
    (request) => service.runsOfDeal(actorOf(request), request.params.id),
  );
}
