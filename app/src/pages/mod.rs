//! One module per page.

pub mod fairs;
pub mod home;
pub mod not_found;
pub mod producer;
pub mod product;
pub mod products;
pub mod village;
pub mod villages;
