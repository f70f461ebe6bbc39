// GET /health: is the database answering, is the job queue answering. 200 when both are, else 503.
import { healthSchema } from '@voronka/contracts';
import { sql } from 'kysely';
import type { Database } from '../db/index.js';
import type { Jobs } from '../jobs/index.js';
import type { App } from './server.js';

export function registerHealthRoutes(app: App, deps: { database: Database; jobs: Jobs; version: string }) {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Health of the database and the job queue',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const t = performance.now();
      let database: { status: 'ok' | 'down'; latencyMs: number; detail?: string };
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        database = { status: 'ok', latencyMs: performance.now() - t };
      } catch (error) {
        database = { status: 'down', latencyMs: performance.now() - t, detail: (error as Error).message };
      }
      const queue = await deps.jobs.health();
      const ok = database.status === 'ok' && queue.ok;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        version: deps.version,
        database: { ...database, kind: deps.database.kind },
        queue: {
          status: queue.ok ? 'ok' : 'down',
          latencyMs: queue.latencyMs,
          workerInProcess: deps.jobs.workerEnabled,
          ...(queue.detail ? { detail: queue.detail } : {}),
        },
      });
    },
  );
}
