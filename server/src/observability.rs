//! What an operator sees of each request, and how long any request may take.
//!
//! - **Request ids**: every request gets an `x-request-id` (a random UUID, or the one a proxy in
//!   front sent when it is a short token), carried by the request's log span, so every log line
//!   a request causes names it, and returned in the answer, so a user's report or a proxy's log
//!   finds the server's lines.
//! - **Logs**: one span per request (id, method, path); answers at `debug`, server errors (5xx)
//!   at `error` with their latency. `RUST_LOG=tower_http=debug` shows every request.
//! - **Time limits**: a request that has not been answered within [`REQUEST_TIMEOUT`] (uploads:
//!   [`UPLOAD_TIMEOUT`], as a phone may send 8 MB slowly) gets 503 and its work is dropped, so
//!   no request holds a connection, a database connection or memory without bound.

use std::time::Duration;

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};
use tower_http::{
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    timeout::TimeoutLayer,
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{DefaultOnBodyChunk, DefaultOnEos, DefaultOnFailure, DefaultOnResponse, TraceLayer},
};
use tracing::Level;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Longest time to answer a request (pages, server functions, files, exports' first bytes).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest time to receive and store an upload.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(120);
/// Longest request id taken from a proxy in front; a longer or odder one is replaced.
const MAX_FORWARDED_ID: usize = 64;

/// A new random id for a request that has none.
#[derive(Clone, Copy, Default)]
pub struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Whether a request id sent by the client or a proxy is fit to be logged and returned.
fn acceptable_forwarded_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_FORWARDED_ID
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Drops a request id that is not a short token (or is sent twice), so a new one is made:
/// nobody writes arbitrary text into the logs through it.
pub async fn drop_unfit_request_id(mut req: Request, next: Next) -> Response {
    let mut ids = req.headers().get_all(&REQUEST_ID).iter();
    let fit = match (ids.next(), ids.next()) {
        (Some(id), None) => acceptable_forwarded_id(id),
        _ => false,
    };
    if !fit {
        req.headers_mut().remove(&REQUEST_ID);
    }
    next.run(req).await
}

/// Sets the id (when missing) before the span is made, and copies it into the answer.
pub fn set_request_id() -> SetRequestIdLayer<RandomRequestId> {
    SetRequestIdLayer::new(REQUEST_ID, RandomRequestId)
}

pub fn propagate_request_id() -> PropagateRequestIdLayer {
    PropagateRequestIdLayer::new(REQUEST_ID)
}

/// One span per request, named by its id.
pub type RequestTrace = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    fn(&axum::http::Request<axum::body::Body>) -> tracing::Span,
    (),
    DefaultOnResponse,
    DefaultOnBodyChunk,
    DefaultOnEos,
    DefaultOnFailure,
>;

pub fn trace() -> RequestTrace {
    TraceLayer::new_for_http()
        .make_span_with(request_span as fn(&axum::http::Request<axum::body::Body>) -> tracing::Span)
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
        .on_failure(DefaultOnFailure::new().level(Level::ERROR))
}

fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
}

/// 503 for a request not answered within `limit`.
pub fn time_limit(limit: Duration) -> TimeoutLayer {
    TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, routing::get, Router};
    use tower::ServiceExt;

    fn app(limit: Duration) -> Router {
        Router::new()
            .route("/fast", get(|| async { "ok" }))
            .route("/slow", get(|| async { tokio::time::sleep(Duration::from_secs(5)).await; "late" }))
            .layer(time_limit(limit))
            .layer(propagate_request_id())
            .layer(trace())
            .layer(set_request_id())
            .layer(axum::middleware::from_fn(drop_unfit_request_id))
    }

    async fn id_of(router: &Router, sent: &[&str]) -> String {
        let mut req = axum::http::Request::builder().uri("/fast");
        for id in sent {
            req = req.header(&REQUEST_ID, *id);
        }
        let res = router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        res.headers().get(&REQUEST_ID).expect("every answer names its request").to_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn every_answer_carries_a_request_id_and_odd_ones_are_replaced() {
        let router = app(Duration::from_secs(5));
        let (a, b) = (id_of(&router, &[]).await, id_of(&router, &[]).await);
        assert_eq!(a.len(), 32);
        assert_ne!(a, b, "a new id per request");
        assert_eq!(id_of(&router, &["proxy-42.a"]).await, "proxy-42.a", "a proxy's id is kept");
        for odd in ["<script>", "two words", &"x".repeat(65)] {
            assert_ne!(id_of(&router, &[odd]).await, odd, "{odd:?} is replaced");
        }
        assert_eq!(id_of(&router, &["one", "two"]).await.len(), 32, "a repeated id is replaced");
    }

    #[tokio::test]
    async fn a_request_past_its_time_limit_gets_503() {
        let router = app(Duration::from_millis(100));
        let slow = axum::http::Request::builder().uri("/slow").body(Body::empty()).unwrap();
        let started = std::time::Instant::now();
        let res = router.clone().oneshot(slow).await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(started.elapsed() < Duration::from_secs(2));
        let fast = axum::http::Request::builder().uri("/fast").body(Body::empty()).unwrap();
        assert_eq!(router.oneshot(fast).await.unwrap().status(), StatusCode::OK);
    }
}
