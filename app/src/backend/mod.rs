//! Server-only code, compiled with the `ssr` feature and never into the wasm: database
//! connection, migrations, entities, the services that query them, password hashing and the
//! demo seed. Server functions in `crate::api` call the services here; components never do.

pub mod catalog;
pub mod db;
pub mod detail;
pub mod entities;
pub mod listing;
pub mod migration;
pub mod passwords;
pub mod places;
pub mod seed;
pub mod sql;
pub mod state;
pub mod stats;

pub use state::AppState;
