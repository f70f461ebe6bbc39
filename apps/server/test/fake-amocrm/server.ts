// A fake amoCRM API v4 server over real HTTP, written from shared/reference/amocrm-bitrix24-api-contract.md
// (not from our client): OAuth 2.0 with single-use authorization codes living 20 minutes and rotating refresh
// tokens; HAL lists with `page`/`limit` (≤ 250, events ≤ 100), `_links.next`, 204 on an empty page,
// `filter[updated_at]`, `with=`; 7 requests per second per IP answered with 429 beyond it and, after
// repeated violations, 403 on every request; 422 above 250 items per write and, when configured, 504 for
// larger batches; a request log tests read to prove the client stayed under the limit. The account's files
// service (`drive_url` of `GET /api/v4/account?with=drive_url`) listens on a port of its own, as amoCRM's
// drive is a host of its own: `GET /v1.0/files/{uuid}` (the file with its `_links.download` and
// `download_version`) and the download links, with the same token and the same per-IP limit and log.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AmoAccountData, Entity, EntityType } from './generator.js';

export interface FakeAmoClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface FakeAmoOptions {
  data: AmoAccountData;
  clients: FakeAmoClient[];
  port?: number;
  host?: string;
  /** Requests per second per IP on /api/v4 before 429 (amoCRM: 7). */
  requestsPerSecond?: number;
  /** 429 answers after which the IP is blocked (403 on everything). The real threshold is unknown. */
  blockAfterViolations?: number;
  /** Write batches above this size answer 504 ("reduce the number of entities and retry"). */
  writeTimeoutAbove?: number;
  /** GET pages asking for more than this answer 504 (a slow list, to exercise smaller pages). */
  readTimeoutAbove?: number;
  accessTokenTtlSeconds?: number;
  /** The clock (ms); tests move it to expire codes and tokens without waiting. */
  now?: () => number;
}

export interface LoggedRequest {
  /** Arrival, ms from a monotonic clock. */
  at: number;
  ip: string;
  method: string;
  path: string;
  query: string;
  status: number;
}

const CODE_TTL_MS = 20 * 60 * 1000;
const REFRESH_TTL_MS = 90 * 86400 * 1000;

interface Grant {
  clientId: string;
  expiresAt: number;
  used: boolean;
}

const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { title, type: `https://httpstatus.es/${status}`, status, detail, ...extra },
});

const oauthProblem = (status: number, hint: string) => ({
  status,
  body: {
    hint,
    title: 'Некорректный запрос',
    type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
    status,
    detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
  },
});

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The most requests that arrived within any window of `windowMs` (sliding over arrivals). */
export function maxRequestsInWindow(log: readonly { at: number }[], windowMs = 1000): number {
  const times = log.map((r) => r.at).sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

/** Bracket query syntax (`filter[id][]=1&filter[updated_at][from]=2`) read into nested objects. */
function parseQuery(search: URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of search) {
    const open = key.indexOf('[');
    const names =
      open < 0
        ? [key]
        : [key.slice(0, open), ...[...key.slice(open).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node = root;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] ?? '';
      const rest = names.length - i - 1;
      if (rest === 0 || (rest === 1 && names[i + 1] === '')) {
        // `a=1`, or `a[]=1` (an array); a repeated `a=` becomes an array too.
        const existing = node[name];
        const asArray = rest === 1;
        node[name] = existing === undefined ? (asArray ? [value] : value) : [existing, value].flat();
        break;
      }
      const child = node[name];
      node[name] = typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {};
      node = node[name] as Record<string, unknown>;
    }
  }
  return root;
}

const list = (value: unknown): string[] => {
  const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === 'string');
  if (Array.isArray(value)) return strings(value);
  if (typeof value === 'object' && value !== null) return strings(Object.values(value));
  return typeof value === 'string' ? value.split(',') : [];
};

/** `filter[x]=ts`, `filter[x][from]/[to]`, or the legacy `from,to` pair; true when `value` is inside. */
function inRange(filter: unknown, value: number | undefined): boolean {
  if (filter === undefined) return true;
  if (value === undefined) return false;
  if (typeof filter === 'object' && filter !== null && !Array.isArray(filter)) {
    const { from, to } = filter as { from?: string; to?: string };
    return (from === undefined || value >= Number(from)) && (to === undefined || value <= Number(to));
  }
  if (typeof filter !== 'string') return false;
  const [from, to] = filter.split(',');
  return value >= Number(from) && (to === undefined || value <= Number(to));
}

