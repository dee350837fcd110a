//! Static files from the site root (the wasm bundle, CSS, images), served with their
//! precompressed `.br`/`.gz` siblings when present, and the 404 page for anything else.

use std::{collections::HashSet, path::Path, sync::OnceLock};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use app::{backend::AppState, shell};
use leptos::{config::LeptosOptions, prelude::provide_context};

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
            let lifetime = if is_hashed_asset(&options, parts.uri.path()) {
                // The name changes whenever the content does: keep it for a year, never revalidate.
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=3600"
            };
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(lifetime));
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

/// Whether `path` is one of the build's hashed files (`/pkg/cholang.<hash>.wasm`), named in
/// the `hash.txt` cargo-leptos writes beside the server binary (where Leptos reads it too).
fn is_hashed_asset(options: &LeptosOptions, path: &str) -> bool {
    static HASHED: OnceLock<HashSet<String>> = OnceLock::new();
    HASHED
        .get_or_init(|| {
            if !options.hash_files {
                return HashSet::new();
            }
            let hash_file = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
            let text = hash_file.and_then(|file| std::fs::read_to_string(file).ok()).unwrap_or_default();
            hashed_paths(&text, &options.output_name, &options.site_pkg_dir)
        })
        .contains(path)
}

/// The URL paths named by a `hash.txt` (`js: <hash>` lines → `/pkg/<name>.<hash>.js`).
fn hashed_paths(hash_txt: &str, output_name: &str, pkg_dir: &str) -> HashSet<String> {
    hash_txt
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(ext, hash)| format!("/{pkg_dir}/{output_name}.{}.{}", hash.trim(), ext.trim()))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_file_names_the_hashed_urls_and_nothing_else() {
        let paths = hashed_paths("js: AbC_1-2\nwasm: XyZ9\ncss: Q0\n\n", "cholang", "pkg");
        let mut sorted: Vec<_> = paths.into_iter().collect();
        sorted.sort();
        assert_eq!(sorted, ["/pkg/cholang.AbC_1-2.js", "/pkg/cholang.Q0.css", "/pkg/cholang.XyZ9.wasm"]);
        assert!(hashed_paths("", "cholang", "pkg").is_empty());
    }
}
