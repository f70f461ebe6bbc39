// A small typed client for the Voronka HTTP API. Every request is same-origin with the session
// cookie; errors arrive as RFC 9457 problem details and are turned into `ApiError`.
import type { Problem } from '@voronka/contracts';

export class ApiError extends Error {
  readonly status: number;
  /** Stable machine-readable code from the problem document, e.g. `totp_required`. */
  readonly code: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  /** Field → reason, with the `body.` prefix of the server's field paths removed. */
  readonly fields: Readonly<Record<string, string>>;
  /** Seconds from the Retry-After header, when the server sent one (429). */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code?: string | undefined;
    title: string;
    detail?: string | undefined;
    fields?: Record<string, string>;
    retryAfter?: number | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fields = init.fields ?? {};
    this.retryAfter = init.retryAfter;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** `body.email` → `email`; `body.members.0.name` → `members.0.name`. */
export function fieldName(path: string): string {
  return path.replace(/^(body|query|params)\./, '');
}

/** Parses an HTTP Retry-After value (delta seconds or an HTTP date) into seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds an ApiError from a response status, headers and a (possibly non-problem) body. */
export function toApiError(status: number, statusText: string, body: unknown, headers: Headers): ApiError {
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  if (!isRecord(body)) {
    return new ApiError({ status, title: statusText || `HTTP ${status}`, retryAfter });
  }
  const problem = body as Partial<Problem>;
  const fields: Record<string, string> = {};
  if (Array.isArray(problem.errors)) {
    for (const entry of problem.errors as unknown[]) {
      if (isRecord(entry) && typeof entry.field === 'string' && typeof entry.reason === 'string') {
        const name = fieldName(entry.field);
        fields[name] ??= entry.reason;
      }
    }
  }
  return new ApiError({
    status,
    code: typeof problem.code === 'string' ? problem.code : undefined,
    title: typeof problem.title === 'string' ? problem.title : statusText || `HTTP ${status}`,
    detail: typeof problem.detail === 'string' ? problem.detail : undefined,
    fields,
    retryAfter,
  });
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...extraHeaders,
  };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    // Network failure: no status; 0 keeps the error shape uniform for the UI.
    throw new ApiError({ status: 0, code: 'network_error', title: String(cause) });
  }
  const parsed = await readBody(response);
  if (!response.ok) throw toApiError(response.status, response.statusText, parsed, response.headers);
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    request<T>('PATCH', path, body, headers),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    request<T>('PUT', path, body, headers),
  delete: <T = undefined>(path: string) => request<T>('DELETE', path),
};

/** The list envelope of collection endpoints. */
export interface ListResponse<T> {
  items: T[];
}
