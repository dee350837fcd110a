//! The detail pages' answers, shared by server and client: one product, one craft village,
//! one producer's storefront, and the entries of the sitemap.
//!
//! Names and stories arrive already in the requested language (falling back to Vietnamese);
//! labels for codes (kinds, units, marks) come from the translation layer on the page.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalog::ProductCard;
use super::geo::District;
use super::{IssuingLevel, MarkKind, OcopRating, OcopStars, ProducerKind, Slug, Unit, Vnd};

/// How many cards the "other products of this producer" and "similar products" rows show.
pub const RELATED_LIMIT: u64 = 8;
/// The logo shown for producers that have none.
pub const FALLBACK_LOGO: &str = "/logo.svg";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub url: String,
    /// In the requested language, falling back to Vietnamese.
    pub alt: String,
}

/// A link target with its name: a category, village or producer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedLink {
    pub slug: Slug,
    pub name: String,
}

/// A product's current OCOP certificate: its latest verified one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub stars: OcopStars,
    pub level: IssuingLevel,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub expires_on: NaiveDate,
}

impl Certificate {
    /// Expired when its expiry date is before `today` (it is still valid on that day).
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires_on < today
    }

    pub fn rating(&self) -> Option<OcopRating> {
        OcopRating::new(self.stars, self.level).ok()
    }

    /// A 5-star rating given by the city, awaiting the national council.
    pub fn is_potential_five(&self) -> bool {
        self.rating().is_some_and(OcopRating::is_potential_five)
    }
}

/// An intellectual-property mark a product carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkBadge {
    pub kind: MarkKind,
    pub name: String,
}

/// A producer as a card or a line: enough to link to the storefront.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerSummary {
    pub slug: Slug,
    pub name: String,
    pub kind: ProducerKind,
    pub village: Option<NamedLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i32,
    pub slug: Slug,
    /// English when asked for and given, else Vietnamese.
    pub name: String,
    pub description: String,
    /// Ordered by position; the cover first.
    pub photos: Vec<Photo>,
    pub price: Vnd,
    pub unit: Unit,
    pub stock: u32,
    /// The fewest units a consumer buys.
    pub minimum: i32,
    /// Top category first, then the leaf.
    pub categories: Vec<NamedLink>,
    pub certificate: Option<Certificate>,
    /// Whether `certificate` had expired on the day the server answered (Hà Nội time).
    pub certificate_expired: bool,
    pub marks: Vec<MarkBadge>,
    pub producer: ProducerSummary,
    /// For a cooperative's product: the member household that made it.
    pub member_household: Option<String>,
    pub more_from_producer: Vec<ProductCard>,
    pub similar: Vec<ProductCard>,
    /// Ratings of consumers who received it: count, average and the latest reviews.
    pub reviews: super::orders::Reviews,
    /// Upcoming fairs its producer exhibits at.
    pub exhibiting: Vec<super::fairs::Exhibiting>,
}

impl ProductDetail {
    pub fn in_stock(&self) -> bool {
        self.stock > 0
    }

    /// The certificate when it is still valid: what a badge may show.
    pub fn valid_certificate(&self) -> Option<&Certificate> {
        self.certificate.as_ref().filter(|_| !self.certificate_expired)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageDetail {
    pub slug: Slug,
    pub name: String,
    /// The village's crafts (leaf categories), in the requested language.
    pub crafts: Vec<NamedLink>,
    pub district: District,
    pub commune: String,
    pub year_recognised: Option<i32>,
    pub traditional: bool,
    pub story: String,
    /// Verified producers of the village.
    pub producers: Vec<ProducerSummary>,
    /// How many public products the village has in all.
    pub product_count: u64,
}

/// How many of a producer's products hold a valid current certificate of `stars`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarCount {
    pub stars: OcopStars,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerDetail {
    pub id: i32,
    pub slug: Slug,
    pub name: String,
    pub kind: ProducerKind,
    /// The producer's logo, or [`FALLBACK_LOGO`].
    pub logo_url: String,
    pub banner_url: Option<String>,
    pub village: Option<NamedLink>,
    pub story: String,
    /// Highest stars first; only stars with at least one product.
    pub certificates: Vec<StarCount>,
    pub address: String,
    pub commune: String,
    pub district: District,
    pub phone: Option<String>,
    pub product_count: u64,
    /// For a cooperative: its verified member households.
    pub members: Vec<ProducerSummary>,
    /// For a household: the verified cooperatives it belongs to.
    pub member_of: Vec<ProducerSummary>,
    /// Upcoming fairs it exhibits at.
    pub exhibiting: Vec<super::fairs::Exhibiting>,
}

/// One `<url>` of the sitemap: a path on this site and when it last changed, if known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitemapEntry {
    pub path: String,
    pub last_modified: Option<NaiveDate>,
}

/// URLs in one sitemap file. The protocol allows 50,000; smaller files are quicker to
/// produce and fetch.
pub const SITEMAP_FILE_URLS: u64 = 10_000;

/// One file of the sitemap, which `/sitemap.xml` indexes: the fixed pages and the villages,
/// then products and producers in numbered files of [`SITEMAP_FILE_URLS`] each (from 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SitemapFile {
    Pages,
    Products(u64),
    Producers(u64),
}

