// A fingerprint of every row of Voronka's own tables: a refused request must leave it unchanged.
// Tables derived from domain_events (which is counted) are left out: event_deliveries fill in the
// background, so an earlier request's events landing mid-check are not mistaken for a write; the
// projections (history, webhook deliveries) change only with domain_events, and the dispatcher updates
// webhook deliveries in the background too.
const DERIVED = ['event_deliveries', 'history_entries', 'webhook_deliveries'];
import { sql } from 'kysely';
import type { Voronka } from '../src/app.js';

export async function databaseChecksum(voronka: Voronka): Promise<string> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
      AND NOT (table_name = ANY(${DERIVED}))
    ORDER BY table_name`.execute(voronka.database.db);
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ h: string | null }>`
      SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(name)} t`.execute(
      voronka.database.db,
    );
    parts.push(`${name}:${rows[0]?.h ?? 'empty'}`);
  }
  return parts.join(',');
}
