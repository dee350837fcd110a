//! A budget for mutations, per client address and per session.
//!
//! Policy:
//! - **Every request other than GET and HEAD counts**: the server functions under `/api/`,
//!   uploads, form posts. Reads are never limited here.
//! - **Two budgets, and both must allow the request**: one per client address (computed exactly
//!   as login throttling computes it, `app::backend::auth::client_ip_of`) and one per session
//!   (keyed by the session's stored id, the SHA-256 of its token, so no token is kept here). A
//!   request without a session cookie has only its address's budget. An address over its budget
//!   spends nothing of the session's.
//! - **Generous**: a burst of 60, then 10 a second (`MUTATION_BURST`, `MUTATION_PER_SECOND`;
//!   `MUTATION_PER_SECOND=0` turns the limit off). Someone clicking through the site never comes
//!   near it; a script hammering server functions does.
//! - **Over budget**: 429 with `Retry-After` (whole seconds until one more request would be
//!   allowed) and the `rate_limited` error as JSON, so the client shows its usual message.
//! - **In memory, per app server** (`governor`'s GCRA): behind a balancer over N app servers a
//!   client may get up to N budgets. Guessing passwords has its own database-wide limit
//!   (`app::backend::throttle`); this one bounds everything else.
//! - Memory stays bounded: every [`SWEEP_EVERY`] mutations, keys whose budget is full again are
//!   forgotten.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota};

use app::backend::{auth, sessions};
use app::error::AppError;

/// How many mutations pass between two sweeps of forgotten keys.
const SWEEP_EVERY: u64 = 1024;

/// A budget: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MutationLimit {
    pub burst: NonZeroU32,
    pub per_second: NonZeroU32,
}

impl MutationLimit {
    /// A burst of 60, then 10 a second.
    pub const DEFAULT: MutationLimit =
        MutationLimit { burst: NonZeroU32::new(60).unwrap(), per_second: NonZeroU32::new(10).unwrap() };

    /// From `MUTATION_BURST` and `MUTATION_PER_SECOND` (defaults: [`Self::DEFAULT`]); `None`
    /// (no limit) when `MUTATION_PER_SECOND` is 0.
    pub fn from_env() -> Result<Option<Self>, String> {
        let read = |name: &str, default: NonZeroU32| -> Result<u32, String> {
            match std::env::var(name) {
                Ok(v) => v.trim().parse().map_err(|_| format!("{name} must be a whole number, not {v:?}")),
                Err(_) => Ok(default.get()),
            }
        };
        let per_second = read("MUTATION_PER_SECOND", Self::DEFAULT.per_second)?;
        let burst = read("MUTATION_BURST", Self::DEFAULT.burst)?;
        let Some(per_second) = NonZeroU32::new(per_second) else { return Ok(None) };
        let burst = NonZeroU32::new(burst).ok_or("MUTATION_BURST must be at least 1")?;
        Ok(Some(Self { burst, per_second }))
    }

    fn quota(self) -> Quota {
        Quota::per_second(self.per_second).allow_burst(self.burst)
    }
}

/// The budgets of one app server; cloning shares them. Without a limit, everything passes.
#[derive(Clone)]
pub struct MutationBudget(Option<Arc<Budgets>>);

struct Budgets {
    by_address: DefaultKeyedRateLimiter<String>,
    by_session: DefaultKeyedRateLimiter<String>,
    seen: AtomicU64,
}

impl MutationBudget {
    pub fn new(limit: Option<MutationLimit>) -> Self {
        Self(limit.map(|limit| {
            Arc::new(Budgets {
                by_address: DefaultKeyedRateLimiter::keyed(limit.quota()),
                by_session: DefaultKeyedRateLimiter::keyed(limit.quota()),
                seen: AtomicU64::new(0),
            })
        }))
    }
}

