//! Photo uploads and the files behind `/uploads/…`.
//!
//! Uploads are plain multipart form posts (one file in the field `photo`), so they work from
//! an HTML form before the wasm loads; the editor's script sends the same form with a
//! progress bar. A form post is answered with a redirect back to the editor (an error rides
//! along as `?upload_error=…`); a script asking for JSON gets JSON and the error's status.
//! The caller is checked exactly as for server functions: signed in, a producer member, and
//! the product their own.

use axum::{
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use tower_http::limit::RequestBodyLimitLayer;

use app::backend::{auth, storefront, uploads, AppState};
use app::error::{AppError, Problem};

/// The upload routes, with a body limit fit for one photo (the rest of the site keeps its
/// small limit).
pub fn routes() -> Router<AppState> {
    let limit = uploads::MAX_UPLOAD_BYTES + 64 * 1024;
    Router::new()
        .route("/dashboard/products/{id}/photos", post(upload_product_photo))
        .route("/dashboard/brand/{which}", post(upload_brand_image))
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestBodyLimitLayer::new(limit))
        .route("/uploads/{*key}", get(serve_upload))
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"))
}

fn problem_code(err: &AppError) -> &'static str {
    match err.field_problem("photo") {
        Some(Problem::FileSize) => "size",
        Some(Problem::UnsupportedFile) => "type",
        Some(Problem::OutOfRange) => "count",
        _ => "failed",
    }
}

/// The answer to an upload: JSON for scripts, a redirect to `back` for forms.
fn answer(headers: &HeaderMap, back: &str, result: Result<serde_json::Value, AppError>) -> Response {
    match (wants_json(headers), result) {
        (true, Ok(body)) => (StatusCode::CREATED, axum::Json(body)).into_response(),
        (true, Err(err)) => (err.status(), axum::Json(err)).into_response(),
        (false, Ok(_)) => Redirect::to(back).into_response(),
        (false, Err(err)) => Redirect::to(&format!("{back}?upload_error={}", problem_code(&err))).into_response(),
    }
}

/// The one file of the form, at most the upload limit.
async fn read_photo(mut form: Multipart) -> Result<Vec<u8>, AppError> {
    while let Some(field) = form.next_field().await.map_err(|_| AppError::invalid("photo", Problem::FileSize))? {
        if field.name() == Some("photo") {
            let bytes = field.bytes().await.map_err(|_| AppError::invalid("photo", Problem::FileSize))?;
            return Ok(bytes.to_vec());
        }
    }
    Err(AppError::invalid("photo", Problem::Required))
}

async fn renditions(bytes: Vec<u8>) -> Result<uploads::Renditions, AppError> {
    tokio::task::spawn_blocking(move || uploads::process_photo(&bytes))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|p| AppError::invalid("photo", p))
}

async fn producer_of(state: &AppState, headers: &HeaderMap) -> Result<i32, AppError> {
    let user = auth::user_for(&state.db, headers).await?.ok_or(AppError::Unauthorized)?;
    auth::producer_of(&user)
}

async fn upload_product_photo(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/dashboard/products/{id}");
    let result = async {
        let producer_id = producer_of(&state, &headers).await?;
        // Checked before the file is read and processed, so nothing is stored for a product
        // that is not the caller's.
        storefront::own_product(&state.db, producer_id, id).await?;
        let photo = renditions(read_photo(form).await?).await?;
        let (url, thumb_url) = state.uploads.put_photo("products", photo).await?;
        match storefront::add_photo(&state.db, producer_id, id, url.clone(), thumb_url.clone()).await {
            Ok(photo_id) => Ok(serde_json::json!({ "id": photo_id, "url": url, "thumb_url": thumb_url })),
            Err(err) => {
                state.uploads.delete_urls(&[&url, &thumb_url]).await;
                Err(err)
            }
        }
    }
    .await;
    answer(&headers, &back, result)
}

async fn upload_brand_image(
    State(state): State<AppState>,
    Path(which): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = "/dashboard";
    let result = async {
        let banner = match which.as_str() {
            "logo" => false,
            "banner" => true,
            _ => return Err(AppError::NotFound),
        };
        let producer_id = producer_of(&state, &headers).await?;
        let photo = renditions(read_photo(form).await?).await?;
        let (url, thumb_url) = state.uploads.put_photo("brands", photo).await?;
        // The logo is shown small: keep its thumbnail; the banner at display size.
        let (keep, drop) = if banner { (url, thumb_url) } else { (thumb_url, url) };
        state.uploads.delete_urls(&[&drop]).await;
        let replaced = storefront::set_brand_image(&state.db, producer_id, banner, keep.clone()).await?;
        if let Some(old) = replaced {
            state.uploads.delete_urls(&[&old]).await;
        }
        Ok(serde_json::json!({ "url": keep }))
    }
    .await;
    answer(&headers, back, result)
}

async fn serve_upload(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let Some(bytes) = state.uploads.get(&key).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let pdf = key.ends_with(".pdf");
    let mut res = bytes.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(if pdf { "application/pdf" } else { "image/jpeg" }));
    // Names are random and never reused, so a file can be cached for good.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if pdf {
        headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment"));
    }
    res
}
