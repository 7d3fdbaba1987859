//! Supplier staff accounts, made from the hub's command line (`restock-hub create-admin`): the
//! first admin can't be made through an API that needs an admin.

use super::passwords::{add_user, hash_password, issued_password};
use super::store::NewUser;
use crate::db::Db;
use crate::error::{HubError, HubResult};
use restock_protocol::accounts::IssuedAccount;
use restock_protocol::accounts::UserRole;
use restock_protocol::ErrorCode;

/// A staff user with an issued password (changed at first login), in `branch` or headquarters.
pub async fn create_staff(db: &Db, username: &str, role: UserRole, branch: Option<&str>, now_ms: i64) -> HubResult<IssuedAccount> {
    if !role.is_staff() {
        return Err(HubError::new(ErrorCode::BadRequest, "staff roles are admin, reviewer, warehouse and finance"));
    }
    HubError::check_username(username.trim())?;
    let password = issued_password();
    let hash = hash_password(&password).await?;
    let (name, branch) = (username.trim().to_owned(), branch.map(str::to_owned));
    db.write(move |tx| {
        Box::pin(async move {
            let branch_id = match branch.as_deref() {
                None => None,
                Some(name) => Some(crate::customers::scope::branch_named(tx, name).await?),
            };
            let user =
                NewUser { username: &name, password_hash: &hash, customer_id: None, role, must_change_password: true, branch_id, now_ms };
            add_user(tx, &user).await?;
            Ok(())
        })
    })
    .await?;
    Ok(IssuedAccount { username: username.trim().to_owned(), initial_password: password })
}
