-- Actuals: one imported SIE file per association and fiscal year, its sums per account and month,
-- its voucher rows; the association's account mapping; the ekonom's forecast figures.
CREATE TABLE ledger_imports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    association_id BIGINT NOT NULL REFERENCES associations(id),
    fiscal_year INTEGER NOT NULL,
    year_start TEXT NOT NULL,
    year_end TEXT NOT NULL,
    prior_start TEXT,
    prior_end TEXT,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    program TEXT,
    generated TEXT,
    org_number TEXT,
    company_name TEXT,
    notes TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    imported_by BIGINT REFERENCES users(id),
    imported_at BIGINT NOT NULL,
    UNIQUE (association_id, fiscal_year)
);

CREATE TABLE ledger_accounts (
    import_id BIGINT NOT NULL REFERENCES ledger_imports(id),
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (import_id, account)
);

-- year: 0 the fiscal year, -1 the one before. kind: ib, rorelse, budget.
-- period: YYYYMM, or 0 for an opening balance. amount: öre, debit positive.
CREATE TABLE ledger_entries (
    import_id BIGINT NOT NULL REFERENCES ledger_imports(id),
    year SMALLINT NOT NULL CHECK (year IN (0, -1)),
    kind TEXT NOT NULL CHECK (kind IN ('ib', 'rorelse', 'budget')),
    account TEXT NOT NULL,
    period INTEGER NOT NULL CHECK (period = 0 OR (period % 100 BETWEEN 1 AND 12)),
    amount BIGINT NOT NULL
);
CREATE INDEX ledger_entries_by_import ON ledger_entries (import_id);

CREATE TABLE ledger_rows (
    import_id BIGINT NOT NULL REFERENCES ledger_imports(id),
    voucher TEXT NOT NULL,
    day TEXT NOT NULL,
    account TEXT NOT NULL,
    amount BIGINT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX ledger_rows_by_account ON ledger_rows (import_id, account);

CREATE TABLE account_mappings (
    association_id BIGINT PRIMARY KEY REFERENCES associations(id),
    chart TEXT NOT NULL,
    rules TEXT NOT NULL,
    row_version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE forecast_adjustments (
    association_id BIGINT NOT NULL REFERENCES associations(id),
    fiscal_year INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (association_id, fiscal_year, row_key)
);
