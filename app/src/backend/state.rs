//! Shared server state. Built once in `server::main`, handed to axum as router state and to
//! Leptos as context, so server functions reach the pool without any global.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::error::AppError;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    /// Cookies get the `Secure` flag: the public URL is https.
    pub secure_cookies: bool,
    /// Where uploaded photos and scans are kept.
    pub uploads: super::uploads::Uploads,
    /// Catalog pages recently computed (checked against the database's version on each use).
    pub catalog_cache: super::catalog_cache::CatalogCache,
}

/// The database pool, from the Leptos context of the current request (pages and server
/// functions alike; `server::http_layers` provides it). There is no other pool to fall back
/// on: a call without the context is a bug in how it was run (see `server::detached_render`
/// for the one way that happened), logged and answered as an internal error.
pub fn db() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<AppState>().map(|state| state.db).ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}
