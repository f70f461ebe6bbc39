// /api/forms (web forms; administrators write), /api/public/forms/{key} (the hosted page's definition and
// the public intake: JSON or urlencoded, size-limited, rate-limited per IP), /api/inbox (the Unsorted
// inbox and its actions) and /api/intake/* (settings, SLA policies, the SLA report, a deal's requests).
import { z } from 'zod';
import {
  acceptRequestBodySchema,
  createFormBodySchema,
  dealIdParamsSchema,
  dealRequestsSchema,
  dealSchema,
  declineRequestBodySchema,
  formKeyParamsSchema,
  formListSchema,
  hostedPageQuerySchema,
  formSchema,
  idParamsSchema,
  inboxPageSchema,
  inboxQuerySchema,
  intakeSettingsSchema,
  linkRequestBodySchema,
  pipelineIdParamsSchema,
  problemSchema,
  publicFormSchema,
  slaPolicyBodySchema,
  slaPolicyListSchema,
  slaPolicySchema,
  slaReportQuerySchema,
  slaReportSchema,
  submissionBodySchema,
  submissionResultSchema,
  updateFormBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  ifMatchHeadersSchema,
  problemResponses,
  sendVersioned,
  versionedDelete,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pageLocale, renderHostedForm, renderMissingForm } from './hosted-page.js';
import { createRateLimiter } from './intake-rules.js';
import type { IntakeService } from './intake.service.js';

export interface IntakeRouteOptions {
  /** Submissions per IP per minute (0: no limit). */
  rateLimit: number;
  /** The largest submission in bytes. */
  bodyLimit: number;
}

