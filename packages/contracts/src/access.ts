import { z } from 'zod';
import { idSchema } from './common.js';

// Access rights (ACCESS-1..5, ADR 0018): roles as Bitrix24's matrix of CRM entity × operation × level, per-stage
// overrides for deals and leads, assigned to users, departments (with or without sub-departments) and groups.

export const accessEntities = ['lead', 'deal', 'contact', 'company', 'task', 'product', 'report'] as const;
export const accessEntitySchema = z.enum(accessEntities);
export type AccessEntity = z.infer<typeof accessEntitySchema>;

export const accessOperations = ['read', 'add', 'edit', 'delete', 'export', 'import'] as const;
export const accessOperationSchema = z.enum(accessOperations);
export type AccessOperation = z.infer<typeof accessOperationSchema>;

/** Cumulative: each level includes every level before it. */
export const accessLevels = ['none', 'own', 'department', 'subdepartments', 'open', 'all'] as const;
export const accessLevelSchema = z.enum(accessLevels);
export type AccessLevel = z.infer<typeof accessLevelSchema>;

export const robotsRightSchema = z.enum(['none', 'read', 'edit']);
export type RobotsRight = z.infer<typeof robotsRightSchema>;

const operationLevelsSchema = z.object(
  Object.fromEntries(accessOperations.map((o) => [o, accessLevelSchema])) as Record<
    AccessOperation,
    typeof accessLevelSchema
  >,
);
export type OperationLevels = z.infer<typeof operationLevelsSchema>;

/** A stage's overrides: an operation left out inherits the entity's level. */
const stageOverridesSchema = z.partialRecord(accessOperationSchema, accessLevelSchema);
export type StageOverrides = z.infer<typeof stageOverridesSchema>;

export const rolePermissionsSchema = z.object({
  entities: z.object(
    Object.fromEntries(accessEntities.map((e) => [e, operationLevelsSchema])) as Record<
      AccessEntity,
      typeof operationLevelsSchema
    >,
  ),
  /** Deal stage id → overrides. */
  dealStages: z.record(idSchema, stageOverridesSchema).default({}),
  /** Lead status id → overrides. */
  leadStatuses: z.record(idSchema, stageOverridesSchema).default({}),
  /** "May change settings" (custom fields, pipelines, forms, roles…). */
  settings: z.boolean(),
  robots: z.object({ lead: robotsRightSchema, deal: robotsRightSchema }),
});
export type RolePermissions = z.infer<typeof rolePermissionsSchema>;

export const defaultRoleCodes = ['manager', 'head', 'director', 'administrator'] as const;

export const accessRoleSchema = z.object({
  id: idSchema,
  /** The default role this one was created as (`null` for a role added by the account). */
  code: z.enum(defaultRoleCodes).nullable(),
  name: z.string(),
  permissions: rolePermissionsSchema,
  version: z.number().int(),
});
export type AccessRole = z.infer<typeof accessRoleSchema>;

export const saveAccessRoleBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  permissions: rolePermissionsSchema,
});

export const accessSubjectKindSchema = z.enum(['everyone', 'user', 'department', 'department_tree', 'group']);
export type AccessSubjectKind = z.infer<typeof accessSubjectKindSchema>;

export const accessAssignmentSchema = z.object({
  id: idSchema,
  roleId: idSchema,
  subjectKind: accessSubjectKindSchema,
  /** A user, department or group; null for `everyone`. */
  subjectId: idSchema.nullable(),
});
export type AccessAssignment = z.infer<typeof accessAssignmentSchema>;

export const createAccessAssignmentBodySchema = accessAssignmentSchema.omit({ id: true });

export const userGroupSchema = z.object({
  id: idSchema,
  name: z.string(),
  memberIds: z.array(idSchema),
});
export type UserGroup = z.infer<typeof userGroupSchema>;

export const saveUserGroupBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  memberIds: z.array(idSchema).max(10_000),
});

/** The caller's own effective rights (what the UI hides or disables). */
export const myAccessSchema = z.object({
  administrator: z.boolean(),
  permissions: rolePermissionsSchema,
});
export type MyAccess = z.infer<typeof myAccessSchema>;
