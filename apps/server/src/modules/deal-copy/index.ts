// deal-copy — owns deal copies (AUTO-3, seed 002; ADR 0016): deal_copies (the links between a copy and its
// original) and deal_copy_presets (named copy options per account: hand-off to delivery, post-sale, renewal…).
// Emits deal.copied (on the original) and deal_copy_preset.created|updated|deleted; the copy itself is created
// by the deals module (deal.created with `copiedFrom`, or `anonymizedCopy` and no original). Consumes no
// events. Uses deals (read the original, create the copy, its line items) and custom-fields (definitions).
//
// Rules:
// - `copyDeal(trx, actor, sourceDealId, options)` runs in the caller's transaction: the API's route, and later
//   robots and triggers (inline options or a `presetId`, the request's keys over the preset's).
// - Defaults: the original's pipeline, stage (its first open stage in another pipeline, or when the original
//   is won or lost) and responsible; everything copied (items, contacts, company, amount, tags, source, dates,
//   every custom field but a booked resource). Comments, tasks, files of the timeline are never copied.
// - Rights: reading the original (another account's or a missing deal → 404) and the deals module's rules for
//   creating a deal where the copy goes (an unknown pipeline, a stage of another pipeline, an unknown
//   responsible → 422 naming the option). Presets: everyone reads, administrators change. A deal's copy
//   links name only the originals and copies the user may read (access rights, ADR 0018); anonymized copies
//   (no id) stay listed on the original.
// - Anonymized: no contacts, company, amount, tags or source; no personal custom fields (copy-rules.ts) unless
//   listed by id; a neutral title ("Сделка #<id>") unless one without `{name}` is given; and no way back:
//   no link row names the copy, the copy's deal.created carries no original, its links show none.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { DealsService } from '../deals/index.js';
import { createDealCopyRepository } from './deal-copy.repository.js';
import { registerDealCopyRoutes } from './deal-copy.routes.js';
import { createDealCopyService, type DealCopyFields } from './deal-copy.service.js';

export type { DealCopyService, DealCopyFields } from './deal-copy.service.js';

export function createDealCopyModule(deps: {
  db: Db;
  events: EventBus;
  deals: DealsService;
  fields: DealCopyFields;
}) {
  const service = createDealCopyService({
    db: deps.db,
    repo: createDealCopyRepository(),
    events: deps.events,
    deals: deps.deals,
    fields: deps.fields,
  });
  return { service, registerRoutes: (app: App) => registerDealCopyRoutes(app, service) };
}
