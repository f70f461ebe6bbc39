import { z } from 'zod';

/** RFC 9457 problem details, the body of every error response. */
export const fieldErrorSchema = z.object({
  field: z.string().describe('Path of the offending field, e.g. `body.email`'),
  reason: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().optional().describe('Stable machine-readable error code'),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const idSchema = z.uuid();
export const localeSchema = z.enum(['ru', 'en']);
export type Locale = z.infer<typeof localeSchema>;

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((v) => v.toLowerCase());

/** A human name or title: trimmed, non-empty, bounded. */
export const nameSchema = z.string().trim().min(1).max(200);

export const passwordSchema = z.string().min(8).max(200);

export const idParamsSchema = z.object({ id: idSchema });

/** A list query parameter: `a,b` or a repeated parameter → distinct values (1 to `max`). */
export const queryListSchema = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .preprocess((value: unknown) => {
      const values: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
      return values
        .flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== '');
    }, z.array(item).min(1).max(max))
    .transform((values) => [...new Set(values)] as z.output<T>[]);

export const okSchema = z.object({ ok: z.literal(true) });
