//! The home screen: this cycle, the money left, announcements, last cycle's short items; the last
//! one seen when the hub can't be reached.

use crate::error::Result;
use crate::{orders, Desk};
use restock_protocol::home::HomeStatus;

impl Desk {
    /// The home screen: this cycle, the money left, announcements, last cycle's short items. When
    /// the hub can't be reached, the last one seen (its `now` says when).
    pub async fn home_status(&self) -> Result<HomeStatus> {
        let c = self.connected().await?;
        match c.client.home_status(&c.token).await {
            Ok(status) => {
                orders::remember_home_status(&self.pool, c.connection_id, &status).await?;
                Ok(status)
            }
            Err(e) if e.is_transient() => match orders::last_home_status(&self.pool, c.connection_id).await? {
                Some(status) => {
                    tracing::warn!(error = %e, "showing the desk as last seen");
                    Ok(HomeStatus { offline: true, ..status })
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }
}
