//! Sessions kept in the database, so any app server in front of the same database honours
//! them. The browser holds a random 256-bit token in an HttpOnly cookie; the table keeps
//! only its SHA-256, so reading the table does not let anyone sign in.

use chrono::{Duration, Utc};
use rand_core::{OsRng, RngCore};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use super::entities::session;

pub const SESSION_COOKIE: &str = "cholang_session";
pub const SESSION_DAYS: i64 = 30;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh random token, as the cookie carries it.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The id under which a token's session is stored.
pub fn session_id(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Starts a session for `user_id` and returns its token.
pub async fn start(db: &impl ConnectionTrait, user_id: i32) -> Result<String, DbErr> {
    let token = new_token();
    let now = Utc::now();
    session::ActiveModel {
        id: Set(session_id(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(SESSION_DAYS)),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The user a token signs in, if its session exists and has not expired.
pub async fn user_of(db: &impl ConnectionTrait, token: &str) -> Result<Option<i32>, DbErr> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(session::Entity::find_by_id(session_id(token))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .map(|s| s.user_id))
}

/// Ends the session of `token` (logging out).
pub async fn end(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    session::Entity::delete_by_id(session_id(token)).exec(db).await?;
    Ok(())
}

/// Ends every session of `user_id` except the one of `keep` (after a password change).
pub async fn end_others(db: &impl ConnectionTrait, user_id: i32, keep: Option<&str>) -> Result<u64, DbErr> {
    let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(session::Column::Id.ne(session_id(keep)));
    }
    Ok(delete.exec(db).await?.rows_affected)
}

/// Drops expired sessions; called now and then, not on every request.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(Utc::now()))
        .exec(db)
        .await?
        .rows_affected)
}

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Lax, and Secure on https sites.
pub fn cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}",
        SESSION_DAYS * 24 * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clearing_cookie(secure: bool) -> String {
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_ne!(session_id(&a), a);
        assert_eq!(session_id(&a).len(), 64);
    }

    #[test]
    fn cookies() {
        let c = cookie("abc", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("; Secure"), "{c}");
        assert!(!cookie("abc", false).contains("Secure"));
        assert!(clearing_cookie(false).contains("Max-Age=0"));
    }
}
