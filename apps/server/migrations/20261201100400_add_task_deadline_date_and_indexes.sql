-- Tasks, the timeline and files (CORE-7, CORE-8): the day of all-day tasks, and indexes beside those of
-- 20261201100000.

-- tasks: an all-day task is due by the end of its day in the account's time zone; the day itself is kept so
-- that it still reads the same day after the account's time zone changes.
ALTER TABLE tasks ADD COLUMN deadline_date date;
ALTER TABLE tasks ADD CONSTRAINT tasks_all_day_has_date CHECK ((deadline_date IS NOT NULL) = all_day);

-- tasks: the account's tasks by deadline (an administrator's "all tasks", a date range) and one user's tasks
-- by deadline whether open or done — both keyset-paged by (deadline, id).
CREATE INDEX tasks_deadline_idx ON tasks (account_id, deadline, id);
CREATE INDEX tasks_responsible_deadline_idx ON tasks (account_id, responsible_user_id, deadline, id);

-- timeline: the pinned entries of a record, newest pin first, without walking the record's whole timeline.
CREATE INDEX timeline_deal_pinned_idx ON timeline_entries (account_id, deal_id, pinned_at DESC, id DESC)
  WHERE deal_id IS NOT NULL AND pinned_at IS NOT NULL;
CREATE INDEX timeline_lead_pinned_idx ON timeline_entries (account_id, lead_id, pinned_at DESC, id DESC)
  WHERE lead_id IS NOT NULL AND pinned_at IS NOT NULL;
CREATE INDEX timeline_contact_pinned_idx ON timeline_entries (account_id, contact_id, pinned_at DESC, id DESC)
  WHERE contact_id IS NOT NULL AND pinned_at IS NOT NULL;
CREATE INDEX timeline_company_pinned_idx ON timeline_entries (account_id, company_id, pinned_at DESC, id DESC)
  WHERE company_id IS NOT NULL AND pinned_at IS NOT NULL;

-- files: "is this file attached anywhere" (deleting a file, and the foreign key's own check on delete).
CREATE INDEX timeline_entry_files_file_idx ON timeline_entry_files (account_id, file_id);

-- history: a record's history in time order, merged into its timeline feed by (occurred_at, id) keyset.
CREATE INDEX history_entries_record_time_idx
  ON history_entries (account_id, entity, entity_id, occurred_at DESC, id DESC);
