// The raw-SQL baselines: for each measured API call, the SQL its service runs (as the repositories build it,
// read from apps/server/src/modules/*/…repository.ts and …service.ts), issued through `pg` without HTTP,
// authentication, validation or JSON. Queries the service runs in parallel run in parallel here too.
// Keep these in step with the repositories: a baseline that drifts from the real query measures nothing.
import type pg from 'pg';

const placeholders = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');

// ---- deals (deals.repository.ts) ---------------------------------------------------------------------------

const dealColumns = `deals.id, deals.account_id, deals.name, deals.pipeline_id, deals.stage_id, deals.amount,
  deals.currency, deals.responsible_user_id, deals.company_id, deals.source_id, deals.tags,
  deals.start_date::text AS start_date, deals.close_date::text AS close_date, deals.closed_at,
  deals.loss_reason_id, deals.loss_comment, deals.stage_entered_at, deals.lead_id, deals.custom_fields,
  deals.created_by, deals.version, deals.created_at, deals.updated_at`;

const nextTaskAt = `(SELECT min(t.deadline) FROM tasks t
  WHERE t.account_id = deals.account_id AND t.deal_id = deals.id AND t.completed_at IS NULL)`;

const primaryContactName = `(SELECT concat_ws(' ', c.last_name, c.first_name, c.middle_name) FROM deal_contacts dc
  JOIN contacts c ON c.account_id = dc.account_id AND c.id = dc.contact_id
  WHERE dc.account_id = deals.account_id AND dc.deal_id = deals.id AND dc.is_primary)`;

const contactLinks = `(SELECT coalesce(json_agg(json_build_object('id', c.id,
  'name', concat_ws(' ', c.last_name, c.first_name, c.middle_name), 'isPrimary', dc.is_primary)
  ORDER BY dc.position), '[]'::json)
  FROM deal_contacts dc JOIN contacts c ON c.account_id = dc.account_id AND c.id = dc.contact_id
  WHERE dc.account_id = deals.account_id AND dc.deal_id = deals.id)`;

const hasItems = `EXISTS (SELECT 1 FROM deal_items di
  WHERE di.account_id = deals.account_id AND di.deal_id = deals.id)`;

/**
 * `detailed()`: deals with the stage's kind, the company's name, the next task, the contacts and the
 * line-items flag (plus `extra` columns).
 */
const detailed = (
  extra = '',
) => `SELECT ${dealColumns}, stages.kind AS stage_kind, companies.name AS company_name,
  ${nextTaskAt} AS next_task_at, ${contactLinks} AS contacts, ${hasItems} AS has_items${extra}
  FROM deals
  INNER JOIN stages ON stages.account_id = deals.account_id AND stages.id = deals.stage_id
  LEFT JOIN companies ON companies.account_id = deals.account_id AND companies.id = deals.company_id
  WHERE deals.account_id = $1`;

const tsMatch = (column: string, param: string) =>
  `${column} @@ (to_tsquery('russian', ${param}) || to_tsquery('english', ${param}) || to_tsquery('simple', ${param}))`;

/** A custom-field condition as record-values.ts builds it (one field; `eq` on a list or `between` on a number). */
export type FieldFilter =
  { fieldId: string; op: 'eq'; ref: string } | { fieldId: string; op: 'between'; from: string; to: string };

export interface DealPageArgs {
  accountId: string;
  limit: number;
  after?: { value: string; id: string };
  tsquery?: string;
  field?: FieldFilter;
}

/** The list's page query (repo.page with the createdAt order, desc), `limit + 1` rows. */
function dealPageQuery(a: DealPageArgs): { text: string; values: unknown[] } {
  const values: unknown[] = [a.accountId];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  let text = detailed(', (deals.created_at)::text AS keyset_value');
  if (a.tsquery) text += ` AND ${tsMatch('deals.search', p(a.tsquery))}`;
  if (a.field) {
    const condition =
      a.field.op === 'eq'
        ? `(v.value_ref = ${p(a.field.ref)}::uuid)`
        : `((v.value_number >= ${p(a.field.from)}::numeric) AND (v.value_number <= ${p(a.field.to)}::numeric))`;
    text += ` AND (EXISTS (SELECT 1 FROM custom_field_values v
      WHERE v.account_id = ${p(a.accountId)} AND v.field_id = ${p(a.field.fieldId)} AND v.record_id = deals.id
        AND ${condition}))`;
  }
  if (a.after) text += ` AND ((deals.created_at, deals.id) < (${p(a.after.value)}, ${p(a.after.id)}))`;
  text += ` ORDER BY deals.created_at desc, deals.id desc LIMIT ${p(a.limit + 1)}`;
  return { text, values };
}

