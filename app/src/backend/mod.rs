//! Server-only code, compiled with the `ssr` feature and never into the wasm: database
//! connection, migrations, entities, the services that query them, password hashing and the
//! demo seed. Server functions in `crate::api` call the services here; components never do.

pub mod accounts;
pub mod auth;
pub mod calendar;
pub mod cart;
pub mod catalog;
pub mod catalog_cache;
pub mod cookies;
pub mod db;
pub mod detail;
pub mod entities;
pub mod export;
pub mod fairs;
pub mod favourites;
pub mod listing;
pub mod meetings;
pub mod office;
pub mod orders;
pub mod migration;
pub mod passwords;
pub mod places;
pub mod points_of_sale;
pub mod reference;
pub mod reviews;
pub mod roles;
pub mod seed;
pub mod sessions;
pub mod single_flight;
pub mod sql;
pub mod state;
pub mod stats;
pub mod storefront;
pub mod throttle;
pub mod trade;
pub mod uploads;

pub use state::AppState;
