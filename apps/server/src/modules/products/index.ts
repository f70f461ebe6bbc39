// products — owns the products catalogue (CORE-10): exact prices, VAT, units, stock. Emits
// product.created|updated|deleted. Consumes no events. Deal line items will build on it.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createProductsRepository } from './products.repository.js';
import { registerProductsRoutes } from './products.routes.js';
import { createProductsService } from './products.service.js';

export type { ProductsService } from './products.service.js';

export function createProductsModule(deps: { db: Db; events: EventBus }) {
  const service = createProductsService({
    db: deps.db,
    repo: createProductsRepository(),
    events: deps.events,
  });
  return { service, registerRoutes: (app: App) => registerProductsRoutes(app, service) };
}
