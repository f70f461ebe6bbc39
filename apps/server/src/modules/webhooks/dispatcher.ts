// Sends deliveries. The rows are the queue (ADR 0014): a poll claims due rows and commits the claim before
// sending, so every attempt goes out at most once and a delivery is never lost — a worker that dies
// mid-attempt leaves a `sending` row whose lease runs out, and the next claim makes it the next attempt.
// Every request goes through the outbound client: the address policy is applied again at each attempt
// (DNS may have changed since the URL was saved), redirects are not followed, the answer is capped.
import type { Logger } from 'pino';
import type { Cipher } from '../../platform/crypto/index.js';
import type { Transaction } from 'kysely';
import type { DB, Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { OutboundError, type OutboundHttp } from '../../platform/outbound-http/index.js';
import { nextAttemptAt, outcomeOf, responseExcerpt, type AttemptResult } from './delivery-rules.js';
import { webhookHeaders } from './signature.js';
import type { DeliveryRow, WebhooksRepository } from './webhooks.repository.js';

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** How long a claimed attempt is its worker's; well above the timeout, so only a dead worker loses it. */
export const LEASE_MS = 60_000;
const BATCH = 10;
const MAX_IN_FLIGHT = 20;

export interface DispatcherDeps {
  db: Db;
  repo: WebhooksRepository;
  events: EventBus;
  cipher: Cipher;
  http: OutboundHttp;
  allowedHostsOf: (accountId: string) => Promise<string[]>;
  now: () => Date;
  logger: Logger;
  /** Defaults: ATTEMPT_TIMEOUT_MS and LEASE_MS (the crash test shortens both). */
  attemptTimeoutMs?: number;
  leaseMs?: number;
}

export function createDispatcher(deps: DispatcherDeps) {
  const { db, repo, now } = deps;
  const timeoutMs = deps.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  if (leaseMs <= timeoutMs) throw new Error('A webhook attempt’s lease must outlast its timeout');
  const leaseFrom = (at: Date) => new Date(at.getTime() + leaseMs);

  async function send(row: DeliveryRow, url: string, secretEnc: string) {
    const headers = webhookHeaders(deps.cipher.decrypt(secretEnc), row.id, now(), row.body);
    try {
      const response = await deps.http.request({
        url,
        method: 'POST',
        headers,
        body: row.body,
        allowedHosts: await deps.allowedHostsOf(row.account_id),
        timeoutMs,
        retries: 0,
        maxResponseBytes: 1024 * 1024,
      });
      const result: AttemptResult = { status: response.status, headers: response.headers };
      return { result, body: responseExcerpt(response.text()) };
    } catch (error) {
      if (!(error instanceof OutboundError))
        deps.logger.warn({ err: error, deliveryId: row.id }, 'webhook attempt failed unexpectedly');
      const message = error instanceof Error ? error.message : String(error);
      return { result: { status: null, error: message } satisfies AttemptResult, body: null };
    }
  }

  /** Runs one claimed attempt (the row is `sending` with this attempt counted) and records its result. */
  async function attempt(row: DeliveryRow): Promise<DeliveryRow> {
    const subscription = await repo.find(db, row.account_id, row.subscription_id);
    if (!subscription) return row; // deleted meanwhile: its deliveries went with it
    if (!subscription.active && row.max_attempts === null) {
      const settled = await repo.settle(
        db,
        row,
        {
          status: 'cancelled',
          next_attempt_at: null,
          last_status_code: null,
          last_response: null,
          last_error: 'The webhook is turned off',
          delivered_at: null,
        },
        now(),
      );
      return settled ?? row;
    }
    const { result, body } = await send(row, subscription.url, subscription.secret_enc);
    const finished = now();
    const outcome = outcomeOf(result, finished);
    return db.transaction().execute(async (trx) => {
      const answer = { last_status_code: result.status, last_response: body };
      let settled: DeliveryRow | undefined;
      if (outcome.kind === 'delivered') {
        settled = await repo.settle(
          trx,
          row,
          { ...answer, status: 'delivered', next_attempt_at: null, last_error: null, delivered_at: finished },
          finished,
        );
      } else if (outcome.kind === 'gone') {
        settled = await repo.settle(
          trx,
          row,
          {
            ...answer,
            status: 'failed',
            next_attempt_at: null,
            last_error: 'The receiver answered 410 Gone; the webhook was turned off',
            delivered_at: null,
          },
          finished,
        );
        if (settled) await disable(trx, row, finished);
      } else {
        const next =
          row.max_attempts !== null && row.attempts >= row.max_attempts
            ? null
            : nextAttemptAt({
                attempt: row.attempts,
                createdAt: row.created_at,
                now: finished,
                retryAfterMs: outcome.retryAfterMs,
              });
        settled = await repo.settle(
          trx,
          row,
          {
            ...answer,
            status: next ? 'pending' : 'failed',
            next_attempt_at: next,
            last_error: outcome.error,
            delivered_at: null,
          },
          finished,
        );
      }
      return settled ?? row;
    });
  }

  /** 410 Gone: the subscription is turned off (an event says so) and its waiting deliveries stop. */
  async function disable(trx: Transaction<DB>, row: DeliveryRow, at: Date) {
    const subscription = await repo.lock(trx, row.account_id, row.subscription_id);
    if (!subscription?.active) return;
    await repo.update(trx, row.account_id, row.subscription_id, {
      active: false,
      disabled_reason: `The receiver answered 410 Gone at ${at.toISOString()}`,
    });
    await repo.cancelPending(trx, row.account_id, row.subscription_id, at);
    await deps.events.record(
      trx,
      { accountId: row.account_id, actorUserId: null, source: 'system' },
      {
        type: 'webhook.disabled',
        entity: 'webhook',
        entityId: row.subscription_id,
        payload: { status: 410 },
      },
    );
  }

  // Attempts run side by side, up to MAX_IN_FLIGHT; the poll claims more as soon as there is room, so a
  // receiver that takes its whole timeout to answer does not hold up everyone else's deliveries.
  const inFlight = new Set<Promise<unknown>>();

  /** Claims due deliveries while there is room and starts their attempts; returns how many it claimed. */
  async function pump(): Promise<number> {
    let claimedTotal = 0;
    for (;;) {
      const room = Math.min(BATCH, MAX_IN_FLIGHT - inFlight.size);
      if (room <= 0) return claimedTotal;
      const at = now();
      const claimed = await repo.claimDue(db, at, leaseFrom(at), room);
      for (const row of claimed) {
        const running: Promise<unknown> = attempt(row)
          .catch((error: unknown) =>
            deps.logger.error({ err: error, deliveryId: row.id }, 'webhook attempt could not be recorded'),
          )
          .finally(() => inFlight.delete(running));
        inFlight.add(running);
      }
      claimedTotal += claimed.length;
      if (claimed.length < room) return claimedTotal;
    }
  }

  /** Sends every due delivery and waits for the answers; returns how many attempts were made. */
  async function runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await pump();
      await Promise.all([...inFlight]);
      total += claimed;
      if (claimed === 0) return total;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<unknown> | undefined;
  let stopped = false;
  return {
    attempt,
    runDue,
    /** Claims due deliveries without sending them (what a worker that dies right after claiming leaves). */
    claimDue: (limit: number) => {
      const at = now();
      return repo.claimDue(db, at, leaseFrom(at), limit);
    },
    leaseFrom,
    /** Polls for due deliveries every `intervalMs` (the worker). */
    start(intervalMs: number) {
      const tick = () => {
        if (stopped) return;
        polling = pump()
          .catch((error: unknown) => deps.logger.error({ err: error }, 'webhook dispatch failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, intervalMs);
    },
    /** Stops polling and waits for the attempts under way (each ends within its timeout). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
      await Promise.all([...inFlight]);
    },
  };
}
export type Dispatcher = ReturnType<typeof createDispatcher>;