export interface FakeAmo {
  url: string;
  /** The files service (`drive_url`), `http://127.0.0.1:port`. */
  driveUrl: string;
  driveHost: string;
  /** The portal host as the client should see it (`127.0.0.1:port`). */
  host: string;
  port: number;
  log: LoggedRequest[];
  data: AmoAccountData;
  /** A fresh authorization code for the integration, as amoCRM shows it in "Keys and access". */
  issueAuthorizationCode(clientId?: string): string;
  /** Makes every access token issued so far invalid (as after 24 hours). */
  expireAccessTokens(): void;
  /** Blocks the account: 403 on every API request (as after repeated 429s). */
  block(reason?: string): void;
  unblock(): void;
  /**
   * Changes a lead, contact, company or task as a user in amoCRM would: the fields given, and `updated_at`
   * set to now (what `filter[updated_at][from]` sees). Returns the record.
   */
  change(type: EntityType | 'tasks' | 'notes', id: number, changes: Record<string, unknown>): Entity;
  /** Counts of requests by path prefix, for tests. */
  requestsTo(path: string | RegExp): LoggedRequest[];
  close(): Promise<void>;
}

export async function startFakeAmo(options: FakeAmoOptions): Promise<FakeAmo> {
  const data = options.data;
  const now = options.now ?? Date.now;
  const perSecond = options.requestsPerSecond ?? 7;
  const blockAfter = options.blockAfterViolations ?? 20;
  const accessTtl = (options.accessTokenTtlSeconds ?? 86400) * 1000;
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, { clientId: string; expiresAt: number }>();
  const refreshTokens = new Map<string, { clientId: string; expiresAt: number; used: boolean }>();
  const log: LoggedRequest[] = [];
  const recent = new Map<string, number[]>();
  const violations = new Map<string, number>();
  const blockedIps = new Set<string>();
  let accountBlocked: string | null = null;
  let base = '';
  let driveBase = '';

  const entityMaps = {
    leads: new Map(data.leads.map((e) => [e.id, e])),
    contacts: new Map(data.contacts.map((e) => [e.id, e])),
    companies: new Map(data.companies.map((e) => [e.id, e])),
    tasks: new Map(data.tasks.map((e) => [e.id, e])),
  };
  let nextWriteId = 90_000_000;

  const selfLink = (path: string) => ({ self: { href: `${base}${path}` } });

  function issueTokens(clientId: string) {
    const header = base64url({ typ: 'JWT', alg: 'RS256', jti: crypto.randomBytes(20).toString('hex') });
    const claims = base64url({
      aud: clientId,
      jti: crypto.randomUUID(),
      iat: Math.floor(now() / 1000),
      exp: Math.floor((now() + accessTtl) / 1000),
      sub: String(data.users[0]?.id ?? 0),
      account_id: data.account.id,
      api_domain: 'api-b.amocrm.ru',
      scopes: ['crm'],
    });
    const access = `${header}.${claims}.${crypto.randomBytes(64).toString('base64url')}`;
    const refresh = `def50200${crypto.randomBytes(96).toString('hex')}`;
    accessTokens.set(access, { clientId, expiresAt: now() + accessTtl });
    refreshTokens.set(refresh, { clientId, expiresAt: now() + REFRESH_TTL_MS, used: false });
    return {
      token_type: 'Bearer',
      expires_in: Math.floor(accessTtl / 1000),
      server_time: Math.floor(now() / 1000),
      access_token: access,
      refresh_token: refresh,
    };
  }

  function oauth(body: Record<string, unknown>) {
    const clientId = typeof body.client_id === 'string' ? body.client_id : '';
    if (!clientId) return oauthProblem(400, 'Check the `client_id` parameter');
    const grantType = body.grant_type;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token')
      return oauthProblem(400, 'Check the `grant_type` parameter');
    const client = options.clients.find((c) => c.clientId === clientId);
    const code = typeof body.code === 'string' ? codes.get(body.code) : undefined;
    // Every failed attempt with a live code makes amoCRM issue a new one (seed 000, §1).
    const spoil = () => {
      if (code && code.clientId === clientId) code.used = true;
    };
    if (!client || client.clientSecret !== body.client_secret) {
      spoil();
      // league/oauth2-server's invalid_client answer (amoCRM's OAuth server); inferred, see ADR 0012.
      return oauthProblem(401, 'Client authentication failed');
    }
    if (typeof body.redirect_uri !== 'string' || body.redirect_uri !== client.redirectUri) {
      spoil();
      return oauthProblem(400, 'Check the `redirect_uri` parameter');
    }
    if (grantType === 'authorization_code') {
      if (typeof body.code !== 'string' || !body.code) return oauthProblem(400, 'Check the `code` parameter');
      if (!code || code.clientId !== clientId)
        return oauthProblem(400, 'Cannot decrypt the authorization code');
      if (code.used) return oauthProblem(400, 'Authorization code has been revoked');
      if (now() > code.expiresAt) return oauthProblem(400, 'Authorization code has expired');
      code.used = true;
      return { status: 200, body: issueTokens(clientId) };
    }
    const refresh =
      typeof body.refresh_token === 'string' ? refreshTokens.get(body.refresh_token) : undefined;
    if (!refresh || refresh.clientId !== clientId || refresh.used || now() > refresh.expiresAt)
      return oauthProblem(400, 'Invalid refresh token');
    // Rotation: the old refresh token is spent; the previous access token keeps working until it expires.
    refresh.used = true;
    return { status: 200, body: issueTokens(clientId) };
  }

  const withLinks = (path: string, entity: Entity) => ({
    ...entity,
    _links: selfLink(`${path}/${entity.id}`),
  });

  /** Lead/contact/company as the list returns it: `_embedded.tags`/`companies` always, the rest with `with=`. */
  function presentRecord(type: EntityType, entity: Entity, withs: string[]) {
    const embedded = { ...(entity._embedded as Record<string, unknown> | undefined) };
    const result: Record<string, unknown> = { ...entity, _links: selfLink(`/api/v4/${type}/${entity.id}`) };
    const linkList = (ids: { id: number }[], to: string) =>
      ids.map((x) => ({ ...x, _links: selfLink(`/api/v4/${to}/${x.id}`) }));
    embedded.companies = linkList((embedded.companies as { id: number }[] | undefined) ?? [], 'companies');
    if (type === 'leads') {
      if (withs.includes('contacts'))
        embedded.contacts = linkList((embedded.contacts as { id: number }[] | undefined) ?? [], 'contacts');
      else delete embedded.contacts;
    }
    if (type !== 'leads' && withs.includes('leads'))
      embedded.leads = linkList(
        data.links
          .filter((l) => l.entity_type === type && l.entity_id === entity.id && l.to_entity_type === 'leads')
          .map((l) => ({ id: l.to_entity_id }))
          .concat(
            data.links
              .filter(
                (l) => l.entity_type === 'leads' && l.to_entity_type === type && l.to_entity_id === entity.id,
              )
              .map((l) => ({ id: l.entity_id })),
          ),
        'leads',
      );
    if (type === 'companies' && withs.includes('contacts'))
      embedded.contacts = linkList(
        data.links
          .filter(
            (l) =>
              l.entity_type === 'companies' && l.entity_id === entity.id && l.to_entity_type === 'contacts',
          )
          .map((l) => ({ id: l.to_entity_id })),
        'contacts',
      );
    if (type === 'leads' && withs.includes('loss_reason') && entity.loss_reason_id)
      embedded.loss_reason = data.lossReasons.filter((r) => r.id === entity.loss_reason_id);
    result._embedded = embedded;
    return result;
  }

  /** One HAL page; 204 when it is empty. `counted` adds `_total_items`/`_page_count`/`last`. */
  function page(
    path: string,
    key: string,
    items: unknown[],
    query: Record<string, unknown>,
    search: string,
    max = 250,
    counted = false,
  ) {
    const pageNo = Math.max(1, Number(query.page ?? 1) || 1);
    const limit = Math.min(max, Math.max(1, Number(query.limit ?? 50) || 50));
    const slice = items.slice((pageNo - 1) * limit, pageNo * limit);
    if (slice.length === 0) return { status: 204, body: undefined };
    const params = new URLSearchParams(search);
    const at = (n: number) => {
      params.set('page', String(n));
      params.set('limit', String(limit));
      return { href: `${base}${path}?${params.toString()}` };
    };
    const pages = Math.ceil(items.length / limit);
    const links: Record<string, unknown> = { self: at(pageNo) };
    if (pageNo < pages) links.next = at(pageNo + 1);
    links.first = at(1);
    if (pageNo > 1) links.prev = at(pageNo - 1);
    if (counted) links.last = at(pages);
    return {
      status: 200,
      body: {
        ...(counted ? { _total_items: items.length, _page_count: pages } : {}),
        _page: pageNo,
        _links: links,
        _embedded: { [key]: slice },
      },
    };
  }

  function filterRecords<T extends Record<string, unknown>>(items: T[], query: Record<string, unknown>) {
    const filter = (query.filter ?? {}) as Record<string, unknown>;
    const ids = list(filter.id).map(Number);
    let result = items.filter(
      (e) =>
        (ids.length === 0 || ids.includes(e.id as number)) &&
        inRange(filter.updated_at, e.updated_at as number) &&
        inRange(filter.created_at, e.created_at as number),
    );
    const order = (query.order ?? {}) as Record<string, string>;
    const [field, direction] = Object.entries(order)[0] ?? ['id', 'asc'];
    result = [...result].sort(
      (a, b) =>
        ((a[field] as number) - (b[field] as number)) * (direction === 'desc' ? -1 : 1) ||
        (a.id as number) - (b.id as number),
    );
    return result;
  }

  function write(
    type: 'leads' | 'contacts' | 'companies' | 'tasks' | 'notes',
    method: string,
    body: unknown,
    parent?: EntityType,
  ) {
    if (!Array.isArray(body))
      return problem(400, 'Bad Request', 'Request validation failed', {
        'validation-errors': [
          {
            request_id: '0',
            errors: [{ code: 'InvalidType', path: '', detail: 'This value should be of type array.' }],
          },
        ],
      });
    if (body.length > 250) return problem(422, 'Unprocessable Entity', 'Limit of 250 per page');
    if (options.writeTimeoutAbove !== undefined && body.length > options.writeTimeoutAbove)
      return problem(504, 'Gateway Timeout', 'Gateway Timeout');
    const items = body.map((raw, index) => {
      const item = (raw ?? {}) as Record<string, unknown>;
      const requestId = typeof item.request_id === 'string' ? item.request_id : String(index);
      const stamp = Math.floor(now() / 1000);
      if (method === 'PATCH') {
        const existing = type !== 'notes' ? entityMaps[type].get(Number(item.id)) : undefined;
        if (existing) Object.assign(existing, { ...item, updated_at: stamp });
        return {
          id: Number(item.id),
          updated_at: stamp,
          request_id: requestId,
          _links: selfLink(`/api/v4/${type}/${String(item.id)}`),
        };
      }
      const id = ++nextWriteId;
      const { request_id: _requestId, ...fields } = item;
      const created = {
        ...fields,
        id,
        created_at: item.created_at ?? stamp,
        updated_at: stamp,
        account_id: data.account.id,
      };
      if (type === 'notes')
        data.notes.push({
          ...created,
          entity_type: parent ?? 'leads',
          entity_id: Number(item.entity_id),
          note_type: String(item.note_type),
          updated_at: stamp,
        });
      else {
        const stored = {
          ...created,
          custom_fields_values: item.custom_fields_values ?? null,
          _embedded: { tags: [], companies: [] },
        } as Entity;
        entityMaps[type].set(id, stored);
        (type === 'tasks' ? data.tasks : data[type]).push(stored);
      }
      return { id, request_id: requestId, _links: selfLink(`/api/v4/${type}/${id}`) };
    });
    return { status: 200, body: { _links: selfLink(`/api/v4/${type}`), _embedded: { [type]: items } } };
  }

  function api(
    method: string,
    path: string,
    query: Record<string, unknown>,
    search: string,
    body: unknown,
  ): { status: number; body: unknown } {
    const withs = list(query.with);
    const filter = (query.filter ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/api/v4/account') {
      const embedded: Record<string, unknown> = {};
      if (withs.includes('users_groups'))
        embedded.users_groups = [{ id: 0, name: 'Отдел продаж', uuid: null }];
      if (withs.includes('task_types'))
        embedded.task_types = [
          { id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
          { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
          { id: 3, name: 'Отправить письмо', color: null, icon_id: 5, code: null },
        ];
      if (withs.includes('datetime_settings'))
        embedded.datetime_settings = {
          date_pattern: 'd.m.Y H:i',
          short_date_pattern: 'd.m.Y',
          short_time_pattern: 'H:i',
          date_format: 'd.m.Y',
          time_format: 'H:i:s',
          timezone: 'Europe/Moscow',
          timezone_offset: '+03:00',
        };
      return {
        status: 200,
        body: {
          ...data.account,
          ...(withs.includes('drive_url') ? { drive_url: driveBase } : {}),
          _links: selfLink('/api/v4/account'),
          _embedded: embedded,
        },
      };
    }
    if (method === 'GET' && path === '/api/v4/users')
      return page(
        path,
        'users',
        data.users.map((u) => withLinks('/api/v4/users', u)),
        query,
        search,
        250,
        true,
      );
    if (method === 'GET' && (m = /^\/api\/v4\/users\/(\d+)$/.exec(path))) {
      const user = data.users.find((u) => u.id === Number(m?.[1]));
      return user
        ? { status: 200, body: withLinks('/api/v4/users', user) }
        : { status: 204, body: undefined };
    }
    if (method === 'GET' && path === '/api/v4/leads/pipelines') {
      const items = data.pipelines.map(({ statuses, ...p }) => ({
        ...p,
        _links: selfLink(`/api/v4/leads/pipelines/${p.id}`),
        _embedded: {
          statuses: statuses.map((s) => ({
            ...s,
            _links: selfLink(`/api/v4/leads/pipelines/${p.id}/statuses/${s.id}`),
          })),
        },
      }));
      return {
        status: 200,
        body: { _total_items: items.length, _links: selfLink(path), _embedded: { pipelines: items } },
      };
    }
    if (method === 'GET' && (m = /^\/api\/v4\/leads\/pipelines\/(\d+)(\/statuses)?$/.exec(path))) {
      const pipeline = data.pipelines.find((p) => p.id === Number(m?.[1]));
      if (!pipeline) return problem(404, 'Not Found', `Cannot GET ${base}${path}`);
      const { statuses, ...rest } = pipeline;
      const presented = statuses.map((s) => ({
        ...s,
        _links: selfLink(`/api/v4/leads/pipelines/${pipeline.id}/statuses/${s.id}`),
      }));
      if (m[2])
        return {
          status: 200,
          body: {
            _total_items: presented.length,
            _links: selfLink(path),
            _embedded: { statuses: presented },
          },
        };
      return { status: 200, body: { ...rest, _links: selfLink(path), _embedded: { statuses: presented } } };
    }
    if (method === 'GET' && path === '/api/v4/leads/loss_reasons')
      return page(
        path,
        'loss_reasons',
        data.lossReasons.map((r) => withLinks('/api/v4/leads/loss_reasons', r)),
        query,
        search,
        250,
        true,
      );
    if (method === 'GET' && path === '/api/v4/catalogs')
      return page(
        path,
        'catalogs',
        data.catalogs.map((c) => withLinks('/api/v4/catalogs', c)),
        query,
        search,
        250,
        true,
      );
    if (
      method === 'GET' &&
      (m = /^\/api\/v4\/(leads|contacts|companies|catalogs\/\d+)\/custom_fields$/.exec(path))
    ) {
      const key = m[1]?.startsWith('catalogs') ? 'catalogs' : (m[1] as EntityType);
      const types = list(filter.type);
      const fields = data.customFields[key].filter((f) => types.length === 0 || types.includes(f.type));
      return page(
        path,
        'custom_fields',
        fields.map((f) => ({ ...f, _links: selfLink(`${path}/${f.id}`) })),
        query,
        search,
        250,
        true,
      );
    }
    if ((m = /^\/api\/v4\/(leads|contacts|companies)\/notes$/.exec(path))) {
      const type = m[1] as EntityType;
      if (method === 'POST') return write('notes', method, body, type);
      const noteTypes = list(filter.note_type);
      const entityIds = list(filter.entity_id).map(Number);
      const notes = filterRecords(
        data.notes.filter(
          (n) =>
            n.entity_type === type &&
            (noteTypes.length === 0 || noteTypes.includes(n.note_type)) &&
            (entityIds.length === 0 || entityIds.includes(n.entity_id)),
        ),
        query,
      );
      return page(
        path,
        'notes',
        notes.map(({ entity_type: _t, ...n }) => ({
          ...n,
          _links: selfLink(`/api/v4/${type}/${n.entity_id}/notes/${n.id}`),
        })),
        query,
        search,
      );
    }
    if (method === 'GET' && (m = /^\/api\/v4\/(leads|contacts|companies)\/(\d+)\/notes$/.exec(path))) {
      const type = m[1] as EntityType;
      const entityId = Number(m[2]);
      const notes = filterRecords(
        data.notes.filter((n) => n.entity_type === type && n.entity_id === entityId),
        query,
      );
      return page(
        path,
        'notes',
        notes.map(({ entity_type: _t, ...n }) => ({ ...n, _links: selfLink(`${path}/${n.id}`) })),
        query,
        search,
      );
    }
    if (method === 'GET' && (m = /^\/api\/v4\/(leads|contacts|companies)(?:\/(\d+))?\/links$/.exec(path))) {
      const type = m[1] as EntityType;
      const ids = m[2] ? [Number(m[2])] : list(filter.entity_id).map(Number);
      if (ids.length === 0)
        return problem(400, 'Bad Request', 'Request validation failed', {
          'validation-errors': [
            {
              request_id: '0',
              errors: [
                { code: 'NotBlank', path: 'filter.entity_id', detail: 'This value should not be blank.' },
              ],
            },
          ],
        });
      const links = data.links.filter((l) => l.entity_type === type && ids.includes(l.entity_id));
      if (links.length === 0) return { status: 204, body: undefined };
      return {
        status: 200,
        body: { _total_items: links.length, _links: selfLink(path), _embedded: { links } },
      };
    }
    if ((m = /^\/api\/v4\/(leads|contacts|companies|tasks)$/.exec(path))) {
      const type = m[1] as EntityType | 'tasks';
      if (method === 'POST' || method === 'PATCH') return write(type, method, body);
      if (method !== 'GET') return problem(405, 'Method Not Allowed', 'Method Not Allowed');
      if (type === 'tasks') {
        const entityIds = list(filter.entity_id).map(Number);
        const tasks = filterRecords(
          data.tasks.filter(
            (t) =>
              (filter.entity_type === undefined || t.entity_type === filter.entity_type) &&
              (entityIds.length === 0 || entityIds.includes(t.entity_id as number)) &&
              (filter.is_completed === undefined || t.is_completed === (filter.is_completed === '1')),
          ),
          query,
        );
        return page(
          path,
          'tasks',
          tasks.map((t) => withLinks(path, t)),
          query,
          search,
        );
      }
      const records = filterRecords(data[type], query);
      return page(
        path,
        type,
        records.map((r) => presentRecord(type, r, withs)),
        query,
        search,
      );
    }
    if (method === 'GET' && (m = /^\/api\/v4\/(leads|contacts|companies|tasks)\/(\d+)$/.exec(path))) {
      const type = m[1] as EntityType | 'tasks';
      const entity = entityMaps[type].get(Number(m[2]));
      if (!entity) return { status: 204, body: undefined };
      return {
        status: 200,
        body: type === 'tasks' ? withLinks(`/api/v4/tasks`, entity) : presentRecord(type, entity, withs),
      };
    }
    if (method === 'GET' && path === '/api/v4/events') {
      const types = list(filter.type);
      const entities = list(filter.entity);
      const events = data.events.filter(
        (e) =>
          (types.length === 0 || types.includes(e.type)) &&
          (entities.length === 0 || entities.includes(e.entity_type)) &&
          inRange(filter.created_at, e.created_at),
      );
      return page(
        path,
        'events',
        events.map((e) => ({
          ...e,
          _links: selfLink(`/api/v4/events/${e.id}`),
          _embedded: { entity: { id: e.entity_id } },
        })),
        query,
        search,
        100,
      );
    }
    return problem(404, 'Not Found', `Cannot ${method} ${base}${path}`);
  }

  function authorize(header: string | undefined) {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    const grant = token ? accessTokens.get(token) : undefined;
    return grant !== undefined && now() < grant.expiresAt;
  }

  function limited(ip: string, at: number) {
    const times = (recent.get(ip) ?? []).filter((t) => at - t < 1000);
    times.push(at);
    recent.set(ip, times);
    return times.length > perSecond;
  }

  const server = http.createServer((req, res) => {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const ip = req.socket.remoteAddress ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (
        status: number,
        body: unknown,
        type = 'application/hal+json',
        headers: Record<string, string> = {},
      ) => {
        log.push({ at, ip, method: req.method ?? 'GET', path: url.pathname, query: url.search, status });
        res.writeHead(status, {
          'x-request-id': crypto.randomUUID(),
          ...(body === undefined ? {} : { 'content-type': type }),
          ...headers,
        });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      if (url.pathname === '/oauth2/access_token' && req.method === 'POST') {
        let body: Record<string, unknown>;
        try {
          body = (req.headers['content-type'] ?? '').includes('json')
            ? (JSON.parse(raw) as Record<string, unknown>)
            : Object.fromEntries(new URLSearchParams(raw));
        } catch {
          return send(
            400,
            oauthProblem(400, 'Check that all required parameters have been provided').body,
            'application/problem+json',
          );
        }
        const answer = oauth(body);
        return send(
          answer.status,
          answer.body,
          answer.status === 200 ? 'application/json' : 'application/problem+json',
        );
      }
      if (!url.pathname.startsWith('/api/v4/'))
        return send(
          404,
          problem(404, 'Not Found', `Cannot ${req.method} ${url.href}`).body,
          'application/problem+json',
        );
      if (blockedIps.has(ip))
        return send(
          403,
          problem(403, 'Forbidden', 'Your IP address is blocked for exceeding the request limit').body,
          'application/problem+json',
        );
      if (limited(ip, at)) {
        const count = (violations.get(ip) ?? 0) + 1;
        violations.set(ip, count);
        if (count >= blockAfter) blockedIps.add(ip);
        return send(
          429,
          problem(429, 'Too Many Requests', 'Too Many Requests', { retry_after: 1 }).body,
          'application/problem+json',
          { 'retry-after': '1' },
        );
      }
      if (!authorize(req.headers.authorization))
        return send(
          401,
          problem(401, 'Unauthorized', 'Invalid user name or password').body,
          'application/problem+json',
        );
      if (accountBlocked)
        return send(403, problem(403, 'Forbidden', accountBlocked).body, 'application/problem+json');
      const query = parseQuery(url.searchParams);
      if (
        req.method === 'GET' &&
        options.readTimeoutAbove !== undefined &&
        query.limit !== undefined &&
        Number(query.limit) > options.readTimeoutAbove
      )
        return send(504, problem(504, 'Gateway Timeout', 'Gateway Timeout').body, 'application/problem+json');
      let body: unknown;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(
            400,
            problem(400, 'Bad Request', 'Request body is not valid JSON').body,
            'application/problem+json',
          );
        }
      }
      const answer = api(req.method ?? 'GET', url.pathname.replace(/\/$/, ''), query, url.search, body);
      send(
        answer.status,
        answer.body,
        answer.status >= 400 ? 'application/problem+json' : 'application/hal+json',
      );
    });
  });
  // The files service: its own host, the same tokens, limit and log.
  const driveFiles = new Map(data.driveFiles.map((f) => [f.uuid, f]));
  const driveAccountUuid = `00000000-0000-4000-8000-${String(data.account.id).padStart(12, '0')}`;
  const fileObject = (f: AmoAccountData['driveFiles'][number]) => {
    const extension = /\.(\w+)$/.exec(f.name)?.[1] ?? '';
    const name = encodeURIComponent(f.name);
    return {
      uuid: f.uuid,
      type: f.mime.startsWith('image/') ? 'image' : 'document',
      is_trashed: false,
      name: f.name,
      sanitized_name: f.name.replace(/[^\x20-\x7e]/g, '_'),
      size: f.content.length,
      source_id: null,
      version_uuid: f.versionUuid,
      has_multiple_versions: false,
      created_at: f.created_at,
      created_by: { id: f.created_by, type: 'user' },
      updated_at: f.created_at,
      updated_by: { id: f.created_by, type: 'user' },
      deleted_at: null,
      deleted_by: null,
      metadata: { extension, mime_type: f.mime },
      previews: [],
      _links: {
        download: { href: `${driveBase}/download/${driveAccountUuid}/${f.uuid}/${name}` },
        download_version: {
          href: `${driveBase}/download/${driveAccountUuid}/${f.uuid}/${f.versionUuid}/${name}`,
        },
        self: { href: `${driveBase}/v1.0/files/${f.uuid}` },
      },
    };
  };
  const drive = http.createServer((req, res) => {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const ip = req.socket.remoteAddress ?? '';
    req.resume();
    req.on('end', () => {
      const send = (status: number, body: unknown, type = 'application/json', headers = {}) => {
        log.push({ at, ip, method: req.method ?? 'GET', path: url.pathname, query: url.search, status });
        res.writeHead(status, { 'x-request-id': crypto.randomUUID(), 'content-type': type, ...headers });
        res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
      };
      const fail = (status: number, title: string, detail: string, headers = {}) =>
        send(status, problem(status, title, detail).body, 'application/problem+json', headers);
      if (blockedIps.has(ip))
        return fail(403, 'Forbidden', 'Your IP address is blocked for exceeding the request limit');
      if (limited(ip, at)) {
        const count = (violations.get(ip) ?? 0) + 1;
        violations.set(ip, count);
        if (count >= blockAfter) blockedIps.add(ip);
        return fail(429, 'Too Many Requests', 'Too Many Requests', { 'retry-after': '1' });
      }
      if (!authorize(req.headers.authorization)) return fail(401, 'Unauthorized', 'Unauthorized');
      if (req.method !== 'GET') return fail(405, 'Method Not Allowed', 'Method Not Allowed');
      let m: RegExpExecArray | null;
      if ((m = /^\/v1\.0\/files\/([0-9a-f-]{36})$/.exec(url.pathname))) {
        const file = driveFiles.get(m[1] ?? '');
        return file ? send(200, fileObject(file)) : fail(404, 'Not Found', 'File not found');
      }
      if (
        (m = /^\/download\/([0-9a-f-]{36})\/([0-9a-f-]{36})(?:\/([0-9a-f-]{36}))?\/([^/]+)$/.exec(
          url.pathname,
        ))
      ) {
        const file = driveFiles.get(m[2] ?? '');
        if (!file || m[1] !== driveAccountUuid || (m[3] !== undefined && m[3] !== file.versionUuid))
          return fail(404, 'Not Found', 'File not found');
        return send(200, file.content, file.mime, {
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        });
      }
      return fail(404, 'Not Found', `Cannot ${req.method} ${url.pathname}`);
    });
  });

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const port = (server.address() as AddressInfo).port;
  const host = `${options.host ?? '127.0.0.1'}:${port}`;
  base = `http://${host}`;
  await new Promise<void>((resolve) => drive.listen(0, options.host ?? '127.0.0.1', resolve));
  const driveHost = `${options.host ?? '127.0.0.1'}:${(drive.address() as AddressInfo).port}`;
  driveBase = `http://${driveHost}`;

  return {
    url: base,
    driveUrl: driveBase,
    driveHost,
    host,
    port,
    log,
    data,
    issueAuthorizationCode(clientId = options.clients[0]?.clientId ?? '') {
      const code = `def50200${crypto.randomBytes(180).toString('hex')}`;
      codes.set(code, { clientId, expiresAt: now() + CODE_TTL_MS, used: false });
      return code;
    },
    expireAccessTokens() {
      for (const grant of accessTokens.values()) grant.expiresAt = 0;
    },
    block(reason = 'Account is blocked') {
      accountBlocked = reason;
    },
    unblock() {
      accountBlocked = null;
      blockedIps.clear();
      violations.clear();
    },
    change(type, id, changes) {
      const entity = type === 'notes' ? data.notes.find((n) => n.id === id) : entityMaps[type].get(id);
      if (!entity) throw new Error(`No ${type} ${id} in the fake`);
      Object.assign(entity, changes, { updated_at: Math.floor(now() / 1000) });
      return entity;
    },
    requestsTo: (path) =>
      log.filter((r) => (typeof path === 'string' ? r.path.startsWith(path) : path.test(r.path))),
    close: async () => {
      await new Promise<void>((resolve) => {
        drive.closeAllConnections();
        drive.close(() => resolve());
      });
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
