import { z } from 'zod';
import { roleSchema } from './accounts.js';
import { emailSchema, idSchema, nameSchema } from './common.js';

export const userSchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    departmentId: idSchema.nullable(),
    active: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    deactivatedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const updateUserBodySchema = z.object({
  name: nameSchema.optional(),
  role: roleSchema.optional(),
  departmentId: idSchema.nullable().optional(),
});

export const departmentSchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    name: z.string(),
    parentId: idSchema.nullable(),
    headUserId: idSchema.nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Department' });
export type Department = z.infer<typeof departmentSchema>;

export const createDepartmentBodySchema = z.object({
  name: nameSchema,
  parentId: idSchema.nullable().default(null),
  headUserId: idSchema.nullable().default(null),
});
export const updateDepartmentBodySchema = z.object({
  name: nameSchema.optional(),
  parentId: idSchema.nullable().optional(),
  headUserId: idSchema.nullable().optional(),
});

export const invitationSchema = z
  .object({
    id: idSchema,
    email: z.string(),
    role: roleSchema,
    departmentId: idSchema.nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    acceptedAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitationSchema>;

export const createInvitationBodySchema = z.object({
  email: emailSchema,
  role: roleSchema.default('member'),
  departmentId: idSchema.nullable().default(null),
});

/** Returned once, on creation: the link carries the only copy of the secret token. */
export const createdInvitationSchema = invitationSchema
  .extend({ token: z.string(), url: z.string() })
  .meta({ id: 'CreatedInvitation' });

export const invitationTokenParamsSchema = z.object({ token: z.string().min(10).max(200) });

export const invitationPreviewSchema = z
  .object({ accountName: z.string(), email: z.string(), role: roleSchema, existingIdentity: z.boolean() })
  .meta({ id: 'InvitationPreview' });

/** `name` is needed only when the e-mail has no identity yet; an existing identity gives its password. */
export const acceptInvitationBodySchema = z.object({
  name: nameSchema.optional(),
  password: z.string().min(1).max(200),
});

export const apiTokenSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    prefix: z.string().describe('First characters of the token, to recognise it'),
    createdAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenBodySchema = z.object({ name: nameSchema });
export const createdApiTokenSchema = apiTokenSchema
  .extend({ token: z.string().describe('Shown once; store it now') })
  .meta({ id: 'CreatedApiToken' });
