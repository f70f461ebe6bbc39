// /api/products: the catalogue. Everyone reads it; administrators change it (If-Match guards changes).
import { z } from 'zod';
import {
  createProductBodySchema,
  idParamsSchema,
  productListQuerySchema,
  productPageSchema,
  productSchema,
  updateProductBodySchema,
} from '@voronka/contracts';
import {
  actorOf,
  sendVersioned,
  ifMatchHeadersSchema,
  problemResponses,
  versionedUpdate,
  type App,
} from '../../platform/http/index.js';
import type { ProductsService } from './products.service.js';

export function registerProductsRoutes(app: App, service: ProductsService) {
  app.get(
    '/api/products',
    {
      schema: {
        tags: ['products'],
        summary: 'Products by name, in keyset pages; search by words or SKU',
        querystring: productListQuerySchema,
        response: { 200: productPageSchema, ...problemResponses },
      },
    },
    (request) => service.list(actorOf(request), request.query),
  );
  app.post(
    '/api/products',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['products'],
        summary: 'Add a product',
        body: createProductBodySchema,
        response: { 201: productSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.create(actorOf(request), request.body), 201),
  );
  app.get(
    '/api/products/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'One product',
        params: idParamsSchema,
        response: { 200: productSchema, ...problemResponses },
      },
    },
    async (request, reply) => sendVersioned(reply, await service.get(actorOf(request), request.params.id)),
  );
  app.patch(
    '/api/products/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['products'],
        summary: 'Change a product (If-Match refuses a stale write)',
        params: idParamsSchema,
        headers: ifMatchHeadersSchema,
        body: updateProductBodySchema,
        response: { 200: productSchema, ...problemResponses },
      },
    },
    versionedUpdate(service),
  );
  app.delete(
    '/api/products/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['products'],
        summary: 'Delete a product',
        params: idParamsSchema,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
