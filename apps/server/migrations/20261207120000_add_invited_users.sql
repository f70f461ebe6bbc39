-- Users invited by a migration (seed 000: amoCRM users are invited to the target by e-mail and that mapping sets
-- the responsible person of their records). Such a user exists at once in the invited state — inactive, so it
-- cannot sign in, with `invited_at` set — and may be the responsible person of records; accepting the
-- invitation (`invitations.user_id` names the waiting user) activates that user instead of creating one.
ALTER TABLE users ADD COLUMN invited_at timestamptz;
ALTER TABLE invitations ADD COLUMN user_id uuid;
ALTER TABLE invitations ADD FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id);
