//! Components used across pages.

pub mod cart_button;
pub mod chart;
pub mod escaping;
pub mod fair_card;
pub mod favourite_button;
pub mod figures;
pub mod forms;
pub mod upload;
pub mod layout;
pub mod links;
pub mod live_text;
pub mod producer_card;
pub mod product_card;
pub mod search_box;
pub mod seo;
pub mod sold_at;
