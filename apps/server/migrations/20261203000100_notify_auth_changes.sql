-- Processes cache session lookups for a moment (accounts/session-cache.ts); a committed change that alters who
-- a session acts as tells them all to forget what they cached. Statement-level: one notice per statement, and
-- PostgreSQL folds identical notices of one transaction into one.
CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('auth_changed', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_auth_changed
  AFTER DELETE OR UPDATE OF account_id, identity_id, token_hash ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();

CREATE TRIGGER users_auth_changed
  AFTER DELETE OR UPDATE OF role, active, account_id, identity_id ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
