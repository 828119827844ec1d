-- The demo's warehouse: a SQLite file in the data directory that the `warehouse` connector
-- names. Renewal dates are spread over the 120 days after the first start.
CREATE TABLE IF NOT EXISTS renewals (
    account_id TEXT NOT NULL,
    contract_id TEXT PRIMARY KEY,
    renewal_date TEXT NOT NULL,
    arr REAL NOT NULL
);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 39)
INSERT OR IGNORE INTO renewals (account_id, contract_id, renewal_date, arr)
SELECT CAST(1001 + (i % 20) AS TEXT), 'C-' || (5000 + i), date('now', '+' || (i * 3) || ' days'),
       12000 + (i * 1375) % 90000
FROM n;
