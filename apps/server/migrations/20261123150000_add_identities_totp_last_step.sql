-- The time step of the last TOTP code accepted for an identity: a code is good once (RFC 6238 §5.2),
-- so a code seen by a shoulder-surfer or a proxy log cannot be replayed within its 30-second window.
ALTER TABLE identities ADD COLUMN totp_last_step bigint;
