// The one way the server calls other servers (ARCHITECTURE rule 7): an address policy checked on every
// address DNS returns (and the connection pinned to it), per-key rate limits, timeouts, a response size
// cap, and retries with exponential backoff and full jitter for requests that are safe to repeat.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import net from 'node:net';
import { TLSSocket } from 'node:tls';
import { isBlockedAddress, isHostAllowed } from './address-policy.js';
import { abortReason, rateLimiterFor, type RateLimit } from './rate-limiter.js';

export type OutboundErrorKind =
  'invalid_url' | 'blocked_address' | 'dns_failed' | 'connect_failed' | 'timeout' | 'too_large' | 'network';

/** The request did not get an HTTP answer (an answer with any status is a response, not this). */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboundError';
  }
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  /** The body parsed as JSON; throws a SyntaxError when it is not JSON. */
  json(): unknown;
}

export interface OutboundRequest {
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  /** Hosts this request may reach even on a private address (the account's allow-list). */
  allowedHosts?: readonly string[];
  /** A shared rate limit: every request with the same key counts against the same window. */
  rateLimit?: RateLimit & { key: string };
  /** Whole request, connect to last byte. */
  timeoutMs?: number;
  /** Extra attempts after the first; 0 disables retries. Only idempotent requests retry. */
  retries?: number;
  /** Retry even though the method is not idempotent (the caller made the request safe to repeat). */
  idempotent?: boolean;
  /** Statuses that are retried (with Retry-After honoured); 429 is honoured when listed. */
  retryStatuses?: readonly number[];
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface OutboundHttp {
  request(request: OutboundRequest): Promise<OutboundResponse>;
  /** Holds every request of a rate-limit key for `ms` (the server answered 429). */
  pause(rateLimit: RateLimit & { key: string }, ms: number): void;
  /** Throws `blocked_address` unless the URL's host resolves only to public addresses or is allowed. */
  checkAddress(url: string | URL, allowedHosts?: readonly string[]): Promise<void>;
  close(): void;
}

export interface OutboundHttpOptions {
  /** The installation's allow-list (config), added to every request's own. */
  allowedHosts?: readonly string[];
  timeoutMs?: number;
  retries?: number;
  /** Backoff before retry n (0-based) is random in [0, min(maxDelay, base · 2^n)] (full jitter). */
  backoff?: { baseMs: number; maxMs: number };
  maxResponseBytes?: number;
  userAgent?: string;
  /** DNS resolution (tests substitute a fake resolver). */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(abortReason(signal));
      },
      { once: true },
    );
  });

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  // Every HTTP-date form opens with the day's name; Date.parse alone reads "-5" or "12" as years.
  if (!/^[A-Za-z]{3,9},? /.test(text.trim())) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultResolve = (hostname: string) => dns.promises.lookup(hostname, { all: true, order: 'verbatim' });

