// webhooks — owns outbound webhook subscriptions (webhook_subscriptions) and their deliveries
// (webhook_deliveries), AUTO-7, ADR 0014: Standard Webhooks signatures, retries with backoff for 72 hours,
// Retry-After honoured, redirects not followed, 410 Gone turns a subscription off, the address policy of
// platform/outbound-http at save and at every attempt. Emits webhook.created|updated|deleted|secret_rotated|
// disabled. Projects the subscribable CRM events (contracts' webhookEventTypes) into deliveries (ADR 0015).
import type { Logger } from 'pino';
import type { Cipher } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import { createDispatcher } from './dispatcher.js';
import { createWebhooksRepository } from './webhooks.repository.js';
import { registerWebhooksRoutes } from './webhooks.routes.js';
import { createWebhooksService } from './webhooks.service.js';
import { createWebhooksProjection } from './webhooks.projection.js';

export type { WebhooksService } from './webhooks.service.js';
export { payloadFor } from './webhooks.projection.js';

export interface WebhooksOptions {
  /** The clock of deliveries and their retries (tests move it forward). */
  now?: () => Date;
  /** How often the worker looks for due deliveries; 0 turns the poll off (tests call runDue). */
  pollIntervalMs?: number;
  /** An attempt's timeout (default 10 s) and lease (default 60 s; must be longer). */
  attemptTimeoutMs?: number;
  leaseMs?: number;
}

/** The projection must be known before the event bus exists; the rest is wired once it does. */
export function createWebhooksProjectionOf(options: WebhooksOptions = {}) {
  return createWebhooksProjection({
    repo: createWebhooksRepository(),
    now: options.now ?? (() => new Date()),
  });
}

export function createWebhooksModule(
  deps: {
    db: Db;
    events: EventBus;
    cipher: Cipher;
    http: OutboundHttp;
    allowedHostsOf: (accountId: string) => Promise<string[]>;
    logger: Logger;
    workerEnabled: boolean;
  },
  options: WebhooksOptions = {},
) {
  const now = options.now ?? (() => new Date());
  const repo = createWebhooksRepository();
  const dispatcher = createDispatcher({
    ...deps,
    repo,
    now,
    ...(options.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
  });
  const service = createWebhooksService({ ...deps, repo, dispatcher, now });
  return {
    service,
    dispatcher,
    registerRoutes: (app: App) => registerWebhooksRoutes(app, service),
    /** Starts the delivery poll in the worker. */
    start() {
      const interval = options.pollIntervalMs ?? 1000;
      if (deps.workerEnabled && interval > 0) dispatcher.start(interval);
    },
    stop: () => dispatcher.stop(),
  };
}
