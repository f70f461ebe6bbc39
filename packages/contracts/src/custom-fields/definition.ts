import { z } from 'zod';
import { idSchema, nameSchema } from '../common.js';
import { customFieldSettingsSchemas } from './settings.js';
import { customFieldEntitySchema, type CustomFieldType } from './types.js';
import { checkValue, valueRules } from './values.js';

// A custom field's definition (CORE-6). The stored shape, the create body and the update body share the rules
// below; `type`, `multiple` and `entity` are fixed at creation because stored values depend on them.

export const customFieldCodeSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'must start with a letter and use only a-z, 0-9 and _ (up to 63 characters)',
  )
  .describe('Stable name for the API and templates, unique per entity');

const uniqueIds = z
  .array(idSchema)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat');

const sortSchema = z.number().int().min(0).max(1_000_000_000);

// The default rule a type allows. 'now' only means something for dates; a list's default is the option marked
// in its settings (`defaultOptionId`); a file or a booking shared by every new record would be wrong.
const noDefault = z.object({ kind: z.literal('none') });
const nowDefault = z.object({ kind: z.literal('now') });
const fixedDefault = <T extends CustomFieldType>(type: T) =>
  z.object({
    kind: z.literal('fixed'),
    value: valueRules[type].schema.describe('One value, also for multiple fields'),
  });
const noneOrFixed = <T extends CustomFieldType>(type: T) =>
  z.discriminatedUnion('kind', [noDefault, fixedDefault(type)]);
const noneNowOrFixed = <T extends CustomFieldType>(type: T) =>
  z.discriminatedUnion('kind', [noDefault, nowDefault, fixedDefault(type)]);
const noneOnly = z.discriminatedUnion('kind', [noDefault]);

const defaultRules = {
  string: noneOrFixed('string'),
  text: noneOrFixed('text'),
  number: noneOrFixed('number'),
  money: noneOrFixed('money'),
  list: noneOnly,
  date: noneNowOrFixed('date'),
  datetime: noneNowOrFixed('datetime'),
  boolean: noneOrFixed('boolean'),
  file: noneOnly,
  url: noneOrFixed('url'),
  phone: noneOrFixed('phone'),
  email: noneOrFixed('email'),
  address: noneOrFixed('address'),
  user: noneOrFixed('user'),
  crm_link: noneOrFixed('crm_link'),
  resource_booking: noneOnly,
} as const satisfies Record<CustomFieldType, z.ZodType>;

const storedShape = {
  id: idSchema,
  entity: customFieldEntitySchema,
  name: nameSchema,
  code: customFieldCodeSchema.nullable(),
  multiple: z.boolean(),
  required: z.boolean().describe('Required everywhere'),
  requiredFromStageIds: uniqueIds.describe(
    'Required from each of these stages on (that stage and every later one of its pipeline), like amoCRM’s required_statuses',
  ),
  showInFilter: z.boolean(),
  showInList: z.boolean(),
  sort: sortSchema,
  pipelineIds: uniqueIds.min(1).nullable().describe('The pipelines whose records have the field; null: all'),
};

const createShape = {
  entity: customFieldEntitySchema,
  name: nameSchema,
  code: customFieldCodeSchema.nullable().default(null),
  multiple: z.boolean().default(false).describe('Cannot be changed later'),
  required: z.boolean().default(false),
  requiredFromStageIds: uniqueIds.default([]),
  showInFilter: z.boolean().default(true),
  showInList: z.boolean().default(false),
  sort: sortSchema.default(500),
  pipelineIds: uniqueIds.min(1).nullable().default(null),
};

const stored = <T extends CustomFieldType>(type: T) =>
  z.object({
    ...storedShape,
    type: z.literal(type),
    settings: customFieldSettingsSchemas[type],
    default: defaultRules[type],
  });

// Types whose every setting has a default may leave `settings` out when created.
const createSettingsSchemas = {
  ...customFieldSettingsSchemas,
  string: customFieldSettingsSchemas.string.prefault({}),
  text: customFieldSettingsSchemas.text.prefault({}),
  number: customFieldSettingsSchemas.number.prefault({}),
  date: customFieldSettingsSchemas.date.prefault({}),
  datetime: customFieldSettingsSchemas.datetime.prefault({}),
  boolean: customFieldSettingsSchemas.boolean.prefault({}),
  file: customFieldSettingsSchemas.file.prefault({}),
  url: customFieldSettingsSchemas.url.prefault({}),
  phone: customFieldSettingsSchemas.phone.prefault({}),
  email: customFieldSettingsSchemas.email.prefault({}),
  address: customFieldSettingsSchemas.address.prefault({}),
  user: customFieldSettingsSchemas.user.prefault({}),
} as const satisfies Record<CustomFieldType, z.ZodType>;

