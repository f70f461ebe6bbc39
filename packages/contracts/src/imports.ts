// Imports from other CRMs (MIGR-1..6): connections to the source (amoCRM first) and the outbound-host
// allow-list an administrator keeps for sources on private networks.
import { z } from 'zod';
import { idSchema, localeSchema } from './common.js';

/** The account's outbound allow-list: hosts (`crm.local`, `10.0.0.5:8080`) that may be on private addresses. */
export const outboundHostsSchema = z
  .object({
    hosts: z.array(z.string()).describe('Lower-case host names or IP addresses, optionally with `:port`'),
  })
  .meta({ id: 'OutboundHosts' });
export type OutboundHosts = z.infer<typeof outboundHostsSchema>;

export const updateOutboundHostsBodySchema = z.object({
  hosts: z
    .array(z.string().trim().min(1).max(260))
    .max(100)
    .describe('The whole list; `host` allows every port, `host:port` one'),
});

export const amoConnectBodySchema = z.object({
  portal: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe('The amoCRM address: `company`, `company.amocrm.ru`, `company.kommo.com` or a full URL'),
  integrationId: z.string().trim().min(1).max(100).describe('"Integration ID" from the Keys and access tab'),
  secretKey: z.string().trim().min(1).max(200).describe('"Secret key" from the Keys and access tab'),
  authorizationCode: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe('"Authorization code": valid 20 minutes, single use'),
});
export type AmoConnectBody = z.infer<typeof amoConnectBodySchema>;

export const importConnectionStatusSchema = z
  .enum(['connected', 'reauthorization_required'])
  .describe('`reauthorization_required`: amoCRM refused the refresh token; connect again with a new code');

export const importConnectionSchema = z
  .object({
    id: idSchema,
    source: z.literal('amocrm'),
    status: importConnectionStatusSchema,
    portal: z.string().describe('The portal’s base URL, e.g. https://company.amocrm.ru'),
    integrationId: z.string(),
    remoteAccountId: z.number().int().nullable().describe('The account id in amoCRM'),
    accountName: z.string().nullable().describe('The account name in amoCRM'),
    connectedAt: z.iso.datetime({ offset: true }),
    connectedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'ImportConnection' });
export type ImportConnection = z.infer<typeof importConnectionSchema>;

export const importConnectionListSchema = z.object({ items: z.array(importConnectionSchema) });

export const amoRedirectUrlSchema = z
  .object({
    redirectUrl: z.url().describe('Paste into the amoCRM integration’s "Redirect link"'),
  })
  .meta({ id: 'AmoRedirectUrl' });

// ---- Migration runs (MIGR-2..5): what to bring over, the data check, the run and its report ----

export const importEntitySchema = z
  .enum(['users', 'companies', 'contacts', 'pipelines', 'deals', 'events', 'tasks'])
  .describe(
    'users: match by e-mail; pipelines: pipelines and stages; events: notes, calls, e-mails, files (the timeline)',
  );
export type ImportEntity = z.infer<typeof importEntitySchema>;

/** The entities in the order a run brings them over (and the wizard lists them). */
export const IMPORT_ENTITIES: readonly ImportEntity[] = importEntitySchema.options;

/** Each entity and what has to come with it (seed 000: "ticking Contacts also ticks Companies"). */
export const IMPORT_LINKED: Readonly<Record<ImportEntity, readonly ImportEntity[]>> = {
  users: [],
  companies: ['users'],
  contacts: ['users', 'companies'],
  pipelines: [],
  deals: ['users', 'pipelines', 'contacts', 'companies'],
  events: ['users', 'deals', 'contacts', 'companies'],
  tasks: ['users', 'deals', 'contacts', 'companies'],
};

/** A selection with every linked entity added, in the order of IMPORT_ENTITIES. */
export function withLinked(entities: readonly ImportEntity[]): ImportEntity[] {
  const chosen = new Set<ImportEntity>();
  const add = (entity: ImportEntity) => {
    if (chosen.has(entity)) return;
    chosen.add(entity);
    for (const linked of IMPORT_LINKED[entity]) add(linked);
  };
  for (const entity of entities) add(entity);
  return IMPORT_ENTITIES.filter((e) => chosen.has(e));
}

