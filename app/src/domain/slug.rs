//! URL slugs: lower-case ASCII letters, digits and single hyphens, 1–120 characters.
//! `Slug::from_name` derives one from Vietnamese text ("Gốm Bát Tràng" → "gom-bat-trang").

use serde::{Deserialize, Serialize};
use std::fmt;

use super::text::fold;

pub const MAX_SLUG_LEN: usize = 120;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("slug is empty")]
    Empty,
    #[error("slug is too long")]
    TooLong,
    #[error("slug has a character other than a-z, 0-9 and single hyphens")]
    BadCharacter,
}

impl Slug {
    pub fn parse(input: &str) -> Result<Self, SlugError> {
        if input.is_empty() {
            return Err(SlugError::Empty);
        }
        if input.len() > MAX_SLUG_LEN {
            return Err(SlugError::TooLong);
        }
        let well_formed = input
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !input.starts_with('-')
            && !input.ends_with('-')
            && !input.contains("--");
        if !well_formed {
            return Err(SlugError::BadCharacter);
        }
        Ok(Self(input.to_owned()))
    }

    /// A slug made from free text; `None` when nothing sluggable is left (e.g. only symbols).
    pub fn from_name(name: &str) -> Option<Self> {
        let mut out = String::new();
        for c in fold(name).chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out.truncate(MAX_SLUG_LEN);
        while out.ends_with('-') {
            out.pop();
        }
        Self::parse(&out).ok()
    }

    /// This slug with a numeric suffix, for disambiguating equal names.
    pub fn with_suffix(&self, n: u32) -> Self {
        let suffix = format!("-{n}");
        let mut base = self.0.clone();
        base.truncate(MAX_SLUG_LEN - suffix.len());
        while base.ends_with('-') {
            base.pop();
        }
        Self(base + &suffix)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_from_vietnamese_names() {
        assert_eq!(Slug::from_name("Gốm Bát Tràng").unwrap().as_str(), "gom-bat-trang");
        assert_eq!(Slug::from_name("Đồ sừng Thụy Ứng").unwrap().as_str(), "do-sung-thuy-ung");
        assert_eq!(Slug::from_name("  HTX — Lụa & dệt!  ").unwrap().as_str(), "htx-lua-det");
        assert_eq!(Slug::from_name("!!!"), None);
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("Gom"), Err(SlugError::BadCharacter));
        assert_eq!(Slug::parse("gom--bat"), Err(SlugError::BadCharacter));
        assert_eq!(Slug::parse("-gom"), Err(SlugError::BadCharacter));
        assert_eq!(Slug::parse("gốm"), Err(SlugError::BadCharacter));
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
        assert!(Slug::parse("gom-bat-trang-2").is_ok());
    }

    #[test]
    fn suffix_stays_within_limit() {
        let long = Slug::parse(&"a".repeat(120)).unwrap();
        let s = long.with_suffix(12);
        assert!(s.as_str().len() <= MAX_SLUG_LEN);
        assert!(Slug::parse(s.as_str()).is_ok());
        assert!(s.as_str().ends_with("-12"));
    }

    #[test]
    fn serde_rejects_bad_slug() {
        assert!(serde_json::from_str::<Slug>("\"Bad Slug\"").is_err());
        assert_eq!(serde_json::from_str::<Slug>("\"ok-1\"").unwrap().as_str(), "ok-1");
    }
}
