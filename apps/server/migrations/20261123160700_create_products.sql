-- The products catalogue (CORE-10): exact prices (numeric, never floats), VAT rate, unit, stock when tracked.
-- Deal line items will copy a product's price at the time it is added, so later price changes keep old
-- deals as they were.

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL,
  sku text,
  description text,
  unit text NOT NULL,
  price numeric(17, 2) NOT NULL CHECK (price >= 0),
  currency text NOT NULL,
  vat_rate text NOT NULL CHECK (vat_rate IN ('none', '0', '5', '7', '10', '20')),
  stock numeric(18, 3),
  active boolean NOT NULL DEFAULT true,
  search tsvector NOT NULL DEFAULT ''::tsvector,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, id)
);
CREATE UNIQUE INDEX products_sku_idx ON products (account_id, lower(sku)) WHERE sku IS NOT NULL;
-- The catalogue's order (by name) and its keyset.
CREATE INDEX products_name_idx ON products (account_id, name, id);
CREATE INDEX products_search_idx ON products USING gin (search);
