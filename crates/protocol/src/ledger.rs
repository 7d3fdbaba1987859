//! The customer's account as an order sees it: what it may still spend, and the 余额不足 refusal.
//! One rule, used by the hub when it places an order and by the desk before it submits one.

use crate::money::{format_yuan, Money};
use crate::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a new order may come to: prepaid balance + credit − open (unpaid) orders. None when the
/// supplier sets neither a balance nor a credit limit for the customer: no money check.
pub fn available(prepaid: Option<Money>, credit_limit: Option<Money>, open_orders: Money) -> Option<Money> {
    (prepaid.is_some() || credit_limit.is_some()).then(|| prepaid.unwrap_or_default() + credit_limit.unwrap_or_default() - open_orders)
}

/// Refuses an order whose total is more than what may still be spent (余额不足), naming both.
pub fn check_affordable(available: Option<Money>, order_total: Money) -> Result<(), ApiError> {
    match available {
        Some(available) if order_total > available => Err(ApiError::new(
            ErrorCode::InsufficientBalance,
            format!("余额不足: available {}, this order {}", format_yuan(available), format_yuan(order_total)),
        )),
        _ => Ok(()),
    }
}

/// Prepaid balance (预付款) and credit limit (信用额度). `available` is what a new order may come
/// to: balance + credit − open orders; none when the supplier sets no limit for this customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Balance {
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub prepaid: Option<Money>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub credit_limit: Option<Money>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub open_orders: Money,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub available: Option<Money>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    #[test]
    fn the_domain_briefs_balance_example() {
        // Prepaid 10,000.00, unpaid confirmed orders 8,500.00.
        let left = available(Some(dec!(10000.00)), None, dec!(8500.00));
        assert_eq!(left, Some(dec!(1500.00)));
        let refused = check_affordable(left, dec!(1600.00)).unwrap_err();
        assert_eq!(
            (refused.code, refused.message.as_str()),
            (ErrorCode::InsufficientBalance, "余额不足: available 1,500.00, this order 1,600.00")
        );
        assert!(check_affordable(left, dec!(1500.00)).is_ok());
        assert!(check_affordable(left, dec!(1500.01)).is_err());
        assert_eq!(available(None, None, dec!(8500.00)), None, "no balance and no credit: no money check");
        assert!(check_affordable(None, dec!(1000000.00)).is_ok());
    }

    fn fen() -> impl Strategy<Value = Money> {
        (-10_000_000_000i64..10_000_000_000).prop_map(|f| Decimal::new(f, 2))
    }

    proptest! {
        #[test]
        fn an_order_fits_exactly_when_it_is_at_most_what_is_left(prepaid in proptest::option::of(fen()), credit in proptest::option::of(fen()), open in fen(), total in fen()) {
            let left = available(prepaid, credit, open);
            let fits = check_affordable(left, total).is_ok();
            match left {
                None => prop_assert!(fits),
                Some(left) => {
                    prop_assert_eq!(left, prepaid.unwrap_or_default() + credit.unwrap_or_default() - open);
                    prop_assert_eq!(fits, total <= left);
                }
            }
        }
    }
}