export function createOutboundHttp(options: OutboundHttpOptions = {}): OutboundHttp {
  const globalAllowed = options.allowedHosts ?? [];
  const resolve = options.resolve ?? defaultResolve;
  const backoff = options.backoff ?? { baseMs: 250, maxMs: 10_000 };
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };

  function parse(raw: string | URL): URL {
    let url: URL;
    try {
      url = new URL(String(raw));
    } catch {
      throw new OutboundError('invalid_url', 'Not a valid URL', String(raw));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new OutboundError('invalid_url', 'Only http and https URLs can be called', url.href);
    if (url.username || url.password)
      throw new OutboundError('invalid_url', 'Credentials in URLs are not sent', url.href);
    return url;
  }

  /** The addresses to connect to: all of them checked, unless the host is allowed. */
  async function addressesOf(url: URL, allowed: readonly string[]) {
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const exempt = isHostAllowed(url, [...globalAllowed, ...allowed]);
    let addresses: { address: string; family: number }[];
    if (net.isIP(hostname)) addresses = [{ address: hostname, family: net.isIP(hostname) }];
    else {
      try {
        addresses = await resolve(hostname);
      } catch (error) {
        throw new OutboundError('dns_failed', `The host ${hostname} could not be resolved`, url.href, {
          cause: error,
        });
      }
    }
    if (addresses.length === 0)
      throw new OutboundError('dns_failed', `The host ${hostname} has no address`, url.href);
    if (!exempt) {
      const blocked = addresses.find((a) => isBlockedAddress(a.address));
      if (blocked)
        throw new OutboundError(
          'blocked_address',
          `${hostname} resolves to a private or reserved address (${blocked.address}); an administrator can allow this host`,
          url.href,
        );
    }
    return addresses;
  }

  function once(
    url: URL,
    method: string,
    headers: Record<string, string>,
    payload: Buffer | undefined,
    addresses: { address: string; family: number }[],
    timeoutMs: number,
    maxBytes: number,
    signal: AbortSignal | undefined,
    gate: (() => Promise<void>) | undefined,
  ): Promise<OutboundResponse> {
    const first = addresses[0];
    // Connect to the address that was checked, never to a second DNS answer (rebinding).
    const lookup: LookupFunction = (_host, opts, callback) => {
      if (opts.all) callback(null, addresses);
      else callback(null, first?.address ?? '', first?.family ?? 4);
    };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<OutboundResponse>((resolvePromise, reject) => {
      let settled = false;
      const fail = (error: OutboundError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const req = transport.request(
        url,
        {
          method,
          headers: {
            'user-agent': options.userAgent ?? 'Voronka',
            accept: 'application/json, */*;q=0.5',
            ...headers,
            ...(payload ? { 'content-length': String(payload.length) } : {}),
          },
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup,
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes)
              fail(new OutboundError('too_large', `The answer is larger than ${maxBytes} bytes`, url.href));
            else chunks.push(chunk);
          });
          res.on('error', (error) =>
            fail(new OutboundError('network', error.message, url.href, { cause: error })),
          );
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const body = Buffer.concat(chunks);
            resolvePromise({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body,
              text: () => body.toString('utf8'),
              json: () => JSON.parse(body.toString('utf8')) as unknown,
            });
          });
        },
      );
      const timeout = () =>
        setTimeout(
          () => fail(new OutboundError('timeout', `No answer within ${timeoutMs} ms`, url.href)),
          timeoutMs,
        );
      let timer = timeout();
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (signal?.aborted) {
          if (!settled) {
            settled = true;
            clearTimeout(timer);
            reject(abortReason(signal));
          }
          return;
        }
        const kind =
          error.code === 'ECONNREFUSED' || error.code === 'EHOSTUNREACH' ? 'connect_failed' : 'network';
        const wrapped = new OutboundError(kind, error.message, url.href, { cause: error });
        Object.assign(wrapped, { code: error.code });
        fail(wrapped);
      });
      if (!gate) {
        req.end(payload);
        return;
      }
      // A rate-limited request waits for its grant with its connection open, and is sent the moment it
      // gets it: the time a new connection (or a TLS handshake) takes is not between the grant and the
      // request reaching the server, where it would let N + 1 requests land in one window. The wait for
      // the grant is not part of the request's timeout.
      req.once('socket', (socket) => {
        const granted = () => {
          if (settled) return;
          clearTimeout(timer);
          gate().then(
            () => {
              if (settled) return;
              timer = timeout();
              req.end(payload);
            },
            (error: unknown) => {
              if (settled) return;
              settled = true;
              req.destroy();
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        };
        if (socket.connecting)
          socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', granted);
        else granted();
      });
    });
  }

  return {
    async checkAddress(raw, allowedHosts = []) {
      await addressesOf(parse(raw), allowedHosts);
    },

    pause(rateLimit, ms) {
      rateLimiterFor(rateLimit.key, rateLimit).pause(ms);
    },

    async request(request) {
      const url = parse(request.url);
      const method = (request.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = { ...request.headers };
      let payload: Buffer | undefined;
      if (Buffer.isBuffer(request.body)) payload = request.body;
      else if (typeof request.body === 'string') payload = Buffer.from(request.body);
      else if (request.body !== undefined) {
        payload = Buffer.from(JSON.stringify(request.body));
        headers['content-type'] ??= 'application/json';
      }
      const canRetry = request.idempotent ?? IDEMPOTENT.has(method);
      const retries = canRetry ? (request.retries ?? options.retries ?? 2) : 0;
      const retryStatuses = new Set(request.retryStatuses ?? [502, 503]);
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? 30_000;
      const maxBytes = request.maxResponseBytes ?? options.maxResponseBytes ?? 50 * 1024 * 1024;
      const limiter = request.rateLimit
        ? rateLimiterFor(request.rateLimit.key, request.rateLimit)
        : undefined;

      for (let attempt = 0; ; attempt++) {
        // Resolved and checked on every attempt: a retry must not reuse an answer DNS has since changed.
        const addresses = await addressesOf(url, request.allowedHosts ?? []);
        let delay: number;
        try {
          const response = await once(
            url,
            method,
            headers,
            payload,
            addresses,
            timeoutMs,
            maxBytes,
            request.signal,
            limiter ? () => limiter.acquire(request.signal) : undefined,
          );
          if (attempt >= retries || !retryStatuses.has(response.status)) return response;
          const jitter = Math.random() * Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
          delay = retryAfterMs(response.headers['retry-after']) ?? jitter;
          if (response.status === 429 && request.rateLimit) limiter?.pause(delay);
        } catch (error) {
          const code = (error as { code?: string }).code;
          const transient =
            error instanceof OutboundError &&
            (error.kind === 'timeout' ||
              error.kind === 'connect_failed' ||
              (error.kind === 'network' && (code === undefined || RETRYABLE_CODES.has(code))));
          if (attempt >= retries || !transient) throw error;
          delay = Math.random() * Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
        }
        await sleep(delay, request.signal);
      }
    },

    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
