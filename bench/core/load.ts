// Load generators with one result shape: autocannon for the HTTP API, and a loop of the same SQL through a
// `pg` pool from this process (the pool is as large as the server's, and as many workers as connections).
import autocannon from 'autocannon';
import fs from 'node:fs';
import pg from 'pg';

export interface Figures {
  /** Completed requests (or SQL round trips) per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
}

/** Percentiles (ms) of a list of latencies. */
export function percentiles(latencies: number[]): Pick<Figures, 'p50' | 'p95' | 'p99'> {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export class LoadError extends Error {}

interface ApiRunOptions extends LoadOptions {
  method?: 'GET' | 'POST';
  bodies?: string[];
  amount?: number;
}

/**
 * GETs (or POSTs) the paths for `seconds` with `connections` keep-alive connections, the paths in turn (e.g.
 * several search words). Any non-2xx answer fails the figure. Returns each response's latency with the index
 * of the path it was for (exact with one connection, whose requests are answered in order).
 */
async function apiRun(
  baseUrl: string,
  headers: Record<string, string>,
  paths: string[],
  options: ApiRunOptions,
): Promise<{ rps: number; latencies: { ms: number; path: number }[] }> {
  const bodies = options.bodies;
  let next = 0;
  const run = (duration: number | undefined) => {
    const latencies: { ms: number; path: number }[] = [];
    const sent: number[] = [];
    const opts: autocannon.Options = {
      url: baseUrl,
      connections: options.connections,
      ...(duration === undefined ? { amount: options.amount ?? 1 } : { duration }),
      headers: { ...headers, ...(bodies ? { 'content-type': 'application/json' } : {}) },
      requests: [
        {
          method: options.method ?? 'GET',
          setupRequest: (request) => {
            const i = next++;
            sent.push(i % paths.length);
            return {
              ...request,
              path: paths[i % paths.length] ?? '/',
              ...(bodies ? { body: bodies[i % bodies.length] ?? '' } : {}),
            };
          },
        },
      ],
    };
    return new Promise<{ result: autocannon.Result; latencies: { ms: number; path: number }[] }>(
      (resolve, reject) => {
        const instance = autocannon(opts, (error: unknown, result: autocannon.Result) => {
          if (error)
            reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
          else resolve({ result, latencies });
        });
        // The instance emits (client, status, bytes, ms); @types/autocannon leaves the client out.
        (instance as NodeJS.EventEmitter).on(
          'response',
          (_client: unknown, _status: number, _bytes: number, ms: number) =>
            latencies.push({ ms, path: sent.shift() ?? 0 }),
        );
      },
    );
  };
  // A second of warm-up (JIT, connection pools, caches) for timed runs; a fixed amount runs as is.
  if (options.amount === undefined) await run(1);
  const { result, latencies } = await run(options.amount === undefined ? options.seconds : undefined);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const sample = await fetch(`${baseUrl}${paths[0] ?? '/'}`, { headers }).then(
      async (r) => `${r.status} ${(await r.text()).slice(0, 300)}`,
      (e: unknown) => String(e),
    );
    throw new LoadError(
      `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (e.g. ${sample})`,
    );
  }
  return { rps: latencies.length / result.duration, latencies };
}

/** The paths (in turn) for `seconds`, or `amount` requests, with `connections` clients: one set of figures. */
export async function apiLoad(
  baseUrl: string,
  headers: Record<string, string>,
  paths: string[],
  options: ApiRunOptions,
): Promise<Figures> {
  const { rps, latencies } = await apiRun(baseUrl, headers, paths, options);
  return { rps, ...percentiles(latencies.map((l) => l.ms)), requests: latencies.length };
}

/**
 * The paths alternately from one client in the same run, with figures per path: a comparison of two calls
 * that background load on the machine affects alike.
 */
export async function apiLoadAlternating(
  baseUrl: string,
  headers: Record<string, string>,
  paths: string[],
  seconds: number,
): Promise<Figures[]> {
  const { rps, latencies } = await apiRun(baseUrl, headers, paths, { seconds, connections: 1 });
  return paths.map((_, p) => {
    const own = latencies.filter((l) => l.path === p).map((l) => l.ms);
    return { rps: rps / paths.length, ...percentiles(own), requests: own.length };
  });
}

/** One "request" of the raw baseline: the SQL a service runs for one API call, through the pool. */
export type RawRequest = (pool: pg.Pool, i: number) => Promise<unknown>;

/** Runs `request` in `connections` concurrent loops for `seconds` (after a short warm-up). */
export async function rawLoad(pool: pg.Pool, request: RawRequest, options: LoadOptions): Promise<Figures> {
  let i = 0;
  const warmUntil = performance.now() + Math.min(1000, options.seconds * 100);
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < warmUntil) await request(pool, i++);
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await request(pool, i++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { rps: latencies.length / elapsed, ...percentiles(latencies), requests: latencies.length };
}

// ---- where the time goes: CPU of the server process and of the database's backends (Linux /proc) -------------

const TICK_MS = 10; // USER_HZ is 100 on every Linux build Node supports

/** CPU time (user + system, ms) of each process that still exists; none off Linux. */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // gone, or not Linux
    }
  }
  return out;
}

/** CPU ms spent between two samples by the processes of the second one. */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
