// The fake amoCRM (apps/server/test/fake-amocrm, written from the API contract) as a child process for
// browser specs: `node apps/server/test/fake-amocrm/cli.ts` on a free port. It prints the authorization code
// of the integration and a new one for each line on its stdin, as amoCRM's "Keys and access" tab shows
// them. `read` goes through the fake's own OAuth and API (paced under its 7 requests per second) to see
// what its store holds.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, repoRoot } from './server.js';

export interface FakeAmoProcess {
  url: string;
  /** The host as the outbound allow-list names it (`127.0.0.1:<port>`). */
  host: string;
  clientId: string;
  clientSecret: string;
  /** A fresh authorization code (20 minutes, single use). */
  nextCode(): Promise<string>;
  /** Every item of an amoCRM list (`leads`, `contacts`, `companies`, `tasks`, `leads/notes`…). */
  list(path: string, key: string): Promise<Record<string, unknown>[]>;
  get(path: string): Promise<unknown>;
  /** Changes records as a user in amoCRM would (PATCH `/api/v4/<path>`; `updated_at` becomes now). */
  patch(path: string, items: Record<string, unknown>[]): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFakeAmoProcess(options: {
  redirectUri: string;
  scale?: number;
  seed?: number;
}): Promise<FakeAmoProcess> {
  const port = await freePort();
  const clientId = 'e2e0e2e0-0000-4000-8000-00000000a7c7';
  const clientSecret = 'e2e-fake-amocrm-secret';
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'apps', 'server', 'test', 'fake-amocrm', 'cli.ts'),
      '--port',
      String(port),
      '--scale',
      String(options.scale ?? 0.01),
      '--seed',
      String(options.seed ?? 7),
      '--client-id',
      clientId,
      '--client-secret',
      clientSecret,
      '--redirect-uri',
      options.redirectUri,
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const lines: string[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) if (line.trim() !== '') lines.push(line.trim());
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitForLine = async (predicate: (line: string) => boolean, from: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const index = lines.findIndex((line, i) => i >= from && predicate(line));
      if (index >= 0) return index;
      if (child.exitCode !== null) throw new Error(`fake amoCRM exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`fake amoCRM did not print the expected line:\n${output}`);
      await sleep(50);
    }
  };
  const header = await waitForLine((line) => line.startsWith('authorization code'), 0);
  const firstCodeAt = await waitForLine(() => true, header + 1);
  const url = /fake amoCRM at (\S+)/.exec(output)?.[1];
  if (url === undefined) throw new Error(`no address in:\n${output}`);
  let firstCode: string | undefined = lines[firstCodeAt];

  const nextCode = async () => {
    if (firstCode !== undefined) {
      const code = firstCode;
      firstCode = undefined;
      return code;
    }
    const from = lines.length;
    child.stdin.write('\n');
    return lines[await waitForLine(() => true, from)] ?? '';
  };

  let token: string | undefined;
  let lastRequest = 0;
  const pacedFetch = async (path: string, init?: RequestInit) => {
    // At most 4 requests a second: well under the 7 the fake (like amoCRM) allows.
    const wait = lastRequest + 250 - Date.now();
    if (wait > 0) await sleep(wait);
    lastRequest = Date.now();
    return fetch(`${url}${path}`, init);
  };
  const authorize = async () => {
    if (token !== undefined) return token;
    const response = await pacedFetch('/oauth2/access_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'authorization_code',
        code: await nextCode(),
        redirect_uri: options.redirectUri,
      }),
    });
    if (!response.ok) throw new Error(`fake amoCRM token: HTTP ${response.status} ${await response.text()}`);
    token = ((await response.json()) as { access_token: string }).access_token;
    return token;
  };
  const get = async (path: string): Promise<unknown> => {
    let response = await pacedFetch(path, { headers: { authorization: `Bearer ${await authorize()}` } });
    // The fake limits per IP, and Voronka's client shares this address: like any amoCRM client, wait out a
    // 429 (its Retry-After) and ask again, a few times at most.
    for (let retry = 0; response.status === 429 && retry < 5; retry++) {
      await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000 + 250);
      response = await pacedFetch(path, { headers: { authorization: `Bearer ${await authorize()}` } });
    }
    if (response.status === 204) return undefined;
    if (!response.ok)
      throw new Error(`fake amoCRM ${path}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  const list = async (path: string, key: string) => {
    const items: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const separator = path.includes('?') ? '&' : '?';
      const body = (await get(`/api/v4/${path}${separator}page=${page}&limit=250`)) as
        { _embedded: Record<string, Record<string, unknown>[]> } | undefined;
      const chunk = body?._embedded[key] ?? [];
      items.push(...chunk);
      if (body === undefined || chunk.length < 250) return items;
    }
  };

  const patch = async (path: string, items: Record<string, unknown>[]) => {
    const response = await pacedFetch(`/api/v4/${path}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await authorize()}`, 'content-type': 'application/json' },
      body: JSON.stringify(items),
    });
    if (!response.ok)
      throw new Error(`fake amoCRM PATCH ${path}: HTTP ${response.status} ${await response.text()}`);
  };

  return {
    url,
    patch,
    host: new URL(url).host,
    clientId,
    clientSecret,
    nextCode,
    list,
    get,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
      }
    },
  };
}
