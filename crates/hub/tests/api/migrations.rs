//! The two migration folders describe one schema: the same numbered files, and after applying them
//! the same tables with the same columns, nullable alike.

use crate::helpers::spawn_hub;
use restock_hub::db::Backend;
use std::collections::BTreeSet;

fn file_names(backend: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/hub").join(backend);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_folders_hold_the_same_numbered_files() {
    let (sqlite, postgres) = (file_names("sqlite"), file_names("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres, "every migration needs its twin in the other folder, with the same name");
}

/// (table, column, nullable) for every column of the hub's own tables.
type Columns = BTreeSet<(String, String, bool)>;

async fn sqlite_columns(pool: &sqlx::AnyPool) -> Columns {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.\"notnull\", p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    // A rowid primary key can't be NULL, whatever `notnull` says.
    rows.into_iter().map(|(table, column, not_null, pk)| (table, column, not_null == 0 && pk == 0)).collect()
}

async fn postgres_columns(pool: &sqlx::AnyPool) -> Columns {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(is_nullable AS TEXT) FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter().map(|(table, column, nullable)| (table, column, nullable == "YES")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_databases_end_with_the_same_tables_and_columns() {
    let (sqlite, postgres) = (spawn_hub(Backend::Sqlite).await, spawn_hub(Backend::Postgres).await);
    let (sqlite, postgres) = (sqlite_columns(&sqlite.db.pool).await, postgres_columns(&postgres.db.pool).await);
    assert!(sqlite.len() > 50, "{} columns", sqlite.len());
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(only_sqlite.is_empty() && only_postgres.is_empty(), "only on SQLite: {only_sqlite:#?}\nonly on PostgreSQL: {only_postgres:#?}");
}
