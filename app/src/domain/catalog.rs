//! The catalog's query (what the URL says) and its answer (a page of products and the facet
//! counts), shared by server and client.
//!
//! The URL is the state: `/products?q=…&category=…&stars=4&district=…&village=…&producer=…
//! &kind=…&price=100000-300000&in_stock=1&sort=price_asc&page=2`. Parsing a URL is lenient
//! (a stale bookmark with a bad value still opens, without that filter); the server function
//! takes the typed query, so values are valid by construction.

use serde::{Deserialize, Serialize};

use super::{OcopStars, ProducerKind, Slug, Unit, Vnd};

pub const PAGE_SIZE: u32 = 24;
/// Longest search text that is looked at; the rest is ignored, never an error.
pub const MAX_QUERY_LEN: usize = 200;
/// Highest page number accepted.
pub const MAX_PAGE: u32 = 10_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; without search words it means newest.
    #[default]
    Relevance,
    Newest,
    PriceAsc,
    PriceDesc,
    Stars,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Relevance, Sort::Newest, Sort::PriceAsc, Sort::PriceDesc, Sort::Stars];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Stars => "stars",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A price band, both ends in đồng; `max` is exclusive, `None` means open-ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PriceBand {
    pub min: Vnd,
    pub max: Option<Vnd>,
}

impl PriceBand {
    /// The bands the price facet offers.
    pub fn standard() -> Vec<PriceBand> {
        let v = |n| Vnd::new(n).unwrap_or(Vnd::ZERO);
        vec![
            PriceBand { min: Vnd::ZERO, max: Some(v(100_000)) },
            PriceBand { min: v(100_000), max: Some(v(300_000)) },
            PriceBand { min: v(300_000), max: Some(v(1_000_000)) },
            PriceBand { min: v(1_000_000), max: None },
        ]
    }

    /// `100000-300000`, `1000000-`.
    pub fn code(self) -> String {
        match self.max {
            Some(max) => format!("{}-{}", self.min.amount(), max.amount()),
            None => format!("{}-", self.min.amount()),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let (min, max) = code.split_once('-')?;
        let min = if min.is_empty() { Vnd::ZERO } else { Vnd::new(min.parse().ok()?).ok()? };
        let max = if max.is_empty() { None } else { Some(Vnd::new(max.parse().ok()?).ok()?) };
        match max {
            Some(max) if max <= min => None,
            _ => Some(Self { min, max }),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogQuery {
    pub q: String,
    /// A top-level or a leaf category.
    pub category: Option<Slug>,
    pub stars: Option<OcopStars>,
    pub district: Option<Slug>,
    pub village: Option<Slug>,
    pub producer: Option<Slug>,
    pub kind: Option<ProducerKind>,
    pub price: Option<PriceBand>,
    pub in_stock: bool,
    pub sort: Sort,
    pub page: u32,
}

impl Default for CatalogQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            category: None,
            stars: None,
            district: None,
            village: None,
            producer: None,
            kind: None,
            price: None,
            in_stock: false,
            sort: Sort::default(),
            page: 1,
        }
    }
}

impl CatalogQuery {
    /// Reads the query from URL parameters, dropping values that do not parse.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let slug = |key: &str| get(key).and_then(|v| Slug::parse(v.trim()).ok());
        let mut q = get("q").unwrap_or_default();
        if q.chars().count() > MAX_QUERY_LEN {
            q = q.chars().take(MAX_QUERY_LEN).collect();
        }
        Self {
            q,
            category: slug("category"),
            stars: get("stars").and_then(|v| v.parse::<i64>().ok()).and_then(|n| OcopStars::new(n).ok()),
            district: slug("district"),
            village: slug("village"),
            producer: slug("producer"),
            kind: get("kind").and_then(|v| ProducerKind::parse(&v)),
            price: get("price").and_then(|v| PriceBand::parse(&v)),
            in_stock: get("in_stock").is_some_and(|v| v == "1" || v == "true" || v == "on"),
            sort: get("sort").and_then(|v| Sort::parse(&v)).unwrap_or_default(),
            page: get("page").and_then(|v| v.parse::<u32>().ok()).filter(|p| *p >= 1).unwrap_or(1).min(MAX_PAGE),
        }
    }

