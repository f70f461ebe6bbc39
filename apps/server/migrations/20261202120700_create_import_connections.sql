-- Connections to source CRMs for migrations (MIGR-1), and the outbound-host allow-list they may need.
--
-- outbound_allowed_hosts: an account setting kept by administrators. Outbound requests refuse private,
-- loopback and link-local addresses (SSRF); a host listed here (`crm.local`, `10.0.0.5:8080`) is exempt for
-- this account's requests, e.g. an amoCRM-compatible portal on the company network.
CREATE TABLE outbound_allowed_hosts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  host text NOT NULL CHECK (host = lower(host) AND length(host) BETWEEN 1 AND 260),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, host),
  FOREIGN KEY (account_id, created_by) REFERENCES users (account_id, id)
);

-- One row per connected source portal. Secrets (the integration's secret key, the access and refresh
-- tokens) are sealed with the installation key (AES-256-GCM, platform/crypto) and never leave the server.
-- amoCRM rotates refresh tokens: each refresh replaces both tokens in one update under a row lock.
CREATE TABLE import_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('amocrm')),
  status text NOT NULL CHECK (status IN ('connected', 'reauthorization_required')),
  base_url text NOT NULL,
  client_id text NOT NULL,
  client_secret_enc text NOT NULL,
  redirect_uri text NOT NULL,
  access_token_enc text NOT NULL,
  refresh_token_enc text,
  access_expires_at timestamptz NOT NULL,
  remote_account_id bigint,
  remote_account_name text,
  last_error text,
  connected_by uuid,
  connected_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id),
  -- Connecting the same portal again replaces its credentials instead of adding a second connection.
  UNIQUE (account_id, source, base_url),
  FOREIGN KEY (account_id, connected_by) REFERENCES users (account_id, id)
);