const dateOnly = z.iso.date();

export const importPipelineMappingSchema = z.object({
  sourcePipelineId: z.number().int().positive(),
  target: z
    .union([z.object({ pipelineId: idSchema }), z.object({ new: z.literal(true) })])
    .describe('An existing pipeline (merged, stages matched by name or added) or a new one'),
});

export const importUserMappingSchema = z.object({
  sourceUserId: z.number().int().positive(),
  targetUserId: idSchema
    .nullable()
    .describe('null: the default responsible (the user running the migration)'),
});

export const importSelectionInputSchema = z.object({
  entities: z
    .array(importEntitySchema)
    .min(1)
    .max(7)
    .describe('Linked entities are added automatically (contacts bring companies, deals bring pipelines…)'),
  withFiles: z.boolean().default(true).describe('Events: bring file notes too'),
  period: z
    .object({ from: dateOnly, to: dateOnly })
    .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' })
    .nullable()
    .default(null)
    .describe('Records created from–to, both days included; null: the whole history'),
  pipelines: z
    .array(importPipelineMappingSchema)
    .max(50)
    .default([])
    .describe('Source pipelines not listed: the main one goes to the default pipeline, the rest to new ones'),
  users: z.array(importUserMappingSchema).max(500).default([]).describe('Overrides of the match by e-mail'),
  inviteUsers: z
    .boolean()
    .default(false)
    .describe(
      'Users: invite every amoCRM user with no match (by their e-mail, with their name); each is a user in the ' +
        'invited state at once, responsible for their records, and active once they accept',
    ),
});

export const importSelectionSchema = z
  .object({
    entities: z.array(importEntitySchema).describe('With the linked ones added'),
    withFiles: z.boolean(),
    period: z.object({ from: dateOnly, to: dateOnly }).nullable(),
    pipelines: z.array(importPipelineMappingSchema),
    users: z.array(importUserMappingSchema),
    inviteUsers: z.boolean(),
  })
  .meta({ id: 'ImportSelection' });
export type ImportSelection = z.infer<typeof importSelectionSchema>;

export const createImportRunBodySchema = z.object({
  connectionId: idSchema,
  selection: importSelectionInputSchema,
});
export const updateImportRunBodySchema = z.object({ selection: importSelectionInputSchema });

export const importRunStatusSchema = z
  .enum([
    'draft',
    'checking',
    'ready',
    'running',
    'stopping',
    'stopped',
    'failed',
    'cancelled',
    'completed',
    'confirmed',
    'rolling_back',
    'rolled_back',
  ])
  .describe(
    'checking: the data check runs; ready: counted, can start; stopped: Stop (or a required field) paused it; completed: waits for Confirm or Delete (confirmed automatically after 7 days)',
  );
export type ImportRunStatus = z.infer<typeof importRunStatusSchema>;

export const importCheckSchema = z
  .object({
    status: z.enum(['pending', 'done', 'failed']),
    counts: z.partialRecord(importEntitySchema, z.number().int()).describe('Items to migrate per entity'),
    total: z.number().int(),
    categories: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'ImportCheck' });

