// What a saved view may hold, per entity: its filter is the entity's list query (the same parameters the
// list API takes, nothing else), its sort one the list takes, and only deals have a mode. Pure: returns the
// broken rules as field errors (`body.filter.<key>`, `body.sort.field`, `body.mode`).
import {
  savedViewFilterSchemas,
  savedViewSortFieldSchemas,
  type FieldError,
  type SavedViewEntity,
  type SavedViewFilter,
  type SavedViewMode,
  type SavedViewSort,
} from '@voronka/contracts';

export function filterErrors(entity: SavedViewEntity, filter: SavedViewFilter): FieldError[] {
  const result = savedViewFilterSchemas[entity].safeParse(filter);
  if (result.success) return [];
  return result.error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        field: `body.filter.${key}`,
        reason: `the ${entity} list has no filter "${key}"`,
      }));
    const path = issue.path.filter((part) => typeof part !== 'symbol').join('.');
    return [{ field: path === '' ? 'body.filter' : `body.filter.${path}`, reason: issue.message }];
  });
}

export function sortErrors(entity: SavedViewEntity, sort: SavedViewSort): FieldError[] {
  if (sort === null) return [];
  const result = savedViewSortFieldSchemas[entity].safeParse(sort.field);
  return result.success ? [] : [{ field: 'body.sort.field', reason: result.error.issues[0]?.message ?? '' }];
}

export function modeErrors(entity: SavedViewEntity, mode: SavedViewMode | null): FieldError[] {
  return mode === null || entity === 'deals'
    ? []
    : [{ field: 'body.mode', reason: 'only deal views have a mode (kanban, list or calendar)' }];
}

export const viewErrors = (view: {
  entity: SavedViewEntity;
  filter: SavedViewFilter;
  sort: SavedViewSort;
  mode: SavedViewMode | null;
}): FieldError[] => [
  ...filterErrors(view.entity, view.filter),
  ...sortErrors(view.entity, view.sort),
  ...modeErrors(view.entity, view.mode),
];
