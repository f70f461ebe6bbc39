// Export of a list (MIGR-6): the same query parameters as the entity's list endpoint (filters, search, sort)
// go to that list's service, which pages through with its keyset cursor and applies the same rights as the
// list; the rows stream out as CSV (UTF-8 with a BOM; `;` for Russian, as Excel there expects) or XLSX
// (exceljs' streaming writer). Columns: the standard fields, then the entity's custom fields, with headers in
// the user's language; users, stages and list options are written by name.
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { CustomField, SpreadsheetEntity } from '@voronka/contracts';
import type { Actor } from '../../platform/http/index.js';
import { labelOf, type ExportOnlyColumn, type Lang } from './labels.js';
import type { ImportLookups } from './imports.service.js';
import type { RecordServices, SpreadsheetRight } from './entities.js';

type Rec = Record<string, unknown>;
type Cell = string | number | null;

export interface ExportLookups extends ImportLookups {
  leadStatusesOf(actor: Actor): Promise<{ id: string; name: string }[]>;
}

interface Names {
  users: Map<string, string>;
  stages: Map<string, string>;
  pipelines: Map<string, string>;
  statuses: Map<string, string>;
}

const joinValues = (list: unknown) =>
  Array.isArray(list) ? list.map((c) => String((c as { value?: unknown }).value ?? c)).join(', ') : '';
const text = (v: unknown): Cell =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
const decimal = (v: unknown): Cell => (v === null || v === undefined || v === '' ? null : Number(v));
const dateOnly = (v: unknown): Cell => (typeof v === 'string' ? v.slice(0, 10) : null);
const stamp = (v: unknown): Cell => (typeof v === 'string' ? v.replace('T', ' ').slice(0, 19) : null);

type Column = { key: string; header: (lang: Lang) => string; value: (r: Rec, names: Names) => Cell };
type ColumnName = Parameters<typeof labelOf>[0];
const col = (key: ColumnName, value: Column['value']): Column => ({
  key,
  header: (lang) => labelOf(key, lang),
  value,
});
/** A text field written as it is (`field`: the record's property, when it is named otherwise). */
const plain = (key: ColumnName, field: string = key) => col(key, (r) => text(r[field]));

// Columns several entities share.
const personName = [plain('lastName'), plain('firstName'), plain('middleName'), plain('position')];
const phone = col('phone', (r) => joinValues(r.phones));
const email = col('email', (r) => joinValues(r.emails));
const site = col('site', (r) => joinValues(r.sites));
const addressAndComment = [plain('address'), plain('comment')];
const money = [col('amount', (r) => decimal(r.amount)), plain('currency')];
const ownership = [
  col('responsible', (r, n) => n.users.get(String(r.responsibleUserId)) ?? null),
  col('createdAt' satisfies ExportOnlyColumn, (r) => stamp(r.createdAt)),
];

const COLUMNS: Record<SpreadsheetEntity, Column[]> = {
  contacts: [
    plain('fullName', 'name'),
    ...personName,
    phone,
    email,
    site,
    ...addressAndComment,
    ...ownership,
  ],
  companies: [plain('name'), plain('inn'), phone, email, site, ...addressAndComment, ...ownership],
  deals: [
    plain('name'),
    ...money,
    col('pipeline', (r, n) => n.pipelines.get(String(r.pipelineId)) ?? null),
    col('stage', (r, n) => n.stages.get(String(r.stageId)) ?? null),
    plain('company' satisfies ExportOnlyColumn, 'companyName'),
    col('startDate', (r) => dateOnly(r.startDate)),
    col('closeDate', (r) => dateOnly(r.closeDate)),
    col('tags', (r) => (Array.isArray(r.tags) ? r.tags.join(', ') : null)),
    ...ownership,
  ],
  leads: [
    plain('name'),
    ...personName,
    plain('companyName'),
    phone,
    email,
    ...addressAndComment,
    ...money,
    col('status', (r, n) => n.statuses.get(String(r.statusId)) ?? null),
    ...ownership,
  ],
};

const YES_NO = { en: ['Yes', 'No'], ru: ['Да', 'Нет'] } as const;