impl SitemapFile {
    /// Its name under `/sitemaps/`.
    pub fn file_name(self) -> String {
        match self {
            Self::Pages => "pages.xml".to_owned(),
            Self::Products(n) => format!("products-{n}.xml"),
            Self::Producers(n) => format!("producers-{n}.xml"),
        }
    }

    /// The file a name stands for; `None` for anything else (`products-0.xml`, `x.xml`).
    pub fn parse(name: &str) -> Option<Self> {
        if name == "pages.xml" {
            return Some(Self::Pages);
        }
        let (kind, digits) = name.strip_suffix(".xml")?.rsplit_once('-')?;
        // Only the canonical spelling: "products-2.xml", not "products-02.xml" or "-+2".
        let n: u64 = digits.parse().ok().filter(|n: &u64| *n >= 1 && n.to_string() == digits)?;
        match kind {
            "products" => Some(Self::Products(n)),
            "producers" => Some(Self::Producers(n)),
            _ => None,
        }
    }

    /// The files needed for this many public products and verified producers.
    pub fn all(products: u64, producers: u64) -> Vec<Self> {
        let files = |count: u64| count.div_ceil(SITEMAP_FILE_URLS).max(1);
        let mut all = vec![Self::Pages];
        all.extend((1..=files(products)).map(Self::Products));
        all.extend((1..=files(producers)).map(Self::Producers));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_files_are_named_one_way_and_cover_every_url() {
        for file in [SitemapFile::Pages, SitemapFile::Products(1), SitemapFile::Producers(12)] {
            assert_eq!(SitemapFile::parse(&file.file_name()), Some(file));
        }
        for bad in ["products-0.xml", "products-02.xml", "products-.xml", "products-1", "orders-1.xml", "pages-1.xml", "products-1.xml.gz", "products--1.xml", "products-+1.xml"] {
            assert_eq!(SitemapFile::parse(bad), None, "{bad}");
        }
        let all = SitemapFile::all(101_054, 3);
        assert_eq!(all.iter().filter(|f| matches!(f, SitemapFile::Products(_))).count(), 11);
        assert_eq!(all.last(), Some(&SitemapFile::Producers(1)));
        assert_eq!(SitemapFile::all(0, 0).len(), 3, "an empty catalog still has its (empty) files");
        assert_eq!(SitemapFile::all(SITEMAP_FILE_URLS, 1).len(), 3);
    }

    fn cert(stars: i64, level: IssuingLevel, expires: (i32, u32, u32)) -> Certificate {
        Certificate {
            stars: OcopStars::new(stars).unwrap(),
            level,
            decision_number: "1/QĐ-UBND".into(),
            decision_date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            expires_on: NaiveDate::from_ymd_opt(expires.0, expires.1, expires.2).unwrap(),
        }
    }

    #[test]
    fn expiry_day_is_still_valid() {
        let c = cert(4, IssuingLevel::City, (2026, 6, 15));
        assert!(!c.is_expired(NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()));
        assert!(c.is_expired(NaiveDate::from_ymd_opt(2026, 6, 16).unwrap()));
    }

    #[test]
    fn potential_five_is_city_level_five() {
        assert!(cert(5, IssuingLevel::City, (2030, 1, 1)).is_potential_five());
        assert!(!cert(5, IssuingLevel::National, (2030, 1, 1)).is_potential_five());
        assert!(!cert(4, IssuingLevel::City, (2030, 1, 1)).is_potential_five());
    }
}
