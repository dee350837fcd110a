//! What a signed-in shopper keeps to come back to.

use serde::{Deserialize, Serialize};

use super::catalog::ProductCard;
use super::detail::ProducerSummary;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Favourites {
    pub products: Vec<ProductCard>,
    pub producers: Vec<ProducerSummary>,
}

/// What a favourite button is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FavouriteKind {
    Product,
    Producer,
}