const create = <T extends CustomFieldType>(type: T) =>
  z.strictObject({
    ...createShape,
    type: z.literal(type).describe('Cannot be changed later'),
    settings: createSettingsSchemas[type],
    default: defaultRules[type].default({ kind: 'none' }),
  });

interface FieldRulesInput {
  type: CustomFieldType;
  entity: z.infer<typeof customFieldEntitySchema>;
  multiple: boolean;
  requiredFromStageIds: string[];
  pipelineIds: string[] | null;
  settings: unknown;
  default: { kind: 'none' } | { kind: 'now' } | { kind: 'fixed'; value: unknown };
}

/** Rules that join several properties; the same for stored, created and updated fields. */
function checkFieldRules(field: FieldRulesInput, ctx: z.RefinementCtx) {
  if (field.type === 'boolean' && field.multiple)
    ctx.addIssue({ code: 'custom', path: ['multiple'], message: 'a yes/no field holds one value' });
  if (field.entity === 'contact' || field.entity === 'company') {
    if (field.requiredFromStageIds.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['requiredFromStageIds'],
        message: 'contacts and companies have no stages',
      });
    if (field.pipelineIds !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['pipelineIds'],
        message: 'contacts and companies have no pipelines',
      });
  }
  if (field.default.kind === 'fixed') {
    const reason = checkValue(field.type, field.default.value, field.settings);
    if (reason !== null) ctx.addIssue({ code: 'custom', path: ['default', 'value'], message: reason });
  }
}

export const customFieldSchema = z
  .discriminatedUnion('type', [
    stored('string'),
    stored('text'),
    stored('number'),
    stored('money'),
    stored('list'),
    stored('date'),
    stored('datetime'),
    stored('boolean'),
    stored('file'),
    stored('url'),
    stored('phone'),
    stored('email'),
    stored('address'),
    stored('user'),
    stored('crm_link'),
    stored('resource_booking'),
  ])
  .superRefine(checkFieldRules)
  .meta({ id: 'CustomField' });
export type CustomField = z.output<typeof customFieldSchema>;
export type CustomFieldOf<T extends CustomFieldType> = Extract<CustomField, { type: T }>;
export type CustomFieldDefault = CustomField['default'];

export const createCustomFieldBodySchema = z
  .discriminatedUnion('type', [
    create('string'),
    create('text'),
    create('number'),
    create('money'),
    create('list'),
    create('date'),
    create('datetime'),
    create('boolean'),
    create('file'),
    create('url'),
    create('phone'),
    create('email'),
    create('address'),
    create('user'),
    create('crm_link'),
    create('resource_booking'),
  ])
  .superRefine(checkFieldRules);
export type CreateCustomFieldBody = z.input<typeof createCustomFieldBodySchema>;

/** Everything but `type`, `multiple` and `entity`, which an update rejects as unknown keys. */
export const updateCustomFieldBodySchema = z.strictObject({
  name: nameSchema.optional(),
  code: customFieldCodeSchema.nullable().optional(),
  required: z.boolean().optional(),
  requiredFromStageIds: uniqueIds.optional(),
  showInFilter: z.boolean().optional(),
  showInList: z.boolean().optional(),
  sort: sortSchema.optional(),
  default: z
    .discriminatedUnion('kind', [
      noDefault,
      nowDefault,
      z.object({ kind: z.literal('fixed'), value: z.unknown() }),
    ])
    .optional()
    .describe('Checked against the field’s type and settings'),
  pipelineIds: uniqueIds.min(1).nullable().optional(),
  settings: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('Merged into the current settings key by key (an array such as `options` is replaced whole)'),
});
export type UpdateCustomFieldBody = z.input<typeof updateCustomFieldBodySchema>;

/**
 * The field after an update: the update's keys over the stored field, settings merged key by key, then every
 * rule of the field's type checked again (a fixed default must still fit new options or a new range).
 */
export function applyCustomFieldUpdate(
  field: CustomField,
  update: z.output<typeof updateCustomFieldBodySchema>,
): z.ZodSafeParseResult<CustomField> {
  const { settings, ...rest } = update;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, value]: [string, unknown]) => value !== undefined),
  );
  return customFieldSchema.safeParse({ ...field, ...defined, settings: { ...field.settings, ...settings } });
}

/** Whether the field belongs to a record in this pipeline (contacts and companies: pass null). */
export function fieldAppliesToPipeline(
  field: Pick<CustomField, 'pipelineIds'>,
  pipelineId: string | null,
): boolean {
  return field.pipelineIds === null || (pipelineId !== null && field.pipelineIds.includes(pipelineId));
}
