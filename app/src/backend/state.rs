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

/// The pool the running server was started with, for the rare server-function run in which
/// the Leptos context has been lost (seen now and then under the end-to-end tests: without
/// it such a call failed with a 500 instead of answering). Set once by `server::serve`; tests
/// that build several routers never set it, so they always use their own context.
static FALLBACK_DB: std::sync::OnceLock<DatabaseConnection> = std::sync::OnceLock::new();

/// Remembers the serving process's pool as the fallback of [`db`].
pub fn set_fallback_db(db: &DatabaseConnection) {
    let _ = FALLBACK_DB.set(db.clone());
}

/// The database pool, from the Leptos context of the current request.
pub fn db() -> Result<DatabaseConnection, AppError> {
    if let Some(state) = leptos::prelude::use_context::<AppState>() {
        return Ok(state.db);
    }
    match FALLBACK_DB.get() {
        Some(db) => {
            tracing::warn!("AppState missing from the Leptos context; using the server's pool");
            Ok(db.clone())
        }
        None => {
            tracing::error!("AppState missing from the Leptos context");
            Err(AppError::Internal)
        }
    }
}
