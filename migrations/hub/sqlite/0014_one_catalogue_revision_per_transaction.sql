-- PostgreSQL's 0014 gives all products written by one transaction one catalogue revision: there,
-- updating the counter row once per product walked a growing chain of row versions and made a large
-- import quadratic. SQLite keeps no such chain (one writer, updated in place), so its per-row
-- stamps (0003) stay: a transaction's products still become visible together, at its commit, which
-- is what delta pulls rely on. Nothing to change here; the file keeps both folders in step.
SELECT 1;
