// bench/access — what the access rights' visibility filter costs (issue 5, ADR 0018): the deal list and the
// kanban at 100,000 deals, for a manager whose role reads "own + department" beside the account administrator
// (who reads everything, no filter), on the same data and server.
//
// HOW TO RUN
//   npm run bench:access          (builds the server; the bench starts apps/server/dist/main/api.js)
//
//   BENCH_DATABASE_URL  PostgreSQL to create the scratch database in (default
//                       postgres://postgres@127.0.0.1:5432/test); voronka_bench_core_<random> is dropped at the end
//                       (BENCH_KEEP=1 keeps it, to EXPLAIN its queries).
//   BENCH_DEALS=100000  deals to generate (companies and contacts in bench/core's proportions).
//   BENCH_SECONDS=8     seconds per measurement; each figure is measured twice per user, interleaved.
//
// WHAT IT DOES
//   1. Signs up an account through the API with 8 salespeople (bench/core's set-up), generates the data with
//      bench/core's set-based generator (deals spread evenly over the administrator and the salespeople).
//   2. Through the API: two departments of four salespeople; a role «Менеджер отдела» reading deals at
//      "own + department" (the rest as the default manager), assigned to the first salesperson, who signs in.
//   3. Measures with one client (the latency a user sees), administrator and manager in turn, twice each:
//        list     GET /api/deals?limit=50                      (newest first)
//        amount   GET /api/deals?limit=50&sort=amount           (another index order)
//        search   GET /api/deals?limit=50&search=<a word>       (full text)
//        kanban   GET /api/deals/kanban?pipelineId=…&limit=20  (every column's count and sums, first cards)
//   and prints p50/p95 per user and the ratio manager / administrator.
//
// TARGET (issue 5): the filter costs at most 1.5× — manager p95 / administrator p95 ≤ 1.5 for each figure.
// The manager reads fewer deals (about 4/9 of them), so the ratio prices the filter's work, not a smaller
// answer: the filter is an extra condition on every row the query walks.
import pg from 'pg';
import { signUpAccount } from '../core/account.js';
import { generate, scaled } from '../core/generate.js';
import { apiLoad, type Figures } from '../core/load.js';
import { ApiClient, createScratchDatabase, startVoronka } from '../core/server.js';

const env = process.env;
const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  deals: Number(env.BENCH_DEALS ?? '100000'),
  seconds: Number(env.BENCH_SECONDS ?? '8'),
};
const TARGET = 1.5;
const log = (line: string) => console.log(line);
const fmt = (n: number) => n.toFixed(1);

const SALESPEOPLE = [
  'Ольга Петрова',
  'Дмитрий Соколов',
  'Анна Кузнецова',
  'Игорь Волков',
  'Мария Лебедева',
  'Сергей Новиков',
  'Елена Морозова',
  'Павел Козлов',
];

/** Two runs per user, interleaved, so that load on the machine weighs on both alike; the better of each. */
async function compare(baseUrl: string, cookies: { admin: string; manager: string }, path: string) {
  const runs: Record<'admin' | 'manager', Figures[]> = { admin: [], manager: [] };
  for (let round = 0; round < 2; round++) {
    for (const who of ['admin', 'manager'] as const) {
      runs[who].push(
        await apiLoad(baseUrl, { cookie: cookies[who] }, [path], {
          seconds: config.seconds,
          connections: 1,
        }),
      );
    }
  }
  const best = (figures: Figures[]) => ({
    p50: Math.min(...figures.map((f) => f.p50)),
    p95: Math.min(...figures.map((f) => f.p95)),
  });
  return { admin: best(runs.admin), manager: best(runs.manager) };
}

