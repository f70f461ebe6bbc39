// bench/core — the CRM core at the size of a busy sales team's database, measured through the API beside the
// same SQL run raw on the same data (issue 3).
//
// HOW TO RUN
//   npm run build -w @voronka/server          (the bench starts the BUILT server: apps/server/dist/main/api.js)
//   npm run bench:core -w @voronka/bench      (or, in bench/: npm run bench:core)
//
//   BENCH_DATABASE_URL  PostgreSQL to create the scratch database in (default
//                       postgres://postgres@127.0.0.1:5432/test); the bench creates voronka_bench_core_<random>
//                       there and drops it at the end.
//   BENCH_KEEP=1        keep the scratch database (its name is printed) …
//   BENCH_REUSE=<name>  … and measure it again later without generating (the set-up is stored in it).
//   BENCH_SCALE=0.1     a tenth of the data (default 1: the sizes below).
//   BENCH_SECONDS=10    seconds per measurement (each figure is measured four times, plus 1 s warm-ups).
//   BENCH_CONNECTIONS=10  concurrent clients of the throughput runs.
//   BENCH_ONLY=kanban,card  measure only figures whose key starts with one of these.
//   BENCH_SERVER=<path>  another built api.js.
// Only PostgreSQL: the generator writes with a second connection, which embedded PGlite does not take.
//
// WHAT IT DOES
//   1. Signs up an account through the API (migrations, the default pipeline and reference lists as for a real
//      customer), invites 4 salespeople, creates two custom fields on deals (a list "Канал продаж" and a number
//      "Количество позиций").
//   2. Generates with set-based SQL (generate.ts): 20,000 companies, 100,000 contacts with phones and e-mails,
//      100,000 deals over two years spread like a funnel (30 % open, 25 % won, 45 % lost), their contacts,
//      custom-field values (jsonb + index rows), stage history, change history, tasks, and 1,000,000 timeline
//      entries skewed so that a few deals have thousands of entries; then VACUUM ANALYZE. Prints the time.
//   3. Measures each figure four times: the API with one client (latency: p50/p95), the raw SQL with one
//      client, the API with BENCH_CONNECTIONS clients (throughput: req/s), the raw SQL likewise.
//
// WHAT THE FIGURES MEAN
//   API       autocannon against the server over loopback with the admin's session cookie: routing, auth,
//             validation, the service's SQL, presenting, JSON — everything but the browser.
//   SQL       the same SQL the service runs for that call (queries.ts, read from the repositories), through
//             `pg` from this process with the same number of clients; no HTTP, auth, validation or JSON.
//   ×SQL      API p95 / SQL p95 (how much the API adds to latency) and SQL req/s / API req/s (how many times
//             more calls the bare database serves). 1.0 would be a free API.
//   card      a deal's card = GET /api/deals/{id} + GET /api/timeline for it: p50/p95 are the sums of the two
//             (as if fetched one after the other: an upper bound), req/s is cards per second.
//   bulk      1,000 POST /api/deals with BENCH_CONNECTIONS clients (p50/p95 per deal, deals/s) vs one
//             transaction inserting the same 1,000 deals with their contacts, field values and stage entry.
//   CPU       "where the time goes": CPU ms per call during the throughput runs, of the server process and of
//             the database backends (read from /proc, so only with the database on this machine) — tells
//             whether a slow figure is Node's work (validation, JSON) or the query's.
//   too slow  a figure whose first call takes over 10 s is not loaded (its statements are cancelled); the
//             time of its SQL alone is printed instead. Raw SQL runs with statement_timeout 10 s.
// The custom-field figures filter on a common list option (30 % of deals), on an option retired a year ago
// (only older deals carry it: the filter must look far back) and on a narrow number range (~3 %).
//
// TARGETS (issue 3, PostgreSQL, full scale)
//   kanban column page p95 ≤ 50 ms; card p95 ≤ 50 ms (both judged with one client: the latency a user sees,
//   not queueing behind BENCH_CONNECTIONS others; the loaded p95 is printed too); list throughput ≥ 0.5× raw
//   SQL; page 1,000 of the deal list (limit 50) no slower than 1.5× page 1 (p50 of one client alternating
//   between the two in one run, so that other work on the machine weighs on both alike).
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import {
  fullScale,
  generate,
  scaled,
  type AccountSetup,
  type GenerationReport,
  type Scale,
} from './generate.js';
import {
  apiLoad,
  apiLoadAlternating,
  cpuOf,
  cpuSpent,
  rawLoad,
  type Figures,
  type RawRequest,
} from './load.js';
import * as q from './queries.js';
import { signUpAccount } from './account.js';
import { ApiClient, createScratchDatabase, startVoronka, type RunningServer } from './server.js';

