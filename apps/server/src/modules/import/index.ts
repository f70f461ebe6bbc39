// import — owns migrations from other CRMs (MIGR-1..6). Today: connections to amoCRM portals
// (import_connections: OAuth tokens sealed at rest, rotated under a row lock) and the amoCRM API client
// (sources/amocrm). Emits import_connection.connected|deleted. Consumes no events. ADR 0012.
import type { Cipher } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import { createConnectionsRepository } from './connections.repository.js';
import { registerConnectionsRoutes } from './connections.routes.js';
import { createConnectionsService } from './connections.service.js';

export type { ConnectionsService } from './connections.service.js';
export {
  AmoApiError,
  AmoBlockedError,
  AmoOAuthError,
  AmoUnreachableError,
  createAmoClient,
  type AmoClient,
} from './sources/amocrm/client.js';

export function createImportModule(deps: {
  db: Db;
  events: EventBus;
  cipher: Cipher;
  http: OutboundHttp;
  allowedHostsOf: (accountId: string) => Promise<string[]>;
  publicUrl: string | undefined;
}) {
  const connections = createConnectionsService({ ...deps, repo: createConnectionsRepository() });
  return { connections, registerRoutes: (app: App) => registerConnectionsRoutes(app, connections) };
}
