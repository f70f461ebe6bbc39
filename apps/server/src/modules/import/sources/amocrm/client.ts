// The amoCRM API v4 client, on top of platform/outbound-http (ADR 0012): at most 7 requests per second per
// portal across every caller in the process, 250 per page (events 100), HAL paging until 204 or no
// `_links.next`, 429 → every caller backs off, 403 → stop with AmoBlockedError, 504 → the same items again
// in smaller pages, 401 → one refresh (rotating refresh tokens go through the token store) and a retry.
import type { z } from 'zod';
import {
  OutboundError,
  type OutboundHttp,
  type OutboundResponse,
  type RateLimit,
} from '../../../../platform/outbound-http/index.js';
import {
  accountSchema,
  companySchema,
  contactSchema,
  customFieldSchema,
  driveFileSchema,
  eventSchema,
  halPageSchema,
  leadSchema,
  linkSchema,
  lossReasonSchema,
  noteSchema,
  oauthProblemSchema,
  pipelineSchema,
  taskSchema,
  tokenResponseSchema,
  userSchema,
} from './schemas.js';

export interface AmoTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
}

export interface AmoCredentials {
  /** https://company.amocrm.ru (or an allowed on-premise address). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/**
 * Where the tokens live. `rotate` runs `exchange` with the current refresh token unless the stored access
 * token is no longer `failedAccessToken` (another caller refreshed already: its tokens are returned), and
 * saves the new pair before returning it — amoCRM spends a refresh token on first use.
 */
export interface AmoTokenStore {
  current(): Promise<AmoTokens>;
  rotate(
    failedAccessToken: string,
    exchange: (refreshToken: string) => Promise<AmoTokens>,
  ): Promise<AmoTokens>;
}

export type AmoOAuthReason =
  | 'code_expired'
  | 'code_used'
  | 'code_invalid'
  | 'client_invalid'
  | 'redirect_mismatch'
  | 'refresh_invalid'
  | 'not_amocrm';

/** amoCRM's OAuth server refused (the `hint` of its answer says why). */
export class AmoOAuthError extends Error {
  constructor(
    readonly reason: AmoOAuthReason,
    readonly hint: string,
  ) {
    super(`amoCRM refused the authorization: ${hint}`);
    this.name = 'AmoOAuthError';
  }
}

/** 403: the account or this server's IP is blocked (after too many 429s) or lacks rights. Stop. */
export class AmoBlockedError extends Error {
  constructor(readonly detail: string) {
    super(`amoCRM refused access (403): ${detail}`);
    this.name = 'AmoBlockedError';
  }
}

/** Any other answer the client cannot go on from (after its retries). */
export class AmoApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`amoCRM answered ${status} to ${path}: ${detail}`);
    this.name = 'AmoApiError';
  }
}

/** The portal could not be reached, or is not allowed (private address), or is not amoCRM. */
export class AmoUnreachableError extends Error {
  constructor(
    readonly kind: OutboundError['kind'] | 'not_amocrm',
    message: string,
  ) {
    super(message);
    this.name = 'AmoUnreachableError';
  }
}

export const AMO_REQUESTS_PER_SECOND = 7;
/** Page sizes to fall back through on 504: each divides the previous, so offsets map onto pages exactly. */
const PAGE_SIZES = [250, 50, 25, 5, 1];
const EVENT_PAGE_SIZES = [100, 50, 25, 5, 1];

export function amoRateLimit(baseUrl: string): RateLimit & { key: string } {
  // 100 ms of slack for the time between a grant and the request reaching amoCRM (ADR 0012).
  return {
    key: `amocrm:${new URL(baseUrl).host}`,
    limit: AMO_REQUESTS_PER_SECOND,
    windowMs: 1000,
    marginMs: 100,
  };
}

/**
 * The limiter is per process, so a process that starts right after another one died (a crash, a restart)
 * does not know what that one sent in its last second. Nothing goes to amoCRM until one window (and its
 * margin) has passed since this process started: whatever the previous process sent is out of every
 * window this one's requests fall into (ADR 0012).
 */