const env = process.env;
const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  scale: Number(env.BENCH_SCALE ?? '1'),
  seconds: Number(env.BENCH_SECONDS ?? '10'),
  connections: Number(env.BENCH_CONNECTIONS ?? '10'),
  keep: env.BENCH_KEEP === '1',
  reuse: env.BENCH_REUSE,
  only: env.BENCH_ONLY?.split(',').filter((s) => s !== ''),
};
const PAGE = 50;
const KANBAN_LIMIT = 20;
const BULK = 1000;
/** A single call slower than this is reported as too slow (and the raw SQL's statement_timeout). */
const TIMEOUT_MS = 10_000;

const log = (line: string) => console.log(line);

// ---- set-up --------------------------------------------------------------------------------------------------

interface Meta {
  email: string;
  password: string;
  setup: AccountSetup;
  scale: Scale;
  generation: GenerationReport;
}

// ---- measuring ---------------------------------------------------------------------------------------------

interface Figure {
  key: string;
  title: string;
  /** The routes it needs ("GET /api/…" as in the OpenAPI document). */
  needs: string[];
  /** The paths to request in turn, or how to find them (page 1,000 walks the list first). */
  paths: string[] | (() => Promise<string[]>);
  raw: RawRequest;
}

interface Row {
  key: string;
  title: string;
  skipped?: string;
  api1?: Figures;
  sql1?: Figures;
  apiN?: Figures;
  sqlN?: Figures;
  /** CPU ms per call with many clients: the server process, the database for the API call and for its SQL. */
  cpu?: { node: number; pgApi: number; pgSql: number };
}

/**
 * Cancels statements that have run for over two seconds in the scratch database: after a request timed out,
 * the server's query goes on and would slow every later figure.
 */
async function cancelRunaways(db: pg.Client) {
  const { rows } = await db.query<{ query: string }>(
    `SELECT query, pg_cancel_backend(pid) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
       AND now() - query_start > interval '2 seconds'`,
  );
  return rows.length;
}

async function measure(
  figure: Figure,
  server: RunningServer,
  cookie: string,
  pool: pg.Pool,
  db: pg.Client,
  routes: Set<string>,
): Promise<Row> {
  const missing = figure.needs.filter((r) => !routes.has(r));
  if (missing.length > 0)
    return { key: figure.key, title: figure.title, skipped: `endpoint missing: ${missing.join(', ')}` };
  process.stdout.write(`  ${figure.title} …`);
  try {
    const paths = typeof figure.paths === 'function' ? await figure.paths() : figure.paths;
    // One request first: a call slower than the timeout is reported as such, not hammered for minutes.
    const t0 = performance.now();
    try {
      const res = await fetch(`${server.url}${paths[0] ?? '/'}`, {
        headers: { cookie },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'TimeoutError')) throw error;
      await cancelRunaways(db);
      const r0 = performance.now();
      const raw = await figure.raw(pool, 0).then(
        () => `${((performance.now() - r0) / 1000).toFixed(1)} s`,
        () => `over ${TIMEOUT_MS / 1000} s too`,
      );
      console.log(' too slow');
      return {
        key: figure.key,
        title: figure.title,
        skipped: `too slow: one API call took over ${TIMEOUT_MS / 1000} s; its SQL alone ${raw}`,
      };
    }
    const first = performance.now() - t0;
    const one = { seconds: config.seconds, connections: 1 };
    const many = { seconds: config.seconds, connections: config.connections };
    const api1 = await apiLoad(server.url, { cookie }, paths, one);
    const sql1 = await rawLoad(pool, figure.raw, one);
    const serverPid = server.child.pid ?? 0;
    const backends = async () =>
      (
        await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
        )
      ).rows.map((r) => r.pid);
    const apiBefore = cpuOf([serverPid, ...(await backends())]);
    const apiN = await apiLoad(server.url, { cookie }, paths, many);
    const apiAfter = cpuOf([serverPid, ...(await backends())]);
    const sqlBefore = cpuOf(await backends());
    const sqlN = await rawLoad(pool, figure.raw, many);
    const sqlAfter = cpuOf(await backends());
    // The warm-up second is not counted in `requests` but its CPU is: measure per request over both.
    const nodeMs = (apiAfter.get(serverPid) ?? NaN) - (apiBefore.get(serverPid) ?? NaN);
    apiAfter.delete(serverPid);
    const cpu =
      apiAfter.size > 0
        ? {
            node: nodeMs / (apiN.rps * (config.seconds + 1)),
            pgApi: cpuSpent(apiBefore, apiAfter) / (apiN.rps * (config.seconds + 1)),
            pgSql: cpuSpent(sqlBefore, sqlAfter) / (sqlN.rps * (config.seconds + 1)),
          }
        : undefined;
    console.log(` first ${first.toFixed(0)} ms; p95 ${api1.p95.toFixed(1)} ms, ${apiN.rps.toFixed(0)} req/s`);
    return { key: figure.key, title: figure.title, api1, sql1, apiN, sqlN, ...(cpu ? { cpu } : {}) };
  } catch (error) {
    console.log(' failed');
    await cancelRunaways(db);
    return { key: figure.key, title: figure.title, skipped: `failed: ${String(error)}` };
  }
}

