//! The demo supplier's branches and staff, and a second user for the first customer, so every role
//! can be tried. Staff log in with the demo password, already changed.

use crate::db::Tx;

/// Staff user names and roles; `xihu-reviewer` belongs to 西湖分公司 and sees only its customers.
pub const STAFF: [(&str, &str, Option<&str>); 5] = [
    ("admin", "admin", None),
    ("reviewer", "reviewer", None),
    ("xihu-reviewer", "reviewer", Some("西湖分公司")),
    ("warehouse", "warehouse", None),
    ("finance", "finance", None),
];

/// The first customer's manager (an approver, 审批人) beside its buyer.
pub const SECOND_USER: &str = "330100000001-2";

pub(super) async fn seed(tx: &mut Tx, password_hash: &str, customers: usize, now: i64) -> Result<(), sqlx::Error> {
    let hq: i64 = sqlx::query_scalar("INSERT INTO branches (name, kind) VALUES ('总部', 'hq') RETURNING id").fetch_one(&mut **tx).await?;
    let region: i64 = sqlx::query_scalar("INSERT INTO branches (name, kind, parent_id) VALUES ('杭州大区', 'region', $1) RETURNING id")
        .bind(hq)
        .fetch_one(&mut **tx)
        .await?;
    let mut branches = Vec::new();
    for name in ["西湖分公司", "滨江分公司"] {
        let id: i64 = sqlx::query_scalar("INSERT INTO branches (name, kind, parent_id) VALUES ($1, 'branch', $2) RETURNING id")
            .bind(name)
            .bind(region)
            .fetch_one(&mut **tx)
            .await?;
        branches.push(id);
    }
    // Odd customers belong to 西湖, even ones to 滨江.
    for n in 1..=customers {
        sqlx::query("UPDATE customers SET branch_id = $1 WHERE code = $2")
            .bind(branches[(n + 1) % 2])
            .bind(format!("3301{:08}", n))
            .execute(&mut **tx)
            .await?;
    }
    for (username, role, branch) in STAFF {
        sqlx::query(
            "INSERT INTO users (username, password_hash, role, branch_id, created_at)
             VALUES ($1, $2, $3, (SELECT id FROM branches WHERE name = $4), $5)",
        )
        .bind(username)
        .bind(password_hash)
        .bind(role)
        .bind(branch)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    if customers >= 1 {
        sqlx::query(
            "INSERT INTO users (username, password_hash, customer_id, role, created_at)
             SELECT $1, $2, id, 'approver', $3 FROM customers WHERE code = '330100000001'",
        )
        .bind(SECOND_USER)
        .bind(password_hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
