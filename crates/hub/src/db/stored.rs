//! What the hub stores, read back as types that refuse a value they cannot read: a stored value
//! that is not what the hub wrote is an error naming the column and the value, never a silent
//! default (1970-01-01, zero, "delisted"). Each decodes from the column type both backends share
//! (BIGINT or TEXT) and binds as it, so rows are named structs (`FromRow`) of these.

use chrono::{DateTime, NaiveDate, Utc};
use restock_protocol::money::{from_fen, Money};
use sqlx::any::{Any, AnyTypeInfo, AnyValueRef};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Decode, Encode, Type};

/// An amount of money in fen (分), stored as BIGINT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Fen(pub i64);

impl Fen {
    pub fn money(self) -> Money {
        from_fen(self.0)
    }
}

/// An instant in milliseconds since the epoch, stored as BIGINT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Millis(pub i64);

impl Millis {
    pub fn instant(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).expect("checked when read")
    }
}

/// A quantity or a count, stored as BIGINT, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Count(pub u32);

/// A value stored as TEXT in a form the hub wrote: a date (`2026-12-01`), an id, a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<T>(pub T);

/// How a `Text` value is read from its stored form.
pub trait Stored: Sized {
    /// What the value is, for the error when it can't be read ("a date").
    const WHAT: &'static str;
    fn read(stored: &str) -> Option<Self>;
}

impl Stored for NaiveDate {
    const WHAT: &'static str = "a date (YYYY-MM-DD)";
    fn read(stored: &str) -> Option<Self> {
        stored.parse().ok()
    }
}

impl Stored for uuid::Uuid {
    const WHAT: &'static str = "an id";
    fn read(stored: &str) -> Option<Self> {
        stored.parse().ok()
    }
}

impl Stored for rust_decimal::Decimal {
    const WHAT: &'static str = "a decimal number";
    fn read(stored: &str) -> Option<Self> {
        stored.parse().ok()
    }
}

impl Stored for restock_protocol::orders::OrderStatus {
    const WHAT: &'static str = "an order status";
    fn read(stored: &str) -> Option<Self> {
        Self::parse(stored)
    }
}

impl Stored for restock_protocol::catalogue::ProductStatus {
    const WHAT: &'static str = "a product status";
    fn read(stored: &str) -> Option<Self> {
        Self::parse(stored)
    }
}

impl Stored for restock_protocol::accounts::UserRole {
    const WHAT: &'static str = "a role";
    fn read(stored: &str) -> Option<Self> {
        Self::parse(stored)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the stored value {value} is not {what}")]
struct Unreadable {
    value: String,
    what: &'static str,
}

fn unreadable(value: impl std::fmt::Display, what: &'static str) -> BoxDynError {
    Box::new(Unreadable { value: value.to_string(), what })
}

macro_rules! as_bigint {
    ($t:ty) => {
        impl Type<Any> for $t {
            fn type_info() -> AnyTypeInfo {
                <i64 as Type<Any>>::type_info()
            }
            fn compatible(ty: &AnyTypeInfo) -> bool {
                <i64 as Type<Any>>::compatible(ty)
            }
        }
    };
}

as_bigint!(Fen);
as_bigint!(Millis);
as_bigint!(Count);

impl<'r> Decode<'r, Any> for Fen {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Fen(<i64 as Decode<Any>>::decode(value)?))
    }
}

impl<'r> Decode<'r, Any> for Millis {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let ms = <i64 as Decode<Any>>::decode(value)?;
        DateTime::from_timestamp_millis(ms).map(|_| Millis(ms)).ok_or_else(|| unreadable(ms, "an instant in milliseconds"))
    }
}

impl<'r> Decode<'r, Any> for Count {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let n = <i64 as Decode<Any>>::decode(value)?;
        u32::try_from(n).map(Count).map_err(|_| unreadable(n, "a count from 0 to 4294967295"))
    }
}

impl<T> Type<Any> for Text<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r, T: Stored> Decode<'r, Any> for Text<T> {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Any>>::decode(value)?;
        T::read(text).map(Text).ok_or_else(|| unreadable(format!("'{text}'"), T::WHAT))
    }
}

macro_rules! binds_as {
    ($t:ty, $inner:ty, $get:expr) => {
        impl<'q> Encode<'q, Any> for $t {
            fn encode_by_ref(&self, buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>) -> Result<IsNull, BoxDynError> {
                let inner: $inner = $get(self);
                <$inner as Encode<'q, Any>>::encode(inner, buf)
            }
        }
    };
}

binds_as!(Fen, i64, |v: &Fen| v.0);
binds_as!(Millis, i64, |v: &Millis| v.0);
binds_as!(Count, i64, |v: &Count| i64::from(v.0));

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::{Connection, Row};

    async fn conn() -> sqlx::AnyConnection {
        sqlx::any::install_default_drivers();
        sqlx::AnyConnection::connect("sqlite::memory:").await.unwrap()
    }

    #[tokio::test]
    async fn a_value_the_hub_did_not_write_is_an_error_that_names_it() {
        let mut conn = conn().await;
        let row = sqlx::query("SELECT '2026-13-45' AS cycle_date, -3 AS quantity, 'shipped?' AS status, 42 AS fen")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let date = row.try_get::<Text<NaiveDate>, _>("cycle_date").unwrap_err().to_string();
        assert!(date.contains("cycle_date") && date.contains("'2026-13-45' is not a date"), "{date}");
        let count = row.try_get::<Count, _>("quantity").unwrap_err().to_string();
        assert!(count.contains("quantity") && count.contains("-3 is not a count"), "{count}");
        let status = row.try_get::<Text<restock_protocol::orders::OrderStatus>, _>("status").unwrap_err().to_string();
        assert!(status.contains("'shipped?' is not an order status"), "{status}");
        assert_eq!(row.try_get::<Fen, _>("fen").unwrap().money(), rust_decimal::Decimal::new(42, 2));
    }

    #[tokio::test]
    async fn typed_values_bind_as_what_they_are_stored_as() {
        let mut conn = conn().await;
        let row = sqlx::query("SELECT $1 + 0 AS fen, $2 + 0 AS at, $3 + 0 AS n")
            .bind(Fen(-250))
            .bind(Millis(1_764_554_400_000))
            .bind(Count(7))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(row.try_get::<Fen, _>("fen").unwrap(), Fen(-250));
        assert_eq!(row.try_get::<Millis, _>("at").unwrap().instant().to_rfc3339(), "2025-12-01T02:00:00+00:00");
        assert_eq!(row.try_get::<Count, _>("n").unwrap(), Count(7));
    }
}
