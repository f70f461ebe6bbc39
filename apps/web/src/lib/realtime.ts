// Live updates: one EventSource per signed-in tab on /api/events/stream. The server names each SSE
// event after the domain event type (`user.created`), so listeners are registered per type; unnamed
// `message` events are handled too. EventSource reconnects by itself (sending Last-Event-ID).
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DomainEvent } from '@voronka/contracts';
import { queriesForEvent, queryKeys, type QueryRoot } from './queryKeys';

const ENTITY_VERBS: Record<string, readonly string[]> = {
  user: ['created', 'updated', 'deactivated', 'activated', 'role_changed', 'deleted'],
  membership: ['created', 'updated', 'deleted'],
  department: ['created', 'updated', 'renamed', 'moved', 'deleted'],
  invitation: ['created', 'accepted', 'revoked', 'expired'],
  api_token: ['created', 'revoked', 'used'],
  account: ['created', 'updated', 'renamed'],
  identity: ['updated', 'totp_enabled', 'totp_disabled'],
  pipeline: ['created', 'updated', 'deleted'],
  stage: ['created', 'updated', 'reordered', 'deleted'],
  reference_item: ['created', 'updated', 'archived', 'deleted'],
  reference_list: ['reordered'],
  working_hours: ['updated'],
  custom_field: ['created', 'updated', 'deleted'],
  product: ['created', 'updated', 'deleted'],
  contact: ['created', 'updated', 'deleted', 'merged', 'merge_undone', 'restored'],
  company: ['created', 'updated', 'deleted', 'merged', 'merge_undone', 'restored'],
  deal: ['created', 'updated', 'deleted'],
  lead: ['created', 'updated', 'deleted', 'converted'],
  lead_status: ['created', 'updated', 'reordered', 'deleted'],
  task: ['created', 'updated', 'completed', 'reopened', 'deleted'],
  timeline: ['created', 'updated', 'deleted', 'pinned', 'unpinned', 'mentioned'],
  file: ['uploaded', 'deleted'],
  import_connection: ['connected', 'deleted'],
  card_layout: ['updated'],
  webhook: ['created', 'updated', 'deleted', 'secret_rotated', 'disabled'],
  intake_request: ['received', 'accepted', 'declined', 'linked', 'sla_missed'],
  form: ['created', 'updated', 'deleted', 'key_rotated'],
  sla_policy: ['updated'],
  import_run: ['created', 'updated', 'progressed', 'completed', 'failed', 'rolled_back'],
};

/** The domain event types the web app listens for. */
export const REALTIME_EVENT_TYPES: readonly string[] = Object.entries(ENTITY_VERBS).flatMap(
  ([entity, verbs]) => verbs.map((verb) => `${entity}.${verb}`),
);

export type RealtimeStatus = 'connecting' | 'open' | 'reconnecting';

function parseEvent(data: unknown): Partial<DomainEvent> | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the stream open while `accountId` is set; reopens it when the account changes. */
export function useRealtime(accountId: string | undefined): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>('connecting');

  useEffect(() => {
    if (accountId === undefined || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;
    let disposed = false;

    const invalidate = (roots: readonly QueryRoot[]) => {
      for (const root of roots) void queryClient.invalidateQueries({ queryKey: queryKeys[root] });
    };

    const onEvent = (message: MessageEvent) => {
      const event = parseEvent(message.data);
      invalidate(queriesForEvent(event?.type ?? message.type, event?.entity));
    };

    const connect = () => {
      setStatus(opened ? 'reconnecting' : 'connecting');
      const current = new EventSource('/api/events/stream', { withCredentials: true });
      source = current;
      for (const type of REALTIME_EVENT_TYPES) current.addEventListener(type, onEvent);
      current.addEventListener('message', onEvent);
      current.addEventListener('open', () => {
        // After a gap, catch up on whatever changed while the stream was down.
        if (opened)
          invalidate([
            'account',
            'users',
            'departments',
            'invitations',
            'tokens',
            'me',
            'pipelines',
            'referenceLists',
            'workingHours',
            'deals',
            'dealCustomFields',
            'timeline',
            'tasks',
            'leads',
            'leadStatuses',
            'leadCustomFields',
            'contacts',
            'companies',
            'contactCustomFields',
            'companyCustomFields',
            'merges',
            'imports',
            'webhooks',
            'inbox',
            'forms',
          ]);
        opened = true;
        failures = 0;
        setStatus('open');
      });
      current.addEventListener('error', () => {
        if (disposed) return;
        setStatus('reconnecting');
        // EventSource retries network drops itself but gives up on an HTTP error (e.g. 401 when the
        // session ended): then check the session and try again later.
        if (current.readyState === EventSource.CLOSED) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.me });
          failures += 1;
          retryTimer = setTimeout(connect, Math.min(30_000, 1_000 * 2 ** failures));
        }
      });
    };
    connect();

    return () => {
      disposed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      source?.close();
    };
  }, [accountId, queryClient]);

  return status;
}
