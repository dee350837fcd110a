//! Accounts: register, log in and out, change the password, and who is signed in. Forms post
//! here with or without the wasm; on success the browser is sent on (`next`).

use leptos::prelude::*;

use crate::domain::accounts::SessionUser;
use crate::error::AppError;

/// The signed-in user, or `None`.
#[server(prefix = "/api", endpoint = "me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    crate::backend::auth::current_user().await
}

/// Signs the browser in as `user_id`: a new session (so a session id planted before login
/// is never the one that gets signed in), its cookie, then on to `next`.
#[cfg(feature = "ssr")]
async fn sign_in(db: &sea_orm::DatabaseConnection, user_id: i32, next: &str) -> Result<(), AppError> {
    use crate::backend::{auth, sessions};
    if let Some(old) = auth::current_token() {
        sessions::end(db, &old).await?;
    }
    let token = sessions::start(db, user_id).await?;
    auth::set_cookie(&sessions::cookie(&token, auth::secure_cookies()));
    // What the visitor put in the cart as a guest joins the account's cart.
    let guest = crate::backend::cart::request_guest_cart();
    if !guest.is_empty() {
        crate::backend::cart::merge_guest(db, user_id, &guest).await?;
        auth::set_cookie(&crate::backend::cart::guest_cookie(&Default::default(), auth::secure_cookies()));
    }
    leptos_axum::redirect(&crate::domain::accounts::safe_next(next));
    Ok(())
}

#[server(prefix = "/api", endpoint = "register")]
pub async fn register(email: String, password: String, display_name: String, next: String) -> Result<(), AppError> {
    let db = crate::backend::state::db()?;
    let user_id = crate::backend::accounts::register(&db, &email, &password, &display_name).await?;
    sign_in(&db, user_id, &next).await
}

#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    let db = crate::backend::state::db()?;
    let ip = crate::backend::auth::client_ip();
    let user_id = crate::backend::accounts::authenticate(&db, &email, &password, &ip).await?;
    sign_in(&db, user_id, &next).await
}

#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::{auth, sessions};
    let db = crate::backend::state::db()?;
    if let Some(token) = auth::current_token() {
        sessions::end(&db, &token).await?;
    }
    auth::set_cookie(&sessions::clearing_cookie(auth::secure_cookies()));
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::backend::auth;
    let user = auth::require_user().await?;
    let db = crate::backend::state::db()?;
    let keep = auth::current_token();
    crate::backend::accounts::change_password(&db, user.id, &current_password, &new_password, keep.as_deref()).await
}
