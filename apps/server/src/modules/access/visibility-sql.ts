// The one SQL visibility filter (ADR 0018): `visibility()` of the policy as a condition on a query's columns.
// Every read path of a record type ANDs it into its WHERE (lists, counts, kanban sums, search, exports…).
import { sql, type RawBuilder } from 'kysely';
import type { AccessLevel } from '@voronka/contracts';
import type { Scope, Visibility } from './access-policy.js';

/** The columns of the queried table the filter reads (SQL references, e.g. sql.ref('deals.stage_id')). */
export interface VisibilityColumns {
  responsible: RawBuilder<unknown>;
  /** Absent for tables without the "open to all" flag. */
  isOpen?: RawBuilder<unknown>;
  /** Absent for tables without stages. */
  stage?: RawBuilder<unknown>;
}

const ids = (values: readonly string[]) => sql`${[...values]}::uuid[]`;

function levelCondition(level: AccessLevel, scope: Scope, columns: VisibilityColumns): RawBuilder<boolean> {
  const open = columns.isOpen ? sql<boolean>`${columns.isOpen} OR ` : sql<boolean>``;
  switch (level) {
    case 'none':
      return sql<boolean>`false`;
    case 'all':
      return sql<boolean>`true`;
    case 'own':
      return sql<boolean>`${columns.responsible} = ${scope.userId}`;
    case 'department':
      return sql<boolean>`${columns.responsible} = ANY(${ids(scope.departmentUserIds)})`;
    case 'subdepartments':
      return sql<boolean>`${columns.responsible} = ANY(${ids(scope.subtreeUserIds)})`;
    case 'open':
      return sql<boolean>`(${open}${columns.responsible} = ANY(${ids(scope.subtreeUserIds)}))`;
  }
}

/** One boolean condition: the rows of the table the user of `scope` may see for the visibility's operation. */
export function visibilitySql(
  visible: Visibility,
  scope: Scope,
  columns: VisibilityColumns,
): RawBuilder<boolean> {
  if (visible.kind === 'all') return sql<boolean>`true`;
  if (visible.kind === 'none') return sql<boolean>`false`;
  const stage = columns.stage;
  const parts = visible.groups.map((group) => {
    const condition = levelCondition(group.level, scope, columns);
    if (!stage) return group.stageIds === null ? condition : sql<boolean>`false`;
    if (group.stageIds !== null)
      return sql<boolean>`(${stage} = ANY(${ids(group.stageIds)}) AND ${condition})`;
    if (visible.overridden.length === 0) return condition;
    return sql<boolean>`((${stage} IS NULL OR NOT (${stage} = ANY(${ids(visible.overridden)}))) AND ${condition})`;
  });
  return sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}
