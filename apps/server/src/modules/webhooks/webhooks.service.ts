// Webhook subscriptions (administrators only, checked by the routes) and their delivery logs. A target
// URL is checked against the address policy when saved (422 naming body.url) and again at every attempt.
// The secret is generated here, sealed at rest, and returned only by create and rotate-secret. Events carry
// no URL or secret (they reach the account's realtime stream).
import type { z } from 'zod';
import {
  WEBHOOK_TEST_EVENT,
  webhookEventTypes,
  type createWebhookBodySchema,
  type updateWebhookBodySchema,
  type Webhook,
  type WebhookDelivery,
  type webhookDeliveryQuerySchema,
  type WebhookWithSecret,
} from '@voronka/contracts';
import type { Cipher } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, eventContextOf, type Actor } from '../../platform/http/index.js';
import { OutboundError, type OutboundHttp } from '../../platform/outbound-http/index.js';
import type { Dispatcher } from './dispatcher.js';
import { generateWebhookSecret } from './signature.js';
import type {
  DeliveryRow,
  SubscriptionRow,
  SubscriptionValues,
  WebhooksRepository,
} from './webhooks.repository.js';

type CreateBody = z.output<typeof createWebhookBodySchema>;
type UpdateBody = z.output<typeof updateWebhookBodySchema>;
type DeliveryQuery = z.output<typeof webhookDeliveryQuerySchema>;

const present = (row: SubscriptionRow): Webhook => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types,
  active: row.active,
  description: row.description,
  disabledReason: row.disabled_reason,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const presentDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  webhookId: row.subscription_id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: row.attempts,
  statusCode: row.last_status_code,
  responseBody: row.last_response,
  error: row.last_error,
  createdAt: row.created_at.toISOString(),
  lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
  deliveredAt: row.delivered_at?.toISOString() ?? null,
});