async function main() {
  const fraction = config.deals / 100_000;
  const scale = { ...scaled(fraction), deals: config.deals, timelineEntries: 1000 };
  const scratch = await createScratchDatabase(config.adminUrl);
  log(`bench/access — database ${scratch.name}`);
  const server = await startVoronka(scratch.url);
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  try {
    const api = new ApiClient(server.url);
    const { setup } = await signUpAccount(api, server.url, db, {
      bench: 'access',
      accountName: 'ООО «Права доступа»',
      salespeople: SALESPEOPLE,
    });
    log(`generating ${scale.deals} deals, ${scale.contacts} contacts, ${scale.companies} companies …`);
    const generation = await generate(db, setup, scale, () => undefined);
    log(`generated in ${fmt(generation.seconds)} s`);

    // Two departments of four; the first salesperson's role reads deals of the department.
    const [, ...sales] = setup.userIds;
    for (const [d, members] of [sales.slice(0, 4), sales.slice(4)].entries()) {
      const department = await api.post<{ id: string }>('/api/departments', {
        name: `Отдел продаж ${d + 1}`,
        parentId: null,
        headUserId: null,
      });
      for (const userId of members)
        await api.request('PATCH', `/api/users/${userId}`, { departmentId: department.id });
    }
    const roles = await api.get<{ items: { code: string | null; permissions: Record<string, unknown> }[] }>(
      '/api/roles',
    );
    const manager = roles.items.find((r) => r.code === 'manager');
    if (!manager) throw new Error('no default manager role');
    const permissions = structuredClone(manager.permissions) as {
      entities: { deal: Record<string, string> };
    };
    permissions.entities.deal.read = 'department';
    const role = await api.post<{ id: string }>('/api/roles', { name: 'Менеджер отдела', permissions });
    await api.post('/api/role-assignments', {
      roleId: role.id,
      subjectKind: 'user',
      subjectId: sales[0],
    });
    const email = (
      await db.query<{ email: string }>(
        'SELECT i.email FROM users u JOIN identities i ON i.id = u.identity_id WHERE u.id = $1',
        [sales[0]],
      )
    ).rows[0]?.email;
    const member = new ApiClient(server.url);
    await member.post('/api/auth/sign-in', { email, password: 'member password 1' });

    const visible = await db.query<{ n: string; all: string }>(
      `SELECT count(*) FILTER (WHERE responsible_user_id = ANY($1::uuid[]))::text AS n, count(*)::text AS "all"
       FROM deals`,
      [sales.slice(0, 4)],
    );
    log(`the manager reads ${visible.rows[0]?.n} of ${visible.rows[0]?.all} deals (own + department)`);
    const word = (await db.query<{ w: string }>(`SELECT split_part(name, ' ', 1) AS w FROM deals LIMIT 1`))
      .rows[0]?.w;
    const figures = [
      { key: 'list', path: '/api/deals?limit=50' },
      { key: 'amount', path: '/api/deals?limit=50&sort=amount' },
      { key: 'search', path: `/api/deals?limit=50&search=${encodeURIComponent(word ?? 'Сделка')}` },
      { key: 'kanban', path: `/api/deals/kanban?pipelineId=${setup.pipelineId}&limit=20` },
    ];
    log('');
    log(
      `${'figure'.padEnd(8)}${'admin p50'.padStart(11)}${'admin p95'.padStart(11)}${'mgr p50'.padStart(10)}${'mgr p95'.padStart(10)}${'×p50'.padStart(7)}${'×p95'.padStart(7)}  (ms, one client, ${config.seconds} s × 2 each)`,
    );
    let worst = 0;
    for (const figure of figures) {
      const r = await compare(server.url, { admin: api.cookie, manager: member.cookie }, figure.path);
      const ratio50 = r.manager.p50 / r.admin.p50;
      const ratio95 = r.manager.p95 / r.admin.p95;
      worst = Math.max(worst, ratio95);
      log(
        `${figure.key.padEnd(8)}${fmt(r.admin.p50).padStart(11)}${fmt(r.admin.p95).padStart(11)}${fmt(r.manager.p50).padStart(10)}${fmt(r.manager.p95).padStart(10)}${ratio50.toFixed(2).padStart(7)}${ratio95.toFixed(2).padStart(7)}`,
      );
    }
    log('');
    log(
      `worst manager/administrator p95: ${worst.toFixed(2)}× — ${worst <= TARGET ? 'within' : 'OVER'} the ${TARGET}× target`,
    );
  } finally {
    await db.end();
    await server.stop();
    if (process.env.BENCH_KEEP === '1') log(`kept ${scratch.name}`);
    else await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
