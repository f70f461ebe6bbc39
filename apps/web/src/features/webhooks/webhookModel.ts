// Pure helpers of the webhooks settings page: event types grouped by entity for the picker, and how a
// delivery's state reads in the log.
import type { WebhookDelivery, WebhookDeliveryStatus } from '@voronka/contracts';

/** `deal.created` → group `deal`; groups keep the server's order, types within them too. */
export function groupEventTypes(types: readonly string[]): { group: string; items: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const type of types) {
    const group = type.split('.')[0] ?? type;
    groups.set(group, [...(groups.get(group) ?? []), type]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

export const STATUS_COLORS: Record<WebhookDeliveryStatus, string> = {
  pending: 'yellow',
  sending: 'blue',
  delivered: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/** Whether "send again" applies: the schedule is over (failed) or was stopped (cancelled). */
export const canRetry = (delivery: Pick<WebhookDelivery, 'status'>) =>
  delivery.status === 'failed' || delivery.status === 'cancelled';

/** The answer's summary for the log: `HTTP 500`, or the reason no answer came. */
export function answerOf(delivery: Pick<WebhookDelivery, 'statusCode' | 'error'>): string | null {
  if (delivery.statusCode !== null) return `HTTP ${delivery.statusCode}`;
  return delivery.error;
}

/** A URL shortened for a table cell: host and path, the query string left out (it may hold a token). */
export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}
