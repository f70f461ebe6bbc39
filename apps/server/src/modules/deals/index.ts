// deals — owns deals (CORE-3): deals, deal_contacts, deal_stage_history, deal_items; the kanban (CORE-9 API)
// and bulk actions. Emits deal.created|updated|deleted (updated carries every change: stage moves, contacts,
// line items, custom fields; moves made by deleting a stage are recorded with source `system`). Consumes no
// events. Uses custom-fields (record values: validation, filters, `cf:` sorting), products (line-item
// defaults) and reads — never writes — stages, contacts, companies, users, reference lists, tasks and the
// account (see deals.repository.ts). Registers a `StageRecords` with pipelines: a pipeline or stage with
// deals is not deleted, and deleting a stage moves its deals (with stage history).
//
// Rules (amoCRM / Bitrix24 behaviour):
// - Placement: a deal is in a stage of its pipeline (a stage of another pipeline or account → 422
//   `body.stageId`). A new deal without a stage goes to its pipeline's FIRST OPEN stage: Unsorted is the inbox
//   that incoming requests land in, not where a manager's own deal starts. Moving to another pipeline
//   without a stage also lands on its first open stage.
// - Closing: entering Won or Lost sets `closedAt` (won → lost closes again, now); reopening clears it.
//   A loss reason (a live item of `loss_reasons`) and comment exist only on a lost deal: setting one on any
//   other deal → 422; leaving Lost clears them.
// - Required custom fields on a stage move: every field required at the new stage must be filled. "Required
//   from stage X" holds at X, every later open stage and at WON; LOST is not "after" any stage — a field
//   required from Negotiation must not stop a manager from losing a deal (the custom-fields module builds the
//   stage order that way; a field required from Lost itself applies there).
// - Contacts: many, ordered; exactly one primary when there are any (the one marked, else the first).
// - Tags: trimmed, duplicates in any case dropped, at most 50.
// - Line items: exact decimals in bigint minor units (line-items.ts); a deal with items is worth their total
//   (its amount is not set by hand then); a product's name, SKU, unit, price and VAT are the defaults.
// - Lists: keyset pages (platform/db/keyset.ts) under every sort, nulls last; `nextTaskAt` is the earliest
//   open task's deadline, `noTaskPlanned` an open deal with none.
// - Rights (ADR 0018, through the access module's one decision and one SQL filter): every list, kanban
//   column, count and sum, search and export reads only the deals the role reaches; a deal the user may not
//   read is absent (404) on its card, items, stages and in bulk actions; one they read but may not change
//   is 403. Moving into a stage needs `edit` there too; creating needs `add` for the responsible and stage.
import type { Transaction } from 'kysely';
import type { DB, Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { StageRecords } from '../pipelines/index.js';
import { createDealsRepository } from './deals.repository.js';
import { registerDealsRoutes } from './deals.routes.js';
import {
  createDealsService,
  type DealAccess,
  type DealFieldValues,
  type DealProducts,
} from './deals.service.js';

export type { DealsService, DealFieldValues, DealProducts, CreateDealInput } from './deals.service.js';

export function createDealsModule(deps: {
  db: Db;
  events: EventBus;
  fieldValues: DealFieldValues;
  products: DealProducts;
  access: DealAccess;
}) {
  const service = createDealsService({
    db: deps.db,
    repo: createDealsRepository(),
    events: deps.events,
    fieldValues: deps.fieldValues,
    products: deps.products,
    access: deps.access,
  });
  const stageRecords: StageRecords = {
    name: 'deals',
    countInPipeline: (trx: Transaction<DB>, accountId, pipelineId) =>
      service.countInPipeline(trx, accountId, pipelineId),
    countInStage: (trx: Transaction<DB>, accountId, stageId) => service.countInStage(trx, accountId, stageId),
    moveStage: (trx, accountId, from, to) => service.moveStage(trx, accountId, from, to),
  };
  return { service, stageRecords, registerRoutes: (app: App) => registerDealsRoutes(app, service) };
}
