// Database access: opening PostgreSQL or PGlite behind one Kysely<DB>, and forward-only migrations.
export { openDatabase, type Database, type DatabaseTarget, type Db } from './database.js';
export { migrate, migrationsDir } from './migrate.js';
export type * from './schema.js';
export { isUniqueViolation, isForeignKeyViolation, onMissingReference } from './errors.js';
export { prefixQuery, searchMatches } from './search.js';
export * from './keyset.js';
