import { z } from 'zod';

// Card layouts (CORE-7 "configurable sections", seed 004 ch. 3): how the fields panel of a deal, lead,
// contact or company card is arranged, for the whole account. An administrator creates, names, orders and
// removes sections, moves fields between them and hides fields; the change applies to every record of the
// entity. A field is named by a key: one of the entity's standard fields below, or `cf:<custom field id>`.
// A field the layout does not place (a custom field created later) is shown at the end of the first
// section, so nothing new is ever invisible by accident.

export const cardLayoutEntitySchema = z.enum(['deal', 'lead', 'contact', 'company']);
export type CardLayoutEntity = z.infer<typeof cardLayoutEntitySchema>;

/** The standard fields of each card's fields panel, in their default order. */
export const CARD_STANDARD_FIELDS = {
  deal: ['closeDate', 'source', 'tags', 'company', 'contacts'],
  lead: [
    'lastName',
    'firstName',
    'middleName',
    'position',
    'companyName',
    'phones',
    'emails',
    'amount',
    'source',
    'responsible',
    'address',
    'comment',
  ],
  contact: [
    'position',
    'companies',
    'phones',
    'emails',
    'messengers',
    'sites',
    'type',
    'responsible',
    'address',
    'comment',
  ],
  company: [
    'inn',
    'contacts',
    'phones',
    'emails',
    'sites',
    'messengers',
    'type',
    'industry',
    'responsible',
    'address',
    'comment',
  ],
} as const satisfies Record<CardLayoutEntity, readonly string[]>;

const CUSTOM_KEY = /^cf:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The custom field id of a `cf:<id>` key, or null for a standard field. */
export const customFieldIdOfKey = (key: string): string | null =>
  CUSTOM_KEY.test(key) ? key.slice(3) : null;

export const cardFieldKeySchema = z
  .string()
  .regex(/^([a-zA-Z]{1,40}|cf:[0-9a-f-]{36})$/, 'must be a standard field key or cf:<custom field id>')
  .describe('A standard field of the entity (e.g. closeDate, phones) or cf:<custom field id>');

export const cardSectionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits and dashes, at most 40')
      .describe('Stable within the layout; chosen by the client'),
    title: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullable()
      .describe("The section's heading; null: the default heading of the card's fields"),
    fields: z.array(cardFieldKeySchema).max(300).describe('The fields of the section, in order'),
  })
  .meta({ id: 'CardSection' });
export type CardSection = z.infer<typeof cardSectionSchema>;

export const cardLayoutSchema = z
  .object({
    entity: cardLayoutEntitySchema,
    sections: z
      .array(cardSectionSchema)
      .describe('In order; fields no section places are shown at the end of the first one'),
    hidden: z.array(cardFieldKeySchema).describe('Fields not shown on the card'),
    version: z
      .number()
      .int()
      .describe('0 while the account keeps the default layout; send it back as If-Match: "v<version>"'),
    updatedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'CardLayout' });
export type CardLayout = z.infer<typeof cardLayoutSchema>;

export const updateCardLayoutBodySchema = z
  .strictObject({
    sections: z.array(cardSectionSchema).min(1).max(30),
    hidden: z.array(cardFieldKeySchema).max(300).default([]),
  })
  .meta({ id: 'UpdateCardLayoutBody' });
export type UpdateCardLayoutBody = z.input<typeof updateCardLayoutBodySchema>;

export const cardLayoutParamsSchema = z.object({ entity: cardLayoutEntitySchema });

/**
 * What is wrong with a layout, as [path, reason] pairs: a standard key the entity has not, a custom field
 * key not among `customFieldIds` (the entity's fields), a field placed or hidden twice, a repeated section
 * id. The server refuses such a layout; the editor never builds one.
 */
export function cardLayoutErrors(
  entity: CardLayoutEntity,
  layout: { sections: readonly CardSection[]; hidden: readonly string[] },
  customFieldIds: ReadonlySet<string>,
): [string, string][] {
  const errors: [string, string][] = [];
  const standard: readonly string[] = CARD_STANDARD_FIELDS[entity];
  const seen = new Set<string>();
  const check = (key: string, path: string) => {
    const customId = customFieldIdOfKey(key);
    if (customId === null ? !standard.includes(key) : !customFieldIds.has(customId))
      errors.push([path, `${key} is not a field of the ${entity} card`]);
    else if (seen.has(key)) errors.push([path, `${key} is placed twice`]);
    seen.add(key);
  };
  const sectionIds = new Set<string>();
  layout.sections.forEach((section, index) => {
    if (sectionIds.has(section.id)) errors.push([`sections.${index}.id`, 'section ids must not repeat']);
    sectionIds.add(section.id);
    section.fields.forEach((key, at) => check(key, `sections.${index}.fields.${at}`));
  });
  layout.hidden.forEach((key, at) => check(key, `hidden.${at}`));
  return errors;
}

/** A layout's sections with every field the entity has placed once: unplaced ones end the first section. */
export function arrangeCard<K extends string>(
  layout: { sections: readonly CardSection[]; hidden: readonly string[] },
  keys: readonly K[],
): { id: string; title: string | null; fields: K[] }[] {
  const known = new Set<string>(keys);
  const hidden = new Set(layout.hidden);
  const placed = new Set<string>([...layout.hidden, ...layout.sections.flatMap((section) => section.fields)]);
  const sections = layout.sections.map((section) => ({
    id: section.id,
    title: section.title,
    fields: section.fields.filter((key): key is K => known.has(key) && !hidden.has(key)),
  }));
  const unplaced = keys.filter((key) => !placed.has(key));
  const first = sections[0];
  if (first === undefined) return [{ id: 'main', title: null, fields: unplaced }];
  first.fields.push(...unplaced);
  return sections;
}
