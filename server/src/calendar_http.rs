//! The fairs' calendar feeds: `/fairs.ics` (every visible fair, or `?district=slug`) and
//! `/fairs/{slug}/calendar.ics` (one fair, as a download). The iCalendar text comes from
//! `app::backend::calendar`; links in it are absolute, on the same origin as the sitemap.

use std::collections::HashMap;

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

use app::backend::{calendar, fairs, AppState};
use app::error::AppError;

pub fn routes(public_url: Option<String>) -> Router<AppState> {
    let for_one = public_url.clone();
    Router::new()
        .route(
            "/fairs.ics",
            get(move |state: State<AppState>, query: Query<HashMap<String, String>>, headers: HeaderMap| {
                feed(state, query, headers, public_url.clone())
            }),
        )
        .route(
            "/fairs/{slug}/calendar.ics",
            get(move |state: State<AppState>, slug: Path<String>, headers: HeaderMap| one(state, slug, headers, for_one.clone())),
        )
}

fn ics(body: String, download: Option<&str>) -> Response {
    let mut res = ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")], body).into_response();
    if let Some(name) = download {
        if let Ok(v) = header::HeaderValue::from_str(&format!("attachment; filename=\"{name}.ics\"")) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

fn error(err: AppError) -> Response {
    (err.status(), err.to_string()).into_response()
}

async fn feed(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>, headers: HeaderMap, public_url: Option<String>) -> Response {
    let Some(origin) = crate::sitemap::origin(public_url.as_deref(), &headers) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match fairs::calendar_fairs(&state.db, None, query.get("district").map(String::as_str)).await {
        Ok(list) => ics(calendar::calendar("Chợ Làng · Hội chợ", &list, &origin), None),
        Err(err) => error(err),
    }
}

async fn one(State(state): State<AppState>, Path(slug): Path<String>, headers: HeaderMap, public_url: Option<String>) -> Response {
    let Some(origin) = crate::sitemap::origin(public_url.as_deref(), &headers) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if app::domain::Slug::parse(&slug).is_err() {
        return error(AppError::NotFound);
    }
    match fairs::calendar_fairs(&state.db, Some(&slug), None).await {
        Ok(list) if list.is_empty() => error(AppError::NotFound),
        Ok(list) => ics(calendar::calendar(&list[0].name, &list, &origin), Some(&slug)),
        Err(err) => error(err),
    }
}
