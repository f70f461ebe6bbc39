/** A nested object of UI texts. */
export interface TranslationTree {
  [key: string]: string | TranslationTree;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Flattens a tree into dotted keys, folding plural forms (`count_one`, `count_few`) into `count`. */
export function translationKeys(tree: TranslationTree, prefix = ''): string[] {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') keys.add(path.replace(PLURAL_SUFFIX, ''));
    else for (const nested of translationKeys(value, path)) keys.add(nested);
  }
  return [...keys].sort();
}

/** Plural forms present for each plural key, e.g. `settings.users.count` → [few, many, one, other]. */
export function pluralForms(tree: TranslationTree, prefix = ''): Map<string, string[]> {
  const forms = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') {
      const match = PLURAL_SUFFIX.exec(path);
      if (match?.[1] !== undefined) {
        const base = path.slice(0, -match[0].length);
        forms.set(base, [...(forms.get(base) ?? []), match[1]].sort());
      }
    } else {
      for (const [base, list] of pluralForms(value, path)) forms.set(base, list);
    }
  }
  return forms;
}
