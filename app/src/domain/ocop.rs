//! OCOP ratings. Hà Nội's council rates products 3 or 4 stars; a product rated 5 stars by the
//! city is only a *potential* 5-star product until the national council confirms it. So a
//! national-level certificate is always 5 stars, and a 5-star city certificate means
//! "potential 5-star".

use serde::{Deserialize, Serialize};

use super::IssuingLevel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct OcopStars(u8);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OcopError {
    #[error("OCOP stars must be 3, 4 or 5")]
    StarsOutOfRange,
    #[error("only 5-star products are rated at national level")]
    NationalNeedsFiveStars,
}

impl OcopStars {
    pub const ALL: [OcopStars; 3] = [OcopStars(3), OcopStars(4), OcopStars(5)];

    pub fn new(stars: i64) -> Result<Self, OcopError> {
        match stars {
            3..=5 => Ok(Self(stars as u8)),
            _ => Err(OcopError::StarsOutOfRange),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for OcopStars {
    type Error = OcopError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<OcopStars> for i64 {
    fn from(value: OcopStars) -> Self {
        value.0 as i64
    }
}

/// Stars together with the level that awarded them: the pair is what is valid or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcopRating {
    stars: OcopStars,
    level: IssuingLevel,
}

impl OcopRating {
    pub fn new(stars: OcopStars, level: IssuingLevel) -> Result<Self, OcopError> {
        if level == IssuingLevel::National && stars.get() != 5 {
            return Err(OcopError::NationalNeedsFiveStars);
        }
        Ok(Self { stars, level })
    }

    pub fn stars(self) -> OcopStars {
        self.stars
    }

    pub fn level(self) -> IssuingLevel {
        self.level
    }

    /// A 5-star rating given by the city, awaiting the national council.
    pub fn is_potential_five(self) -> bool {
        self.stars.get() == 5 && self.level == IssuingLevel::City
    }
}

/// Certificates are valid for 36 months from the decision date.
pub const VALIDITY_MONTHS: u32 = 36;

pub fn expiry_for(decision_date: chrono::NaiveDate) -> chrono::NaiveDate {
    decision_date
        .checked_add_months(chrono::Months::new(VALIDITY_MONTHS))
        .unwrap_or(chrono::NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn stars_are_three_to_five() {
        assert!(OcopStars::new(2).is_err());
        assert!(OcopStars::new(6).is_err());
        assert!(OcopStars::new(-4).is_err());
        assert_eq!(OcopStars::new(4).unwrap().get(), 4);
        assert!(serde_json::from_str::<OcopStars>("7").is_err());
    }

    #[test]
    fn national_level_only_for_five_stars() {
        let four = OcopStars::new(4).unwrap();
        let five = OcopStars::new(5).unwrap();
        assert_eq!(
            OcopRating::new(four, IssuingLevel::National),
            Err(OcopError::NationalNeedsFiveStars)
        );
        assert!(OcopRating::new(five, IssuingLevel::City).unwrap().is_potential_five());
        assert!(!OcopRating::new(five, IssuingLevel::National).unwrap().is_potential_five());
    }

    #[test]
    fn expiry_is_36_months_later() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(expiry_for(d), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        let d = NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
        assert_eq!(expiry_for(d), NaiveDate::from_ymd_opt(2028, 6, 15).unwrap());
    }
}
