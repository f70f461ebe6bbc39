-- Access rights (ADR 0018): a deal "open to all" ("Доступен для всех") is seen at the `open` level by everyone
-- whose role reaches it, whoever is responsible.
ALTER TABLE deals ADD COLUMN is_open boolean NOT NULL DEFAULT false;
