// The webhooks projection of the domain event stream (ADR 0015): for each subscribable event, one delivery
// row per active subscription of the event's account that wants its type, written in the transaction that
// records the event (so exactly once per event and subscription, and none for a write that rolled back).
// The body is frozen here; the dispatcher sends it, apart from any write.
import { webhookEventTypes } from '@voronka/contracts';
import type { Projection, StoredEvent } from '../../platform/events/index.js';
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

const subscribable = new Set<string>(webhookEventTypes);

export function createWebhooksProjection(deps: { repo: WebhooksRepository; now: () => Date }): Projection {
  return {
    name: 'webhooks',
    async project(events, trx) {
      const wanted = events.filter((event) => subscribable.has(event.type));
      const rows = [];
      // One look at an account's subscriptions per batch (a migrated page records 250 events at once).
      for (const accountId of new Set(wanted.map((event) => event.accountId))) {
        const subscriptions = await deps.repo.activeSubscriptions(trx, accountId);
        if (subscriptions.length === 0) continue;
        const now = deps.now();
        for (const event of wanted) {
          if (event.accountId !== accountId) continue;
          const body = bodyFor(event);
          for (const s of subscriptions)
            if (s.event_types.includes(event.type))
              rows.push({
                account_id: accountId,
                subscription_id: s.id,
                event_id: event.id,
                event_type: event.type,
                body,
                status: 'pending' as const,
                created_at: now,
                next_attempt_at: now,
              });
        }
      }
      if (rows.length > 0) await deps.repo.insertDeliveries(trx, rows);
    },
  };
}
