// Full-text search as people type: every word a prefix, Russian and English stemming applied by the
// queries that use it (to_tsquery with the 'russian', 'english' and 'simple' configurations).
import { sql } from 'kysely';

/** A prefix full-text query ("анн петр" → "анн:* & петр:*"), or null when no word is left. */
export function prefixQuery(search: string): string | null {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0
    ? words
        .slice(0, 10)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}

/** SQL: the tsvector `column` (e.g. 'contacts.search') matches the `prefixQuery` in any of the three
 * configurations. */
export const searchMatches = (column: string, tsquery: string) =>
  sql<boolean>`${sql.ref(column)} @@ (to_tsquery('russian', ${tsquery}) || to_tsquery('english', ${tsquery}) || to_tsquery('simple', ${tsquery}))`;
