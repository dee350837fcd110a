//! Who is calling: the session cookie of the current request, resolved to a user. Every
//! server function that reads private data or changes anything starts here, and the
//! `require_*` helpers turn "not signed in" into 401 and "not allowed" into 403.
//!
//! The functions taking headers work anywhere (plain axum handlers such as photo uploads);
//! the ones without read the request from the Leptos context of a server function or page.

use axum::extract::ConnectInfo;
use http::{header, request::Parts, HeaderMap};
use sea_orm::ConnectionTrait;

use super::cookies::RequestCookies;
use super::{accounts, sessions};
use crate::domain::accounts::SessionUser;
use crate::domain::{Role, VerificationStatus};
use crate::error::AppError;

/// The session token the request carries, if any (from any of its `Cookie` headers).
pub fn token_in(headers: &HeaderMap) -> Option<String> {
    RequestCookies::parse(headers).get(sessions::SESSION_COOKIE).map(str::to_owned)
}

/// The signed-in user of a request, if its session is valid.
pub async fn user_for(db: &impl ConnectionTrait, headers: &HeaderMap) -> Result<Option<SessionUser>, AppError> {
    let Some(token) = token_in(headers) else { return Ok(None) };
    match sessions::user_of(db, &token).await? {
        Some(user_id) => accounts::session_user(db, user_id).await,
        None => Ok(None),
    }
}

fn request_parts() -> Result<Parts, AppError> {
    leptos::prelude::use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the Leptos context");
        AppError::Internal
    })
}

/// The current request's session token.
pub fn current_token() -> Option<String> {
    leptos::prelude::use_context::<Parts>().and_then(|p| token_in(&p.headers))
}

/// The value of the cookie `name` on the current request.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<Parts>()?;
    RequestCookies::parse(&parts.headers).get(name).map(str::to_owned)
}

/// Who the request is from, looked up at most once per request: the HTTP layer puts an empty
/// one in every request's extensions ([`with_identity`]); Leptos hands each server function and
/// page render of the request a copy of its parts, and the copies share the cell, so the session,
/// the user, its roles and its producer are read from the database once however many
/// components and server functions ask. An anonymous request (no session cookie) costs nothing.
#[derive(Clone, Default)]
pub struct RequestIdentity(std::sync::Arc<tokio::sync::OnceCell<Option<SessionUser>>>);

impl RequestIdentity {
    /// The signed-in user, from the cell or (the first time) from the database.
    pub async fn user(&self, db: &impl ConnectionTrait, headers: &HeaderMap) -> Result<Option<SessionUser>, AppError> {
        self.0.get_or_try_init(|| user_for(db, headers)).await.cloned()
    }
}

/// Middleware: gives the request its (still empty) [`RequestIdentity`].
pub async fn with_identity(mut req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    req.extensions_mut().insert(RequestIdentity::default());
    next.run(req).await
}

/// The signed-in user of a request given its parts (its identity cell when it has one).
pub async fn user_of_request(db: &impl ConnectionTrait, parts: &Parts) -> Result<Option<SessionUser>, AppError> {
    match parts.extensions.get::<RequestIdentity>() {
        Some(identity) => identity.user(db, &parts.headers).await,
        None => user_for(db, &parts.headers).await,
    }
}

/// The signed-in user of the current request.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let parts = request_parts()?;
    let db = super::state::db()?;
    user_of_request(&db, &parts).await
}

/// The signed-in user, or 401.
pub async fn require_user() -> Result<SessionUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// A signed-in user holding `role`, or 401 / 403.
pub async fn require_role(role: Role) -> Result<SessionUser, AppError> {
    let user = require_user().await?;
    if user.has(role) { Ok(user) } else { Err(AppError::Forbidden) }
}

/// A producer member with their producer's id, or 401 / 403.
pub fn producer_of(user: &SessionUser) -> Result<i32, AppError> {
    match &user.producer {
        Some(p) if user.has(Role::ProducerMember) => Ok(p.id),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn require_producer_member() -> Result<(SessionUser, i32), AppError> {
    let user = require_user().await?;
    let producer_id = producer_of(&user)?;
    Ok((user, producer_id))
}

/// Whether the user's producer has been verified (only verified producers go public).
pub fn producer_verified(user: &SessionUser) -> bool {
    user.producer.as_ref().is_some_and(|p| p.verification == VerificationStatus::Verified)
}

/// The client's address, for throttling: the socket's peer. (Behind a reverse proxy the
/// proxy's address would be seen; a deployment there sets `TRUST_FORWARDED_FOR=1`.)
pub fn client_ip_of(parts_headers: &HeaderMap, extensions: &http::Extensions) -> String {
    if std::env::var("TRUST_FORWARDED_FOR").is_ok_and(|v| v == "1") {
        if let Some(forwarded) = parts_headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            if let Some(first) = forwarded.split(',').next().map(str::trim).filter(|s| !s.is_empty()) {
                return first.chars().take(64).collect();
            }
        }
    }
    extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

pub fn client_ip() -> String {
    leptos::prelude::use_context::<Parts>()
        .map(|p| client_ip_of(&p.headers, &p.extensions))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Adds a `Set-Cookie` header to the response of the current server function or page.
pub fn set_cookie(value: &str) {
    if let (Some(options), Ok(value)) =
        (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        options.append_header(header::SET_COOKIE, value);
    }
}

/// Whether cookies get the `Secure` flag (the site is served over https).
pub fn secure_cookies() -> bool {
    leptos::prelude::use_context::<super::AppState>().is_some_and(|s| s.secure_cookies)
}
