//! The back office's stock (可订货量) and allocations (货源分配): read a page and keep them on the
//! hub. The warehouse sets stock, administrators set allocations; reviewers read the stock. Nothing
//! is kept locally: staff work against the hub's present state, and customers' apps get every
//! change at their next supply pull.

use crate::error::{CoreError, Result};
use crate::Desk;
use restock_protocol::supply::{
    AllocationPage, AllocationQuery, RemoveAllocation, SetAllocation, SetStock, StockLevel, StockPage, StockQuery,
};

const WHAT: &str = "keeping stock and allocations";

/// A code as typed, trimmed; a blank one is the user's to fill in, not the hub's to refuse.
fn code(what: &str, typed: &str) -> Result<String> {
    let code = typed.trim();
    if code.is_empty() {
        return Err(CoreError::Invalid(format!("enter the {what} code")));
    }
    Ok(code.to_owned())
}

impl Desk {
    /// A page of tracked stock, by product code, filtered on the hub.
    pub async fn stock_list(&self, query: &StockQuery) -> Result<StockPage> {
        let c = self.staff(WHAT).await?;
        c.client.stock_list(&c.token, query).await
    }

    /// Sets a product's stock (tracking it from now on), and reads it back as the hub now has it:
    /// none if it was untracked again meanwhile.
    pub async fn set_stock(&self, product_code: &str, on_hand: u32, available: u32) -> Result<Option<StockLevel>> {
        let c = self.staff(WHAT).await?;
        let code = code("product", product_code)?;
        c.client.set_stock(&c.token, &code, &SetStock { on_hand, available }).await?;
        tracing::info!(%code, on_hand, available, "stock set");
        let query = StockQuery { q: Some(code.clone()), limit: Some("20".into()), ..StockQuery::default() };
        Ok(c.client.stock_list(&c.token, &query).await?.items.into_iter().find(|s| s.product_code == code))
    }

    /// The product is no longer limited by stock.
    pub async fn untrack_stock(&self, product_code: &str) -> Result<()> {
        let c = self.staff(WHAT).await?;
        let code = code("product", product_code)?;
        c.client.untrack_stock(&c.token, &code).await?;
        tracing::info!(%code, "stock no longer tracked");
        Ok(())
    }

    /// A page of allocations, with what placed orders used in the asked cycle (administrators).
    pub async fn allocations(&self, query: &AllocationQuery) -> Result<AllocationPage> {
        let c = self.staff(WHAT).await?;
        c.client.allocations(&c.token, query).await
    }

    /// Sets an allocation for one cycle, or standing for every cycle (`cycle_date` none).
    pub async fn set_allocation(&self, allocation: &SetAllocation) -> Result<()> {
        let c = self.staff(WHAT).await?;
        let allocation = SetAllocation {
            customer_code: code("customer", &allocation.customer_code)?,
            product_code: code("product", &allocation.product_code)?,
            ..allocation.clone()
        };
        c.client.set_allocation(&c.token, &allocation).await?;
        tracing::info!(customer = %allocation.customer_code, product = %allocation.product_code, quantity = allocation.quantity, "allocation set");
        Ok(())
    }

    pub async fn remove_allocation(&self, which: &RemoveAllocation) -> Result<()> {
        let c = self.staff(WHAT).await?;
        c.client.remove_allocation(&c.token, which).await?;
        tracing::info!(customer = %which.customer_code, product = %which.product_code, "allocation removed");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blank_code_is_the_users_to_fill_in() {
        assert_eq!(super::code("product", " 100001 ").unwrap(), "100001");
        assert_eq!(super::code("customer", "  ").unwrap_err().to_string(), "enter the customer code");
    }
}
