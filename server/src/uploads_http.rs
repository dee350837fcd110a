//! Photo uploads and the files behind `/uploads/…`.
//!
//! Uploads are plain multipart form posts (one file in the field `photo`), so they work from
//! an HTML form before the wasm loads; the editor's script sends the same form with a
//! progress bar. A form post is answered with a redirect back to the editor (an error rides
//! along as `?upload_error=…`); a script asking for JSON gets JSON and the error's status.
//! The caller is checked exactly as for server functions: signed in, a producer member, and
//! the product their own.
//!
//! Work is bounded (see `app::backend::uploads`): one upload at a time per account (a second
//! concurrent one gets 429 before its body is read), images over the size limits refused from
//! their header (422 `image_too_large`), and decoding on the blocking pool a few at a time.

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
        .route("/dashboard/products/{id}/certificates", post(submit_certificate))
        .route("/organizer/fairs/{id}/cover", post(upload_fair_cover))
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
        Some(Problem::ImageTooLarge) => "dimensions",
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

/// A multipart form's text fields and the bytes of its file field `file_field`.
async fn read_form(mut form: Multipart, file_field: &str) -> Result<(Vec<(String, String)>, Option<Vec<u8>>), AppError> {
    let too_big = || AppError::invalid(file_field, Problem::FileSize);
    let mut texts = Vec::new();
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(|_| too_big())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            file = Some(field.bytes().await.map_err(|_| too_big())?.to_vec());
        } else if texts.len() < 16 {
            let text = field.text().await.map_err(|_| AppError::BadRequest)?;
            texts.push((name, text.chars().take(2_000).collect()));
        }
    }
    Ok((texts, file))
}

/// The one file of the form, at most the upload limit.
async fn read_photo(form: Multipart) -> Result<Vec<u8>, AppError> {
    read_form(form, "photo").await?.1.ok_or_else(|| AppError::invalid("photo", Problem::Required))
}

async fn renditions(bytes: Vec<u8>) -> Result<uploads::Renditions, AppError> {
    uploads::photo("photo", bytes).await
}

/// The caller's producer, with the caller's one upload slot (held until the answer).
async fn producer_of(state: &AppState, headers: &HeaderMap) -> Result<(i32, uploads::UploadSlot), AppError> {
    let user = auth::user_for(&state.db, headers).await?.ok_or(AppError::Unauthorized)?;
    let producer_id = auth::producer_of(&user)?;
    Ok((producer_id, uploads::one_upload_at_a_time(user.id)?))
}

async fn upload_product_photo(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/dashboard/products/{id}");
    let result = async {
        let (producer_id, _slot) = producer_of(&state, &headers).await?;
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

async fn upload_fair_cover(State(state): State<AppState>, Path(id): Path<i32>, headers: HeaderMap, form: Multipart) -> Response {
    let back = format!("/organizer/fairs/{id}");
    let result = async {
        let user = auth::user_for(&state.db, &headers).await?.ok_or(AppError::Unauthorized)?;
        if !user.has(app::domain::Role::Organizer) {
            return Err(AppError::Forbidden);
        }
        let _slot = uploads::one_upload_at_a_time(user.id)?;
        // Checked before the file is read, so nothing is stored for another's fair.
        app::backend::fairs::check_owner(&state.db, user.id, id).await?;
        let photo = renditions(read_photo(form).await?).await?;
        let (url, thumb_url) = state.uploads.put_photo("fairs", photo).await?;
        state.uploads.delete_urls(&[&thumb_url]).await;
        match app::backend::fairs::set_cover(&state.db, user.id, id, url.clone()).await {
            Ok(old) => {
                if let Some(old) = old {
                    state.uploads.delete_urls(&[&old]).await;
                }
                Ok(serde_json::json!({ "url": url }))
            }
            Err(err) => {
                state.uploads.delete_urls(&[&url]).await;
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
        let (producer_id, _slot) = producer_of(&state, &headers).await?;
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

/// A certificate for one of the caller's products, with its scan (an image or a PDF).
async fn submit_certificate(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let back = format!("/dashboard/products/{id}");
    let result = async {
        let (producer_id, _slot) = producer_of(&state, &headers).await?;
        storefront::own_product(&state.db, producer_id, id).await?;
        let (texts, scan) = read_form(form, "scan").await?;
        let text = |k: &str| texts.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let cert = app::domain::storefront::CertificateForm {
            stars: text("stars"),
            level: text("level"),
            decision_number: text("decision_number"),
            decision_date: text("decision_date"),
        }
        .validate(app::domain::time::today_in_vietnam())?;
        let scan = scan.filter(|b| !b.is_empty()).ok_or_else(|| AppError::invalid("scan", Problem::Required))?;
        let scan = uploads::scan("scan", scan).await?;
        let scan_url = match scan {
            uploads::Scan::Pdf(pdf) => state.uploads.put_pdf("certificates", pdf).await?,
            uploads::Scan::Image(photo) => {
                let (url, thumb) = state.uploads.put_photo("certificates", photo).await?;
                state.uploads.delete_urls(&[&thumb]).await;
                url
            }
        };
        let cert_id = storefront::submit_certificate(&state.db, producer_id, id, cert, Some(scan_url.clone())).await?;
        Ok(serde_json::json!({ "id": cert_id, "scan_url": scan_url }))
    }
    .await;
    match (wants_json(&headers), result) {
        (false, Err(AppError::Validation { fields })) => {
            let first = fields.first().map(|f| format!("{}.{}", f.field, serde_json::to_value(f.problem).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()));
            Redirect::to(&format!("{back}?certificate_error={}", first.unwrap_or_default())).into_response()
        }
        (false, Ok(_)) => Redirect::to(&format!("{back}?certificate=1")).into_response(),
        (_, result) => answer(&headers, &back, result),
    }
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