export const importRunSchema = z
  .object({
    id: idSchema,
    connectionId: idSchema.nullable(),
    portal: z.string(),
    kind: z
      .enum(['full', 'sync'])
      .describe('sync: a delta re-sync of what changed since parentRunId started'),
    parentRunId: idSchema.nullable(),
    updatedSince: z.iso.datetime({ offset: true }).nullable(),
    status: importRunStatusSchema,
    currentStep: z.string().nullable().describe('The entity being migrated (or rolled back)'),
    progress: z.number().min(0).max(100).describe('Percent of the checked total processed'),
    counters: z.object({
      total: z.number().int(),
      migrated: z.number().int(),
      added: z.number().int(),
      updated: z.number().int(),
      failed: z.number().int().describe('Not migrated because of errors (see failures)'),
    }),
    selection: importSelectionSchema,
    check: importCheckSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdBy: idSchema.nullable(),
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    finishedAt: z.iso.datetime({ offset: true }).nullable(),
    confirmBy: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe('A completed run is confirmed automatically at this moment'),
    confirmedAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ImportRun' });
export type ImportRun = z.infer<typeof importRunSchema>;

export const importRunListSchema = z.object({ items: z.array(importRunSchema) });

export const importRunLogQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('The last seq seen; the lines after it'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const importRunLogSchema = z
  .object({
    items: z.array(
      z.object({
        seq: z.string(),
        level: z.enum(['info', 'warning', 'error']),
        message: z.string(),
        at: z.iso.datetime({ offset: true }),
      }),
    ),
    last: z.string().nullable().describe('Pass as `after` to read on'),
  })
  .meta({ id: 'ImportRunLog' });

export const importRunFailuresQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  locale: localeSchema.optional().describe('The language of `reason` (default: the reader’s own)'),
});
export const importRunReportQuerySchema = z.object({
  locale: localeSchema.optional().describe('The language of the reasons (default: the reader’s own)'),
});
/**
 * Why a record was not migrated, as a code with parameters (rendered in the reader's language):
 * `pipeline_not_migrated` {pipelineId, stageId} — a deal whose amoCRM pipeline is not in the migration;
 * `linked_record_missing` {entity: company | contact | deal, id} — a task or event whose record does not exist
 * in amoCRM or was not migrated; `parent_not_migrated` {id} — an event whose record is not in the migration;
 * `refused` {detail} — Voronka refused the record (the detail names the fields and why, as the API says it);
 * `file_not_downloaded` {name, detail} — an event's file could not be downloaded from amoCRM's drive (the event
 * itself is migrated, without the file); `file_too_large` {name, limit} — the file is larger than the
 * installation's file size limit (bytes); `file_legacy` {name} — an attachment of amoCRM's old storage, for
 * which its API gives no download address (the event is migrated with the file's name).
 */
export const IMPORT_FAILURE_CODES = [
  'pipeline_not_migrated',
  'linked_record_missing',
  'parent_not_migrated',
  'refused',
  'file_not_downloaded',
  'file_too_large',
  'file_legacy',
] as const;
export const importFailureCodeSchema = z.enum(IMPORT_FAILURE_CODES);
export type ImportFailureCode = z.infer<typeof importFailureCodeSchema>;

export const importRunFailureSchema = z.object({
  entity: z.string(),
  sourceId: z.string().describe('The record’s id in amoCRM'),
  name: z.string().nullable(),
  code: importFailureCodeSchema
    .nullable()
    .describe('Why, as a code (null for a run recorded before codes: `reason` only)'),
  params: z.record(z.string(), z.string()).describe('The code’s parameters'),
  reason: z.string().describe('Why, in the language of the request’s `locale` (else the reader’s own)'),
  at: z.iso.datetime({ offset: true }),
});
export type ImportRunFailure = z.infer<typeof importRunFailureSchema>;
export const importRunFailuresSchema = z
  .object({ items: z.array(importRunFailureSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ImportRunFailures' });

export const amoSourceSchema = z
  .object({
    users: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        email: z.string(),
        active: z.boolean(),
        match: z
          .object({ userId: idSchema, name: z.string() })
          .nullable()
          .describe('The Voronka user with the same e-mail; null: the default responsible'),
      }),
    ),
    pipelines: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        isMain: z.boolean(),
        stages: z.array(
          z.object({
            id: z.number().int(),
            name: z.string(),
            kind: z.enum(['unsorted', 'open', 'won', 'lost']).describe('What it becomes in Voronka'),
          }),
        ),
      }),
    ),
    customFields: z.array(
      z.object({
        id: z.number().int(),
        entity: z.enum(['leads', 'contacts', 'companies']),
        name: z.string(),
        type: z.string().describe('amoCRM type'),
        target: z
          .string()
          .describe('What it becomes: a Voronka custom-field type, or `phones`/`emails`/… of the record'),
      }),
    ),
    defaultResponsible: z.object({ id: idSchema, name: z.string() }),
  })
  .meta({ id: 'AmoSource' });
export type AmoSource = z.infer<typeof amoSourceSchema>;
