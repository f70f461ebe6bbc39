// outbound-http — owns every request the server makes to other servers (ARCHITECTURE rule 7): the
// address policy against SSRF (with the account allow-list in `outbound_allowed_hosts` and the
// installation's OUTBOUND_ALLOWED_HOSTS), process-wide per-key rate limits, timeouts and retries. Emits
// outbound_hosts.updated. Consumes no events.
export {
  createOutboundHttp,
  OutboundError,
  retryAfterMs,
  type OutboundErrorKind,
  type OutboundHttp,
  type OutboundHttpOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './client.js';
export { createRateLimiter, rateLimiterFor, type RateLimit, type RateLimiter } from './rate-limiter.js';
export { embeddedIpv4, isBlockedAddress, isHostAllowed, normalizeAllowedHost } from './address-policy.js';
export { createAllowedHostsService, type AllowedHostsService } from './allowed-hosts.js';
export { registerAllowedHostsRoutes } from './allowed-hosts.routes.js';
