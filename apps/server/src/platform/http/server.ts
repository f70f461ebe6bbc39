// The Fastify instance: Zod route schemas (validation, response whitelisting, OpenAPI 3.1), request
// ids, structured logs, problem+json errors, cookies, the reference page, and the built web app.
import Fastify, {
  type FastifySerializerCompiler,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  ResponseSerializationError,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { errorHandler, notFoundHandler, sendProblem } from './problem.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpOptions {
  logger: Logger;
  version: string;
  trustProxy: boolean;
  /** The built web app (apps/web/dist); served on the same port when present. */
  webDist: string | undefined;
}

export interface RouteInfo {
  method: string;
  url: string;
  hidden: boolean;
}
const routeTables = new WeakMap<object, RouteInfo[]>();

/** Every route registered on the server (the IDOR and OpenAPI checks are generated from it). */
export const listRoutes = (app: App): readonly RouteInfo[] => routeTables.get(app) ?? [];

/**
 * Responses are checked by parsing them with their schema (unknown keys stripped, so nothing undeclared
 * leaks) rather than zod's `encode`, which refuses schemas with one-way transforms (canonical decimals,
 * sorted list options). Our presenters already produce the canonical shape, so parsing it is a no-op.
 */
const serializerCompiler: FastifySerializerCompiler<z.ZodType> =
  ({ schema, method, url }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };

export async function createHttpServer(options: HttpOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: 1_048_576,
    trustProxy: options.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (a malformed URL, an over-long path parameter) are problems too.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode ?? 400;
      void sendProblem(reply, {
        status,
        code: error.code.toLowerCase(),
        detail: error.message.slice(0, 300),
      });
    },
  }).withTypeProvider<ZodTypeProvider>();

  const routes: RouteInfo[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    // Public routes need no credentials; say so in the OpenAPI document (the global default asks for them).
    if (route.config?.auth === 'public' && route.schema) route.schema.security = [];
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        hidden: Boolean(route.schema?.hide),
      });
    }
  });
  // Fastify's JSON parser (prototype-poisoning safe), except that an empty body with a JSON content type is
  // "no body" rather than an error: browsers and clients send that header on body-less POST/DELETE.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') {
      done(null, undefined);
      return;
    }
    void defaultJson(request, text, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  const spa = Boolean(options.webDist && fs.existsSync(path.join(options.webDist, 'index.html')));
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    // Client-side routes of the SPA get index.html; everything else (the API, the hosted form pages under
    // /f/) is a problem+json 404.
    if (
      spa &&
      request.method === 'GET' &&
      !url.startsWith('/api/') &&
      !url.startsWith('/f/') &&
      url !== '/health' &&
      !path.extname(url)
    ) {
      return reply.type('text/html').sendFile('index.html');
    }
    return notFoundHandler(request, reply);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Voronka API',
        version: options.version,
        description:
          'The REST API of Voronka, a self-hosted CRM. Authenticate with the session cookie (browser) or ' +
          '`Authorization: Bearer <API token>`. Errors are `application/problem+json` (RFC 9457).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'voronka_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  if (spa && options.webDist) {
    await app.register(fastifyStatic, {
      root: options.webDist,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
    });
  } else {
    options.logger.warn({ webDist: options.webDist }, 'web app not built; serving the API only');
  }
  return app as unknown as App;
}