export function registerIntakeRoutes(app: App, service: IntakeService, options: IntakeRouteOptions) {
  const tags = ['intake'];
  // ---- web forms ----
  app.get(
    '/api/forms',
    { schema: { tags, summary: 'The web forms', response: { 200: formListSchema, ...problemResponses } } },
    (request) => service.listForms(actorOf(request)),
  );
  app.post(
    '/api/forms',
    {
      schema: {
        tags,
        summary: 'Create a web form (administrators)',
        body: createFormBodySchema,
        response: { 201: formSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.createForm(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/forms/:id',
    {
      schema: {
        tags,
        summary: 'One web form',
        params: idParamsSchema,
        response: { 200: formSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.getForm(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/forms/:id',
    {
      schema: {
        tags,
        summary: 'Change a web form (administrators; If-Match refuses a stale write)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateFormBodySchema,
        response: { 200: formSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/forms/:id',
    {
      schema: {
        tags,
        summary: 'Delete a web form (administrators; its requests and deals stay)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    versionedDelete(service),
  );
  app.post(
    '/api/forms/:id/rotate-key',
    {
      schema: {
        tags,
        summary: 'Give the form a new public key (administrators): the old URL stops working',
        params: idParamsSchema,
        response: { 200: formSchema, ...problemResponses },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, await service.rotateKey(actorOf(request), request.params.id)),
  );

  // ---- the public side ----
  app.get(
    '/api/public/forms/:key',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'The public definition of an active form (for the hosted page and the embeddable snippet)',
        params: formKeyParamsSchema,
        response: { 200: publicFormSchema, ...problemResponses },
      },
    },
    (request) => service.publicForm(request.params.key),
  );

  app.get(
    '/f/:key',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary:
          'The hosted page of an active form (HTML, no sign-in): Russian, or English by `?lang=en` or ' +
          'Accept-Language; `?embed=1` for the embeddable iframe; `utm_*`, `page_url` and `referrer` ' +
          'in the query are sent with the submission',
        params: formKeyParamsSchema,
        querystring: hostedPageQuerySchema,
        produces: ['text/html'],
        response: {
          200: z.string().describe('HTML'),
          ...problemResponses,
          404: z
            .union([problemSchema, z.string()])
            .describe(
              'No such active form: an HTML page for a browser (Accept: text/html), else problem+json',
            ),
        },
      },
    },
    async (request, reply) => {
      const locale = pageLocale(request.query.lang, request.headers['accept-language']);
      const embed = request.query.embed === '1';
      void reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-language', locale);
      // A browser (Accept: text/html) gets a page saying the form is gone; an API client, problem+json.
      const browser = request.headers.accept?.includes('text/html') ?? false;
      const form = await service.publicForm(request.params.key).catch((error: unknown) => {
        if (browser && error instanceof AppError && error.status === 404) return null;
        throw error;
      });
      if (!form) return reply.code(404).send(renderMissingForm(locale, embed));
      return reply.send(renderHostedForm(form, request.params.key, locale, embed));
    },
  );

  const limiter = createRateLimiter(options.rateLimit, 60_000);
  // The urlencoded parser lives in this scope only: no cookie-authenticated route takes an HTML form post.
  void app.register((scope, _options, registered) => {
    const child = scope as unknown as App;
    child.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: options.bodyLimit },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body.toString())));
      },
    );
    child.post(
      '/api/public/forms/:key/submissions',
      {
        config: { auth: 'public' },
        bodyLimit: options.bodyLimit,
        schema: {
          tags,
          summary:
            'Submit a form (JSON or application/x-www-form-urlencoded; Idempotency-Key honoured; ' +
            'rate-limited per IP: 429 with Retry-After)',
          consumes: ['application/json', 'application/x-www-form-urlencoded'],
          params: formKeyParamsSchema,
          body: submissionBodySchema,
          response: { 201: submissionResultSchema, 413: problemSchema, ...problemResponses },
        },
        // Counted before the body is read: a flood costs no parsing and no database work.
        onRequest: async (request, reply) => {
          const retryAfter = limiter.hit(request.ip, Date.now());
          if (retryAfter !== null) {
            void reply.header('retry-after', String(retryAfter));
            throw new AppError(429, 'rate_limited', `Too many submissions; retry in ${retryAfter} s`);
          }
        },
        // The account the Idempotency-Key is kept under (public requests have no signed-in actor).
        preValidation: async (request) => {
          const accountId = await service.accountOfKey(request.params.key);
          if (!accountId) throw notFound('Form');
          request.idempotencyAccountId = accountId;
        },
      },
      async (request, reply) => reply.code(201).send(await service.submit(request.params.key, request.body)),
    );
    registered();
  });

  // ---- the inbox ----
  app.get(
    '/api/inbox',
    {
      schema: {
        tags,
        summary: 'Unsorted requests of every pipeline, oldest first, with duplicates and SLA deadlines',
        querystring: inboxQuerySchema,
        response: { 200: inboxPageSchema, ...problemResponses },
      },
    },
    (request) => service.inbox(actorOf(request), request.query),
  );
  app.post(
    '/api/inbox/:dealId/accept',
    {
      schema: {
        tags,
        summary: 'Accept a request: to the first open stage, with the company it names linked',
        params: dealIdParamsSchema,
        body: acceptRequestBodySchema,
        response: { 200: dealSchema, ...problemResponses },
      },
    },
    (request) => service.accept(actorOf(request), request.params.dealId, request.body),
  );
  app.post(
    '/api/inbox/:dealId/decline',
    {
      schema: {
        tags,
        summary: 'Decline a request: to the Lost stage (the trash) with a reason',
        params: dealIdParamsSchema,
        body: declineRequestBodySchema,
        response: { 200: dealSchema, ...problemResponses },
      },
    },
    (request) => service.decline(actorOf(request), request.params.dealId, request.body),
  );
  app.post(
    '/api/inbox/:dealId/link',
    {
      schema: {
        tags,
        summary: 'Link a request to an existing deal: its messages move there; returns that deal',
        params: dealIdParamsSchema,
        body: linkRequestBodySchema,
        response: { 200: dealSchema, ...problemResponses },
      },
    },
    (request) => service.link(actorOf(request), request.params.dealId, request.body),
  );
  app.get(
    '/api/intake/deals/:dealId/requests',
    {
      schema: {
        tags,
        summary: 'The requests of a deal (source, UTM, duplicates, SLA)',
        params: dealIdParamsSchema,
        response: { 200: dealRequestsSchema, ...problemResponses },
      },
    },
    (request) => service.requestsOfDeal(actorOf(request), request.params.dealId),
  );

  // ---- settings, SLA ----
  app.get(
    '/api/intake/settings',
    {
      schema: {
        tags,
        summary: 'Repeat detection: the switch and the exception list',
        response: { 200: intakeSettingsSchema, ...problemResponses },
      },
    },
    (request) => service.settings(actorOf(request)),
  );
  app.put(
    '/api/intake/settings',
    {
      schema: {
        tags,
        summary: 'Change repeat detection (administrators)',
        body: intakeSettingsSchema,
        response: { 200: intakeSettingsSchema, ...problemResponses },
      },
    },
    (request) => service.saveSettings(actorOf(request), request.body),
  );
  app.get(
    '/api/intake/sla-policies',
    {
      schema: {
        tags,
        summary: 'The response SLA of every pipeline (10 minutes around the clock unless set)',
        response: { 200: slaPolicyListSchema, ...problemResponses },
      },
    },
    (request) => service.policies(actorOf(request)),
  );
  app.put(
    '/api/intake/sla-policies/:pipelineId',
    {
      schema: {
        tags,
        summary: 'Set a pipeline’s response SLA (administrators)',
        params: pipelineIdParamsSchema,
        body: slaPolicyBodySchema,
        response: { 200: slaPolicySchema, ...problemResponses },
      },
    },
    (request) => service.savePolicy(actorOf(request), request.params.pipelineId, request.body),
  );
  app.get(
    '/api/intake/sla-report',
    {
      schema: {
        tags,
        summary: 'Share answered in time and the median first reply, per manager and per source',
        querystring: slaReportQuerySchema,
        response: { 200: slaReportSchema, ...problemResponses },
      },
    },
    (request) => service.report(actorOf(request), request.query),
  );
}
