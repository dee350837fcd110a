//! A page render runs to its end, even when nobody waits for it any more.
//!
//! Leptos runs a page's resources, and the bookkeeping effect of each `<Suspense>`, as tasks
//! of their own on the runtime. Each task holds its own reactive owner, but that owner reaches
//! the request's contexts (`AppState`, the request's `Parts`, the router's context) only
//! through *weak* links up to the render's root owner, and the root lives in the response
//! future and its body stream. When that future is dropped midway (the client disconnected,
//! or the request's time limit answered 503), the root and every context went with it while
//! the tasks ran on: a server function resumed after an `.await` (`require_user().await?`,
//! then `state::db()`) found no `AppState`, and when the last resource settled, `<Suspense>`
//! walked its children again under the orphaned owner, where `<A>` panicked with "called
//! use_resolved_path outside a <Router>" and newly created resources lost their context too.
//!
//! So a page render runs in a task of its own that reads the whole body (pages are rendered
//! whole anyway, `SsrMode::Async`): the body only ends after every resource of the render has
//! settled, and there Leptos itself cleans the owner up. A client that leaves early costs the
//! rest of its render, as its resources already did; a render is abandoned only after
//! [`RENDER_LIMIT`], which no healthy render comes near (database waits are bounded at 10 s).
//! What must never happen here: holding the global pool or any context outside the render.

use std::time::Duration;

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use tracing::Instrument;

/// Longest a detached page render may run before it is dropped (and logged).
pub const RENDER_LIMIT: Duration = Duration::from_secs(120);

/// Page requests are rendered in a task of their own; everything else passes through.
pub async fn complete(req: Request, next: Next) -> Response {
    if !is_page_render(&req) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    let render = async move {
        let response = next.run(req).await;
        let (parts, body) = response.into_parts();
        axum::body::to_bytes(body, usize::MAX).await.map(|bytes| Response::from_parts(parts, Body::from(bytes)))
    };
    let task = tokio::spawn(tokio::time::timeout(RENDER_LIMIT, render).in_current_span());
    match task.await {
        Ok(Ok(Ok(response))) => response,
        Ok(Ok(Err(err))) => {
            tracing::error!(%path, error = %err, "page render failed");
            unavailable()
        }
        Ok(Err(_)) => {
            tracing::error!(%path, limit = ?RENDER_LIMIT, "page render abandoned");
            unavailable()
        }
        Err(err) => {
            tracing::error!(%path, error = %err, "page render panicked");
            unavailable()
        }
    }
}

/// GET or HEAD of a path that is not a file and not a server function.
fn is_page_render(req: &Request) -> bool {
    let path = req.uri().path();
    (req.method() == Method::GET || req.method() == Method::HEAD)
        && !path.starts_with("/api/")
        && !crate::static_files::looks_like_file(path)
}

fn unavailable() -> Response {
    let mut res = Response::new(Body::from("Service temporarily unavailable; please reload."));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

#[cfg(test)]
mod tests {
    //! A client that goes away while its page waits for data: the render finishes without a
    //! panic, a warning or an error, and later pages are unaffected.

    use std::time::Duration;

    use axum::http::{header, Request, StatusCode};
    use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};
    use tower::ServiceExt;

    use crate::account_tests::login;
    use crate::fuzz_tests::alarms::Alarms;
    use crate::http_layers::tests::{send, serially, test_app};

    /// Every connection of the pool, taken: whatever the page asks of the database waits.
    async fn hold_pool(db: &DatabaseConnection) -> Vec<DatabaseTransaction> {
        let mut held = Vec::new();
        while let Ok(Ok(tx)) = tokio::time::timeout(Duration::from_millis(300), db.begin()).await {
            held.push(tx);
        }
        held
    }

    #[test]
    fn a_page_left_midway_by_its_client_renders_on_with_its_context() {
        serially(a_page_left_midway_by_its_client_renders_on_with_its_context_body());
    }

    async fn a_page_left_midway_by_its_client_renders_on_with_its_context_body() {
        let (router, dir, db) = test_app().await;
        let producer = login(&router, "gom.battrang@cholang.test").await;
        let consumer = login(&router, "khach@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;
        let pages: [(&str, Option<&str>); 7] = [
            ("/?left=1", None),
            ("/products?stars=4&left=1", None),
            ("/dashboard", Some(&producer)),
            ("/dashboard/orders", Some(&producer)),
            ("/orders", Some(&consumer)),
            ("/cart", Some(&consumer)),
            ("/office", Some(&office)),
        ];
        let alarms = Alarms::start();
        for (path, cookie) in pages {
            let held = hold_pool(&db).await;
            assert!(!held.is_empty(), "the pool could be taken");
            let mut req = Request::builder().uri(path).header(header::HOST, "127.0.0.1:3000");
            if let Some(cookie) = cookie {
                req = req.header(header::COOKIE, cookie);
            }
            let answer = router.clone().oneshot(req.body(axum::body::Body::empty()).unwrap());
            // The client leaves while the page waits for the database: its answer is dropped.
            assert!(
                tokio::time::timeout(Duration::from_millis(400), answer).await.is_err(),
                "{path} answered although every connection was held"
            );
            drop(held);
            // The render goes on without its client; give its resources time to settle.
            tokio::time::sleep(Duration::from_millis(1500)).await;
            // The same page, waited for, is whole.
            let mut again = Request::builder().uri(path).header(header::HOST, "127.0.0.1:3000");
            if let Some(cookie) = cookie {
                again = again.header(header::COOKIE, cookie);
            }
            let (status, _, body) = send(&router, again.body(axum::body::Body::empty()).unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{path}: {}", &body[..body.len().min(300)]);
        }
        alarms.assert_quiet("pages left midway by their clients");
        let _ = std::fs::remove_dir_all(dir);
    }
}