/** Two calls one after the other: latencies add up, and each card costs both calls' time. */
function sumOf(a: Figures | undefined, b: Figures | undefined): Figures | undefined {
  if (!a || !b) return undefined;
  return {
    rps: 1 / (1 / a.rps + 1 / b.rps),
    p50: a.p50 + b.p50,
    p95: a.p95 + b.p95,
    p99: a.p99 + b.p99,
    requests: Math.min(a.requests, b.requests),
  };
}

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits);

function printTable(rows: Row[]) {
  const width = Math.max(46, ...rows.map((r) => r.title.length));
  const c = config.connections;
  const header = [
    'figure'.padEnd(width),
    'API p50'.padStart(8),
    'API p95'.padStart(8),
    'SQL p95'.padStart(8),
    '×SQL'.padStart(6),
    `API r/s`.padStart(9),
    `SQL r/s`.padStart(9),
    '×SQL'.padStart(6),
    `API p95`.padStart(8),
  ].join(' ');
  console.log(
    `\n${' '.repeat(width + 1)}── 1 client: latency, ms ────────  ── ${c} clients: throughput ──────────────`,
  );
  console.log(header);
  console.log('─'.repeat(header.length));
  for (const r of rows) {
    if (r.skipped) {
      console.log(`${r.title.padEnd(width)} ${r.skipped}`);
      continue;
    }
    console.log(
      [
        r.title.padEnd(width),
        fmt(r.api1?.p50).padStart(8),
        fmt(r.api1?.p95).padStart(8),
        fmt(r.sql1?.p95).padStart(8),
        fmt(r.api1 && r.sql1 ? r.api1.p95 / r.sql1.p95 : undefined).padStart(6),
        fmt(r.apiN?.rps, 0).padStart(9),
        fmt(r.sqlN?.rps, 0).padStart(9),
        fmt(r.apiN && r.sqlN ? r.sqlN.rps / r.apiN.rps : undefined).padStart(6),
        fmt(r.apiN?.p95).padStart(8),
      ].join(' '),
    );
  }
  const withCpu = rows.filter((r) => r.cpu);
  if (withCpu.length === 0) return;
  console.log(
    `\nwhere the time goes with ${c} clients — CPU ms per call (PostgreSQL's parallel workers not counted)`,
  );
  const cpuHeader = [
    'figure'.padEnd(width),
    'server'.padStart(8),
    'PG (API)'.padStart(9),
    'PG (SQL)'.padStart(9),
  ].join(' ');
  console.log(cpuHeader);
  console.log('─'.repeat(cpuHeader.length));
  for (const r of withCpu) {
    console.log(
      [
        r.title.padEnd(width),
        fmt(r.cpu?.node, 2).padStart(8),
        fmt(r.cpu?.pgApi, 2).padStart(9),
        fmt(r.cpu?.pgSql, 2).padStart(9),
      ].join(' '),
    );
  }
}

interface Verdict {
  ok: boolean | undefined;
  target: string;
  detail: string;
}