/** The custom-field definitions the filter reads first (record-values.ts fieldsOf). */
const fieldsOf = (pool: pg.Pool, accountId: string, entity: string) =>
  pool.query(
    'SELECT id, definition FROM custom_fields WHERE account_id = $1 AND entity = $2 ORDER BY sort, created_at',
    [accountId, entity],
  );

/** GET /api/deals: the page (contacts and line-item flags included). */
export async function dealList(pool: pg.Pool, a: DealPageArgs) {
  if (a.field) await fieldsOf(pool, a.accountId, 'deal');
  const { rows } = await pool.query<{ id: string }>(dealPageQuery(a));
  return rows;
}

/** GET /api/deals/{id}: the deal with its contacts and whether it has line items. */
export async function dealCard(pool: pg.Pool, accountId: string, id: string) {
  const { rows } = await pool.query(`${detailed()} AND deals.id = $2`, [accountId, id]);
  return rows;
}

const findStage = (pool: pg.Pool, accountId: string, stageId: string) =>
  pool.query('SELECT * FROM stages WHERE account_id = $1 AND id = $2', [accountId, stageId]);

/**
 * repo.column: a kanban column's cards, newest first, `limit + 1` rows. On the board the filter carries the
 * pipeline, so each column's query has `deals.pipeline_id = …` too.
 */
const columnQuery = (pool: pg.Pool, accountId: string, stageId: string, limit: number, pipelineId?: string) =>
  pool.query(
    `SELECT ${dealColumns}, companies.name AS company_name, ${nextTaskAt} AS next_task_at,
            ${primaryContactName} AS primary_contact_name, (deals.created_at)::text AS keyset_value
     FROM deals
     LEFT JOIN companies ON companies.account_id = deals.account_id AND companies.id = deals.company_id
     WHERE deals.account_id = $1 AND deals.stage_id = $2 ${pipelineId ? 'AND deals.pipeline_id = $4' : ''}
     ORDER BY deals.created_at desc, deals.id desc LIMIT $3`,
    pipelineId ? [accountId, stageId, limit + 1, pipelineId] : [accountId, stageId, limit + 1],
  );

/** GET /api/deals/kanban/column?stageId=…: the stage, then its first page. */
export async function kanbanColumn(pool: pg.Pool, accountId: string, stageId: string, limit: number) {
  await findStage(pool, accountId, stageId);
  return (await columnQuery(pool, accountId, stageId, limit)).rows;
}

/** GET /api/deals/kanban?pipelineId=…: stages, per-stage totals, then each column's first page in turn. */
export async function kanbanBoard(pool: pg.Pool, accountId: string, pipelineId: string, limit: number) {
  const { rows: stages } = await pool.query<{ id: string }>(
    'SELECT * FROM stages WHERE account_id = $1 AND pipeline_id = $2',
    [accountId, pipelineId],
  );
  await pool.query(
    `SELECT deals.stage_id, deals.currency, count(*) AS count, sum(deals.amount) AS sum
     FROM deals WHERE deals.account_id = $1 AND deals.pipeline_id = $2 AND deals.pipeline_id = $3
     GROUP BY deals.stage_id, deals.currency ORDER BY deals.currency`,
    [accountId, pipelineId, pipelineId],
  );
  for (const stage of stages) await columnQuery(pool, accountId, stage.id, limit, pipelineId);
}

/** The key of the last row before a page of the deal list (for a page deep in the list). */
export async function dealListKeyAt(pool: pg.Pool, accountId: string, offset: number) {
  const { rows } = await pool.query<{ value: string; id: string }>(
    `SELECT created_at::text AS value, id FROM deals WHERE account_id = $1
     ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`,
    [accountId, offset],
  );
  const row = rows[0];
  if (!row) throw new Error(`the deal list has no row ${offset + 1}`);
  return row;
}

// ---- contacts (contacts.repository.ts, companies' links) ------------------------------------------------

const contactColumns = `id, account_id, first_name, last_name, middle_name, position, address, comment,
  responsible_user_id, type_id, custom_fields, version, created_at, updated_at`;