export function createWebhooksService(deps: {
  db: Db;
  repo: WebhooksRepository;
  events: EventBus;
  cipher: Cipher;
  http: OutboundHttp;
  allowedHostsOf: (accountId: string) => Promise<string[]>;
  dispatcher: Dispatcher;
  now: () => Date;
}) {
  const { db, repo, events, cipher } = deps;

  /** 422 on body.url unless the host resolves to public addresses only or an administrator allowed it. */
  async function checkUrl(actor: Actor, url: string) {
    try {
      await deps.http.checkAddress(url, await deps.allowedHostsOf(actor.accountId));
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      throw invalidField(
        'body.url',
        error.message,
        error.kind === 'blocked_address' ? 'blocked_address' : 'validation_failed',
      );
    }
  }

  const found = async (trx: Db, actor: Actor, id: string, lock = false) => {
    const row = await (lock ? repo.lock : repo.find)(trx, actor.accountId, id);
    if (!row) throw notFound('Webhook');
    return row;
  };

  const withSecret = (row: SubscriptionRow, secret: string): WebhookWithSecret => ({
    ...present(row),
    secret,
  });

  return {
    eventTypes: () => ({ items: [...webhookEventTypes] }),

    list: async (actor: Actor) => ({ items: (await repo.list(db, actor.accountId)).map(present) }),

    get: async (actor: Actor, id: string) => present(await found(db, actor, id)),

    async create(actor: Actor, body: CreateBody): Promise<WebhookWithSecret> {
      await checkUrl(actor, body.url);
      const secret = generateWebhookSecret();
      return db.transaction().execute(async (trx) => {
        const values: SubscriptionValues = {
          url: body.url,
          event_types: body.eventTypes,
          active: body.active,
          description: body.description,
        };
        const row = await repo.insert(trx, actor.accountId, actor.userId, values, cipher.encrypt(secret));
        await events.record(trx, eventContextOf(actor), {
          type: 'webhook.created',
          entity: 'webhook',
          entityId: row.id,
          payload: { eventTypes: row.event_types, active: row.active },
        });
        return withSecret(row, secret);
      });
    },

    async update(actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) {
      if (body.url !== undefined) {
        await found(db, actor, id); // a missing webhook is 404 before its URL is judged
        await checkUrl(actor, body.url);
      }
      return db.transaction().execute(async (trx) => {
        const row = await found(trx, actor, id, true);
        if (ifMatch !== undefined && ifMatch !== row.version)
          throw conflict('stale_version', 'The webhook was changed by someone else; reload it and try again');
        const changes: Partial<SubscriptionValues> & { disabled_reason?: null } = {};
        if (body.url !== undefined && body.url !== row.url) changes.url = body.url;
        if (body.eventTypes && JSON.stringify(body.eventTypes) !== JSON.stringify(row.event_types))
          changes.event_types = body.eventTypes;
        if (body.active !== undefined && body.active !== row.active) changes.active = body.active;
        if (body.description !== undefined && body.description !== row.description)
          changes.description = body.description;
        if (Object.keys(changes).length === 0) return present(row);
        if (changes.active) changes.disabled_reason = null;
        const after = await repo.update(trx, actor.accountId, id, changes);
        if (changes.active === false) await repo.cancelPending(trx, actor.accountId, id, deps.now());
        await events.record(trx, eventContextOf(actor), {
          type: 'webhook.updated',
          entity: 'webhook',
          entityId: id,
          payload: {
            changed: Object.keys(changes).filter((k) => k !== 'disabled_reason'),
            active: after.active,
          },
        });
        return present(after);
      });
    },

    remove: (actor: Actor, id: string, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        const row = await found(trx, actor, id, true);
        if (ifMatch !== undefined && ifMatch !== row.version)
          throw conflict('stale_version', 'The webhook was changed by someone else; reload it and try again');
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'webhook.deleted',
          entity: 'webhook',
          entityId: id,
        });
      }),

    /** A new secret replaces the old one at once; the answer is the only time it is shown. */
    rotateSecret: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        await found(trx, actor, id, true);
        const secret = generateWebhookSecret();
        const after = await repo.update(trx, actor.accountId, id, { secret_enc: cipher.encrypt(secret) });
        await events.record(trx, eventContextOf(actor), {
          type: 'webhook.secret_rotated',
          entity: 'webhook',
          entityId: id,
        });
        return withSecret(after, secret);
      }),

    async deliveries(actor: Actor, id: string, query: DeliveryQuery) {
      await found(db, actor, id);
      const after = query.cursor
        ? (() => {
            const [at = '', deliveryId = ''] = decodeCursor(
              query.cursor,
              2,
              ([a = '', b = '']) => !Number.isNaN(Date.parse(a)) && /^[0-9a-f-]{36}$/.test(b),
            );
            return { createdAt: new Date(at), id: deliveryId };
          })()
        : undefined;
      const rows = await repo.deliveries(db, actor.accountId, id, after, query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(presentDelivery),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      };
    },

    /** Sends a `webhook.test` event through the same path as the others, once, and returns the result. */
    async test(actor: Actor, id: string) {
      const now = deps.now();
      const row = await db.transaction().execute(async (trx) => {
        const subscription = await found(trx, actor, id);
        const body = JSON.stringify({
          type: WEBHOOK_TEST_EVENT,
          timestamp: now.toISOString(),
          data: { webhookId: subscription.id, message: 'A test event from Voronka' },
        });
        // Claimed at creation (sending, attempt 1 of 1): the poller never races this request for it.
        const [created] = await repo.insertDeliveries(trx, [
          {
            account_id: actor.accountId,
            subscription_id: id,
            event_id: null,
            event_type: WEBHOOK_TEST_EVENT,
            body,
            status: 'sending',
            attempts: 1,
            max_attempts: 1,
            created_at: now,
            last_attempt_at: now,
            next_attempt_at: deps.dispatcher.leaseFrom(now),
          },
        ]);
        if (!created) throw new Error('unreachable: a test delivery has no event to conflict on');
        return created;
      });
      return presentDelivery(await deps.dispatcher.attempt(row));
    },

    /** One more attempt of a delivery that failed or was cancelled, now; returns its result. */
    async retry(actor: Actor, id: string, deliveryId: string) {
      const now = deps.now();
      const row = await db.transaction().execute(async (trx) => {
        await found(trx, actor, id);
        const delivery = await repo.lockDelivery(trx, actor.accountId, deliveryId);
        if (!delivery || delivery.subscription_id !== id) throw notFound('Delivery');
        const claimed = await repo.claimOne(
          trx,
          actor.accountId,
          deliveryId,
          now,
          deps.dispatcher.leaseFrom(now),
        );
        if (!claimed)
          throw new AppError(
            409,
            'not_finished',
            'Only a failed or cancelled delivery can be sent again now',
          );
        return claimed;
      });
      return presentDelivery(await deps.dispatcher.attempt(row));
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
