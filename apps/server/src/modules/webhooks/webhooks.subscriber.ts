// The webhooks subscriber of the domain event stream: for each subscribable event, one delivery row per
// active subscription of the event's account that wants its type, written in the event bus's delivery
// transaction (so exactly once per event and subscription, also when the job is redelivered). The body is
// frozen here; the dispatcher sends it.
import { webhookEventTypes } from '@voronka/contracts';
import type { StoredEvent, Subscriber } from '../../platform/events/index.js';
import type { WebhooksRepository } from './webhooks.repository.js';

/**
 * What a subscriber of this event receives as `data`. The one place to decide what an event discloses:
 * a check that the subscription's account may see the record (rights, a later issue) belongs here. Today
 * every subscription is an administrator's of the event's own account, and events carry identifiers and
 * changes, not whole records.
 */
export function payloadFor(event: StoredEvent): Record<string, unknown> {
  return {
    id: event.id,
    entity: event.entity,
    entityId: event.entityId,
    actorUserId: event.actorUserId,
    source: event.source,
    payload: event.payload,
  };
}

/** The JSON body of a delivery: `{type, timestamp, data}` (Standard Webhooks' payload structure). */
export const bodyFor = (event: StoredEvent) =>
  JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: payloadFor(event) });

export function createWebhooksSubscriber(deps: { repo: WebhooksRepository; now: () => Date }): Subscriber {
  return {
    name: 'webhooks',
    types: [...webhookEventTypes],
    async handle(event, trx) {
      const subscriptions = await deps.repo.subscribedTo(trx, event.accountId, event.type);
      if (subscriptions.length === 0) return;
      const now = deps.now();
      const body = bodyFor(event);
      await deps.repo.insertDeliveries(
        trx,
        subscriptions.map((s) => ({
          account_id: event.accountId,
          subscription_id: s.id,
          event_id: event.id,
          event_type: event.type,
          body,
          status: 'pending' as const,
          created_at: now,
          next_attempt_at: now,
        })),
      );
    },
  };
}