/** GET /api/contacts[?search=…]: the page (newest first), then channels and company links side by side. */
export async function contactList(pool: pg.Pool, accountId: string, limit: number, tsquery?: string) {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT ${contactColumns}, (contacts.created_at)::text AS keyset_value FROM contacts
     WHERE account_id = $1 ${tsquery ? `AND ${tsMatch('contacts.search', '$3')}` : ''}
     ORDER BY contacts.created_at desc, contacts.id desc LIMIT $2`,
    tsquery ? [accountId, limit + 1, tsquery] : [accountId, limit + 1],
  );
  const ids = rows.slice(0, limit).map((r) => r.id);
  if (ids.length === 0) return rows;
  await Promise.all([
    pool.query(
      `SELECT id, account_id, kind, type, value, normalized, position, created_at, updated_at,
              contact_id AS owner_id
       FROM contact_channels WHERE account_id = $1 AND contact_id IN (${placeholders(2, ids.length)})
       ORDER BY position`,
      [accountId, ...ids],
    ),
    pool.query(
      `SELECT contact_id, company_id FROM contact_companies
       WHERE account_id = $1 AND contact_id IN (${placeholders(2, ids.length)})
       ORDER BY created_at, contact_id, company_id`,
      [accountId, ...ids],
    ),
  ]);
  return rows;
}

/** platform/db/search.ts prefixQuery: every word a prefix ("анн петр" → "анн:* & петр:*"). */
export function prefixQuery(search: string): string {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, 10)
    .map((word) => `${word}:*`)
    .join(' & ');
}

// ---- the record card's timeline (timeline, tasks and history repositories) ----------------------------------

const atKey = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const taskColumns = `id, account_id, type, text, deadline, all_day, deadline_date::text AS deadline_date,
  responsible_user_id, created_by, deal_id, lead_id, contact_id, company_id, completed_at, completed_by, result,
  version, created_at, updated_at`;
/** The feed's tie-break ranks (timeline.service.ts RANK). */
const RANK = { event: 0, task_created: 1, task_completed: 2, entry: 3 } as const;

/**
 * GET /api/timeline?entity=deal&entityId=… (first page): the deal exists; its entries, tasks by creation and
 * by completion, and change history, side by side; the merge; the pinned entries; the files of those shown.
 */
export async function dealTimeline(pool: pg.Pool, accountId: string, dealId: string, limit: number) {
  await pool.query('SELECT id FROM deals WHERE account_id = $1 AND id = $2', [accountId, dealId]);
  const take = limit + 1;
  type Keyed = { id: string; at_key: string };
  const [entries, created, completed, changes] = await Promise.all([
    pool.query<Keyed>(
      `SELECT *, ${atKey('occurred_at')} AS at_key FROM timeline_entries
       WHERE account_id = $1 AND deal_id = $2 ORDER BY occurred_at desc, id desc LIMIT $3`,
      [accountId, dealId, take],
    ),
    pool.query<Keyed>(
      `SELECT ${taskColumns}, ${atKey('created_at')} AS at_key FROM tasks
       WHERE account_id = $1 AND deal_id = $2 ORDER BY created_at desc, id desc LIMIT $3`,
      [accountId, dealId, take],
    ),
    pool.query<Keyed>(
      `SELECT ${taskColumns}, ${atKey('completed_at')} AS at_key FROM tasks
       WHERE account_id = $1 AND deal_id = $2 AND completed_at IS NOT NULL
       ORDER BY completed_at desc, id desc LIMIT $3`,
      [accountId, dealId, take],
    ),
    pool.query<Keyed>(
      `SELECT *, ${atKey('occurred_at')} AS at_key FROM history_entries
       WHERE account_id = $1 AND entity = $2 AND entity_id = $3 ORDER BY occurred_at desc, id desc LIMIT $4`,
      [accountId, 'deal', dealId, take],
    ),
  ]);
  const key = (rows: Keyed[], rank: number, entry: boolean) =>
    rows.map((r) => ({ at: r.at_key, rank, id: r.id, entry }));
  const page = [
    ...key(entries.rows, RANK.entry, true),
    ...key(created.rows, RANK.task_created, false),
    ...key(completed.rows, RANK.task_completed, false),
    ...key(changes.rows, RANK.event, false),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.rank - a.rank || (a.id < b.id ? 1 : -1)))
    .slice(0, limit);
  const pinned = await pool.query<{ id: string }>(
    `SELECT * FROM timeline_entries WHERE account_id = $1 AND deal_id = $2 AND pinned_at IS NOT NULL
     ORDER BY pinned_at desc, id desc LIMIT $3`,
    [accountId, dealId, 100],
  );
  const shown = [...page.filter((p) => p.entry).map((p) => p.id), ...pinned.rows.map((r) => r.id)];
  if (shown.length > 0) {
    await pool.query(
      `SELECT entry_id, file_id FROM timeline_entry_files
       WHERE account_id = $1 AND entry_id IN (${placeholders(2, shown.length)}) ORDER BY entry_id, position`,
      [accountId, ...shown],
    );
  }
  return page;
}
