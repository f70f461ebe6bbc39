// Deal copy (AUTO-3): `copyDeal` makes a copy inside the caller's transaction (the API's, or a robot's /
// trigger's), through the deals module's own create, so every rule of a new deal holds (placement, references,
// required fields, stage history, search, deal.created). See index.ts and ADR 0016 for the rules.
import {
  copyDealBodySchema,
  dealCopyOptionsSchema,
  dealCopyPresetBodySchema,
  type CopyDealBody,
  type CustomField,
  type DealCopyLinks,
  type DealCopyOptions,
  type DealCopyPreset,
  type DealCopyResult,
  type DealStatus,
} from '@voronka/contracts';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { isUniqueViolation, type DB, type Db } from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { AppError, forbidden, invalidField, invalidFields, notFound } from '../../platform/errors.js';
import type { DealsService } from '../deals/index.js';
import { fieldValuesToCopy, resolveOptions, titleOf } from './copy-rules.js';
import type { DealCopyRepository } from './deal-copy.repository.js';

/** What the module needs of the custom-fields module: the account's deal field definitions. */
export interface DealCopyFields {
  list(actor: Actor, entity: 'deal', trx: Db): Promise<CustomField[]>;
}

type PresetRow = Awaited<ReturnType<DealCopyRepository['findPreset']>>;

/** Zod issues of a service-level parse, as field errors under `body.`. */
function parsed<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(400, 'validation_failed', 'The request is not valid', {
    errors: result.error.issues.map((issue) => ({
      field: ['body', ...issue.path.map(String)].join('.'),
      reason: issue.message,
    })),
  });
}

