//! Money in Vietnamese đồng. The đồng has no minor unit in use, so amounts are whole numbers;
//! they are shown the Vietnamese way, `1.250.000 ₫`, in both languages.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest amount accepted anywhere (one hundred billion đồng): far above any product,
/// low enough that sums of many order lines cannot overflow an i64.
pub const MAX_VND: i64 = 100_000_000_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Vnd(i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is negative")]
    Negative,
    #[error("amount is too large")]
    TooLarge,
    #[error("amount is not a whole number of đồng")]
    NotANumber,
}

impl Vnd {
    pub const ZERO: Vnd = Vnd(0);

    pub fn new(amount: i64) -> Result<Self, MoneyError> {
        if amount < 0 {
            Err(MoneyError::Negative)
        } else if amount > MAX_VND {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Self(amount))
        }
    }

    /// Parses what a person types: `1250000`, `1.250.000`, `1 250 000`, `1,250,000`, with or
    /// without `₫`, `đ` or `VND`. Separators are only grouping; đồng have no decimals.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let trimmed = input.trim();
        let without_unit = trimmed
            .trim_end_matches(['₫', 'đ', 'Đ'])
            .trim_end_matches("VND")
            .trim_end_matches("vnd")
            .trim();
        if without_unit.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let mut digits = String::new();
        for c in without_unit.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | ',' | ' ' | '\u{a0}' => {}
                _ => return Err(MoneyError::NotANumber),
            }
        }
        if digits.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        if digits.len() > 15 {
            return Err(MoneyError::TooLarge);
        }
        let amount: i64 = digits.parse().map_err(|_| MoneyError::NotANumber)?;
        Self::new(amount)
    }

    pub fn amount(self) -> i64 {
        self.0
    }

    /// The price of `quantity` units, or `None` when it would pass [`MAX_VND`] (a checkout
    /// that large is refused rather than wrapped).
    pub fn times(self, quantity: i32) -> Option<Vnd> {
        let q = i64::from(quantity);
        if q < 0 {
            return None;
        }
        self.0.checked_mul(q).and_then(|a| Vnd::new(a).ok())
    }

    /// `self + other`, or `None` past [`MAX_VND`].
    pub fn plus(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).and_then(|a| Vnd::new(a).ok())
    }

    /// The sum of `amounts`, or `None` past [`MAX_VND`].
    pub fn sum(amounts: impl IntoIterator<Item = Vnd>) -> Option<Vnd> {
        amounts.into_iter().try_fold(Vnd::ZERO, Vnd::plus)
    }
}

impl From<Vnd> for i64 {
    fn from(value: Vnd) -> Self {
        value.0
    }
}

impl TryFrom<i64> for Vnd {
    type Error = MoneyError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

/// `1250000` → `1.250.000`.
pub fn group_thousands(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ₫", group_thousands(self.0 as u64, '.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_stops_at_the_largest_amount() {
        let price = Vnd::new(450_000).unwrap();
        assert_eq!(price.times(3), Some(Vnd::new(1_350_000).unwrap()));
        assert_eq!(price.times(-1), None);
        assert_eq!(Vnd::new(MAX_VND).unwrap().times(2), None);
        assert_eq!(Vnd::sum([price, price]), Some(Vnd::new(900_000).unwrap()));
        assert_eq!(Vnd::sum([Vnd::new(MAX_VND).unwrap(), price]), None);
    }

    #[test]
    fn formats_vietnamese_style() {
        assert_eq!(Vnd::new(1_250_000).unwrap().to_string(), "1.250.000 ₫");
        assert_eq!(Vnd::new(0).unwrap().to_string(), "0 ₫");
        assert_eq!(Vnd::new(999).unwrap().to_string(), "999 ₫");
        assert_eq!(Vnd::new(1000).unwrap().to_string(), "1.000 ₫");
        assert_eq!(Vnd::new(100_000_000_000).unwrap().to_string(), "100.000.000.000 ₫");
    }

    #[test]
    fn parses_what_people_type() {
        for s in ["1250000", "1.250.000", "1 250 000", "1,250,000 ₫", "1.250.000đ", "1250000 VND"] {
            assert_eq!(Vnd::parse(s).unwrap().amount(), 1_250_000, "{s}");
        }
    }

    #[test]
    fn rejects_bad_amounts() {
        assert_eq!(Vnd::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Vnd::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Vnd::parse(""), Err(MoneyError::NotANumber));
        assert_eq!(Vnd::parse("1.5e9"), Err(MoneyError::NotANumber));
        assert_eq!(Vnd::parse("999999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(Vnd::new(MAX_VND + 1), Err(MoneyError::TooLarge));
        assert!(serde_json::from_str::<Vnd>("-1").is_err());
    }

    #[test]
    fn groups_every_length() {
        let mut n: u64 = 1;
        for _ in 0..15 {
            let grouped = group_thousands(n, '.');
            assert_eq!(grouped.replace('.', ""), n.to_string());
            assert!(grouped.split('.').skip(1).all(|g| g.len() == 3));
            n = n * 10 + 7;
        }
    }
}
