//! Components used across pages.

pub mod figures;
pub mod layout;
pub mod product_card;
pub mod search_box;