function presentPreset(row: NonNullable<PresetRow>): DealCopyPreset {
  return {
    id: row.id,
    name: row.name,
    options: dealCopyOptionsSchema.parse(row.options),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const isClosed = (status: DealStatus) => status === 'won' || status === 'lost';

export function createDealCopyService({
  db,
  repo,
  events,
  deals,
  fields,
}: {
  db: Db;
  repo: DealCopyRepository;
  events: EventBus;
  deals: DealsService;
  fields: DealCopyFields;
}) {
  const adminOnly = (actor: Actor) => {
    if (actor.role !== 'admin') throw forbidden('Only an administrator may change the deal copy presets');
  };

  /**
   * Copies deal `sourceDealId` in `trx` and returns the copy. `options` are the API's DealCopyOptions plus an
   * optional `presetId` (its options first, the given keys over them). The actor must see the original (else
   * 404) and be allowed to create the deal where it goes (the deals module's rules). `context` overrides the
   * events' context (a robot records `automation`).
   */
  async function copyDeal(
    trx: Transaction<DB>,
    actor: Actor,
    sourceDealId: string,
    input: CopyDealBody | Record<string, unknown>,
    context: EventContext = eventContextOf(actor),
  ): Promise<DealCopyResult> {
    const body = parsed(copyDealBodySchema, input);
    const accountId = actor.accountId;
    const source = await deals.get(actor, sourceDealId, trx);
    let preset: DealCopyOptions | undefined;
    if (body.presetId) {
      const row = await repo.findPreset(trx, accountId, body.presetId);
      if (!row) throw invalidField('body.presetId', 'No such preset');
      preset = dealCopyOptionsSchema.parse(row.options);
    }
    const { presetId, ...own } = body;
    const locale = await repo.accountLocale(trx, accountId);
    const resolved = resolveOptions(preset, own, locale);
    if (!resolved.ok) throw invalidFields(resolved.errors);
    const options = resolved.options;

    // Where: the given pipeline / stage; by default the original's stage, or (another pipeline, or an
    // original already won or lost) the target pipeline's first open stage, chosen by the deals module.
    const pipelineId = options.pipelineId ?? source.pipelineId;
    const stageId =
      options.stageId ??
      (pipelineId === source.pipelineId && !isClosed(source.status) ? source.stageId : undefined);

    const definitions = await fields.list(actor, 'deal', trx);
    const values = fieldValuesToCopy(
      definitions,
      source.customFields,
      options.customFields,
      options.anonymized,
      pipelineId,
    );
    if (!values.ok) throw invalidFields(values.errors);

    const items = await deals.itemsToCopy(trx, accountId, source.id, options.items);
    const copyId = crypto.randomUUID();
    const copy = await deals.create(
      actor,
      {
        name: titleOf(options.title, source.name, copyId),
        pipelineId,
        ...(stageId !== undefined ? { stageId } : {}),
        responsibleUserId:
          options.responsibleUserId === undefined ? source.responsibleUserId : options.responsibleUserId,
        currency: source.currency,
        amount: items.total ?? (options.amount ? source.amount : '0'),
        ...(options.company && source.companyId ? { companyId: source.companyId } : {}),
        ...(options.contacts
          ? { contacts: source.contacts.map((c) => ({ id: c.id, isPrimary: c.isPrimary })) }
          : {}),
        ...(options.tags ? { tags: source.tags } : {}),
        ...(options.source && source.sourceId ? { sourceId: source.sourceId } : {}),
        ...(options.dates
          ? {
              ...(source.startDate ? { startDate: source.startDate } : {}),
              ...(source.closeDate ? { closeDate: source.closeDate } : {}),
            }
          : {}),
        customFields: values.values,
      },
      trx,
      {
        id: copyId,
        context,
        // The copy's own history names its original only when it is not anonymized.
        payload: options.anonymized ? { anonymizedCopy: true } : { copiedFrom: source.id },
      },
    );
    await items.write(copy.id);
    await repo.insertLink(trx, {
      account_id: accountId,
      source_deal_id: source.id,
      copy_deal_id: options.anonymized ? null : copy.id,
      anonymized: options.anonymized,
      preset_id: presetId ?? null,
      created_by: actor.userId,
    });
    // The original's history: which copy was made (an anonymized one is not named).
    await events.record(trx, context, {
      type: 'deal.copied',
      entity: 'deal',
      entityId: source.id,
      payload: {
        name: source.name,
        anonymized: options.anonymized,
        ...(options.anonymized ? {} : { copyId: copy.id, copyName: copy.name }),
        ...(presetId ? { presetId } : {}),
      },
    });
    return {
      dealId: copy.id,
      name: copy.name,
      pipelineId: copy.pipelineId,
      stageId: copy.stageId,
      anonymized: options.anonymized,
    };
  }

  return {
    copyDeal,

    /** POST /api/deals/{id}/copy: one transaction. */
    copy: (actor: Actor, sourceDealId: string, body: CopyDealBody) =>
      db.transaction().execute((trx) => copyDeal(trx, actor, sourceDealId, body)),

    async links(actor: Actor, dealId: string): Promise<DealCopyLinks> {
      await deals.get(actor, dealId);
      const [found, all] = await Promise.all([
        repo.originalOf(db, actor.accountId, dealId),
        repo.copiesOf(db, actor.accountId, dealId),
      ]);
      // Only deals the actor may read are named: a hidden original or copy is left out as if absent.
      const readable = await deals.readable(actor, [
        ...(found ? [found.source_deal_id] : []),
        ...all.flatMap((c) => (c.copy_deal_id ? [c.copy_deal_id] : [])),
      ]);
      const original = found && readable.has(found.source_deal_id) ? found : undefined;
      const copies = all.filter((c) => c.copy_deal_id === null || readable.has(c.copy_deal_id));
      return {
        copiedFrom: original
          ? {
              dealId: original.source_deal_id,
              name: original.name,
              createdAt: original.created_at.toISOString(),
            }
          : null,
        copies: copies.map((c) => ({
          dealId: c.copy_deal_id,
          name: c.copy_deal_id ? c.name : null,
          anonymized: c.anonymized,
          createdAt: c.created_at.toISOString(),
        })),
      };
    },

    // ---- presets ------------------------------------------------------------------------------------------
    listPresets: async (actor: Actor) => ({
      items: (await repo.presets(db, actor.accountId)).map(presentPreset),
    }),

    async getPreset(actor: Actor, id: string) {
      const row = await repo.findPreset(db, actor.accountId, id);
      if (!row) throw notFound('Preset');
      return presentPreset(row);
    },

    async createPreset(actor: Actor, input: unknown) {
      adminOnly(actor);
      const body = parsed(dealCopyPresetBodySchema, input);
      return db.transaction().execute(async (trx) => {
        const row = await repo
          .insertPreset(trx, actor.accountId, { name: body.name, options: JSON.stringify(body.options) })
          .catch(onDuplicate);
        await events.record(trx, eventContextOf(actor), {
          type: 'deal_copy_preset.created',
          entity: 'deal_copy_preset',
          entityId: row.id,
          payload: { name: row.name },
        });
        return presentPreset(row);
      });
    },

    async updatePreset(actor: Actor, id: string, input: unknown) {
      adminOnly(actor);
      const body = parsed(dealCopyPresetBodySchema, input);
      return db.transaction().execute(async (trx) => {
        const before = await repo.findPreset(trx, actor.accountId, id);
        if (!before) throw notFound('Preset');
        const row = await repo
          .updatePreset(trx, actor.accountId, id, { name: body.name, options: JSON.stringify(body.options) })
          .catch(onDuplicate);
        if (!row) throw notFound('Preset');
        await events.record(trx, eventContextOf(actor), {
          type: 'deal_copy_preset.updated',
          entity: 'deal_copy_preset',
          entityId: id,
          payload: {
            name: row.name,
            changes: {
              ...(before.name !== row.name ? { name: { from: before.name, to: row.name } } : {}),
              ...(JSON.stringify(before.options) !== JSON.stringify(row.options)
                ? { options: { from: before.options, to: row.options } }
                : {}),
            },
          },
        });
        return presentPreset(row);
      });
    },

    async removePreset(actor: Actor, id: string) {
      adminOnly(actor);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findPreset(trx, actor.accountId, id);
        if (!row || !(await repo.deletePreset(trx, actor.accountId, id))) throw notFound('Preset');
        await events.record(trx, eventContextOf(actor), {
          type: 'deal_copy_preset.deleted',
          entity: 'deal_copy_preset',
          entityId: id,
          payload: { name: row.name },
        });
      });
    },
  };
}

const onDuplicate = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw invalidField('body.name', 'A preset with this name already exists', 'duplicate_name');
  throw error;
};

export type DealCopyService = ReturnType<typeof createDealCopyService>;
