// The data set: companies, contacts, deals, their links, stage history, change history, tasks and timeline
// entries, written with set-based SQL straight into the tables of a freshly signed-up account — the rows the
// modules would write, in their shapes (search vectors as the repositories compute them, custom-field values
// both in `custom_fields` and in the `custom_field_values` index rows), at 100,000-deal scale in minutes.
// Rows go in in the order they were created (by created_at / occurred_at), so that the tables' physical
// layout is that of a database filled over two years, not a random one.
//
// Randomness is PostgreSQL's random() seeded per step (setseed), so two runs at one scale draw the same
// numbers in the same order; ids are gen_random_uuid() and differ.
import type pg from 'pg';
import * as w from './words.js';

export interface Scale {
  companies: number;
  contacts: number;
  deals: number;
  timelineEntries: number;
}

export const fullScale: Scale = {
  companies: 20_000,
  contacts: 100_000,
  deals: 100_000,
  timelineEntries: 1_000_000,
};

export function scaled(factor: number): Scale {
  const n = (x: number) => Math.max(10, Math.round(x * factor));
  return {
    companies: n(fullScale.companies),
    contacts: n(fullScale.contacts),
    deals: n(fullScale.deals),
    timelineEntries: n(fullScale.timelineEntries),
  };
}

export interface StageInfo {
  id: string;
  name: string;
  kind: 'unsorted' | 'open' | 'won' | 'lost';
  position: number;
}

/** What the API set-up created and the generator builds on. */
export interface AccountSetup {
  accountId: string;
  adminUserId: string;
  userIds: string[];
  pipelineId: string;
  /** In display order: Unsorted, the open stages, Won, Lost. */
  stages: StageInfo[];
  listFieldId: string;
  listOptionIds: string[];
  numberFieldId: string;
}

export interface GenerationReport {
  steps: { step: string; rows: number; seconds: number }[];
  seconds: number;
}

// ---- SQL text helpers (every value here is ours: word lists and ids from the API) ------------------------

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (items: readonly string[]) => `ARRAY[${items.map(quote).join(',')}]::text[]`;
const uuidArray = (items: readonly string[]) => `ARRAY[${items.map(quote).join(',')}]::uuid[]`;
/** A random element of an array expression (a fresh draw per row). */
const pick = (array: string) => `(${array})[1 + floor(random() * cardinality(${array}))::int]`;

const translit: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
/** A Russian word in Latin letters (e-mail names); other characters dropped. */
export const latin = (word: string) =>
  word.toLowerCase().replace(/./gu, (c) => translit[c] ?? (/[a-z0-9]/.test(c) ? c : ''));

/** "Deal-funnel" shares of the stages in display order; open stages thin out towards the contract. */
function stageShares(stages: StageInfo[]): number[] {
  const open = stages.filter((s) => s.kind === 'open');
  // 30 % of deals are open (1.5 % of them still unsorted), 25 % won, 45 % lost.
  const openShares = open.map((_, i) => 2 ** (open.length - 1 - i));
  const openTotal = openShares.reduce((a, b) => a + b, 0);
  return stages.map((s) => {
    if (s.kind === 'unsorted') return 0.015;
    if (s.kind === 'won') return 0.25;
    if (s.kind === 'lost') return 0.45;
    return (0.285 * (openShares[open.indexOf(s)] ?? 0)) / openTotal;
  });
}

// Beware when editing: `row_number() OVER (ORDER BY random())` beside other random() draws in one SELECT made
// those draws correlate with the row number (they are evaluated in the sorted order): newest deals got the
// smallest quantities. Every draw here comes from a plain generate_series row instead.

/**
 * The CASE that maps r in [0, 1) to a 1-based index by cumulative shares. `r` must be a column drawn once
 * (each WHEN would draw a new random()).
 */
