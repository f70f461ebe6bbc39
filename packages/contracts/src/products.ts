import { z } from 'zod';
import { idSchema, nameSchema } from './common.js';
import { decimalSchema } from './custom-fields/decimal.js';
import { currencyCodeSchema } from './custom-fields/settings.js';

/** Russian VAT rates (НДС): none, 0 %, the 5 % and 7 % of the simplified system since 2025, 10 %, 20 %. */
export const vatRateSchema = z.enum(['none', '0', '5', '7', '10', '20']);

const productFields = {
  name: nameSchema,
  sku: z.string().trim().min(1).max(100).nullable().describe('Article / SKU, unique in the account'),
  description: z.string().trim().max(10_000).nullable(),
  unit: z.string().trim().min(1).max(20).describe('шт, кг, м², час…'),
  price: decimalSchema(2)
    .refine((v) => !v.startsWith('-'), 'must not be negative')
    .describe('Exact decimal, e.g. "1499.90"'),
  currency: currencyCodeSchema,
  vatRate: vatRateSchema,
  stock: decimalSchema(3).nullable().describe('null when stock is not tracked'),
  active: z.boolean().describe('Inactive products stay on old deals but are not offered'),
};

export const createProductBodySchema = z.object({
  ...productFields,
  sku: productFields.sku.default(null),
  description: productFields.description.default(null),
  unit: productFields.unit.default('шт'),
  currency: productFields.currency.default('RUB'),
  vatRate: productFields.vatRate.default('none'),
  stock: productFields.stock.default(null),
  active: productFields.active.default(true),
});

export const updateProductBodySchema = z.object(productFields).partial();

export const productSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    sku: z.string().nullable(),
    description: z.string().nullable(),
    unit: z.string(),
    price: z.string(),
    currency: z.string(),
    vatRate: vatRateSchema,
    stock: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;

export const productListQuerySchema = z.object({
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words of the name or description, or the SKU'),
  active: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const productPageSchema = z
  .object({ items: z.array(productSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductPage' });