impl Budgets {
    /// Spends one request of `address`'s budget and then of `session`'s; when either is spent,
    /// how long until one more request would pass.
    fn spend(&self, address: &str, session: Option<String>) -> Result<(), std::time::Duration> {
        if self.seen.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for limiter in [&self.by_address, &self.by_session] {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
        let wait = |limiter: &DefaultKeyedRateLimiter<String>, key: &String| {
            limiter.check_key(key).map_err(|not_until| not_until.wait_time_from(limiter.clock().now()))
        };
        wait(&self.by_address, &address.to_owned())?;
        if let Some(session) = session {
            wait(&self.by_session, &session)?;
        }
        Ok(())
    }
}

/// The middleware: mutations spend from their address's and session's budgets.
pub async fn enforce(State(budget): State<MutationBudget>, req: Request, next: Next) -> Response {
    let Some(budgets) = &budget.0 else { return next.run(req).await };
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let address = auth::client_ip_of(req.headers(), req.extensions());
    let session = auth::token_in(req.headers()).map(|token| sessions::session_id(&token));
    match budgets.spend(&address, session) {
        Ok(()) => next.run(req).await,
        Err(wait) => too_many(wait),
    }
}

fn too_many(wait: std::time::Duration) -> Response {
    let err = AppError::RateLimited;
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let body = serde_json::to_vec(&err).unwrap_or_default();
    let mut res = (err.status(), [(header::CONTENT_TYPE, "application/json")], body).into_response();
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, extract::ConnectInfo, http::StatusCode, middleware, routing::get, Router};
    use tower::ServiceExt;

    fn app(limit: MutationLimit) -> Router {
        Router::new()
            .route("/x", get(|| async { "read" }).post(|| async { "written" }))
            .layer(middleware::from_fn_with_state(MutationBudget::new(Some(limit)), enforce))
    }

    async fn call(
        router: &Router,
        method: &str,
        ip: [u8; 4],
        cookie: Option<&str>,
    ) -> (StatusCode, Option<String>) {
        let mut req = axum::http::Request::builder().method(method).uri("/x");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let mut req = req.body(Body::empty()).unwrap();
        req.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40000))));
        let res = router.clone().oneshot(req).await.unwrap();
        let retry = res.headers().get(header::RETRY_AFTER).map(|v| v.to_str().unwrap().to_owned());
        (res.status(), retry)
    }

    #[tokio::test]
    async fn a_burst_over_the_budget_gets_429_with_retry_after() {
        let limit =
            MutationLimit { burst: NonZeroU32::new(5).unwrap(), per_second: NonZeroU32::new(1).unwrap() };
        let router = app(limit);
        let me = [10, 0, 0, 1];
        for n in 0..5 {
            assert_eq!(
                call(&router, "POST", me, None).await.0,
                StatusCode::OK,
                "request {n} is within the burst"
            );
        }
        let (status, retry) = call(&router, "POST", me, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(retry.as_deref(), Some("1"), "one more is allowed within a second");
        assert_eq!(
            call(&router, "DELETE", me, None).await.0,
            StatusCode::TOO_MANY_REQUESTS,
            "every method but GET and HEAD counts"
        );

        for _ in 0..50 {
            assert_eq!(call(&router, "GET", me, None).await.0, StatusCode::OK, "reads are never limited");
        }
        assert_eq!(
            call(&router, "POST", [10, 0, 0, 2], None).await.0,
            StatusCode::OK,
            "another address has its own budget"
        );
    }

    #[tokio::test]
    async fn a_session_has_one_budget_across_addresses() {
        let limit =
            MutationLimit { burst: NonZeroU32::new(3).unwrap(), per_second: NonZeroU32::new(1).unwrap() };
        let router = app(limit);
        let session = Some("cholang_session=abc123");
        for n in 1..=3u8 {
            assert_eq!(call(&router, "POST", [10, 1, 0, n], session).await.0, StatusCode::OK);
        }
        assert_eq!(
            call(&router, "POST", [10, 1, 0, 4], session).await.0,
            StatusCode::TOO_MANY_REQUESTS,
            "the session's budget is spent"
        );
        assert_eq!(
            call(&router, "POST", [10, 1, 0, 4], Some("cholang_session=other")).await.0,
            StatusCode::OK,
            "another session, same address"
        );
        assert_eq!(
            call(&router, "POST", [10, 1, 0, 4], None).await.0,
            StatusCode::OK,
            "no session: only the address counts"
        );
    }

    #[tokio::test]
    async fn without_a_limit_everything_passes() {
        let router = Router::new()
            .route("/x", get(|| async { "read" }).post(|| async { "written" }))
            .layer(middleware::from_fn_with_state(MutationBudget::new(None), enforce));
        for _ in 0..200 {
            assert_eq!(call(&router, "POST", [10, 0, 0, 9], None).await.0, StatusCode::OK);
        }
    }

    #[test]
    fn the_default_is_generous() {
        assert_eq!(MutationLimit::DEFAULT.burst.get(), 60);
        assert_eq!(MutationLimit::DEFAULT.per_second.get(), 10);
    }
}
