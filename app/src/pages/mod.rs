//! One module per page.

pub mod fairs;
pub mod home;
pub mod not_found;
pub mod products;
pub mod villages;
