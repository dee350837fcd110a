//! Password hashing: argon2id with the `argon2` crate's defaults, stored as a PHC string.
//! Hashing is CPU-heavy, so it runs on the blocking pool, never on the async workers.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

use crate::error::AppError;

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|_| AppError::Internal)?
}

pub fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| {
            tracing::error!(error = %err, "password hashing failed");
            AppError::Internal
        })
}

/// `false` for a wrong password and for a malformed stored hash alike.
pub async fn verify_password(password: String, stored_hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|_| AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hash = hash_password("cholang-demo".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("cholang-demo".into(), hash.clone()).await.unwrap());
        assert!(!verify_password("wrong".into(), hash.clone()).await.unwrap());
        assert!(!verify_password("x".into(), "not-a-hash".into()).await.unwrap());
        let again = hash_password("cholang-demo".into()).await.unwrap();
        assert_ne!(hash, again, "each hash has its own salt");
    }
}
