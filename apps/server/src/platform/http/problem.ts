// Every error leaves the API as RFC 9457 application/problem+json, naming the field and the reason
// for validation failures, with the request id to find it in the logs. Never a stack, never a 500 for
// bad input.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { problemSchema, type Problem } from '@voronka/contracts';
import { AppError } from '../errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, 'type' | 'title'> & { title?: string },
) {
  const body: Problem = {
    type: problem.code ? `https://voronka.dev/problems/${problem.code}` : 'about:blank',
    title: problem.title ?? TITLES[problem.status] ?? 'Error',
    ...problem,
    requestId: reply.request.id,
  };
  return reply.code(problem.status).type('application/problem+json').send(body);
}

function fieldPath(context: string | undefined, instancePath: string, missing?: string) {
  const parts = instancePath.split('/').filter(Boolean);
  if (missing) parts.push(missing);
  return [context ?? 'body', ...parts].join('.');
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.extra.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(error.extra.retryAfterSeconds));
    return sendProblem(reply, {
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => {
      const params = v.params as { issue?: { path?: PropertyKey[]; message?: string } };
      const issuePath = params.issue?.path?.map(String).join('/') ?? '';
      return {
        field: fieldPath(error.validationContext, issuePath ? `/${issuePath}` : v.instancePath),
        reason: v.message ?? 'is invalid',
      };
    });
    return sendProblem(reply, {
      status: 400,
      code: 'validation_failed',
      detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
      errors,
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, {
      status: 500,
      code: 'internal',
      detail: 'The server could not produce a valid response',
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, { status, code: 'internal', detail: 'Something went wrong on our side' });
  }
  // Fastify's own 4xx: malformed JSON, empty body with a JSON content type, too large, wrong media type.
  const code =
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      ? 'malformed_json'
      : error.code
        ? error.code.toLowerCase()
        : 'bad_request';
  return sendProblem(reply, {
    status,
    code,
    detail: error.message,
    ...(code === 'malformed_json' ? { errors: [{ field: 'body', reason: error.message }] } : {}),
  });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, {
    status: 404,
    code: 'route_not_found',
    detail: `No route ${request.method} ${request.url.split('?')[0] ?? ''}`,
  });
}

/** The error answers every API route may give, for its `response` schema (and so the OpenAPI document). */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  410: problemSchema,
  422: problemSchema,
  429: problemSchema,
} as const;
