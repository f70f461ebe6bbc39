// The departments arrive as a flat list with parentId; the UI shows and edits them as a tree.
export interface DepartmentLike {
  id: string;
  name: string;
  parentId: string | null;
}

export interface DepartmentNode<D extends DepartmentLike> {
  department: D;
  depth: number;
  children: DepartmentNode<D>[];
}

/** Builds the forest, children sorted by name. Orphans (parent not in the list) become roots. */
export function buildTree<D extends DepartmentLike>(
  items: readonly D[],
  collator?: Intl.Collator,
): DepartmentNode<D>[] {
  const compare = (a: DepartmentNode<D>, b: DepartmentNode<D>) =>
    collator
      ? collator.compare(a.department.name, b.department.name)
      : a.department.name.localeCompare(b.department.name);
  const ids = new Set(items.map((d) => d.id));
  const byParent = new Map<string | null, D[]>();
  for (const item of items) {
    const parent =
      item.parentId !== null && ids.has(item.parentId) && item.parentId !== item.id ? item.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), item]);
  }
  const seen = new Set<string>();
  const build = (parentId: string | null, depth: number): DepartmentNode<D>[] =>
    (byParent.get(parentId) ?? [])
      .filter((department) => {
        // Guard against cycles in bad data: each department appears once.
        if (seen.has(department.id)) return false;
        seen.add(department.id);
        return true;
      })
      .map((department) => ({ department, depth, children: build(department.id, depth + 1) }))
      .sort(compare);
  return build(null, 0);
}

/** Depth-first order, as the tree is shown. */
export function flattenTree<D extends DepartmentLike>(
  nodes: readonly DepartmentNode<D>[],
): DepartmentNode<D>[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}

/** The department and everything under it: none of these may become its parent. */
export function subtreeIds(items: readonly DepartmentLike[], rootId: string): Set<string> {
  const result = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parentId !== null && result.has(item.parentId) && !result.has(item.id)) {
        result.add(item.id);
        grew = true;
      }
    }
  }
  return result;
}

/**
 * The departments as select options in tree order, each name indented by its depth; `excluded`
 * ones are left out.
 */
export function departmentTreeOptions(
  items: readonly DepartmentLike[],
  collator: Intl.Collator,
  excluded: ReadonlySet<string> = new Set(),
): { value: string; label: string }[] {
  return flattenTree(buildTree(items, collator))
    .filter((node) => !excluded.has(node.department.id))
    .map((node) => ({
      value: node.department.id,
      label: `${'\u2002'.repeat(node.depth)}${node.department.name}`,
    }));
}
