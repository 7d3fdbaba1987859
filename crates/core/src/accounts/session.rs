//! Logging in to a supplier's hub and the sessions this desk keeps, one current at a time.

use crate::accounts::{self, SessionView, SupplierConnection};
use crate::error::{CoreError, Result};
use crate::hub_client::HubClient;
use crate::{Connected, Desk};
use restock_protocol::accounts::{Registration, ResetPassword};
use restock_protocol::{ApiError, ErrorCode};

impl Desk {
    /// Logs in to a hub and makes it the current supplier. The password is sent once and not kept.
    /// A customer's user lands on the order desk, a member of the supplier's staff in the back office.
    pub async fn login(&self, hub_url: &str, username: &str, password: &str) -> Result<SessionView> {
        let client = HubClient::new(hub_url)?;
        let response = client.login(username.trim(), password).await?;
        let hub_url = client.base_url().to_owned();
        let username = match (&response.account, response.role.is_staff()) {
            (Some(account), false) => account.username.clone(),
            (None, true) => username.trim().to_owned(),
            _ => {
                let _ = client.logout(&response.token).await;
                let reason =
                    format!("a {} login {} a customer", response.role.as_str(), if response.role.is_staff() { "with" } else { "without" });
                return Err(CoreError::HubIncompatible { url: hub_url, reason });
            }
        };
        let session = SessionView {
            hub_url: hub_url.clone(),
            username,
            role: response.role,
            account: response.account,
            branch: response.branch,
            must_change_password: response.must_change_password,
        };
        let connection_id = accounts::remember(&self.pool, &hub_url, &session).await?;
        let key = accounts::credential_key(&hub_url, &session.username);
        self.with_credentials({
            let token = response.token.clone();
            move |store| store.save(&key, &token)
        })
        .await?;
        *self.current.write().await = Some(Connected { connection_id, client, token: response.token, session: session.clone() });
        tracing::info!(hub = %session.hub_url, user = %session.username, role = session.role.as_str(), "logged in");
        Ok(session)
    }

    /// Signs a new customer up with a supplier (新客户注册). Nothing is remembered here: the user logs in
    /// next, and may order once the supplier approves.
    pub async fn register(&self, hub_url: &str, registration: &Registration) -> Result<()> {
        let username = registration.username.trim();
        refuse_weak(&registration.password, username)?;
        let client = HubClient::new(hub_url)?;
        let entered = |field: &Option<String>| field.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
        let registration = Registration {
            username: username.to_owned(),
            password: registration.password.clone(),
            company_name: registration.company_name.trim().to_owned(),
            contact: entered(&registration.contact),
            phone: entered(&registration.phone),
            address: entered(&registration.address),
        };
        client.register(&registration).await?;
        tracing::info!(hub = %client.base_url(), user = %username, "registered; awaiting the supplier's approval");
        Ok(())
    }

    /// Sets a new password with the reset code the supplier gave (after a lockout, or a forgotten
    /// password); every session of the user ends, so the user logs in next.
    pub async fn reset_password(&self, hub_url: &str, username: &str, code: &str, new_password: &str) -> Result<()> {
        let username = username.trim();
        refuse_weak(new_password, username)?;
        let client = HubClient::new(hub_url)?;
        let reset = ResetPassword { username: username.to_owned(), token: code.trim().to_owned(), new_password: new_password.to_owned() };
        client.reset_password(&reset).await?;
        tracing::info!(hub = %client.base_url(), user = %username, "password reset with the supplier's code");
        Ok(())
    }

    /// Replaces the password (an issued one must be, before anything else works).
    pub async fn change_password(&self, current_password: &str, new_password: &str) -> Result<SessionView> {
        if let Some(problem) = restock_protocol::accounts::password_problem(new_password, &self.connected().await?.session.username) {
            return Err(CoreError::Refused(ApiError::new(ErrorCode::PasswordTooWeak, problem)));
        }
        let c = self.connected().await?;
        c.client.change_password(&c.token, current_password, new_password).await?;
        let mut current = self.current.write().await;
        let session = current.as_mut().map(|c| {
            c.session.must_change_password = false;
            c.session.clone()
        });
        tracing::info!("password changed");
        session.ok_or(CoreError::NotLoggedIn)
    }

    /// The session saved by an earlier run, if its token is still in the credential store.
    pub async fn restore_session(&self) -> Result<Option<SessionView>> {
        if let Some(c) = self.current.read().await.as_ref() {
            return Ok(Some(c.session.clone()));
        }
        let Some(row) = accounts::current(&self.pool).await? else { return Ok(None) };
        let key = accounts::credential_key(&row.session.hub_url, &row.session.username);
        let Some(token) = self.with_credentials(move |store| store.load(&key)).await? else { return Ok(None) };
        let client = HubClient::new(&row.session.hub_url)?;
        let session = row.session.clone();
        *self.current.write().await = Some(Connected { connection_id: row.id, client, token, session });
        Ok(Some(row.session))
    }

    /// Every supplier this desk has logged in to.
    pub async fn suppliers(&self) -> Result<Vec<SupplierConnection>> {
        let mut out = Vec::new();
        for (row, is_current) in accounts::list(&self.pool).await? {
            let key = accounts::credential_key(&row.session.hub_url, &row.session.username);
            let logged_in = self.with_credentials(move |store| store.load(&key)).await?.is_some();
            out.push(SupplierConnection { id: row.id, session: row.session, is_current, logged_in });
        }
        Ok(out)
    }

    /// Switches to another supplier this desk has logged in to; its catalogue, carts and orders
    /// are its own. Needs its session token still in the credential store.
    pub async fn switch_supplier(&self, connection_id: i64) -> Result<SessionView> {
        let row =
            accounts::list(&self.pool).await?.into_iter().map(|(row, _)| row).find(|row| row.id == connection_id).ok_or_else(|| {
                CoreError::Refused(ApiError::new(ErrorCode::NotFound, format!("no supplier connection #{connection_id}")))
            })?;
        let key = accounts::credential_key(&row.session.hub_url, &row.session.username);
        let token = self.with_credentials(move |store| store.load(&key)).await?.ok_or(CoreError::NotLoggedIn)?;
        let client = HubClient::new(&row.session.hub_url)?;
        accounts::make_current(&self.pool, row.id).await?;
        *self.current.write().await = Some(Connected { connection_id: row.id, client, token, session: row.session.clone() });
        tracing::info!(hub = %row.session.hub_url, "switched supplier");
        Ok(row.session)
    }

    pub async fn logout(&self) -> Result<()> {
        let Some(c) = self.current.write().await.take() else { return Ok(()) };
        if let Err(e) = c.client.logout(&c.token).await {
            tracing::warn!(error = %e, "could not revoke the session on the hub");
        }
        let key = accounts::credential_key(&c.session.hub_url, &c.session.username);
        self.with_credentials(move |store| store.delete(&key)).await?;
        accounts::forget_current(&self.pool).await
    }
}

/// The hub's password rule, checked here first so a weak password is refused before it is sent.
fn refuse_weak(password: &str, username: &str) -> Result<()> {
    match restock_protocol::accounts::password_problem(password, username) {
        Some(problem) => Err(CoreError::Refused(ApiError::new(ErrorCode::PasswordTooWeak, problem))),
        None => Ok(()),
    }
}
