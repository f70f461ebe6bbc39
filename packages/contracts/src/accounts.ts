import { z } from 'zod';
import { emailSchema, idSchema, localeSchema, nameSchema, passwordSchema } from './common.js';

export const roleSchema = z.enum(['admin', 'member']);
export type Role = z.infer<typeof roleSchema>;

export const accountSummarySchema = z
  .object({ id: idSchema, name: z.string(), role: roleSchema })
  .meta({ id: 'AccountSummary' });
export type AccountSummary = z.infer<typeof accountSummarySchema>;

export const meSchema = z
  .object({
    user: z.object({
      id: idSchema,
      identityId: idSchema,
      name: z.string(),
      email: z.string(),
      locale: localeSchema,
      totpEnabled: z.boolean(),
    }),
    account: accountSummarySchema,
    accounts: z.array(accountSummarySchema),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const signUpBodySchema = z.object({
  accountName: nameSchema,
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  locale: localeSchema.default('ru'),
});
export type SignUpBody = z.input<typeof signUpBodySchema>;

export const signInBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'must be 6 digits')
    .optional(),
});
export type SignInBody = z.input<typeof signInBodySchema>;

export const switchAccountBodySchema = z.object({ accountId: idSchema });

export const updateMeBodySchema = z.object({
  name: nameSchema.optional(),
  locale: localeSchema.optional(),
});

export const createAccountBodySchema = z.object({ name: nameSchema });

export const totpSetupSchema = z
  .object({ secret: z.string(), otpauthUri: z.string() })
  .meta({ id: 'TotpSetup' });
export const totpCodeBodySchema = z.object({
  code: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
});

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** The account's regional settings (PLAT-2): interface language for new users, money and time. */
export const accountSettingsSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    locale: localeSchema,
    currency: z.string(),
    timezone: z.string(),
    leadsEnabled: z
      .boolean()
      .describe('CRM with leads (CORE-2); off: requests go straight to deals and no new leads are made'),
  })
  .meta({ id: 'AccountSettings' });
export type AccountSettings = z.infer<typeof accountSettingsSchema>;

export const updateAccountBodySchema = z.object({
  name: nameSchema.optional(),
  locale: localeSchema.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as RUB')
    .optional(),
  timezone: z
    .string()
    .max(64)
    .refine((tz) => timeZones.has(tz) || tz === 'UTC', 'must be an IANA time zone such as Europe/Moscow')
    .optional(),
  leadsEnabled: z.boolean().optional().describe('Turn leads on or off (old leads stay readable)'),
});
