// The process logger (pino, JSON lines). Secrets that travel in URLs — invitation tokens — are masked
// before a request line is written.
import { pino, type Logger } from 'pino';
import type { FastifyRequest } from 'fastify';

export const maskUrl = (url: string) => url.replace(/\/by-token\/[^/?#]+/g, '/by-token/***');

export function createLogger(level: string): Logger {
  return pino({
    level,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: maskUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
  });
}
