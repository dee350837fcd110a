//! Server functions, grouped by domain. Each is a thin door: who is calling → validate → one
//! domain call → map the error. They are the only way the client reaches the server's data.

pub mod accounts;
pub mod cart;
pub mod catalog;
pub mod dashboard;
pub mod detail;
pub mod fairs;
pub mod office;
pub mod orders;
pub mod places;
pub mod points_of_sale;
pub mod reviews;
pub mod stats;
pub mod trade;
