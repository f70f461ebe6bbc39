-- leads: accounts created before lead statuses existed get the defaults a new account gets (see
-- modules/leads/status-order.ts `defaultStatuses`), in their language: three open statuses, then the two
-- finals, Converted and Junk (exactly one of each per account, enforced by lead_statuses_one_final_kind_idx).
INSERT INTO lead_statuses (account_id, name, color, kind, position)
SELECT a.id, s.name, s.color, s.kind, s.position
FROM accounts a
CROSS JOIN LATERAL (
  VALUES
    (CASE WHEN a.locale = 'en' THEN 'Not processed' ELSE 'Необработанный' END, '#39a8ef', 'open', 0),
    (CASE WHEN a.locale = 'en' THEN 'In progress' ELSE 'В работе' END, '#2fc6f6', 'open', 1),
    (CASE WHEN a.locale = 'en' THEN 'Processed' ELSE 'Обработан' END, '#55d0e0', 'open', 2),
    (CASE WHEN a.locale = 'en' THEN 'Converted' ELSE 'Качественный лид' END, '#7bd500', 'converted', 3),
    (CASE WHEN a.locale = 'en' THEN 'Junk' ELSE 'Некачественный лид' END, '#ff5752', 'junk', 4)
) AS s (name, color, kind, position)
WHERE NOT EXISTS (SELECT 1 FROM lead_statuses l WHERE l.account_id = a.id);
