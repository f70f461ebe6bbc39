// Durable jobs on pg-boss in the same database. On PGlite pg-boss shares the embedded instance
// (`fromPglite`), on PostgreSQL it keeps its own small pool. Jobs are enqueued inside the caller's
// Kysely transaction (`fromKysely`), so a job exists exactly when the change that caused it commits.
import { PgBoss, fromKysely, fromPglite, type Job, type JobResult, type QueueOptions } from 'pg-boss';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/index.js';
import type { DB } from '../db/schema.js';

export type { Job };

export interface WorkerOptions {
  /** Seconds between fetches while the queue is idle (at least 0.5). */
  pollingIntervalSeconds: number;
  /**
   * Jobs fetched at once, run one after another (default 1; for short jobs only). While fetches come back
   * full the worker fetches again without pausing, so a backlog drains at full speed instead of one
   * batch per polling interval.
   */
  batchSize?: number;
}

export interface Jobs {
  start(): Promise<void>;
  stop(): Promise<void>;
  createQueue(name: string, options?: QueueOptions): Promise<void>;
  /** Enqueues inside the given transaction. */
  sendInTransaction(
    trx: Transaction<DB>,
    name: string,
    data: object,
    /** `startAfter`: a delayed job (a timer, e.g. an SLA deadline). */
    options?: { singletonKey?: string; startAfter?: Date },
  ): Promise<void>;
  /** Enqueues many jobs of one queue inside the given transaction, in one statement. */
  sendManyInTransaction(trx: Transaction<DB>, name: string, data: object[]): Promise<void>;
  send(name: string, data: object, options?: { startAfter?: Date }): Promise<string | null>;
  /** Runs `handler` for each job; a job whose handler throws is retried per its queue, alone. */
  work<T>(name: string, options: WorkerOptions, handler: (job: Job<T>) => Promise<void>): Promise<void>;
  health(): Promise<{ ok: boolean; latencyMs: number; detail?: string }>;
  readonly workerEnabled: boolean;
}

export interface JobsOptions {
  workerEnabled: boolean;
  /** Seconds between the passes that retry jobs whose worker died (missed heartbeat); default 15. */
  recoveryIntervalSeconds?: number;
}

export function createJobs(database: Database, logger: Logger, options: JobsOptions): Jobs {
  const recovery = options.recoveryIntervalSeconds ?? 15;
  const boss =
    database.kind === 'pglite' && database.pglite
      ? new PgBoss({
          db: fromPglite(database.pglite),
          backend: 'pglite',
          schema: 'pgboss',
          superviseIntervalSeconds: recovery,
          monitorIntervalSeconds: recovery,
        })
      : new PgBoss({
          connectionString: database.connectionString ?? '',
          max: 4,
          schema: 'pgboss',
          superviseIntervalSeconds: recovery,
          monitorIntervalSeconds: recovery,
        });
  boss.on('error', (error: unknown) => logger.error({ err: error }, 'job queue error'));
  let started = false;
  let lastHealth:
    { at: number; result: Promise<{ ok: boolean; latencyMs: number; detail?: string }> } | undefined;
  return {
    workerEnabled: options.workerEnabled,
    async start() {
      await boss.start();
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
    },
    async createQueue(name, queueOptions) {
      const existing = await boss.getQueue(name);
      if (existing) await boss.updateQueue(name, queueOptions ?? {});
      else await boss.createQueue(name, queueOptions);
      // Warm pg-boss's queue cache (createQueue/updateQueue evict it). Otherwise the first send inside a
      // caller's transaction looks the queue up through pg-boss's own connection; on PGlite that waits for
      // the very transaction that is waiting for it.
      await boss.findJobs(name, { id: '00000000-0000-0000-0000-000000000000' });
    },
    async sendInTransaction(trx, name, data, sendOptions) {
      await boss.send(name, data, { ...sendOptions, db: fromKysely(trx) });
    },
    async sendManyInTransaction(trx, name, data) {
      if (data.length === 0) return;
      await boss.insert(
        name,
        data.map((d) => ({ data: d })),
        { db: fromKysely(trx) },
      );
    },
    send: (name, data, sendOptions) => boss.send(name, data, sendOptions ?? {}),
    async work<T>(name: string, workOptions: WorkerOptions, handler: (job: Job<T>) => Promise<void>) {
      if (!options.workerEnabled) return;
      const batchSize = workOptions.batchSize ?? 1;
      await boss.work<T>(
        name,
        {
          pollingIntervalSeconds: workOptions.pollingIntervalSeconds,
          batchSize,
          burstWhenBatchFull: batchSize > 1,
          perJobResults: true,
        },
        async (jobs): Promise<JobResult[]> => {
          const results: JobResult[] = [];
          for (const job of jobs) {
            try {
              await handler(job);
              results.push({ id: job.id, status: 'completed' });
            } catch (error) {
              const failure = error instanceof Error ? error : new Error(String(error));
              results.push({
                id: job.id,
                status: 'failed',
                output: { message: failure.message, stack: failure.stack },
              });
            }
          }
          return results;
        },
      );
    },
    health() {
      // Health is polled (load balancers, monitoring); one real check per second is plenty.
      if (!lastHealth || Date.now() - lastHealth.at > 1000) {
        const t = performance.now();
        lastHealth = {
          at: Date.now(),
          result: boss.getQueues().then(
            () => ({ ok: started, latencyMs: performance.now() - t }),
            (error: unknown) => ({
              ok: false,
              latencyMs: performance.now() - t,
              detail: (error as Error).message,
            }),
          ),
        };
      }
      return lastHealth.result;
    },
  };
}