function holdAfterStart(http: OutboundHttp, limit: RateLimit & { key: string }) {
  const free = performance.timeOrigin + limit.windowMs + (limit.marginMs ?? 0) - Date.now();
  if (free > 0) http.pause(limit, free);
}

const detailOf = (response: OutboundResponse) => {
  try {
    const body = response.json() as { detail?: string; title?: string };
    return body.detail ?? body.title ?? String(response.status);
  } catch {
    return response.text().slice(0, 200) || String(response.status);
  }
};

function oauthReason(hint: string): AmoOAuthReason {
  const h = hint.toLowerCase();
  if (h.includes('expired')) return 'code_expired';
  if (h.includes('revoked')) return 'code_used';
  if (h.includes('decrypt') || h.includes('`code`')) return 'code_invalid';
  if (h.includes('redirect')) return 'redirect_mismatch';
  if (h.includes('refresh')) return 'refresh_invalid';
  // Unknown client, wrong secret, or a hint we have not seen: the integration's id and key are to check.
  return 'client_invalid';
}

async function tokenRequest(
  http: OutboundHttp,
  credentials: AmoCredentials,
  grant:
    | { grant_type: 'authorization_code'; code: string }
    | { grant_type: 'refresh_token'; refresh_token: string },
  allowedHosts: readonly string[],
): Promise<AmoTokens> {
  let response: OutboundResponse;
  holdAfterStart(http, amoRateLimit(credentials.baseUrl));
  try {
    response = await http.request({
      url: new URL('/oauth2/access_token', credentials.baseUrl),
      method: 'POST',
      body: {
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        redirect_uri: credentials.redirectUri,
        ...grant,
      },
      allowedHosts,
      rateLimit: amoRateLimit(credentials.baseUrl),
      timeoutMs: 20_000,
    });
  } catch (error) {
    if (error instanceof OutboundError) throw new AmoUnreachableError(error.kind, error.message);
    throw error;
  }
  // amoCRM (or its front) failing is not a wrong address: the caller says so and asks to try again.
  if (response.status >= 500)
    throw new AmoApiError(response.status, '/oauth2/access_token', detailOf(response));
  let body: unknown;
  try {
    body = response.json();
  } catch {
    throw new AmoUnreachableError(
      'not_amocrm',
      `The address answered ${response.status} without JSON: not an amoCRM portal`,
    );
  }
  if (response.status === 200) {
    const tokens = tokenResponseSchema.safeParse(body);
    if (!tokens.success) throw new AmoUnreachableError('not_amocrm', 'The token answer is not amoCRM’s');
    return {
      accessToken: tokens.data.access_token,
      refreshToken: tokens.data.refresh_token ?? null,
      expiresAt: new Date(Date.now() + tokens.data.expires_in * 1000),
    };
  }
  const problem = oauthProblemSchema.safeParse(body);
  if (
    (response.status === 400 || response.status === 401) &&
    problem.success &&
    (problem.data.hint || problem.data.detail)
  ) {
    const hint = problem.data.hint ?? problem.data.detail ?? '';
    throw new AmoOAuthError(oauthReason(hint), hint);
  }
  if (response.status === 403) throw new AmoBlockedError(detailOf(response));
  throw new AmoUnreachableError(
    'not_amocrm',
    `The address answered ${response.status} to the token request: not an amoCRM portal`,
  );
}

/** Exchanges the authorization code the user copied from amoCRM for the first token pair. */
export const exchangeAuthorizationCode = (
  http: OutboundHttp,
  credentials: AmoCredentials,
  code: string,
  allowedHosts: readonly string[] = [],
) => tokenRequest(http, credentials, { grant_type: 'authorization_code', code }, allowedHosts);

export interface AmoClientOptions {
  http: OutboundHttp;
  credentials: AmoCredentials;
  tokens: AmoTokenStore;
  allowedHosts?: readonly string[];
  signal?: AbortSignal;
  /** 429 answers to take (each with a longer pause) before giving up. */
  maxThrottleRetries?: number;
}