function verdicts(rows: Row[], alternating: Figures[] | undefined): Verdict[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: Verdict[] = [];
  const latency = (key: string, target: string) => {
    const r = byKey.get(key);
    if (!r?.api1) {
      out.push({ ok: undefined, target, detail: r?.skipped ?? 'not measured' });
      return;
    }
    out.push({
      ok: r.api1.p95 <= 50,
      target,
      detail: `${r.title}: p95 ${fmt(r.api1.p95)} ms with 1 client (${fmt(r.apiN?.p95)} ms with ${config.connections})`,
    });
  };
  latency('kanban.column', 'kanban column page p95 ≤ 50 ms');
  latency('card.heavy', 'card p95 ≤ 50 ms (heavy deal)');
  latency('card.average', 'card p95 ≤ 50 ms (average deal)');
  for (const r of rows.filter((r) => r.key.startsWith('list.'))) {
    const target = `list throughput ≥ 0.5× raw SQL`;
    if (!r.apiN || !r.sqlN) {
      out.push({ ok: undefined, target, detail: `${r.title}: ${r.skipped ?? 'not measured'}` });
      continue;
    }
    const ratio = r.apiN.rps / r.sqlN.rps;
    out.push({
      ok: ratio >= 0.5,
      target,
      detail: `${r.title}: ${fmt(ratio, 2)}× (${fmt(r.apiN.rps, 0)} vs ${fmt(r.sqlN.rps, 0)} req/s)`,
    });
  }
  const target = 'deal list page 1,000 ≤ 1.5× page 1';
  if (alternating) {
    const [p1, p1000] = alternating;
    const ratio = (p1000?.p50 ?? NaN) / (p1?.p50 ?? NaN);
    out.push({
      ok: ratio <= 1.5,
      target,
      detail: `p50 ${fmt(p1000?.p50)} vs ${fmt(p1?.p50)} ms = ${fmt(ratio, 2)}× (p95 ${fmt((p1000?.p95 ?? NaN) / (p1?.p95 ?? NaN), 2)}×), one client alternating between the two`,
    });
  } else {
    out.push({ ok: undefined, target, detail: 'not measured' });
  }
  return out;
}

// ---- bulk create ---------------------------------------------------------------------------------------------

interface BulkResult {
  api?: Figures & { seconds: number };
  sqlSeconds?: number;
  skipped?: string;
}

