//! Chợ Làng: the shared application crate.
//!
//! Everything both sides need lives here once: domain types and their validation rules
//! (`domain`), the translation layer (`i18n`), the error type that crosses the wire (`error`),
//! server functions (`api`) and the components and pages. Server-only code (sea-orm entities,
//! migrations, queries, seed, password hashing) is in `backend`, compiled only with `ssr`, so
//! none of it reaches the wasm.

#![recursion_limit = "512"]

pub mod api;
pub mod browser;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;

mod app;
pub use app::App;
#[cfg(feature = "ssr")]
pub use app::shell;
