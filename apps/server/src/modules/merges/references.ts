// Every place that points at a contact or a company, and how a merge treats it. The merge moves these
// references to the kept record and undo moves them back; `merges.int.test.ts` reads the database's foreign
// keys and fails when one referencing contacts or companies is missing here, so a new table cannot be
// forgotten silently.
import type { MergeEntity } from '@voronka/contracts';

/** A column holding one record id per row (the row has its own `id`): moved by an UPDATE. */
export interface ColumnReference {
  table: 'deals' | 'leads' | 'tasks' | 'timeline_entries' | 'intake_requests';
  column: string;
}

/** A link table keyed by (record, other): moved row by row; a pair the kept record already has is dropped. */
export interface PairReference {
  table: 'contact_companies' | 'deal_contacts';
  column: 'contact_id' | 'company_id';
  other: 'contact_id' | 'company_id' | 'deal_id';
  /** deal_contacts: one primary contact per deal. */
  primary?: boolean;
}

export const COLUMN_REFERENCES: Record<MergeEntity, ColumnReference[]> = {
  contact: [
    { table: 'leads', column: 'contact_id' },
    { table: 'leads', column: 'converted_contact_id' },
    { table: 'tasks', column: 'contact_id' },
    { table: 'timeline_entries', column: 'contact_id' },
    { table: 'intake_requests', column: 'contact_id' },
  ],
  company: [
    { table: 'deals', column: 'company_id' },
    { table: 'leads', column: 'company_id' },
    { table: 'leads', column: 'converted_company_id' },
    { table: 'tasks', column: 'company_id' },
    { table: 'timeline_entries', column: 'company_id' },
  ],
};

export const PAIR_REFERENCES: Record<MergeEntity, PairReference[]> = {
  contact: [
    { table: 'contact_companies', column: 'contact_id', other: 'company_id' },
    { table: 'deal_contacts', column: 'contact_id', other: 'deal_id', primary: true },
  ],
  company: [{ table: 'contact_companies', column: 'company_id', other: 'contact_id' }],
};

/** The record's own rows: merged as a union into the kept record, restored from the snapshot on undo. */
export const OWN_ROWS: Record<
  MergeEntity,
  { table: 'contact_channels' | 'company_channels'; column: string }
> = {
  contact: { table: 'contact_channels', column: 'contact_id' },
  company: { table: 'company_channels', column: 'company_id' },
};

export const RECORD_TABLES = { contact: 'contacts', company: 'companies' } as const;

/** Every (table, column) a merge of `entity` handles, for the foreign-key coverage test. */
export const handledReferences = (entity: MergeEntity): string[] => [
  ...COLUMN_REFERENCES[entity].map((r) => `${r.table}.${r.column}`),
  ...PAIR_REFERENCES[entity].map((r) => `${r.table}.${r.column}`),
  `${OWN_ROWS[entity].table}.${OWN_ROWS[entity].column}`,
];

/** The tables a pair's `other` column points to (a row cannot come back when its other end is gone). */
export const OTHER_TABLES = { contact_id: 'contacts', company_id: 'companies', deal_id: 'deals' } as const;
