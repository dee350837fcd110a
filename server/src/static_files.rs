//! Static files from the site root (the wasm bundle, CSS, images), served with their
//! precompressed `.br`/`.gz` siblings when present, and the 404 page for anything else.

use std::path::Path;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use app::{backend::AppState, shell};
use leptos::prelude::provide_context;

/// Serves a file from the site root; any other path renders the app, whose router answers
/// with the 404 page (and status).
pub async fn file_or_page(State(state): State<AppState>, req: Request) -> Response {
    let options = state.leptos_options.clone();
    if looks_like_file(req.uri().path()) && (req.method() == Method::GET || req.method() == Method::HEAD) {
        let serve_dir = ServeDir::new(options.site_root.as_ref()).precompressed_br().precompressed_gzip();
        let (parts, body) = req.into_parts();
        let probe = Request::from_parts(parts.clone(), Body::empty());
        let res = serve_dir.oneshot(probe).await.unwrap_or_else(|never| match never {});
        if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
            let mut res = res.map(Body::new);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
            return res;
        }
        return render_page(state, Request::from_parts(parts, body)).await;
    }
    render_page(state, req).await
}

/// Paths whose last segment has a dot are files (`/pkg/cholang.wasm`); pages have none.
pub fn looks_like_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

async fn render_page(state: AppState, req: Request) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    render(req).await.into_response()
}

const COMPRESSIBLE: &[&str] = &["js", "wasm", "css", "svg", "html", "json", "txt", "ico", "webmanifest"];

/// Writes `file.br` (quality 11) and `file.gz` beside every compressible file under `dir`.
pub fn precompress_dir(dir: &Path) -> Result<usize, String> {
    let mut count = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            count += precompress_dir(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let br_path = path.with_extension(format!("{ext}.br"));
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if let (Some(source), Some(done)) = (modified(&path), modified(&br_path)) {
            if done >= source && path.with_extension(format!("{ext}.gz")).exists() {
                count += 1;
                continue;
            }
        }
        let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut br = Vec::new();
        {
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params).map_err(|e| e.to_string())?;
        }
        std::fs::write(&br_path, br).map_err(|e| e.to_string())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &data).map_err(|e| e.to_string())?;
        std::fs::write(path.with_extension(format!("{ext}.gz")), gz.finish().map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        count += 1;
    }
    Ok(count)
}