/** One custom-field value as people read it. */
function customText(field: CustomField, value: unknown, names: Names, lang: Lang): Cell {
  if (value === null || value === undefined) return null;
  const one = (v: unknown): string => {
    switch (field.type) {
      case 'list':
        return field.settings.options.find((o) => o.id === v)?.label ?? String(v);
      case 'money': {
        const m = v as { amount: string; currency: string };
        return `${m.amount} ${m.currency}`;
      }
      case 'boolean':
        return v ? YES_NO[lang][0] : YES_NO[lang][1];
      case 'address':
        return (v as { text: string }).text;
      case 'user':
        return names.users.get(String(v)) ?? String(v);
      case 'file':
        return (v as { name: string }).name;
      case 'crm_link':
        return `${(v as { entity: string }).entity}:${(v as { id: string }).id}`;
      case 'resource_booking':
        return (v as { start: string }).start;
      default:
        return String(v);
    }
  };
  if (Array.isArray(value)) return value.map(one).join(', ');
  if (field.type === 'number' && !field.multiple) return Number(value);
  return one(value);
}

const PAGE = 500;

export function createExportsService(deps: {
  services: RecordServices;
  lookups: ExportLookups;
  assertRight: SpreadsheetRight;
}) {
  const { services, lookups } = deps;

  /** Every record of the list the query selects, page after page. */
  async function* recordsOf(actor: Actor, entity: SpreadsheetEntity, query: Rec): AsyncGenerator<Rec> {
    let cursor: string | undefined;
    for (;;) {
      const pageQuery = { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) };
      // Deals are filtered by the right to export them (ADR 0018).
      const page = (await (entity === 'deals'
        ? services.deals.list(actor, pageQuery as never, 'export')
        : services[entity].list(actor, pageQuery as never))) as {
        items: Rec[];
        nextCursor: string | null;
      };
      yield* page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async function namesOf(actor: Actor, entity: SpreadsheetEntity): Promise<Names> {
    const [users, pipelines, statuses] = await Promise.all([
      lookups.usersOf(actor),
      entity === 'deals' ? lookups.pipelinesOf(actor) : Promise.resolve([]),
      entity === 'leads' ? lookups.leadStatusesOf(actor) : Promise.resolve([]),
    ]);
    return {
      users: new Map(users.map((u) => [u.id, u.name])),
      pipelines: new Map(pipelines.map((p) => [p.id, p.name])),
      stages: new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.id, s.name] as const))),
      statuses: new Map(statuses.map((s) => [s.id, s.name])),
    };
  }

  return {
    /**
     * The file's rows as a stream. The first page is read before this returns, so a bad filter is a 422
     * answered before any byte of the file is sent.
     */
    async export(
      actor: Actor,
      entity: SpreadsheetEntity,
      format: 'csv' | 'xlsx',
      query: Rec,
      lang: Lang,
    ): Promise<Readable> {
      await deps.assertRight(actor, entity, 'export');
      const [names, fields] = await Promise.all([
        namesOf(actor, entity),
        lookups.customFieldsOf(
          actor,
          ({ contacts: 'contact', companies: 'company', deals: 'deal', leads: 'lead' } as const)[entity],
        ),
      ]);
      const columns = COLUMNS[entity];
      const header = [...columns.map((c) => c.header(lang)), ...fields.map((f) => f.name)];
      const rowOf = (r: Rec): Cell[] => [
        ...columns.map((c) => c.value(r, names)),
        ...fields.map((f) => customText(f, (r.customFields as Rec | undefined)?.[f.id], names, lang)),
      ];
      const records = recordsOf(actor, entity, query);
      const first = await records.next();
      async function* rows() {
        if (first.done) return;
        yield rowOf(first.value);
        for await (const r of records) yield rowOf(r);
      }

      if (format === 'csv') {
        const csv = stringify({
          bom: true,
          delimiter: lang === 'ru' ? ';' : ',',
          record_delimiter: 'windows',
        });
        void (async () => {
          try {
            csv.write(header);
            for await (const row of rows()) {
              if (!csv.write(row.map((c) => c ?? '')))
                await new Promise((resolve) => csv.once('drain', resolve));
            }
            csv.end();
          } catch (error) {
            csv.destroy(error as Error);
          }
        })();
        return csv;
      }

      const out = new PassThrough();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
      const sheet = workbook.addWorksheet(entity);
      void (async () => {
        try {
          const head = sheet.addRow(header);
          head.font = { bold: true };
          head.commit();
          for await (const row of rows()) sheet.addRow(row).commit();
          sheet.commit();
          await workbook.commit();
        } catch (error) {
          out.destroy(error as Error);
        }
      })();
      return out;
    },
  };
}
export type ExportsService = ReturnType<typeof createExportsService>;
