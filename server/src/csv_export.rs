//! `/office/export/{file}.csv`: the office's CSV exports, streamed a page at a time (see
//! `app::backend::export`). Office role only: anyone else gets 401 or 403 and no bytes of
//! data. A page failing mid-stream ends the body early (logged); the rows sent are whole.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use futures::{stream, StreamExt};

use app::backend::export::{self, Export};
use app::backend::{auth, AppState};
use app::domain::Role;
use app::error::AppError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/office/export/{file}", get(download))
}

async fn download(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let user = match auth::user_for(&state.db, &headers).await {
        Ok(Some(user)) => user,
        Ok(None) => return (AppError::Unauthorized.status(), "sign in as the programme office").into_response(),
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    if !user.has(Role::ProgrammeOffice) {
        return (AppError::Forbidden.status(), "the programme office only").into_response();
    }
    let Some(what) = Export::parse(&file) else {
        return (AppError::NotFound.status(), "no such export").into_response();
    };
    let db = state.db.clone();
    // State: the key to read after, or None once the last page was sent.
    let first = format!("{}{}", export::BOM, export::header(what));
    let pages = stream::unfold(Some(0i64), move |after| {
        let db = db.clone();
        async move {
            let after = after?;
            match export::page(&db, what, after).await {
                Ok((chunk, next)) => Some((Ok::<_, std::io::Error>(chunk), next)),
                Err(err) => {
                    tracing::error!(error = %err, export = what.file_name(), "export page failed");
                    None
                }
            }
        }
    });
    // Fused: the compression layer may poll again after the end, which a bare `unfold` forbids.
    let body = Body::from_stream(stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(pages).fuse());
    let mut res = Response::new(body);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"cholang-{}\"", what.file_name())) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