async function bulkCreate(
  server: RunningServer,
  cookie: string,
  pool: pg.Pool,
  setup: AccountSetup,
  routes: Set<string>,
): Promise<BulkResult> {
  if (!routes.has('POST /api/deals')) return { skipped: 'endpoint missing: POST /api/deals' };
  const open = setup.stages.filter((s) => s.kind === 'open');
  const sample = async (table: 'companies' | 'contacts') =>
    (
      await pool.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE account_id = $1 ORDER BY md5(id::text) LIMIT ${BULK}`,
        [setup.accountId],
      )
    ).rows.map((r) => r.id);
  const [companies, contacts] = [await sample('companies'), await sample('contacts')];
  const deal = (i: number, run: string) => ({
    name: `Поставка оборудования — партия ${run}-${i + 1}`,
    amount: String(50_000 + ((i * 7919) % 500) * 1000),
    stageId: open[i % open.length]?.id ?? '',
    companyId: companies[i % companies.length] ?? null,
    contacts: [{ id: contacts[i % contacts.length] ?? '' }],
    tags: i % 3 === 0 ? ['опт', 'выставка'] : ['опт'],
    responsibleUserId: setup.userIds[i % setup.userIds.length] ?? setup.adminUserId,
    customFields: {
      [setup.listFieldId]: setup.listOptionIds[i % setup.listOptionIds.length],
      [setup.numberFieldId]: String(1 + (i % 200)),
    },
  });
  const apiRun = crypto.randomBytes(2).toString('hex');
  const bodies = Array.from({ length: BULK }, (_, i) => JSON.stringify(deal(i, apiRun)));
  process.stdout.write(`  bulk create: ${BULK} × POST /api/deals …`);
  const t0 = performance.now();
  const api = await apiLoad(server.url, { cookie }, ['/api/deals'], {
    seconds: 0,
    connections: config.connections,
    method: 'POST',
    bodies,
    amount: BULK,
  });
  const apiSeconds = (performance.now() - t0) / 1000;
  const created = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM deals WHERE account_id = $1 AND name LIKE $2`,
    [setup.accountId, `% партия ${apiRun}-%`],
  );
  if (Number(created.rows[0]?.n) !== BULK) throw new Error(`bulk create made ${created.rows[0]?.n} deals`);
  console.log(` ${fmt(BULK / apiSeconds, 0)} deals/s`);

  const sqlRun = crypto.randomBytes(2).toString('hex');
  const rows = Array.from({ length: BULK }, (_, i) => deal(i, sqlRun));
  const client = await pool.connect();
  const t1 = performance.now();
  try {
    await client.query('BEGIN');
    // deals.repository insert: the row with its search vector (name and tags) and stage entry time.
    const values: unknown[] = [];
    const p = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const tuples = rows.map((d) => {
      const words = [d.name, ...d.tags].join(' ');
      const w = p(words);
      return `(${p(setup.accountId)}, ${p(d.name)}, ${p(setup.pipelineId)}, ${p(d.stageId)}, ${p(d.amount)}, 'RUB',
        ${p(d.responsibleUserId)}, ${p(d.companyId)}, ${p(d.tags)}, ${p(setup.adminUserId)}, ${p(JSON.stringify(d.customFields))},
        setweight(to_tsvector('russian', ${w}), 'A') || setweight(to_tsvector('english', ${w}), 'B') || to_tsvector('simple', ${w}),
        now(), now(), now())`;
    });
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO deals (account_id, name, pipeline_id, stage_id, amount, currency, responsible_user_id, company_id,
                          tags, created_by, custom_fields, search, stage_entered_at, created_at, updated_at)
       VALUES ${tuples.join(', ')} RETURNING id`,
      values,
    );
    const ids = inserted.rows.map((r) => r.id);
    const links: unknown[] = [];
    const linkTuples = ids.map((id, i) => {
      links.push(setup.accountId, id, rows[i]?.contacts[0]?.id);
      const n = links.length;
      return `($${n - 2}, $${n - 1}, $${n}, true, 0)`;
    });
    await client.query(
      `INSERT INTO deal_contacts (account_id, deal_id, contact_id, is_primary, position) VALUES ${linkTuples.join(', ')}`,
      links,
    );
    const fieldValues: unknown[] = [];
    const fieldTuples = ids.flatMap((id, i) => {
      const d = rows[i];
      fieldValues.push(setup.accountId, setup.listFieldId, id, d?.customFields[setup.listFieldId]);
      fieldValues.push(setup.accountId, setup.numberFieldId, id, d?.customFields[setup.numberFieldId]);
      const n = fieldValues.length;
      return [
        `($${n - 7}, $${n - 6}, $${n - 5}, 0, $${n - 4}::uuid, NULL)`,
        `($${n - 3}, $${n - 2}, $${n - 1}, 0, NULL, $${n}::numeric)`,
      ];
    });
    await client.query(
      `INSERT INTO custom_field_values (account_id, field_id, record_id, ordinal, value_ref, value_number)
       VALUES ${fieldTuples.join(', ')}`,
      fieldValues,
    );
    // recordStageEntry: close open visits (none for new deals), open one per deal.
    const idList = ids.map((_, i) => `$${i + 2}`).join(', ');
    await client.query(
      `UPDATE deal_stage_history SET left_at = now()
       WHERE account_id = $1 AND deal_id IN (${idList}) AND left_at IS NULL`,
      [setup.accountId, ...ids],
    );
    await client.query(
      `INSERT INTO deal_stage_history (account_id, deal_id, pipeline_id, stage_id, entered_at, moved_by)
       SELECT account_id, id, pipeline_id, stage_id, now(), $${ids.length + 2}::uuid
       FROM deals WHERE account_id = $1 AND id IN (${idList})`,
      [setup.accountId, ...ids, setup.adminUserId],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return { api: { ...api, seconds: apiSeconds }, sqlSeconds: (performance.now() - t1) / 1000 };
}

// ---- main ----------------------------------------------------------------------------------------------------

async function main() {
  const scale = config.scale === 1 ? fullScale : scaled(config.scale);
  let dbName: string;
  let dbUrl: string;
  let drop: (() => Promise<void>) | undefined;
  if (config.reuse) {
    dbName = config.reuse;
    const url = new URL(config.adminUrl);
    url.pathname = `/${dbName}`;
    dbUrl = url.toString();
  } else {
    const scratch = await createScratchDatabase(config.adminUrl);
    dbName = scratch.name;
    dbUrl = scratch.url;
    drop = () => scratch.drop();
  }
  log(`bench/core — database ${dbName}`);
  const server = await startVoronka(dbUrl);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const pool = new pg.Pool({
    connectionString: dbUrl,
    max: Math.max(10, config.connections),
    statement_timeout: TIMEOUT_MS,
  });
  try {
    const api = new ApiClient(server.url);
    let meta: Meta;
    if (config.reuse) {
      const stored = await db.query<{ meta: Meta }>('SELECT meta FROM bench_core_meta');
      const found = stored.rows[0]?.meta;
      if (!found)
        throw new Error(`${dbName} has no bench_core_meta: was it made by bench/core with BENCH_KEEP=1?`);
      meta = found;
      await api.post('/api/auth/sign-in', { email: meta.email, password: meta.password });
      log(`reusing the data generated in ${fmt(meta.generation.seconds)} s`);
    } else {
      const { email, password, setup } = await signUpAccount(api, server.url, db, {
        bench: 'bench',
        accountName: 'ООО «Бенчмарк»',
        salespeople: ['Ольга Петрова', 'Дмитрий Соколов', 'Анна Кузнецова', 'Игорь Волков'],
      });
      log(
        `generating: ${scale.companies} companies, ${scale.contacts} contacts, ${scale.deals} deals, ${scale.timelineEntries} timeline entries`,
      );
      const generation = await generate(db, setup, scale, log);
      log(`generated in ${fmt(generation.seconds)} s`);
      meta = { email, password, setup, scale, generation };
      await db.query('CREATE TABLE bench_core_meta (meta jsonb NOT NULL)');
      await db.query('INSERT INTO bench_core_meta VALUES ($1)', [JSON.stringify(meta)]);
    }
    const { setup } = meta;
    // Page 1,000 of 2,000 at full scale; the middle page of a smaller list.
    const deepPage = Math.min(1000, Math.max(2, Math.floor(meta.scale.deals / PAGE / 2)));
    const acc = setup.accountId;
    const cookie = api.cookie;
    const routes = await api.routes();
    const sizes = await db.query<{ t: string; n: string }>(
      `SELECT 'deals' t, count(*)::text n FROM deals UNION ALL SELECT 'contacts', count(*)::text FROM contacts
       UNION ALL SELECT 'companies', count(*)::text FROM companies
       UNION ALL SELECT 'timeline_entries', count(*)::text FROM timeline_entries
       UNION ALL SELECT 'tasks', count(*)::text FROM tasks
       UNION ALL SELECT 'history_entries', count(*)::text FROM history_entries
       UNION ALL SELECT 'database', pg_size_pretty(pg_database_size(current_database()))`,
    );
    log(`data: ${sizes.rows.map((r) => `${r.t} ${r.n}`).join(', ')}`);

    // What the figures are about: the biggest open column, a heavy and an average deal, search words.
    const column = setup.stages.find((s) => s.kind === 'open');
    if (!column) throw new Error('the pipeline has no open stage');
    const counts = await db.query<{ deal_id: string; n: string }>(
      `SELECT deal_id, count(*)::text AS n FROM timeline_entries WHERE account_id = $1 AND deal_id IS NOT NULL
       GROUP BY deal_id ORDER BY count(*) DESC`,
      [acc],
    );
    const heavy = counts.rows[0];
    const average = counts.rows[Math.floor(counts.rows.length / 2)];
    if (!heavy || !average) throw new Error('no timeline entries');
    log(
      `kanban column: ${column.name}; heavy deal: ${heavy.n} timeline entries; average deal: ${average.n} (median of ${counts.rows.length} deals with entries)`,
    );
    const deepKey = await q.dealListKeyAt(pool, acc, (deepPage - 1) * PAGE - 1);
    const dealWords = ['ромашка', 'монтаж вент', 'тендер', 'Вектор Трейд'];
    const contactWords = ['иванов', 'смирнова ольга', 'коммерческий директор', 'petrov'];
    // What people type on the way to a name, or mistype: words that match nothing.
    const typos = ['ромашкка', 'иваноф'] as const;
    const cf = (filter: Record<string, unknown>) => encodeURIComponent(JSON.stringify(filter));
    const listFilter = { [setup.listFieldId]: { op: 'eq', value: setup.listOptionIds[0] } };
    const retiredOption = setup.listOptionIds.at(-1) ?? '';
    const retiredFilter = { [setup.listFieldId]: { op: 'eq', value: retiredOption } };
    const numberFilter = { [setup.numberFieldId]: { op: 'between', from: '100', to: '120' } };
    let page1000Path: string | undefined;

    const figures: Figure[] = [
      {
        key: 'kanban.column',
        title: `kanban column page (${KANBAN_LIMIT} cards, ${column.name})`,
        needs: ['GET /api/deals/kanban/column'],
        paths: [`/api/deals/kanban/column?stageId=${column.id}&limit=${KANBAN_LIMIT}`],
        raw: (pool) => q.kanbanColumn(pool, acc, column.id, KANBAN_LIMIT),
      },
      {
        key: 'kanban.board',
        title: `kanban board (${setup.stages.length} columns × ${KANBAN_LIMIT} + totals)`,
        needs: ['GET /api/deals/kanban'],
        paths: [`/api/deals/kanban?pipelineId=${setup.pipelineId}&limit=${KANBAN_LIMIT}`],
        raw: (pool) => q.kanbanBoard(pool, acc, setup.pipelineId, KANBAN_LIMIT),
      },
      {
        key: 'list.page1',
        title: `deal list, page 1 (${PAGE}, newest first)`,
        needs: ['GET /api/deals'],
        paths: [`/api/deals?limit=${PAGE}`],
        raw: (pool) => q.dealList(pool, { accountId: acc, limit: PAGE }),
      },
      {
        key: 'list.page1000',
        title: `deal list, page ${deepPage.toLocaleString('en')} (keyset cursor)`,
        needs: ['GET /api/deals'],
        paths: async () => {
          page1000Path ??= await walkToPage(api, deepPage, deepKey.id);
          return [page1000Path];
        },
        raw: (pool) => q.dealList(pool, { accountId: acc, limit: PAGE, after: deepKey }),
      },
      {
        key: 'list.cf-list',
        title: 'deal list, custom list field = option (30 %)',
        needs: ['GET /api/deals'],
        paths: [`/api/deals?limit=${PAGE}&customFields=${cf(listFilter)}`],
        raw: (pool) =>
          q.dealList(pool, {
            accountId: acc,
            limit: PAGE,
            field: { fieldId: setup.listFieldId, op: 'eq', ref: setup.listOptionIds[0] ?? '' },
          }),
      },
      {
        key: 'list.cf-retired',
        title: 'deal list, list field = option retired a year ago',
        needs: ['GET /api/deals'],
        paths: [`/api/deals?limit=${PAGE}&customFields=${cf(retiredFilter)}`],
        raw: (pool) =>
          q.dealList(pool, {
            accountId: acc,
            limit: PAGE,
            field: { fieldId: setup.listFieldId, op: 'eq', ref: retiredOption },
          }),
      },
      {
        key: 'list.cf-number',
        title: 'deal list, custom number between 100 and 120',
        needs: ['GET /api/deals'],
        paths: [`/api/deals?limit=${PAGE}&customFields=${cf(numberFilter)}`],
        raw: (pool) =>
          q.dealList(pool, {
            accountId: acc,
            limit: PAGE,
            field: { fieldId: setup.numberFieldId, op: 'between', from: '100', to: '120' },
          }),
      },
      {
        key: 'search.deals',
        title: `deal search (${dealWords.length} phrases in turn)`,
        needs: ['GET /api/deals'],
        paths: dealWords.map((s) => `/api/deals?limit=${PAGE}&search=${encodeURIComponent(s)}`),
        raw: (pool, i) =>
          q.dealList(pool, {
            accountId: acc,
            limit: PAGE,
            tsquery: q.prefixQuery(dealWords[i % dealWords.length] ?? ''),
          }),
      },
      {
        key: 'search.contacts',
        title: `contact search (${contactWords.length} phrases in turn)`,
        needs: ['GET /api/contacts'],
        paths: contactWords.map((s) => `/api/contacts?limit=${PAGE}&search=${encodeURIComponent(s)}`),
        raw: (pool, i) =>
          q.contactList(pool, acc, PAGE, q.prefixQuery(contactWords[i % contactWords.length] ?? '')),
      },
      {
        key: 'search.typo',
        title: 'search with a typo: nothing found (deals, contacts)',
        needs: ['GET /api/deals', 'GET /api/contacts'],
        paths: [
          `/api/deals?limit=${PAGE}&search=${encodeURIComponent(typos[0])}`,
          `/api/contacts?limit=${PAGE}&search=${encodeURIComponent(typos[1])}`,
        ],
        raw: (pool, i) =>
          i % 2 === 0
            ? q.dealList(pool, { accountId: acc, limit: PAGE, tsquery: q.prefixQuery(typos[0]) })
            : q.contactList(pool, acc, PAGE, q.prefixQuery(typos[1])),
      },
      {
        key: 'contacts.page1',
        title: `contact list, page 1 (${PAGE}, newest first)`,
        needs: ['GET /api/contacts'],
        paths: [`/api/contacts?limit=${PAGE}`],
        raw: (pool) => q.contactList(pool, acc, PAGE),
      },
      ...(
        [
          ['heavy', heavy],
          ['average', average],
        ] as const
      ).flatMap(([kind, deal]): Figure[] => [
        {
          key: `deal.${kind}`,
          title: `card: GET /api/deals/{id} (${kind} deal)`,
          needs: ['GET /api/deals/{id}'],
          paths: [`/api/deals/${deal.deal_id}`],
          raw: (pool) => q.dealCard(pool, acc, deal.deal_id),
        },
        {
          key: `timeline.${kind}`,
          title: `card: GET /api/timeline (${kind}, ${deal.n} entries)`,
          needs: ['GET /api/timeline'],
          paths: [`/api/timeline?entity=deal&entityId=${deal.deal_id}`],
          raw: (pool) => q.dealTimeline(pool, acc, deal.deal_id, 50),
        },
      ]),
    ];

    const loadBefore = os.loadavg()[0] ?? 0;
    log(
      `\nmeasuring: ${config.seconds} s per run, 1 and ${config.connections} clients (Node ${process.version}, ${os.cpus().length} cores, load average ${fmt(loadBefore, 2)})`,
    );
    const rows: Row[] = [];
    for (const figure of figures) {
      if (config.only && !config.only.some((k) => figure.key.startsWith(k))) continue;
      rows.push(await measure(figure, server, cookie, pool, db, routes));
    }
    // Page 1,000 against page 1 in one run, alternating, so that other work on the machine weighs on both alike.
    const page1 = rows.find((r) => r.key === 'list.page1');
    const alternating =
      page1?.api1 && page1000Path
        ? await apiLoadAlternating(
            server.url,
            { cookie },
            [`/api/deals?limit=${PAGE}`, page1000Path],
            config.seconds,
          )
        : undefined;
    for (const kind of ['heavy', 'average']) {
      const d = rows.find((r) => r.key === `deal.${kind}`);
      const t = rows.find((r) => r.key === `timeline.${kind}`);
      if (!d || !t) continue;
      const skipped = d.skipped ?? t.skipped;
      rows.push({
        key: `card.${kind}`,
        title: `card = deal + timeline (${kind} deal)`,
        ...(skipped
          ? { skipped }
          : {
              api1: sumOf(d.api1, t.api1),
              sql1: sumOf(d.sql1, t.sql1),
              apiN: sumOf(d.apiN, t.apiN),
              sqlN: sumOf(d.sqlN, t.sqlN),
              ...(d.cpu && t.cpu
                ? {
                    cpu: {
                      node: d.cpu.node + t.cpu.node,
                      pgApi: d.cpu.pgApi + t.cpu.pgApi,
                      pgSql: d.cpu.pgSql + t.cpu.pgSql,
                    },
                  }
                : {}),
            }),
      });
    }
    const bulk =
      !config.only || config.only.some((k) => 'bulk'.startsWith(k))
        ? await bulkCreate(server, cookie, pool, setup, routes).catch((error: unknown): BulkResult => ({
            skipped: `failed: ${String(error)}`,
          }))
        : undefined;

    log(
      `\nbench/core — PostgreSQL, ${meta.scale.deals} deals, ${meta.scale.contacts} contacts, ${meta.scale.companies} companies, ${meta.scale.timelineEntries} timeline entries; generated in ${fmt(meta.generation.seconds)} s`,
    );
    log(
      `${os.cpus().length} cores; load average ${fmt(loadBefore, 2)} before measuring, ${fmt(os.loadavg()[0], 2)} after (above ~1 other work shared the machine)`,
    );
    printTable(rows);
    if (bulk) {
      if (bulk.skipped) log(`\nbulk create: ${bulk.skipped}`);
      else if (bulk.api && bulk.sqlSeconds !== undefined) {
        log(
          `\nbulk create, ${BULK} deals: API (${config.connections} clients) p50 ${fmt(bulk.api.p50)} ms, p95 ${fmt(bulk.api.p95)} ms, ${fmt(BULK / bulk.api.seconds, 0)} deals/s; ` +
            `SQL (one transaction) ${fmt(bulk.sqlSeconds * 1000, 0)} ms, ${fmt(BULK / bulk.sqlSeconds, 0)} deals/s; ×SQL ${fmt(bulk.api.seconds / bulk.sqlSeconds)}`,
        );
      }
    }
    log('\ntargets');
    for (const v of verdicts(rows, alternating)) {
      log(`  ${v.ok === undefined ? 'SKIP' : v.ok ? 'PASS' : 'FAIL'}  ${v.target.padEnd(38)} ${v.detail}`);
    }
  } finally {
    await pool.end();
    await db.end();
    await server.stop();
    if (drop && !config.keep) await drop();
    else log(`\nkept the database ${dbName}: BENCH_REUSE=${dbName} measures it again`);
  }
}

/** Follows nextCursor from page 1 to page `page`; returns that page's path (checked against the raw key). */
async function walkToPage(api: ApiClient, page: number, expectedLastId: string): Promise<string> {
  let path = `/api/deals?limit=${PAGE}`;
  for (let i = 1; i < page; i++) {
    const body = await api.get<{ items: { id: string }[]; nextCursor: string | null }>(path);
    if (!body.nextCursor) throw new Error(`the deal list ends at page ${i}`);
    if (i === page - 1 && body.items.at(-1)?.id !== expectedLastId) {
      throw new Error(`page ${i} of the API does not end where the SQL baseline's page ${page} starts`);
    }
    path = `/api/deals?limit=${PAGE}&cursor=${encodeURIComponent(body.nextCursor)}`;
  }
  return path;
}

await main();
