//! Which customers a member of staff may see: headquarters all of them, branch staff those of their
//! branch and the branches under it. Every staff handler that names a customer goes through here;
//! anything outside the scope is "not found", never "forbidden", so that branch staff can't learn
//! which codes exist elsewhere.

use super::store;
use crate::accounts::StaffUser;
use crate::error::{HubError, HubResult};
use sqlx::AnyConnection;

/// A branch by name, for an account being put in it; a name that isn't one is the caller's mistake.
pub async fn branch_named(conn: &mut AnyConnection, name: &str) -> HubResult<i64> {
    store::branch_by_name(conn, name)
        .await?
        .ok_or_else(|| HubError::new(restock_protocol::ErrorCode::BadRequest, format!("there is no branch {name}")))
}

/// Whether a filter on `branch` means anything to `staff`: it lies within their branches, or holds
/// them (a region above their branch, cut to what they see). Any other branch is "no such branch"
/// to them, as one that doesn't exist, so a filter can't tell them which branches exist elsewhere.
pub async fn branch_filter_in_scope(conn: &mut AnyConnection, staff: &StaffUser, branch: i64) -> HubResult<bool> {
    Ok(store::branch_within(conn, staff.branch_id, Some(branch)).await?
        || store::branch_within(conn, Some(branch), staff.branch_id).await?)
}

/// The branch a customer is put in (none: headquarters), by name. A branch's admin keeps its
/// customers within its own branches: a branch outside them is "no such branch" to it, as on the
/// branches list, and headquarters isn't its to give.
pub async fn branch_for(conn: &mut AnyConnection, staff: &StaffUser, branch: Option<&str>) -> HubResult<Option<i64>> {
    let branch_id = match branch {
        None => None,
        Some(name) => Some(branch_named(conn, name).await?),
    };
    if !store::branch_within(conn, staff.branch_id, branch_id).await? {
        return Err(HubError::new(
            restock_protocol::ErrorCode::BadRequest,
            match branch {
                Some(name) => format!("there is no branch {name}"),
                None => "only headquarters' staff put a customer in headquarters: name one of your branches".to_owned(),
            },
        ));
    }
    Ok(branch_id)
}

/// The ids of every customer `staff` may see.
pub async fn visible_customer_ids(conn: &mut AnyConnection, staff: &StaffUser) -> HubResult<Vec<i64>> {
    store::visible_ids(conn, staff.branch_id).await
}

/// A customer by code, if `staff` may see it.
pub async fn visible_customer(conn: &mut AnyConnection, staff: &StaffUser, code: &str) -> HubResult<i64> {
    store::visible_id(conn, staff.branch_id, code).await?.ok_or_else(|| HubError::not_found("customer"))
}
