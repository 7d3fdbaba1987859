//! The quantity rules of one order line: positive, a multiple of the pack, within min and max.
//! The hub enforces them; the app checks them as the buyer types, with this same code.

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a product allows on one order line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QuantityRules {
    /// 订货倍数: the quantity must be a multiple of this (≥ 1).
    pub pack_multiple: u32,
    /// Minimum per order (0 or 1 means none beyond "positive").
    pub min_per_order: u32,
    /// Maximum per order, if any.
    pub max_per_order: Option<u32>,
}

/// Why a quantity is refused, with what the user needs to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QuantityProblem {
    #[error("the quantity must be more than 0")]
    NotPositive,
    #[error("the quantity must be a multiple of {pack_multiple}")]
    NotMultiple { pack_multiple: u32 },
    #[error("below the minimum {min}")]
    BelowMinimum { min: u32 },
    #[error("above the maximum {max}")]
    AboveMaximum { max: u32 },
}

impl QuantityProblem {
    pub fn code(self) -> ErrorCode {
        match self {
            QuantityProblem::NotPositive => ErrorCode::QuantityNotPositive,
            QuantityProblem::NotMultiple { .. } => ErrorCode::QuantityNotMultiple,
            QuantityProblem::BelowMinimum { .. } => ErrorCode::BelowMinimum,
            QuantityProblem::AboveMaximum { .. } => ErrorCode::AboveMaximum,
        }
    }
}

impl QuantityRules {
    /// Check a quantity the buyer asked for. Never adjusts it: a refused quantity is explained, not changed.
    pub fn check(&self, quantity: u32) -> Result<(), QuantityProblem> {
        if quantity == 0 {
            return Err(QuantityProblem::NotPositive);
        }
        let min = self.min_per_order.max(1);
        if quantity < min {
            return Err(QuantityProblem::BelowMinimum { min });
        }
        if let Some(max) = self.max_per_order {
            if quantity > max {
                return Err(QuantityProblem::AboveMaximum { max });
            }
        }
        let pack = self.pack_multiple.max(1);
        if !quantity.is_multiple_of(pack) {
            return Err(QuantityProblem::NotMultiple { pack_multiple: pack });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RULES: QuantityRules = QuantityRules { pack_multiple: 5, min_per_order: 5, max_per_order: Some(50) };

    #[test]
    fn domain_examples() {
        assert_eq!(RULES.check(35), Ok(()));
        assert_eq!(RULES.check(3), Err(QuantityProblem::BelowMinimum { min: 5 }));
        assert_eq!(RULES.check(37), Err(QuantityProblem::NotMultiple { pack_multiple: 5 }));
        assert_eq!(RULES.check(55), Err(QuantityProblem::AboveMaximum { max: 50 }));
        assert_eq!(RULES.check(0), Err(QuantityProblem::NotPositive));
        assert_eq!(RULES.check(3).unwrap_err().to_string(), "below the minimum 5");
    }

    proptest! {
        #[test]
        fn accepted_quantities_obey_every_rule(pack in 1u32..50, min in 0u32..100, max in proptest::option::of(1u32..1000), q in 0u32..2000) {
            let rules = QuantityRules { pack_multiple: pack, min_per_order: min, max_per_order: max };
            if rules.check(q).is_ok() {
                prop_assert!(q > 0);
                prop_assert_eq!(q % pack, 0);
                prop_assert!(q >= min);
                if let Some(m) = max { prop_assert!(q <= m); }
            } else {
                prop_assert!(q == 0 || q % pack != 0 || q < min || max.is_some_and(|m| q > m));
            }
        }
    }
}
