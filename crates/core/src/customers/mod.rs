//! The back office's customers, for the supplier's staff: the list the hub filters, one customer
//! with its users, and what staff do to them: create (新客户), approve a registration (新客户审核),
//! edit, set the ordering cycle and the balance, issue another user, and issue a reset code.
//! Nothing is kept locally: staff work against the hub's present state.

use crate::error::{CoreError, Result};
use crate::Desk;
use restock_protocol::accounts::{IssuedAccount, IssuedResetToken, UserRole};
use restock_protocol::customers::{
    Branch, CustomerDetail, CustomerDetails, CustomerQuery, CustomerSummary, NewCustomer, NewCustomerUser, SetBalance,
};
use restock_protocol::cycles::OrderingSchedule;
use restock_protocol::{ApiError, ErrorCode};

const WHAT: &str = "keeping customers";

fn bad_request(message: &str) -> CoreError {
    CoreError::Refused(ApiError::new(ErrorCode::BadRequest, message))
}

/// Trimmed, and none when nothing is left: a cleared field is cleared on the hub.
fn entered(field: &Option<String>) -> Option<String> {
    field.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned)
}

impl Desk {
    /// The customers this member of staff may see, filtered by the hub.
    pub async fn customers(&self, query: &CustomerQuery) -> Result<Vec<CustomerSummary>> {
        let c = self.staff(WHAT).await?;
        c.client.customers(&c.token, query).await
    }

    /// One customer with its users.
    pub async fn customer(&self, code: &str) -> Result<CustomerDetail> {
        let c = self.staff(WHAT).await?;
        c.client.customer(&c.token, code.trim()).await
    }

    /// The branches a customer may be put in (those this member of staff sees).
    pub async fn branches(&self) -> Result<Vec<Branch>> {
        let c = self.staff(WHAT).await?;
        c.client.branches(&c.token).await
    }

    /// A new customer with its first user (the code), whose issued password is shown this once.
    pub async fn create_customer(&self, new: &NewCustomer) -> Result<IssuedAccount> {
        let new = NewCustomer {
            code: new.code.trim().to_owned(),
            name: new.name.trim().to_owned(),
            tier: new.tier.trim().to_owned(),
            branch: entered(&new.branch),
        };
        if new.code.is_empty() || new.name.is_empty() || new.tier.is_empty() {
            return Err(bad_request("a new customer needs a code, a name and a tier"));
        }
        let c = self.staff(WHAT).await?;
        let issued = c.client.create_customer(&c.token, &new).await?;
        tracing::info!(customer = %new.code, "customer created");
        Ok(issued)
    }

    /// Approves a self-registered customer (新客户审核): it may order from now on.
    pub async fn approve_customer(&self, code: &str) -> Result<CustomerSummary> {
        let c = self.staff(WHAT).await?;
        let approved = c.client.approve_customer(&c.token, code.trim()).await?;
        tracing::info!(customer = %approved.code, "registration approved");
        Ok(approved)
    }

    pub async fn edit_customer(&self, code: &str, details: &CustomerDetails) -> Result<CustomerSummary> {
        let details = CustomerDetails {
            name: details.name.trim().to_owned(),
            tier: details.tier.trim().to_owned(),
            branch: entered(&details.branch),
            contact: entered(&details.contact),
            phone: entered(&details.phone),
            address: entered(&details.address),
        };
        if details.name.is_empty() || details.tier.is_empty() {
            return Err(bad_request("a customer needs a name and a tier"));
        }
        let c = self.staff(WHAT).await?;
        c.client.edit_customer(&c.token, code.trim(), &details).await
    }

    pub async fn set_customer_schedule(&self, code: &str, schedule: &OrderingSchedule) -> Result<CustomerSummary> {
        let c = self.staff(WHAT).await?;
        c.client.set_customer_schedule(&c.token, code.trim(), schedule).await
    }

    pub async fn set_customer_balance(&self, code: &str, balance: &SetBalance) -> Result<CustomerSummary> {
        let c = self.staff(WHAT).await?;
        c.client.set_customer_balance(&c.token, code.trim(), balance).await
    }

    /// Another user of the customer (a second buyer, or its approver 审批人), with an issued password.
    pub async fn add_customer_user(&self, code: &str, username: &str, role: UserRole) -> Result<IssuedAccount> {
        let username = username.trim();
        if username.is_empty() {
            return Err(bad_request("the new user needs a name to log in with"));
        }
        let c = self.staff(WHAT).await?;
        c.client.add_customer_user(&c.token, code.trim(), &NewCustomerUser { username: username.to_owned(), role }).await
    }

    /// 停用 / 启用: a disabled user can't log in, and their sessions end at once.
    pub async fn set_user_disabled(&self, username: &str, disabled: bool) -> Result<()> {
        let c = self.staff(WHAT).await?;
        c.client.set_user_disabled(&c.token, username.trim(), disabled).await?;
        tracing::info!(user = %username.trim(), disabled, "user access set");
        Ok(())
    }

    /// 暂停 / 恢复: none of a suspended customer's users can log in.
    pub async fn set_customer_suspended(&self, code: &str, suspended: bool) -> Result<CustomerSummary> {
        let c = self.staff(WHAT).await?;
        c.client.set_customer_suspended(&c.token, code.trim(), suspended).await
    }

    /// A one-time code the user sets a new password with (on the login screen's reset form).
    pub async fn issue_password_reset(&self, username: &str) -> Result<IssuedResetToken> {
        let c = self.staff(WHAT).await?;
        let issued = c.client.issue_password_reset(&c.token, username.trim()).await?;
        tracing::info!(user = %issued.username, "reset code issued");
        Ok(issued)
    }
}