function byShares(r: string, shares: number[]) {
  let total = 0;
  const whens = shares.map((share, i) => {
    total += share;
    return `WHEN ${r} < ${total.toFixed(6)} THEN ${i + 1}`;
  });
  return `CASE ${whens.join(' ')} ELSE ${shares.length} END`;
}

export async function generate(
  db: pg.Client,
  setup: AccountSetup,
  scale: Scale,
  log: (line: string) => void,
): Promise<GenerationReport> {
  const started = performance.now();
  const steps: GenerationReport['steps'] = [];
  let seed = 0;
  const step = async (name: string, sql: string) => {
    const t0 = performance.now();
    // A fixed seed per step keeps the data the same from run to run at a given scale.
    seed += 1;
    await db.query(`SELECT setseed(${(seed / 100).toFixed(2)})`);
    // A multi-statement step answers with one result per statement; the one that wrote most rows counts.
    const result: pg.QueryResult | pg.QueryResult[] = await db.query(sql);
    const seconds = (performance.now() - t0) / 1000;
    const rows = Math.max(0, ...(Array.isArray(result) ? result : [result]).map((r) => r.rowCount ?? 0));
    steps.push({ step: name, rows, seconds });
    log(`  ${name.padEnd(44)} ${String(rows).padStart(9)} rows ${seconds.toFixed(1).padStart(7)} s`);
  };

  const acc = `${quote(setup.accountId)}::uuid`;
  const users = uuidArray(setup.userIds);
  const refs = async (list: string) =>
    (
      await db.query<{ id: string }>(
        'SELECT id FROM reference_list_items WHERE account_id = $1 AND list = $2 ORDER BY position',
        [setup.accountId, list],
      )
    ).rows.map((r) => r.id);
  const sources = uuidArray(await refs('sources'));
  const lossReasons = uuidArray(await refs('loss_reasons'));
  const contactTypes = uuidArray(await refs('contact_types'));
  const companyTypes = uuidArray(await refs('company_types'));
  const industries = uuidArray(await refs('industries'));

  await db.query(`SET synchronous_commit = off`);
  // Compiling these one-off statements costs more than it saves.
  await db.query(`SET jit = off`);
  await db.query(`SET work_mem = '256MB'`);
  await db.query(`SET maintenance_work_mem = '512MB'`);

  // ---- companies ------------------------------------------------------------------------------------------
  const brand1 = textArray(w.companyFirstWords);
  const brand1Latin = textArray(w.companyFirstWords.map(latin));
  const brand2 = textArray(w.companySecondWords);
  const brand2Latin = textArray(w.companySecondWords.map(latin));
  const lastNames = textArray(w.lastNames);
  await step(
    'companies (staging)',
    `CREATE TEMP TABLE bench_companies AS
     SELECT g AS ix, gen_random_uuid() AS id, b1, b2,
            (${brand1})[b1] || ' ' || (${brand2})[b2] AS brand,
            (${brand1Latin})[b1] || '-' || (${brand2Latin})[b2] || (g % 97) AS domain,
            ${pick(textArray(w.legalForms))} AS form,
            now() - random() * interval '730 days' AS created_at,
            random() AS r_phone, random() AS r_email, random() AS r_site
     FROM (SELECT g, 1 + floor(random() * ${w.companyFirstWords.length})::int AS b1,
                  1 + floor(random() * ${w.companySecondWords.length})::int AS b2
           FROM generate_series(1, ${scale.companies}) g) s;
     ANALYZE bench_companies`,
  );
  await step(
    'companies',
    `INSERT INTO companies (id, account_id, name, inn, type_id, industry_id, address, responsible_user_id,
                            search, created_at, updated_at)
     SELECT c.id, ${acc}, n.name, n.inn, ${pick(companyTypes)}, ${pick(industries)},
            'г. ' || ${pick(textArray(w.cities))} || ', ' || ${pick(textArray(w.streets))} || ', д. ' || (1 + c.ix % 120),
            ${pick(users)},
            setweight(to_tsvector('russian', n.name), 'A') || setweight(to_tsvector('english', n.name), 'B')
              || to_tsvector('simple', n.name || ' ' || n.inn || ' '
                   || CASE WHEN c.r_email < 0.6 THEN 'info@' || c.domain || '.ru' ELSE '' END),
            c.created_at, c.created_at
     FROM bench_companies c
     CROSS JOIN LATERAL (
       SELECT CASE WHEN c.form = 'ИП' THEN 'ИП ' || ${pick(lastNames)} || ' ' || left(c.brand, 1) || '.'
                   ELSE c.form || ' «' || c.brand || '»' END AS name,
              CASE WHEN c.form = 'ИП' THEN lpad((floor(random() * 1e12))::bigint::text, 12, '0')
                   ELSE lpad((floor(random() * 1e10))::bigint::text, 10, '0') END AS inn,
              c.ix AS same_row
     ) n
     ORDER BY c.created_at`,
  );
  await step(
    'company_channels',
    `INSERT INTO company_channels (account_id, company_id, kind, type, value, normalized, position, created_at, updated_at)
     SELECT ${acc}, c.id, ch.kind, ch.type, ch.value, ch.normalized, 0, c.created_at, c.created_at
     FROM bench_companies c
     CROSS JOIN LATERAL (
       SELECT 'phone' AS kind, 'work' AS type,
              '+7 (495) ' || substr(d, 1, 3) || '-' || substr(d, 4, 2) || '-' || substr(d, 6, 2) AS value,
              '+7495' || d AS normalized
       FROM (SELECT lpad((floor(random() * 1e7))::int::text, 7, '0') AS d, c.ix) p WHERE c.r_phone < 0.8
       UNION ALL
       SELECT 'email', 'work', 'info@' || c.domain || '.ru', 'info@' || c.domain || '.ru' WHERE c.r_email < 0.6
       UNION ALL
       SELECT 'site', 'work', 'https://' || c.domain || '.ru', 'https://' || c.domain || '.ru' WHERE c.r_site < 0.4
     ) ch
     ORDER BY c.created_at`,
  );

  // ---- contacts -------------------------------------------------------------------------------------------
  const lastLatin = textArray(w.lastNames.map(latin));
  const femaleLast = (e: string) => `CASE WHEN ${e} ~ '(ов|ев|ёв|ин|ын)$' THEN ${e} || 'а' ELSE ${e} END`;
  await step(
    'contacts (staging)',
    `CREATE TEMP TABLE bench_contacts AS
     SELECT g AS ix, gen_random_uuid() AS id, female,
            CASE WHEN female THEN ${femaleLast(`(${lastNames})[ln]`)} ELSE (${lastNames})[ln] END AS last_name,
            CASE WHEN female THEN (${textArray(w.femaleFirstNames)})[fn] ELSE (${textArray(w.maleFirstNames)})[fn] END
              AS first_name,
            CASE WHEN random() < 0.15 THEN NULL
                 WHEN female THEN regexp_replace((${textArray(w.patronymics)})[pn], 'ич$', 'на')
                 ELSE (${textArray(w.patronymics)})[pn] END AS middle_name,
            CASE WHEN random() < 0.7 THEN ${pick(textArray(w.positions))} END AS position,
            (${lastLatin})[ln] || '.' || g || '@' || ${pick(textArray(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru']))}
              AS email,
            lpad((floor(random() * 1e9))::bigint::text, 9, '0') AS phone,
            random() AS r_phone, random() AS r_email, random() AS r_company, random() AS r_written,
            now() - power(random(), 1.5) * interval '730 days' AS created_at
     FROM (SELECT g, random() < 0.45 AS female,
                  1 + floor(random() * ${w.lastNames.length})::int AS ln,
                  1 + floor(random() * 20)::int AS fn,
                  1 + floor(random() * ${w.patronymics.length})::int AS pn
           FROM generate_series(1, ${scale.contacts}) g) s;
     ANALYZE bench_contacts`,
  );
  await step(
    'contacts',
    `INSERT INTO contacts (id, account_id, first_name, last_name, middle_name, position, responsible_user_id,
                           type_id, search, created_at, updated_at)
     SELECT c.id, ${acc}, c.first_name, c.last_name, c.middle_name, c.position, ${pick(users)},
            CASE WHEN random() < 0.8 THEN ${pick(contactTypes)} END,
            setweight(to_tsvector('russian', d.words), 'A') || setweight(to_tsvector('english', d.words), 'B')
              || to_tsvector('simple', d.words || ' ' || CASE WHEN c.r_email < 0.7 THEN c.email ELSE '' END),
            c.created_at, c.created_at
     FROM bench_contacts c
     CROSS JOIN LATERAL (SELECT concat_ws(' ', c.last_name, c.first_name, c.middle_name, c.position) AS words) d
     ORDER BY c.created_at`,
  );
  await step(
    'contact_channels',
    `INSERT INTO contact_channels (account_id, contact_id, kind, type, value, normalized, position, created_at, updated_at)
     SELECT ${acc}, c.id, ch.kind, ch.type, ch.value, ch.normalized, 0, c.created_at, c.created_at
     FROM bench_contacts c
     CROSS JOIN LATERAL (
       SELECT 'phone' AS kind, 'mobile' AS type,
              CASE WHEN c.r_written < 0.5
                   THEN '+7 (9' || substr(c.phone, 1, 2) || ') ' || substr(c.phone, 3, 3) || '-' || substr(c.phone, 6, 2) || '-' || substr(c.phone, 8, 2)
                   ELSE '8 9' || substr(c.phone, 1, 2) || ' ' || substr(c.phone, 3, 3) || ' ' || substr(c.phone, 6, 2) || ' ' || substr(c.phone, 8, 2)
              END AS value,
              '+79' || c.phone AS normalized
       WHERE c.r_phone < 0.9
       UNION ALL
       SELECT 'email', 'work', c.email, c.email WHERE c.r_email < 0.7
     ) ch
     ORDER BY c.created_at`,
  );
  await step(
    'contact_companies',
    `CREATE TEMP TABLE bench_contact_companies AS
     SELECT c.id AS contact_id, co.id AS company_id, c.created_at
     FROM (SELECT id, created_at, r_company, 1 + floor(random() * ${scale.companies})::int AS company_ix
           FROM bench_contacts) c
     JOIN bench_companies co ON co.ix = c.company_ix
     WHERE c.r_company < 0.6;
     ANALYZE bench_contact_companies;
     INSERT INTO contact_companies (account_id, contact_id, company_id, created_at)
     SELECT ${acc}, contact_id, company_id, created_at FROM bench_contact_companies`,
  );

  // ---- deals ----------------------------------------------------------------------------------------------
  const stageIds = uuidArray(setup.stages.map((s) => s.id));
  const stageKinds = textArray(setup.stages.map((s) => s.kind));
  const shares = stageShares(setup.stages);
  const options = uuidArray(setup.listOptionIds);
  // Option shares 30/30/20/12/8 %: the first option is a common filter value. The last one was retired a
  // year ago (only older deals carry it), as happens to sales channels: a filter on it must look far back.
  const optionShares = [0.3, 0.3, 0.2, 0.12, 0.08].slice(0, setup.listOptionIds.length);
  const optionTotal = optionShares.reduce((a, b) => a + b, 0);
  const retired = optionShares.length;
  await step(
    'deals (staging)',
    `CREATE TEMP TABLE bench_deals AS
     SELECT c.*, coalesce(c.closed_at, c.created_at + random() * (now() - c.created_at)) AS entered_at
     FROM (
     SELECT s.*,
            CASE WHEN s.kind IN ('won', 'lost')
                 THEN least(s.created_at + power(random(), 2) * interval '120 days', now())
            END AS closed_at
     FROM (
       SELECT st.g AS ix, gen_random_uuid() AS id, st.stage_ix,
              (${stageIds})[st.stage_ix] AS stage_id, (${stageKinds})[st.stage_ix] AS kind,
              CASE WHEN (${stageKinds})[st.stage_ix] IN ('won', 'lost')
                   THEN now() - random() * interval '730 days'
                   ELSE now() - power(random(), 2) * interval '365 days' END AS created_at,
              CASE WHEN random() < 0.75 THEN 1 + floor(random() * ${scale.companies})::int END AS company_ix,
              ${pick(users)} AS responsible_user_id,
              ${pick(textArray(w.dealSubjects))} AS subject,
              ${pick(lastNames)} AS person,
              CASE WHEN (${stageKinds})[st.stage_ix] = 'unsorted' AND random() < 0.5 THEN 0
                   ELSE least(50000000, round(exp(ln(150000) + 1.1 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) / 100) * 100)
              END::numeric(17, 2) AS amount,
              CASE WHEN st.r_currency < 0.97 THEN 'RUB' WHEN st.r_currency < 0.99 THEN 'USD' ELSE 'EUR' END AS currency,
              floor(power(random(), 1.5) * 4)::int AS n_tags,
              ARRAY[${pick(textArray(w.tags))}, ${pick(textArray(w.tags))}, ${pick(textArray(w.tags))}] AS tag_draws,
              CASE WHEN random() < 0.8 THEN ${byShares(
                'st.r_option',
                optionShares.map((s) => s / optionTotal),
              )} END
                AS option_ix,
              CASE WHEN random() < 0.6 THEN (1 + floor(power(random(), 2) * 500))::int END AS quantity
       FROM (SELECT g, ${byShares('r_stage', shares)} AS stage_ix, r_option, r_currency
             FROM (SELECT g, random() AS r_stage, random() AS r_option, random() AS r_currency
                   FROM generate_series(1, ${scale.deals}) g) r
       ) st
     ) s) c;
     UPDATE bench_deals SET option_ix = ${retired - 1}
     WHERE option_ix = ${retired} AND created_at > now() - interval '365 days';
     ANALYZE bench_deals`,
  );
  await step(
    'deals',
    `INSERT INTO deals (id, account_id, name, pipeline_id, stage_id, amount, currency, responsible_user_id,
                        company_id, source_id, tags, close_date, closed_at, loss_reason_id, loss_comment,
                        stage_entered_at, custom_fields, search, created_by, created_at, updated_at)
     SELECT d.id, ${acc}, n.name, ${quote(setup.pipelineId)}, d.stage_id, d.amount, d.currency,
            d.responsible_user_id, co.id,
            CASE WHEN random() < 0.9 THEN ${pick(sources)} END,
            t.tags,
            CASE WHEN d.kind IN ('open', 'unsorted') AND random() < 0.5
                 THEN (d.created_at + (10 + floor(random() * 80)) * interval '1 day')::date END,
            d.closed_at,
            CASE WHEN d.kind = 'lost' AND random() < 0.85 THEN ${pick(lossReasons)} END,
            CASE WHEN d.kind = 'lost' AND random() < 0.2 THEN 'Клиент выбрал поставщика с отсрочкой платежа' END,
            d.entered_at,
            jsonb_strip_nulls(jsonb_build_object(
              ${quote(setup.listFieldId)}, (${options})[d.option_ix],
              ${quote(setup.numberFieldId)}, d.quantity::text)),
            setweight(to_tsvector('russian', n.words), 'A') || setweight(to_tsvector('english', n.words), 'B')
              || to_tsvector('simple', n.words),
            d.responsible_user_id, d.created_at, d.entered_at
     FROM bench_deals d
     LEFT JOIN bench_companies co ON co.ix = d.company_ix
     CROSS JOIN LATERAL (
       -- Drawn in the staging row: a random() in here would be memoized per n_tags (the same tags for all).
       SELECT coalesce(array_agg(DISTINCT tag), '{}') AS tags FROM unnest(d.tag_draws[1:d.n_tags]) tag
     ) t
     CROSS JOIN LATERAL (
       SELECT nm AS name, array_to_string(ARRAY[nm] || t.tags, ' ') AS words
       FROM (SELECT d.subject || ' — ' || coalesce(co.brand, d.person) AS nm) y
     ) n
     ORDER BY d.created_at`,
  );
  await step(
    'custom_field_values (deals)',
    `INSERT INTO custom_field_values (account_id, field_id, record_id, ordinal, value_ref, value_number)
     SELECT ${acc}, ${quote(setup.listFieldId)}::uuid, id, 0, (${options})[option_ix], NULL
     FROM bench_deals WHERE option_ix IS NOT NULL
     UNION ALL
     SELECT ${acc}, ${quote(setup.numberFieldId)}::uuid, id, 0, NULL, quantity::numeric
     FROM bench_deals WHERE quantity IS NOT NULL`,
  );
  // Contacts of the deal's company first (as people link them), otherwise any contact.
  await step(
    'deal_contacts',
    `CREATE TEMP TABLE bench_company_contacts AS
     SELECT company_id, contact_id, row_number() OVER (PARTITION BY company_id ORDER BY contact_id) AS rn,
            count(*) OVER (PARTITION BY company_id) AS n
     FROM bench_contact_companies;
     CREATE INDEX ON bench_company_contacts (company_id, rn);
     ANALYZE bench_company_contacts;
     INSERT INTO deal_contacts (account_id, deal_id, contact_id, is_primary, position, created_at)
     SELECT DISTINCT ON (x.deal_id, x.contact_id) ${acc}, x.deal_id, x.contact_id, x.k = 1, x.k - 1, x.created_at
     FROM (
       SELECT d.id AS deal_id, d.created_at, k.k,
              coalesce(cc.contact_id, c.id) AS contact_id
       FROM (SELECT id, created_at, company_ix,
                    CASE WHEN random() < 0.15 THEN 0 WHEN random() < 0.82 THEN 1 WHEN random() < 0.8 THEN 2 ELSE 3 END
                      AS n_contacts
             FROM bench_deals) d
       CROSS JOIN LATERAL generate_series(1, d.n_contacts) k(k)
       LEFT JOIN bench_companies co ON co.ix = d.company_ix
       LEFT JOIN bench_company_contacts cc ON cc.company_id = co.id AND cc.rn = 1 + (k.k - 1) % cc.n
       JOIN bench_contacts c ON c.ix = 1 + (abs(hashtext(d.id::text || k.k)) % ${scale.contacts})
     ) x
     ORDER BY x.deal_id, x.contact_id, x.k`,
  );

  // ---- stage history and change history ---------------------------------------------------------------------
  // The path a deal took: Unsorted alone; an open stage after the open stages before it; Won after all open
  // stages; Lost after some of them. Visits are spread evenly from creation to entering the current stage.
  const openIxs = setup.stages.flatMap((s, i) => (s.kind === 'open' ? [i + 1] : []));
  const openArray = `ARRAY[${openIxs.join(',')}]`;
  await step(
    'deal visits (staging)',
    `CREATE TEMP TABLE bench_visits AS
     SELECT p.id AS deal_id, p.responsible_user_id, p.name, p.amount, p.currency, p.kind, v.j, p.len,
            CASE WHEN v.j = p.len THEN p.stage_id ELSE (${stageIds})[(${openArray})[v.j]] END
              AS stage_id,
            p.created_at + (p.stage_entered_at - p.created_at) * (v.j - 1) / greatest(p.len - 1, 1) AS entered_at,
            CASE WHEN v.j < p.len
                 THEN p.created_at + (p.stage_entered_at - p.created_at) * v.j / greatest(p.len - 1, 1) END AS left_at
     FROM (
       SELECT d.id, d.responsible_user_id, d.stage_id, d.name, d.amount, d.currency, b.kind, d.created_at,
              d.stage_entered_at,
              CASE b.kind WHEN 'unsorted' THEN 1
                          WHEN 'open' THEN array_position(${openArray}, b.stage_ix)
                          WHEN 'won' THEN ${openIxs.length + 1}
                          ELSE 2 + floor(random() * ${openIxs.length})::int END AS len
       FROM deals d JOIN bench_deals b ON b.id = d.id
     ) p
     CROSS JOIN LATERAL generate_series(1, p.len) v(j);
     ANALYZE bench_visits`,
  );
  await step(
    'deal_stage_history',
    `INSERT INTO deal_stage_history (account_id, deal_id, pipeline_id, stage_id, entered_at, left_at, moved_by)
     SELECT ${acc}, deal_id, ${quote(setup.pipelineId)}, stage_id, entered_at, left_at, responsible_user_id
     FROM bench_visits
     ORDER BY entered_at`,
  );
  // One "created" entry per deal and one "updated" per stage move, with the payloads deals.service.ts records
  // (the history subscriber keeps `changes` apart and the rest of the payload as `details`).
  await step(
    'history_entries (deals)',
    `INSERT INTO history_entries (account_id, event_id, seq, type, entity, entity_id, actor_user_id, source,
                                  changes, details, occurred_at, created_at, updated_at)
     SELECT ${acc}, gen_random_uuid(), 1000000000 + row_number() OVER (ORDER BY occurred_at), type, 'deal',
            deal_id::text, responsible_user_id, 'ui', changes, details, occurred_at, occurred_at, occurred_at
     FROM (
       SELECT v.deal_id, v.responsible_user_id, 'deal.created' AS type, NULL::jsonb AS changes,
              jsonb_build_object('name', v.name, 'pipelineId', ${quote(setup.pipelineId)}, 'stageId', v.stage_id,
                                 'amount', v.amount::text, 'currency', v.currency,
                                 'responsibleUserId', v.responsible_user_id) AS details,
              v.entered_at AS occurred_at
       FROM bench_visits v WHERE v.j = 1
       UNION ALL
       SELECT v.deal_id, v.responsible_user_id, 'deal.updated',
              jsonb_build_object('stageId', jsonb_build_object('from', prev.stage_id, 'to', v.stage_id))
                || CASE WHEN v.j = v.len AND v.kind IN ('won', 'lost')
                        THEN jsonb_build_object('status', jsonb_build_object('from', 'open', 'to', v.kind))
                        ELSE '{}'::jsonb END,
              jsonb_build_object('name', v.name), v.entered_at
       FROM bench_visits v JOIN bench_visits prev ON prev.deal_id = v.deal_id AND prev.j = v.j - 1
     ) e
     ORDER BY e.occurred_at`,
  );

  // ---- tasks ----------------------------------------------------------------------------------------------
  await step(
    'tasks',
    `INSERT INTO tasks (account_id, type, text, deadline, responsible_user_id, created_by, deal_id, completed_at,
                        completed_by, result, created_at, updated_at)
     -- an open task on ~70 % of open deals, a quarter of them overdue
     SELECT ${acc}, ${pick(textArray(['call', 'call', 'meeting', 'email', 'other']))}, ${pick(textArray(w.taskTexts))},
            date_trunc('hour', now() + (random() * 20 - 5) * interval '1 day'), d.responsible_user_id,
            d.responsible_user_id, d.id, NULL, NULL, NULL, d.stage_entered_at, d.stage_entered_at
     FROM deals d WHERE d.closed_at IS NULL AND random() < 0.7
     UNION ALL
     -- done tasks over each deal's life: none to three
     SELECT ${acc}, ${pick(textArray(['call', 'call', 'meeting', 'email', 'other']))}, ${pick(textArray(w.taskTexts))},
            x.done_at, x.responsible_user_id, x.responsible_user_id, x.id, x.done_at, x.responsible_user_id,
            CASE WHEN random() < 0.7 THEN ${pick(textArray(w.taskResults))} END,
            x.done_at - interval '2 days', x.done_at
     FROM (SELECT d.id, d.responsible_user_id,
                  d.created_at + random() * (coalesce(d.closed_at, now()) - d.created_at) AS done_at
           FROM deals d CROSS JOIN LATERAL generate_series(1, floor(random() * 4)::int + (d.id IS NULL)::int) k) x
     ORDER BY 11`,
  );

  // ---- timeline -------------------------------------------------------------------------------------------
  // Deals draw entries by rank: P(rank ≤ x) = (x / deals)^0.4, so a handful of deals have thousands of entries
  // and the median deal a few.
  const iso = (e: string) => `to_char((${e}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  await step(
    'timeline_entries',
    `INSERT INTO timeline_entries (account_id, kind, deal_id, author_user_id, body, data, pinned_at, occurred_at,
                                   created_at, updated_at)
     SELECT ${acc}, e.kind, e.deal_id, e.author, e.body, e.data,
            CASE WHEN e.r_pin < 0.0005 THEN e.at + interval '1 day' END, e.at, e.at, e.at
     FROM (
       SELECT x.deal_id, x.at, x.r_pin, x.author,
              CASE WHEN x.r < 0.35 THEN 'comment' WHEN x.r < 0.45 THEN 'note' WHEN x.r < 0.8 THEN 'call'
                   WHEN x.r < 0.88 THEN 'meeting' ELSE 'email' END AS kind,
              CASE WHEN x.r < 0.45 OR x.r >= 0.88 OR random() < 0.3 THEN ${pick(textArray(w.comments))} ELSE '' END
                AS body,
              CASE WHEN x.r < 0.45 THEN '{}'::jsonb
                   WHEN x.r < 0.8 THEN jsonb_build_object(
                     'direction', CASE WHEN random() < 0.6 THEN 'outbound' ELSE 'inbound' END,
                     'durationSeconds', floor(random() * 900)::int,
                     'phone', '+79' || lpad((floor(random() * 1e9))::bigint::text, 9, '0'),
                     'result', ${pick(textArray(w.callResults))})
                   WHEN x.r < 0.88 THEN jsonb_build_object(
                     'startsAt', ${iso('x.at')}, 'endsAt', ${iso("x.at + interval '1 hour'")},
                     'place', ${pick(textArray(w.meetingPlaces))})
                   ELSE jsonb_build_object(
                     'subject', ${pick(textArray(w.emailSubjects))}, 'from', 'sales@voronka-bench.ru',
                     'to', jsonb_build_array('client' || x.n || '@mail.ru'), 'cc', '[]'::jsonb)
              END AS data
       FROM (
         SELECT d.id AS deal_id, s.n, s.r, s.r_pin, (${users})[1 + s.n % ${setup.userIds.length}] AS author,
                d.created_at + s.r_at * (coalesce(d.closed_at, now()) - d.created_at) AS at
         FROM (SELECT n, random() AS r, random() AS r_at, random() AS r_pin,
                      1 + floor(${scale.deals} * power(random(), 2.5))::int AS deal_ix
               FROM generate_series(1, ${scale.timelineEntries}) n) s
         JOIN bench_deals d ON d.ix = s.deal_ix
       ) x
     ) e
     ORDER BY e.at`,
  );

  // Autovacuum would have set the visibility map and statistics of a database in use; do it now.
  await step('VACUUM ANALYZE', 'VACUUM (ANALYZE)');
  for (const t of ['visits', 'company_contacts', 'contact_companies', 'deals', 'contacts', 'companies']) {
    await db.query(`DROP TABLE IF EXISTS bench_${t}`);
  }
  return { steps, seconds: (performance.now() - started) / 1000 };
}