type PageOf<T extends z.ZodType> = z.output<T>[];

export function createAmoClient(options: AmoClientOptions) {
  const { http, credentials } = options;
  const rateLimit = amoRateLimit(credentials.baseUrl);
  holdAfterStart(http, rateLimit);
  const maxThrottle = options.maxThrottleRetries ?? 6;
  let refreshing: Promise<AmoTokens> | null = null;

  /** One refresh at a time in this client; the store serializes across clients and processes. */
  function refresh(failed: string) {
    refreshing ??= options.tokens
      .rotate(failed, (refreshToken) =>
        tokenRequest(
          http,
          credentials,
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          options.allowedHosts ?? [],
        ),
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  /**
   * GET with the client's rules; returns the response (200 or 204) or throws. `path` may be an absolute
   * address (the files service): it shares the portal's limit, since amoCRM counts requests per IP.
   */
  async function get(
    path: string,
    query: Record<string, string | number> = {},
    maxResponseBytes?: number,
  ): Promise<OutboundResponse> {
    const url = new URL(path, credentials.baseUrl);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    let refreshed = false;
    for (let throttled = 0; ;) {
      const tokens = refreshing ? await refreshing : await options.tokens.current();
      let response: OutboundResponse;
      try {
        response = await http.request({
          url,
          headers: { authorization: `Bearer ${tokens.accessToken}` },
          allowedHosts: options.allowedHosts ?? [],
          rateLimit,
          retryStatuses: [502, 503],
          signal: options.signal,
          ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
        });
      } catch (error) {
        if (error instanceof OutboundError) throw new AmoUnreachableError(error.kind, error.message);
        throw error;
      }
      if (response.status === 200 || response.status === 204) return response;
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        await refresh(tokens.accessToken);
        continue;
      }
      if (response.status === 429 && throttled < maxThrottle) {
        // Every caller of this portal waits, not just this one: the limit is per IP.
        const wait = Math.max(1000, Number(response.headers['retry-after'] ?? 0) * 1000) * 2 ** throttled;
        http.pause(rateLimit, Math.min(wait, 60_000));
        throttled++;
        continue;
      }
      if (response.status === 403) throw new AmoBlockedError(detailOf(response));
      throw new AmoApiError(response.status, url.pathname, detailOf(response));
    }
  }

  async function getJson<T extends z.ZodType>(
    path: string,
    schema: T,
    query: Record<string, string | number> = {},
  ) {
    const response = await get(path, query);
    if (response.status === 204) return null;
    return schema.parse(response.json());
  }

  /**
   * Every item of a HAL list, page by page, until 204 or no `next` link. On 504 the rest is read in
   * smaller pages starting at the same item.
   */
  async function* pages<T extends z.ZodType>(
    path: string,
    key: string,
    schema: T,
    query: Record<string, string | number> = {},
    sizes = PAGE_SIZES,
  ): AsyncGenerator<PageOf<T>> {
    let sizeIndex = 0;
    let offset = 0;
    for (;;) {
      const limit = sizes[sizeIndex] ?? 1;
      let response: OutboundResponse;
      try {
        response = await get(path, { ...query, limit, page: offset / limit + 1 });
      } catch (error) {
        if (error instanceof AmoApiError && error.status === 504 && sizeIndex < sizes.length - 1) {
          sizeIndex++;
          continue;
        }
        throw error;
      }
      if (response.status === 204) return;
      const page = halPageSchema.parse(response.json());
      const items = (page._embedded[key] ?? []).map((item): z.output<T> => schema.parse(item));
      if (items.length > 0) yield items;
      offset += limit;
      if (!page._links?.next || items.length < limit) return;
    }
  }

  /**
   * One page of a HAL list starting at item `offset` (a migration's checkpoint): the largest page size
   * that divides the offset, smaller on 504. `nextOffset` is null at the end of the list.
   */
  async function pageAt<T extends z.ZodType>(
    path: string,
    key: string,
    schema: T,
    query: Record<string, string | number>,
    offset: number,
    sizes = PAGE_SIZES,
  ): Promise<{ items: PageOf<T>; nextOffset: number | null }> {
    let sizeIndex = sizes.findIndex((size) => offset % size === 0);
    if (sizeIndex < 0) sizeIndex = sizes.length - 1;
    for (;;) {
      const limit = sizes[sizeIndex] ?? 1;
      let response: OutboundResponse;
      try {
        response = await get(path, { ...query, limit, page: offset / limit + 1 });
      } catch (error) {
        if (error instanceof AmoApiError && error.status === 504 && sizeIndex < sizes.length - 1) {
          sizeIndex++;
          continue;
        }
        throw error;
      }
      if (response.status === 204) return { items: [], nextOffset: null };
      const page = halPageSchema.parse(response.json());
      const items = (page._embedded[key] ?? []).map((item): z.output<T> => schema.parse(item));
      const end = !page._links?.next || items.length < limit;
      return { items, nextOffset: end ? null : offset + limit };
    }
  }

  async function all<T extends z.ZodType>(source: AsyncGenerator<PageOf<T>>) {
    const result: PageOf<T> = [];
    for await (const page of source) result.push(...page);
    return result;
  }

  type RecordQuery = { updatedFrom?: number; with?: string[] };
  const recordQuery = (q: RecordQuery = {}) => ({
    ...(q.updatedFrom !== undefined ? { 'filter[updated_at][from]': q.updatedFrom } : {}),
    ...(q.with?.length ? { with: q.with.join(',') } : {}),
    'order[id]': 'asc',
  });

  /** The list endpoints a migration pages through, with their item schemas. */
  const lists = {
    companies: { path: '/api/v4/companies', key: 'companies', schema: companySchema, sizes: PAGE_SIZES },
    contacts: { path: '/api/v4/contacts', key: 'contacts', schema: contactSchema, sizes: PAGE_SIZES },
    leads: { path: '/api/v4/leads', key: 'leads', schema: leadSchema, sizes: PAGE_SIZES },
    tasks: { path: '/api/v4/tasks', key: 'tasks', schema: taskSchema, sizes: PAGE_SIZES },
    leadNotes: { path: '/api/v4/leads/notes', key: 'notes', schema: noteSchema, sizes: PAGE_SIZES },
    contactNotes: { path: '/api/v4/contacts/notes', key: 'notes', schema: noteSchema, sizes: PAGE_SIZES },
    companyNotes: { path: '/api/v4/companies/notes', key: 'notes', schema: noteSchema, sizes: PAGE_SIZES },
  } as const;
  type Lists = typeof lists;

  return {
    rateLimit,
    get,
    pages,
    /** One page of a list (see `pageAt`), ordered by id; `updatedFrom` reads only what changed since. */
    listPage: <K extends keyof Lists>(
      list: K,
      offset: number,
      q: { updatedFrom?: number; with?: string[] } = {},
    ): Promise<{ items: z.output<Lists[K]['schema']>[]; nextOffset: number | null }> => {
      const { path, key, schema, sizes } = lists[list];
      return pageAt(path, key, schema, recordQuery(q), offset, sizes) as Promise<{
        items: z.output<Lists[K]['schema']>[];
        nextOffset: number | null;
      }>;
    },
    account: async () => {
      const account = await getJson('/api/v4/account', accountSchema);
      if (!account) throw new AmoApiError(204, '/api/v4/account', 'no account');
      return account;
    },
    /** The account's files service (`drive_url`), or null when amoCRM names none. */
    driveUrl: async () =>
      (await getJson('/api/v4/account', accountSchema, { with: 'drive_url' }))?.drive_url ?? null,
    /**
     * A drive file's bytes: its description (`/v1.0/files/{uuid}`), then its download link — of the
     * version the note names when that is the file's current one, else of the file. Two requests, both
     * under the portal's limit. Throws AmoApiError (404: the file is gone), AmoUnreachableError
     * (`too_large` above `maxBytes`).
     */
    downloadFile: async (
      driveUrl: string,
      file: { uuid: string; versionUuid: string | null },
      maxBytes: number,
    ): Promise<{ name: string | null; mime: string | null; bytes: Buffer }> => {
      const drive = new URL(driveUrl);
      const described = await get(new URL(`/v1.0/files/${encodeURIComponent(file.uuid)}`, drive).href);
      const meta = driveFileSchema.parse(described.json());
      const href =
        (file.versionUuid && meta.version_uuid === file.versionUuid
          ? meta._links.download_version?.href
          : undefined) ?? meta._links.download.href;
      const link = new URL(href, drive);
      // The token goes only to the files service amoCRM named, whatever a link says.
      if (link.origin !== drive.origin)
        throw new AmoApiError(0, link.pathname, `the download link leaves the files service (${link.host})`);
      const response = await get(link.href, {}, maxBytes);
      return { name: meta.name ?? null, mime: meta.metadata?.mime_type ?? null, bytes: response.body };
    },
    users: () => all(pages('/api/v4/users', 'users', userSchema)),
    pipelines: async () =>
      (await getJson('/api/v4/leads/pipelines', halPageSchema))?._embedded.pipelines?.map((p) =>
        pipelineSchema.parse(p),
      ) ?? [],
    lossReasons: () => all(pages('/api/v4/leads/loss_reasons', 'loss_reasons', lossReasonSchema)),
    customFields: (entity: 'leads' | 'contacts' | 'companies') =>
      all(pages(`/api/v4/${entity}/custom_fields`, 'custom_fields', customFieldSchema)),
    leads: (q?: RecordQuery) =>
      pages('/api/v4/leads', 'leads', leadSchema, recordQuery({ with: ['contacts'], ...q })),
    contacts: (q?: RecordQuery) => pages('/api/v4/contacts', 'contacts', contactSchema, recordQuery(q)),
    companies: (q?: RecordQuery) => pages('/api/v4/companies', 'companies', companySchema, recordQuery(q)),
    notes: (entity: 'leads' | 'contacts' | 'companies', q: { updatedFrom?: number } = {}) =>
      pages(`/api/v4/${entity}/notes`, 'notes', noteSchema, {
        ...(q.updatedFrom !== undefined ? { 'filter[updated_at][from]': q.updatedFrom } : {}),
        'order[id]': 'asc',
      }),
    tasks: (q: { updatedFrom?: number } = {}) =>
      pages('/api/v4/tasks', 'tasks', taskSchema, {
        ...(q.updatedFrom !== undefined ? { 'filter[updated_at][from]': q.updatedFrom } : {}),
        'order[id]': 'asc',
      }),
    events: (q: { createdFrom?: number; types?: string[] } = {}) =>
      pages(
        '/api/v4/events',
        'events',
        eventSchema,
        {
          ...(q.createdFrom !== undefined ? { 'filter[created_at][from]': q.createdFrom } : {}),
          ...(q.types?.length ? { 'filter[type]': q.types.join(',') } : {}),
        },
        EVENT_PAGE_SIZES,
      ),
    links: async (entity: 'leads' | 'contacts' | 'companies', id: number) => {
      const page = await getJson(`/api/v4/${entity}/${id}/links`, halPageSchema);
      return page?._embedded.links?.map((l) => linkSchema.parse(l)) ?? [];
    },
    all,
  };
}
export type AmoClient = ReturnType<typeof createAmoClient>;

/** A token store kept in memory (tests, and a connection being created before it is saved). */
export function memoryTokenStore(initial: AmoTokens): AmoTokenStore & { tokens: AmoTokens } {
  const store = {
    tokens: initial,
    current: () => Promise.resolve(store.tokens),
    async rotate(failed: string, exchange: (refreshToken: string) => Promise<AmoTokens>) {
      if (store.tokens.accessToken !== failed) return store.tokens;
      if (!store.tokens.refreshToken)
        throw new AmoOAuthError('refresh_invalid', 'No refresh token (long-lived token)');
      store.tokens = await exchange(store.tokens.refreshToken);
      return store.tokens;
    },
  };
  return store;
}
