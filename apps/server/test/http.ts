// A small HTTP client over Fastify's inject that keeps its session cookie, like a browser would.
import type { OutgoingHttpHeaders } from 'node:http';
import type { Voronka } from '../src/app.js';

export interface Response<T = unknown> {
  status: number;
  headers: OutgoingHttpHeaders;
  body: T;
  text: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export class Client {
  cookie: string | undefined;
  bearer: string | undefined;
  constructor(
    private readonly voronka: Voronka,
    readonly ip = '10.0.0.1',
  ) {}

  async request<T = any>(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response<T>> {
    const allHeaders: Record<string, string> = { ...headers };
    if (this.cookie) allHeaders.cookie = this.cookie;
    if (this.bearer) allHeaders.authorization = `Bearer ${this.bearer}`;
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) allHeaders['content-type'] ??= 'application/json';
    const res = await this.voronka.http.inject({
      method,
      url,
      headers: allHeaders,
      payload,
      remoteAddress: this.ip,
    });
    const setCookie = res.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      if (pair?.startsWith('voronka_session='))
        this.cookie = /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c) ? undefined : pair;
    }
    let parsed: unknown = undefined;
    const type = res.headers['content-type'] ?? '';
    if (type.includes('json') && res.body) parsed = JSON.parse(res.body);
    return { status: res.statusCode, headers: res.headers, body: parsed as T, text: res.body };
  }
  get = <T = any>(url: string, headers?: Record<string, string>) =>
    this.request<T>('GET', url, undefined, headers);
  post = <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', url, body, headers);
  patch = <T = any>(url: string, body?: unknown) => this.request<T>('PATCH', url, body);
  put = <T = any>(url: string, body?: unknown) => this.request<T>('PUT', url, body);
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);
}

let counter = 0;
export const uniqueEmail = (prefix = 'user') => `${prefix}.${Date.now()}.${++counter}@example.ru`;

/** Signs up a fresh account; the returned client holds its administrator's session. */
export async function signUp(voronka: Voronka, options: { accountName?: string; ip?: string } = {}) {
  const client = new Client(voronka, options.ip);
  const email = uniqueEmail('admin');
  const password = 'correct horse battery';
  const res = await client.post('/api/auth/sign-up', {
    accountName: options.accountName ?? 'ООО Ромашка',
    name: 'Анна Админова',
    email,
    password,
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  const me = res.body as { user: { id: string }; account: { id: string } };
  return { client, email, password, userId: me.user.id, accountId: me.account.id };
}

/** Invites a member into the admin's account and accepts; returns the member's signed-in client. */
export async function addMember(voronka: Voronka, admin: Client, role: 'admin' | 'member' = 'member') {
  const email = uniqueEmail('member');
  const invite = await admin.post('/api/invitations', { email, role });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${invite.text}`);
  const member = new Client(voronka, '10.0.0.2');
  const accepted = await member.post(`/api/invitations/by-token/${invite.body.token as string}/accept`, {
    name: 'Борис Менеджеров',
    password: 'member password 1',
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${accepted.text}`);
  return {
    client: member,
    email,
    password: 'member password 1',
    userId: (accepted.body as { user: { id: string } }).user.id,
  };
}

export type DefaultRole = 'manager' | 'head' | 'director' | 'administrator';

/**
 * Assigns one of the account's default roles to a user (ADR 0018): members are managers (own records) until
 * given more, so a test whose member works on everyone's records makes them a director.
 */
export async function assignRole(admin: Client, userId: string, code: DefaultRole) {
  const roles = await admin.get('/api/roles');
  const role = (roles.body as { items: { id: string; code: string | null }[] }).items.find(
    (r) => r.code === code,
  );
  if (!role) throw new Error(`no default role ${code}: ${roles.status} ${roles.text}`);
  const res = await admin.post('/api/role-assignments', {
    roleId: role.id,
    subjectKind: 'user',
    subjectId: userId,
  });
  if (res.status !== 201) throw new Error(`assigning ${code} failed: ${res.status} ${res.text}`);
  return role.id;
}
