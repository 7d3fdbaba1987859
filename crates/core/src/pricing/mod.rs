//! The back office's prices and promotions (价格与促销), for the supplier's administrators: the
//! price rules (a fixed price or a rate, per tier or per customer, with dates) and the promotions,
//! listed, created, edited, ended and deleted on the hub. Nothing is kept locally: staff work
//! against the hub's present state, and customers get every change at their next sync.

use crate::error::Result;
use crate::Desk;
use restock_protocol::pricing::PriceRuleRecord;
use restock_protocol::promotions::{Covers, Promotion, PromotionQuery};

const WHAT: &str = "keeping prices and promotions";

/// Trimmed, and none when nothing is left: a blank field is not sent as a value.
fn entered(field: &Option<String>) -> Option<String> {
    field.as_deref().map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned)
}

/// The rule as typed, with blank fields cleared (the hub checks the rest and says what is wrong).
pub fn rule_as_entered(rule: &PriceRuleRecord) -> PriceRuleRecord {
    PriceRuleRecord {
        customer_code: entered(&rule.customer_code),
        tier: entered(&rule.tier),
        product_code: entered(&rule.product_code),
        ..rule.clone()
    }
}

/// The promotion as typed: its name, tiers and what it covers trimmed, blank tiers dropped.
pub fn promotion_as_entered(promotion: &Promotion) -> Promotion {
    let covers = match &promotion.covers {
        Covers::Everything => Covers::Everything,
        Covers::Brand(v) => Covers::Brand(v.trim().to_owned()),
        Covers::Category(v) => Covers::Category(v.trim().to_owned()),
        Covers::Product(v) => Covers::Product(v.trim().to_owned()),
    };
    Promotion {
        name: promotion.name.trim().to_owned(),
        tiers: promotion.tiers.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        covers,
        ..promotion.clone()
    }
}

impl Desk {
    pub async fn price_rules(&self) -> Result<Vec<PriceRuleRecord>> {
        let c = self.staff(WHAT).await?;
        c.client.price_rules(&c.token).await
    }

    pub async fn create_price_rule(&self, rule: &PriceRuleRecord) -> Result<PriceRuleRecord> {
        let c = self.staff(WHAT).await?;
        let created = c.client.create_price_rule(&c.token, &rule_as_entered(rule)).await?;
        tracing::info!(id = created.id, "price rule created");
        Ok(created)
    }

    pub async fn edit_price_rule(&self, id: i64, rule: &PriceRuleRecord) -> Result<PriceRuleRecord> {
        let c = self.staff(WHAT).await?;
        c.client.edit_price_rule(&c.token, id, &rule_as_entered(rule)).await
    }

    /// Its last day becomes yesterday (the supplier's calendar): it no longer prices anything.
    pub async fn end_price_rule(&self, id: i64) -> Result<PriceRuleRecord> {
        let c = self.staff(WHAT).await?;
        c.client.end_price_rule(&c.token, id).await
    }

    pub async fn delete_price_rule(&self, id: i64) -> Result<()> {
        let c = self.staff(WHAT).await?;
        c.client.delete_price_rule(&c.token, id).await?;
        tracing::info!(id, "price rule deleted");
        Ok(())
    }

    /// Every promotion the supplier has, newest first (`current`: only those valid today).
    pub async fn staff_promotions(&self, query: &PromotionQuery) -> Result<Vec<Promotion>> {
        let c = self.staff(WHAT).await?;
        c.client.staff_promotions(&c.token, query).await
    }

    pub async fn create_promotion(&self, promotion: &Promotion) -> Result<Promotion> {
        let c = self.staff(WHAT).await?;
        let created = c.client.create_promotion(&c.token, &promotion_as_entered(promotion)).await?;
        tracing::info!(id = created.id, "promotion created");
        Ok(created)
    }

    pub async fn edit_promotion(&self, id: i64, promotion: &Promotion) -> Result<Promotion> {
        let c = self.staff(WHAT).await?;
        c.client.edit_promotion(&c.token, id, &promotion_as_entered(promotion)).await
    }

    /// Its last day becomes yesterday: no order gets it from now on.
    pub async fn end_promotion(&self, id: i64) -> Result<Promotion> {
        let c = self.staff(WHAT).await?;
        c.client.end_promotion(&c.token, id).await
    }

    pub async fn delete_promotion(&self, id: i64) -> Result<()> {
        let c = self.staff(WHAT).await?;
        c.client.delete_promotion(&c.token, id).await?;
        tracing::info!(id, "promotion deleted");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use restock_protocol::promotions::PromotionKind;

    #[test]
    fn blank_fields_are_not_sent() {
        let typed = PriceRuleRecord {
            customer_code: Some("  ".into()),
            tier: Some(" B ".into()),
            product_code: Some("".into()),
            ..Default::default()
        };
        let sent = rule_as_entered(&typed);
        assert_eq!((sent.customer_code, sent.tier.as_deref(), sent.product_code), (None, Some("B"), None));
        let day = "2026-11-01".parse().unwrap();
        let typed = Promotion {
            id: 0,
            name: " 九折 ".into(),
            kind: PromotionKind::BuyGet { buy: 10, get: 1 },
            covers: Covers::Brand(" 中华 ".into()),
            tiers: vec![" A".into(), "".into()],
            valid_from: day,
            valid_to: day,
        };
        let sent = promotion_as_entered(&typed);
        assert_eq!((sent.name.as_str(), sent.covers, sent.tiers), ("九折", Covers::Brand("中华".into()), vec!["A".to_owned()]));
    }
}
