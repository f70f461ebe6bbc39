// Test support only: not exported from the package.
import {
  createCustomFieldBodySchema,
  customFieldSchema,
  type CreateCustomFieldBody,
  type CustomFieldOf,
} from '../definition.js';
import type { CustomFieldType } from '../types.js';

// Field definitions for tests, built through the real create schema so they carry its defaults.

export const OPTION_IDS = [
  '6f1d2a3b-0000-4000-8000-000000000001',
  '6f1d2a3b-0000-4000-8000-000000000002',
  '6f1d2a3b-0000-4000-8000-000000000003',
] as const;
export const RESOURCE_IDS = [
  '7a000000-0000-4000-8000-00000000000a',
  '7a000000-0000-4000-8000-00000000000b',
] as const;

const requiredSettings: Partial<Record<CustomFieldType, unknown>> = {
  money: { currency: 'RUB' },
  list: {
    options: OPTION_IDS.map((id, index) => ({ id, label: `Option ${index + 1}`, position: index })),
  },
  crm_link: { targetEntities: ['contact', 'company'] },
  resource_booking: { resourceIds: [...RESOURCE_IDS] },
};

let sequence = 0;

/** A stored field of `type`; `overrides` are create-body keys (settings replace the fixture's whole). */
export function makeField<T extends CustomFieldType>(
  type: T,
  overrides: Partial<Record<keyof CreateCustomFieldBody, unknown>> = {},
): CustomFieldOf<T> {
  sequence += 1;
  const body = createCustomFieldBodySchema.parse({
    entity: 'deal',
    name: `Field ${sequence}`,
    type,
    settings: requiredSettings[type],
    ...overrides,
  });
  const id = `5e000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  // The create schema's output for `type` is that type's field; parsing again proves it is a valid stored one.
  return customFieldSchema.parse({ ...body, id }) as CustomFieldOf<T>;
}
