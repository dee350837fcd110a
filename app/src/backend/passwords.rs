//! Password hashing: argon2id with the `argon2` crate's defaults, stored as a PHC string.
//!
//! Policy: each hash or verification holds ~19 MiB (argon2's default memory cost) and a CPU
//! for tens of milliseconds, so they run on the blocking pool, never on the async workers, and
//! at most [`concurrent_checks`] at once in this process (the number of CPUs, at least 2):
//! 50 unbounded concurrent logins took the server from 88 MB to 1 GB. A caller waits for a
//! turn at most [`WAIT_FOR_TURN`], then gets [`AppError::Busy`] (503) and nothing was checked.
//! A turn is held until the work is done, even if the caller stops waiting for it.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use tokio::sync::Semaphore;

use crate::error::AppError;

/// How long a caller waits for a turn before being told the server is busy.
pub const WAIT_FOR_TURN: Duration = Duration::from_secs(20);

/// Process-wide: a bound on this process's memory and CPUs, not application state.
static TURNS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(concurrent_checks())));

/// How many hashes or verifications run at once.
pub fn concurrent_checks() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()).max(2)
}

/// Runs `work` on the blocking pool when a turn is free.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let turn = match tokio::time::timeout(WAIT_FOR_TURN, TURNS.clone().acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        Ok(Err(_closed)) => return Err(AppError::Internal),
        Err(_elapsed) => {
            tracing::warn!("password check refused: no turn within {WAIT_FOR_TURN:?}");
            return Err(AppError::Busy);
        }
    };
    tokio::task::spawn_blocking(move || {
        // Moved in, so the turn ends with the work, not with a caller that went away.
        let _turn = turn;
        work()
    })
    .await
    .map_err(|_| AppError::Internal)
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    in_turn(move || hash_password_blocking(&password)).await?
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
    in_turn(move || {
        PasswordHash::new(&stored_hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_the_bound_run_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let calls = (0..12).map(|_| {
            in_turn(|| {
                let now = RUNNING.fetch_add(1, SeqCst) + 1;
                MOST.fetch_max(now, SeqCst);
                std::thread::sleep(Duration::from_millis(30));
                RUNNING.fetch_sub(1, SeqCst);
            })
        });
        for done in futures_join_all(calls).await {
            done.unwrap();
        }
        let most = MOST.load(SeqCst);
        assert!(most >= 1 && most <= concurrent_checks(), "{most} at once, bound {}", concurrent_checks());
    }

    /// Polls every future to completion, all at once (no `futures` crate in `app`).
    async fn futures_join_all<F: std::future::Future + Send + 'static>(fs: impl Iterator<Item = F>) -> Vec<F::Output>
    where
        F::Output: Send + 'static,
    {
        let handles: Vec<_> = fs.map(tokio::spawn).collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap());
        }
        out
    }
}
