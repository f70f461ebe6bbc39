// GET /api/events/stream: the account's domain events as Server-Sent Events for signed-in browsers
// (and API tokens). A reconnecting EventSource sends Last-Event-ID and gets what it missed. Each event,
// live or replayed, passes `canSee` first (access rights: a member gets no event of a deal they may not
// read); events are checked and written one at a time, in order.
import { z } from 'zod';
import { problemSchema } from '@voronka/contracts';
import type { EventBus } from '../events/index.js';
import { actorOf, type Actor, type App } from '../http/index.js';
import type { RealtimeEvent, RealtimeHub } from './index.js';

/** Whether an event may go to the stream of this actor (from the composition root; all when absent). */
export type CanSee = (actor: Actor, event: RealtimeEvent) => Promise<boolean>;

const HEARTBEAT_MS = 25_000;
const REPLAY_LIMIT = 500;

export function registerRealtimeRoutes(
  app: App,
  deps: { hub: RealtimeHub; events: EventBus; canSee?: CanSee },
) {
  const open = new Set<() => void>();
  app.addHook('onClose', () => {
    for (const end of open) end();
  });

  app.get(
    '/api/events/stream',
    {
      schema: {
        tags: ['events'],
        summary: 'Stream the account’s domain events (text/event-stream)',
        description:
          'Each message has `id` (a sequence number), `event` (the event type, e.g. `user.deactivated`) and ' +
          '`data` (a DomainEvent as JSON). Send `Last-Event-ID` (or `?lastEventId=`) to resume after a disconnect. ' +
          'A record’s change history has its entry for an event by the time the event is sent.',
        querystring: z.object({
          lastEventId: z
            .string()
            .regex(/^\d{1,19}$/)
            .optional(),
        }),
        headers: z
          .object({
            'last-event-id': z
              .string()
              .regex(/^\d{1,19}$/)
              .optional(),
          })
          .loose(),
        response: { 200: z.string().describe('text/event-stream'), 401: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const lastEventId = request.headers['last-event-id'] ?? request.query.lastEventId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      let lastSent = lastEventId ?? '0';
      // One event at a time: `canSee` may ask the database, and the stream must keep the events' order.
      let queue = Promise.resolve();
      const gone = () => res.writableEnded;
      const write = (event: RealtimeEvent) => {
        queue = queue
          .then(async () => {
            if (gone() || BigInt(event.seq) <= BigInt(lastSent)) return;
            if (deps.canSee && !(await deps.canSee(actor, event))) return;
            // The client may have gone while the rights were asked.
            if (gone()) return;
            lastSent = event.seq;
            const { seq, ...data } = event;
            res.write(`id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
          })
          .catch((error: unknown) => request.log.warn({ err: error }, 'an event was not streamed'));
      };
      // Subscribe first, then replay, so nothing committed in between is lost (duplicates are skipped by seq).
      const pending: RealtimeEvent[] = [];
      let replaying = true;
      const unsubscribe = deps.hub.subscribe(actor.accountId, (event) => {
        if (replaying) pending.push(event);
        else write(event);
      });
      res.write(`retry: 3000\n: connected\n\n`);
      if (lastEventId) {
        for (const event of await deps.events.listAfter(actor.accountId, lastEventId, REPLAY_LIMIT))
          write(event);
      }
      replaying = false;
      for (const event of pending) write(event);
      const heartbeat = setInterval(() => res.write(`: ping\n\n`), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        res.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
}
