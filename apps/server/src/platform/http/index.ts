// HTTP platform: the Fastify server, problem+json errors and the authentication guard.
export { createHttpServer, listRoutes, type App, type RouteInfo } from './server.js';
export { sendProblem, problemResponses } from './problem.js';
export {
  installAuth,
  actorOf,
  eventContextOf,
  type Actor,
  type Authenticate,
  type AuthLevel,
} from './auth.js';
export { registerHealthRoutes } from './health.routes.js';
export { installIdempotency } from './idempotency.js';
export { etagOf, ifMatchHeadersSchema, sendVersioned, versionFromIfMatch } from './etag.js';
export { decodeCursor, encodeCursor } from './cursor.js';
export { versionedUpdate, versionedDelete } from './record-routes.js';
