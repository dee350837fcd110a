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
}

/// The database pool, from the Leptos context of the current request.
pub fn db() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.db)
        .ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            AppError::Internal
        })
}
