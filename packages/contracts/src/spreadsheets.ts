// Spreadsheet import and export (MIGR-6): CSV / XLSX files of contacts, companies, deals and leads. An upload
// becomes an import draft (detected encoding, delimiter, columns, first rows); its column mapping is saved per
// account, entity and header row, so the next file with the same headers comes pre-mapped.
import { z } from 'zod';
import { idSchema } from './common.js';
import type { CustomFieldType } from './custom-fields/index.js';

export const spreadsheetEntitySchema = z.enum(['contacts', 'companies', 'deals', 'leads']);
export type SpreadsheetEntity = z.infer<typeof spreadsheetEntitySchema>;

/** The standard fields a column can fill, per entity (custom fields are mapped by id). */
export const SPREADSHEET_FIELDS = {
  contacts: [
    'fullName',
    'lastName',
    'firstName',
    'middleName',
    'position',
    'phone',
    'email',
    'site',
    'address',
    'comment',
    'responsible',
  ],
  companies: ['name', 'inn', 'phone', 'email', 'site', 'address', 'comment', 'responsible'],
  deals: ['name', 'amount', 'currency', 'pipeline', 'stage', 'startDate', 'closeDate', 'tags', 'responsible'],
  leads: [
    'name',
    'lastName',
    'firstName',
    'middleName',
    'position',
    'companyName',
    'phone',
    'email',
    'address',
    'comment',
    'amount',
    'currency',
    'responsible',
  ],
} as const satisfies Record<SpreadsheetEntity, readonly string[]>;
export type SpreadsheetField = (typeof SPREADSHEET_FIELDS)[SpreadsheetEntity][number];
export const spreadsheetFieldSchema = z.enum([...new Set(Object.values(SPREADSHEET_FIELDS).flat())] as [
  SpreadsheetField,
  ...SpreadsheetField[],
]);

/** What happens to a row that matches an existing record. */
export const duplicateRuleSchema = z
  .enum(['skip', 'update', 'create'])
  .describe('skip the row, update the existing record, or create a new one anyway');
export type DuplicateRule = z.infer<typeof duplicateRuleSchema>;
/** How a row matches an existing record: the same phone, e-mail (however written) or full name. */
export const duplicateKeySchema = z.enum(['phone', 'email', 'name']);
export type DuplicateKey = z.infer<typeof duplicateKeySchema>;
/** The keys each entity's rows can be matched by. */
export const SPREADSHEET_DUPLICATE_KEYS: Record<SpreadsheetEntity, readonly DuplicateKey[]> = {
  contacts: ['phone', 'email', 'name'],
  companies: ['phone', 'email', 'name'],
  leads: ['phone', 'email', 'name'],
  deals: ['name'],
};
/** Fields several columns may fill (each adds values); any other field takes one column. */
export const SPREADSHEET_MULTI_COLUMN_FIELDS: readonly SpreadsheetField[] = [
  'phone',
  'email',
  'site',
  'tags',
];
/** The custom-field types a spreadsheet cell can hold. */
export const SPREADSHEET_CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
  'string',
  'text',
  'number',
  'money',
  'list',
  'date',
  'datetime',
  'boolean',
  'url',
  'phone',
  'email',
  'address',
  'user',
];

/** What one column fills: a standard field, a custom field, or nothing (null: the column is ignored). */
export const columnTargetSchema = z
  .union([z.strictObject({ field: spreadsheetFieldSchema }), z.strictObject({ customFieldId: idSchema })])
  .nullable();
export type ColumnTarget = z.infer<typeof columnTargetSchema>;

export const spreadsheetColumnSchema = z.object({
  index: z.number().int().min(0),
  header: z.string(),
  samples: z.array(z.string()).describe('The first non-empty values of the column'),
});

export const spreadsheetImportStatusSchema = z.enum([
  'draft',
  'queued',
  'running',
  'completed',
  'failed',
  'undoing',
  'undone',
]);
export type SpreadsheetImportStatus = z.infer<typeof spreadsheetImportStatusSchema>;

export const spreadsheetImportSchema = z
  .object({
    id: idSchema,
    entity: spreadsheetEntitySchema,
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.enum(['utf-8', 'windows-1251']).nullable().describe('CSV only'),
    delimiter: z.string().nullable().describe('CSV only'),
    columns: z.array(spreadsheetColumnSchema),
    totalRows: z.number().int().describe('Data rows, the header row not counted'),
    mapping: z.array(columnTargetSchema).describe('One target per column, in column order'),
    mappingSource: z
      .enum(['guessed', 'saved', 'user'])
      .describe('guessed from the headers, taken from the mapping saved for these headers, or set'),
    duplicateRule: duplicateRuleSchema,
    duplicateKeys: z.array(duplicateKeySchema),
    status: spreadsheetImportStatusSchema,
    processedRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    error: z.string().nullable(),
    createdByUserId: idSchema,
    createdAt: z.iso.datetime({ offset: true }),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
    undoneAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'SpreadsheetImport' });
export type SpreadsheetImport = z.infer<typeof spreadsheetImportSchema>;

export const spreadsheetImportPageSchema = z
  .object({ items: z.array(spreadsheetImportSchema) })
  .meta({ id: 'SpreadsheetImportList' });

export const spreadsheetImportListQuerySchema = z.object({
  entity: spreadsheetEntitySchema.optional(),
});

export const spreadsheetUploadBodySchema = z
  .object({
    file: z.unknown().describe('The CSV (UTF-8 or Windows-1251, any delimiter) or XLSX file'),
  })
  .describe('multipart/form-data: part "file"');
export const spreadsheetUploadQuerySchema = z.object({ entity: spreadsheetEntitySchema });

export const spreadsheetMappingBodySchema = z.object({
  mapping: z.array(columnTargetSchema).describe('One target per column, in column order'),
  duplicateRule: duplicateRuleSchema,
  duplicateKeys: z.array(duplicateKeySchema).max(3).default([]),
});
export type SpreadsheetMappingBody = z.input<typeof spreadsheetMappingBodySchema>;

export const spreadsheetPreviewQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const spreadsheetPreviewSchema = z
  .object({
    rows: z.array(
      z.object({
        row: z.number().int().describe('Row number in the file (the header is row 1)'),
        cells: z.array(z.string()).describe('The cells as read from the file, one per column'),
        values: z
          .record(z.string(), z.unknown())
          .describe('What the row writes: standard fields by name, custom fields by id'),
        errors: z.array(
          z.object({ column: z.number().int().nullable(), field: z.string(), reason: z.string() }),
        ),
        duplicateOf: idSchema.nullable().describe('The existing record the row matches, if any'),
      }),
    ),
  })
  .meta({ id: 'SpreadsheetPreview' });
export type SpreadsheetPreview = z.infer<typeof spreadsheetPreviewSchema>;

export const spreadsheetReportQuerySchema = z.object({
  outcome: z.enum(['created', 'updated', 'skipped', 'failed']).optional(),
  after: z.coerce.number().int().min(0).optional().describe('Row number to continue after'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const spreadsheetReportSchema = z
  .object({
    items: z.array(
      z.object({
        row: z.number().int(),
        outcome: z.enum(['created', 'updated', 'skipped', 'failed']),
        recordId: idSchema.nullable(),
        reason: z.string().nullable(),
      }),
    ),
    nextAfter: z.number().int().nullable(),
  })
  .meta({ id: 'SpreadsheetReport' });

export const spreadsheetImportParamsSchema = z.object({ id: idSchema });

export const exportFormatSchema = z.enum(['csv', 'xlsx']);
export const exportParamsSchema = z.object({ format: exportFormatSchema });