    /// The URL parameters for this query (defaults left out), in a stable order.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.trim().is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(c) = &self.category {
            out.push(("category", c.to_string()));
        }
        if let Some(s) = self.stars {
            out.push(("stars", s.get().to_string()));
        }
        if let Some(d) = &self.district {
            out.push(("district", d.to_string()));
        }
        if let Some(v) = &self.village {
            out.push(("village", v.to_string()));
        }
        if let Some(p) = &self.producer {
            out.push(("producer", p.to_string()));
        }
        if let Some(k) = self.kind {
            out.push(("kind", k.code().to_owned()));
        }
        if let Some(p) = self.price {
            out.push(("price", p.code()));
        }
        if self.in_stock {
            out.push(("in_stock", "1".to_owned()));
        }
        if self.sort != Sort::Relevance {
            out.push(("sort", self.sort.code().to_owned()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        out
    }

    /// Whether any filter (not the search words, sort or page) is set.
    pub fn has_filters(&self) -> bool {
        self.category.is_some()
            || self.stars.is_some()
            || self.district.is_some()
            || self.village.is_some()
            || self.producer.is_some()
            || self.kind.is_some()
            || self.price.is_some()
            || self.in_stock
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    /// For "add to cart" and favourites.
    pub id: i32,
    pub slug: Slug,
    /// In the requested language, falling back to Vietnamese.
    pub name: String,
    pub price: Vnd,
    pub unit: Unit,
    pub in_stock: bool,
    /// Current, verified and unexpired OCOP rating, if any.
    pub stars: Option<OcopStars>,
    pub producer_name: String,
    pub village_name: Option<String>,
    pub image_url: String,
}

/// One choice in a facet and how many results choosing it would give.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetChoice {
    /// The URL value (a slug or a code).
    pub value: String,
    /// In the requested language.
    pub label: String,
    pub count: u64,
    /// For leaf categories: the top category's slug.
    pub parent: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub categories: Vec<FacetChoice>,
    pub stars: Vec<FacetChoice>,
    pub districts: Vec<FacetChoice>,
    pub villages: Vec<FacetChoice>,
    pub kinds: Vec<FacetChoice>,
    pub prices: Vec<FacetChoice>,
    pub in_stock: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    pub items: Vec<ProductCard>,
    pub total: u64,
    pub page: u32,
    pub facets: Facets,
    /// Names for the active filters' chips (slug → name), in the requested language.
    pub active_labels: Vec<(String, String)>,
}

impl ProductPage {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(u64::from(PAGE_SIZE)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> CatalogQuery {
        CatalogQuery::from_params(|k| pairs.iter().find(|(kk, _)| *kk == k).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn url_round_trips() {
        let q = parse(&[
            ("q", "gốm bát tràng"), ("stars", "4"), ("district", "gia-lam"), ("kind", "cooperative"),
            ("price", "100000-300000"), ("in_stock", "1"), ("sort", "price_asc"), ("page", "3"),
        ]);
        assert_eq!(q.stars.unwrap().get(), 4);
        assert_eq!(q.price.unwrap().max.unwrap().amount(), 300_000);
        let params = q.to_params();
        let again = CatalogQuery::from_params(|k| params.iter().find(|(kk, _)| *kk == k).map(|(_, v)| v.clone()));
        assert_eq!(q, again);
    }

    #[test]
    fn bad_values_are_dropped_not_fatal() {
        let q = parse(&[("stars", "9"), ("district", "Gia Lâm"), ("kind", "x"), ("price", "5-1"),
            ("sort", "random"), ("page", "-2")]);
        assert_eq!(q, CatalogQuery { page: 1, ..Default::default() });
        let long = "a".repeat(10_000);
        assert_eq!(parse(&[("q", &long)]).q.len(), MAX_QUERY_LEN);
        assert_eq!(parse(&[("page", "99999999")]).page, MAX_PAGE);
    }

    #[test]
    fn price_bands() {
        assert_eq!(PriceBand::parse("1000000-").unwrap().max, None);
        assert!(PriceBand::parse("abc").is_none());
        for band in PriceBand::standard() {
            assert_eq!(PriceBand::parse(&band.code()), Some(band));
        }
    }
}

/// Search-as-you-type answers for the header box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    /// (slug, name) of matching products, villages and producers, best first.
    pub products: Vec<(String, String)>,
    pub villages: Vec<(String, String)>,
    pub producers: Vec<(String, String)>,
}

impl Suggestions {
    pub fn is_empty(&self) -> bool {
        self.products.is_empty() && self.villages.is_empty() && self.producers.is_empty()
    }

    /// Every suggestion as (path, label), in display order.
    pub fn links(&self) -> Vec<(String, String)> {
        let products = self.products.iter().map(|(s, n)| (format!("/products/{s}"), n.clone()));
        let villages = self.villages.iter().map(|(s, n)| (format!("/villages/{s}"), n.clone()));
        let producers = self.producers.iter().map(|(s, n)| (format!("/producers/{s}"), n.clone()));
        products.chain(villages).chain(producers).collect()
    }
}
