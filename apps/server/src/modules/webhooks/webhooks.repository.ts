import { sql, type Selectable } from 'kysely';
import type { Db, WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../../platform/db/index.js';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export interface SubscriptionValues {
  url: string;
  event_types: string[];
  active: boolean;
  description: string;
}

const stored = (v: SubscriptionValues) => ({ ...v, event_types: JSON.stringify(v.event_types) });

export function createWebhooksRepository() {
  return {
    insert: (db: Db, accountId: string, userId: string, v: SubscriptionValues, secretEnc: string) =>
      db
        .insertInto('webhook_subscriptions')
        .values({ account_id: accountId, created_by: userId, secret_enc: secretEnc, ...stored(v) })
        .returningAll()
        .executeTakeFirstOrThrow(),

    update: (
      db: Db,
      accountId: string,
      id: string,
      v: Partial<SubscriptionValues> & { secret_enc?: string; disabled_reason?: string | null },
    ) =>
      db
        .updateTable('webhook_subscriptions')
        .set((eb) => ({
          ...v,
          event_types: v.event_types ? JSON.stringify(v.event_types) : undefined,
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    list: (db: Db, accountId: string) =>
      db
        .selectFrom('webhook_subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    delete: (db: Db, accountId: string, id: string) =>
      db
        .deleteFrom('webhook_subscriptions')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    /** The account's active subscriptions to this event type. */
    /** The account's active subscriptions with the event types each wants. */
    activeSubscriptions: (db: Db, accountId: string) =>
      db
        .selectFrom('webhook_subscriptions')
        .select(['id', 'event_types'])
        .where('account_id', '=', accountId)
        .where('active', '=', true)
        .execute(),

    /** New deliveries; a (subscription, event) pair that has one already is skipped. */
    insertDeliveries: (
      db: Db,
      rows: {
        account_id: string;
        subscription_id: string;
        event_id: string | null;
        event_type: string;
        body: string;
        status: DeliveryRow['status'];
        attempts?: number;
        max_attempts?: number | null;
        next_attempt_at: Date;
        last_attempt_at?: Date | null;
        created_at: Date;
      }[],
    ) =>
      db
        .insertInto('webhook_deliveries')
        .values(rows)
        .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
        .returningAll()
        .execute(),

    findDelivery: (db: Db, accountId: string, subscriptionId: string, id: string) =>
      db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('subscription_id', '=', subscriptionId)
        .where('id', '=', id)
        .executeTakeFirst(),

    /** A page of a subscription's log, newest first, after the (created_at, id) of the previous page's last. */
    deliveries: (
      db: Db,
      accountId: string,
      subscriptionId: string,
      after: { createdAt: Date; id: string } | undefined,
      limit: number,
    ) => {
      let query = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('subscription_id', '=', subscriptionId);
      if (after)
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', after.createdAt),
            eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
          ]),
        );
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    /**
     * Claims due deliveries for an attempt, committed before anything is sent: the attempt is counted,
     * the row is `sending` and leased until `leaseUntil`. A row still `sending` when due again was
     * interrupted (its worker died); claiming it starts the next attempt and says so.
     */
    claimDue: (db: Db, now: Date, leaseUntil: Date, limit: number) =>
      db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'sending' as const,
          attempts: eb('attempts', '+', 1),
          last_error: sql<
            string | null
          >`CASE WHEN status = 'sending' THEN 'The attempt was interrupted (the worker stopped); tried again' ELSE last_error END`,
          last_attempt_at: now,
          next_attempt_at: leaseUntil,
          updated_at: now,
        }))
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('webhook_deliveries')
            .select('id')
            .where('status', 'in', ['pending', 'sending'])
            .where('next_attempt_at', '<=', now)
            .orderBy('next_attempt_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute(),

    /** Claims one finished delivery for a manual attempt (the caller holds its lock). */
    claimOne: (db: Db, accountId: string, id: string, now: Date, leaseUntil: Date) =>
      db
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status: 'sending' as const,
          attempts: eb('attempts', '+', 1),
          max_attempts: eb('attempts', '+', 1),
          last_attempt_at: now,
          next_attempt_at: leaseUntil,
          updated_at: now,
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where('status', 'in', ['failed', 'cancelled'])
        .returningAll()
        .executeTakeFirst(),

    lockDelivery: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    /** Records an attempt's result, only if the row is still in that attempt (a late worker changes nothing). */
    settle: (
      db: Db,
      claimed: Pick<DeliveryRow, 'id' | 'attempts'>,
      v: Pick<
        DeliveryRow,
        'status' | 'next_attempt_at' | 'last_status_code' | 'last_response' | 'last_error' | 'delivered_at'
      >,
      now: Date,
    ) =>
      db
        .updateTable('webhook_deliveries')
        .set({ ...v, updated_at: now })
        .where('id', '=', claimed.id)
        .where('attempts', '=', claimed.attempts)
        .where('status', '=', 'sending')
        .returningAll()
        .executeTakeFirst(),

    /** Stops a subscription's waiting deliveries (it was turned off). */
    cancelPending: (db: Db, accountId: string, subscriptionId: string, now: Date) =>
      db
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled', next_attempt_at: null, updated_at: now })
        .where('account_id', '=', accountId)
        .where('subscription_id', '=', subscriptionId)
        .where('status', '=', 'pending')
        .execute(),
  };
}
export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
