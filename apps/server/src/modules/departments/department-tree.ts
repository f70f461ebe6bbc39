// Pure rules of the department tree.

export interface TreeNode {
  id: string;
  parentId: string | null;
}

/** Would making `parentId` the parent of `id` create a cycle (itself or one of its descendants)? */
export function wouldCreateCycle(nodes: readonly TreeNode[], id: string, parentId: string | null): boolean {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  let cursor = parentId;
  const seen = new Set<string>();
  while (cursor !== null) {
    if (cursor === id) return true;
    if (seen.has(cursor)) return true; // a cycle already present: refuse rather than loop
    seen.add(cursor);
    cursor = parentOf.get(cursor) ?? null;
  }
  return false;
}

/** The ids of `id` and everything below it (used by "own + department + sub-departments" rights). */
export function subtreeIds(nodes: readonly TreeNode[], id: string): string[] {
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  }
  const result: string[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined || result.includes(current)) continue;
    result.push(current);
    stack.push(...(children.get(current) ?? []));
  }
  return result;
}
