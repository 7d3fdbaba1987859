//! The demo supplier's branches and staff, and a second user for the first customer, so every role
//! can be tried. Staff log in with the demo password, already changed.

use crate::accounts::store::NewUser;
use crate::db::Tx;
use crate::error::HubResult;
use restock_protocol::accounts::UserRole;

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

pub(super) async fn seed(tx: &mut Tx, password_hash: &str, customers: usize, now: i64) -> HubResult<()> {
    use crate::customers::store::{insert_branch, set_branch, visible_id};
    let hq = insert_branch(tx, "总部", "hq", None).await?;
    let region = insert_branch(tx, "杭州大区", "region", Some(hq)).await?;
    let mut branches = Vec::new();
    for name in ["西湖分公司", "滨江分公司"] {
        branches.push(insert_branch(tx, name, "branch", Some(region)).await?);
    }
    // Odd customers belong to 西湖, even ones to 滨江.
    for n in 1..=customers {
        let customer = visible_id(tx, None, &format!("3301{:08}", n)).await?.expect("seeded");
        set_branch(tx, customer, Some(branches[(n + 1) % 2])).await?;
    }
    for (username, role, branch) in STAFF {
        let branch_id = match branch {
            Some(name) => crate::customers::store::branch_by_name(tx, name).await?,
            None => None,
        };
        let role = UserRole::parse(role).expect("a staff role");
        let user = NewUser { username, password_hash, customer_id: None, role, must_change_password: false, branch_id, now_ms: now };
        crate::accounts::store::insert_user(tx, &user).await?;
    }
    if customers >= 1 {
        let first = visible_id(tx, None, "330100000001").await?.expect("seeded");
        let user = NewUser::of_customer(SECOND_USER, password_hash, first, UserRole::Approver, false, now);
        crate::accounts::store::insert_user(tx, &user).await?;
    }
    Ok(())
}
