//! What the catalog shows of a product, shared by server and client.

use serde::{Deserialize, Serialize};

use super::{OcopStars, Slug, Unit, Vnd};

pub const PAGE_SIZE: u32 = 24;
/// Longest search text accepted; longer input is a validation error, not a slow query.
pub const MAX_QUERY_LEN: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    pub items: Vec<ProductCard>,
    pub total: u64,
    pub page: u32,
}
