import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, fieldName, parseRetryAfter, toApiError } from './api';
import { queriesForEvent } from './queryKeys';
import { REALTIME_EVENT_TYPES } from './realtime';

describe('problem details', () => {
  it('maps field paths to form fields', () => {
    expect(fieldName('body.email')).toBe('email');
    expect(fieldName('body.members.0.name')).toBe('members.0.name');
    expect(fieldName('params.id')).toBe('id');
    expect(fieldName('email')).toBe('email');
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:05:00 GMT', now)).toBe(300);
  });

  it('turns a problem document into an ApiError', () => {
    const error = toApiError(
      400,
      'Bad Request',
      {
        type: 'https://voronka.dev/problems/validation_failed',
        title: 'Bad Request',
        status: 400,
        code: 'validation_failed',
        detail: 'body.email: Invalid email',
        errors: [
          { field: 'body.email', reason: 'Invalid email' },
          { field: 'body.password', reason: 'Too short' },
          { field: 'body.email', reason: 'second reason is ignored' },
        ],
      },
      new Headers({ 'retry-after': '60' }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toBe('body.email: Invalid email');
    expect(error.fields).toEqual({ email: 'Invalid email', password: 'Too short' });
    expect(error.retryAfter).toBe(60);
  });

  it('copes with a body that is not a problem document', () => {
    const error = toApiError(502, 'Bad Gateway', '<html>', new Headers());
    expect(error.title).toBe('Bad Gateway');
    expect(error.code).toBeUndefined();
    expect(error.fields).toEqual({});
  });
});

describe('request', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends JSON with the session cookie and parses problem+json errors', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(
      new Response(JSON.stringify({ title: 'Unauthorized', status: 401, code: 'totp_required' }), {
        status: 401,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const failure = await api
      .post('/api/auth/sign-in', { email: 'a@b.c', password: 'x' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('totp_required');
    const [path, init] = fetchMock.mock.calls[0] ?? [];
    expect(path).toBe('/api/auth/sign-in');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"email":"a@b.c","password":"x"}');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
  });

  it('returns undefined for 204 and sends no body on DELETE', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(api.delete('/api/tokens/1')).resolves.toBeUndefined();
    expect(fetchMock.mock.calls[0]?.[1]?.body).toBeUndefined();
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockRejectedValue(new TypeError('Failed to fetch')));
    const failure = await api.get('/api/me').catch((e: unknown) => e);
    expect((failure as ApiError).status).toBe(0);
    expect((failure as ApiError).code).toBe('network_error');
  });
});

describe('realtime invalidation', () => {
  it('maps domain events to the cached collections they change', () => {
    expect(queriesForEvent('user.created')).toEqual(['users', 'me']);
    expect(queriesForEvent('department.deleted')).toEqual(['departments', 'users']);
    expect(queriesForEvent('invitation.accepted')).toEqual(['invitations', 'users']);
    expect(queriesForEvent('api_token.revoked')).toEqual(['tokens']);
    expect(queriesForEvent('account.updated')).toEqual(['account', 'me', 'workingHours']);
    expect(queriesForEvent('identity.updated')).toEqual(['me']);
    expect(queriesForEvent('pipeline.updated')).toEqual(['pipelines']);
    expect(queriesForEvent('stage.reordered', 'pipeline')).toEqual(['pipelines']);
    expect(queriesForEvent('stage.deleted')).toEqual(['pipelines']);
    expect(queriesForEvent('sla_policy.updated', 'pipeline')).toEqual(['forms', 'inbox']);
    expect(queriesForEvent('intake_request.received', 'intake_request')).toEqual([
      'inbox',
      'deals',
      'timeline',
    ]);
    expect(queriesForEvent('intake_request.accepted', 'deal')).toEqual(['deals', 'timeline', 'inbox']);
    expect(queriesForEvent('form.key_rotated', 'form')).toEqual(['forms']);
    expect(queriesForEvent('card_layout.updated')).toEqual(['cardLayouts']);
    expect(queriesForEvent('reference_item.archived')).toEqual(['referenceLists']);
    expect(queriesForEvent('reference_list.reordered')).toEqual(['referenceLists']);
    expect(queriesForEvent('working_hours.updated')).toEqual(['workingHours']);
    expect(queriesForEvent('deal.created')).toEqual(['deals', 'timeline', 'inbox']);
    expect(queriesForEvent('task.completed')).toEqual(['deals', 'tasks', 'timeline', 'leads']);
    expect(queriesForEvent('lead.converted')).toEqual(['leads', 'timeline', 'deals']);
    expect(queriesForEvent('lead_status.deleted')).toEqual(['leadStatuses', 'leads']);
    expect(queriesForEvent('timeline.pinned')).toEqual(['timeline']);
    expect(queriesForEvent('file.uploaded')).toEqual([]);
  });

  it('listens for every event type the server emits today', () => {
    for (const type of [
      'user.created',
      'user.updated',
      'department.created',
      'department.updated',
      'department.deleted',
      'invitation.created',
      'invitation.revoked',
      'invitation.accepted',
      'api_token.created',
      'api_token.revoked',
      'account.created',
      'account.updated',
      'pipeline.created',
      'pipeline.updated',
      'pipeline.deleted',
      'stage.created',
      'stage.updated',
      'stage.reordered',
      'stage.deleted',
      'reference_item.created',
      'reference_item.updated',
      'reference_item.archived',
      'reference_list.reordered',
      'working_hours.updated',
    ]) {
      expect(REALTIME_EVENT_TYPES).toContain(type);
    }
  });
});
